#pragma once
// Fast gzip for .nii.gz and .seg.nrrd through libdeflate (2-3x zlib's speed either way).
//
// Writing: the data is cut into independent gzip members (RFC 1952 allows any number,
// one after another; gzip, zlib, nibabel and every other reader decompress them as one
// stream), compressed in parallel with TBB and written in order.
//
// Reading: libdeflate has no streaming, so each member is inflated whole, straight into
// the caller's buffer when it falls inside it; the CRC and length of every member are
// checked. Files written by writeGzipMembers keep the header in a member of its own and
// give every member's length in a gzip extra field ("MR"), so their members are found
// without inflating and inflate in parallel straight into the Volume.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace marrow {

// Writes the parts, in order, as one gzip file of independent members (a part shorter than
// the chunk size is one member; longer ones are cut), after plainPrefix written as it is
// (a NRRD header, whose data follow it gzipped). Throws Error("", problem).
void writeGzipMembers(const std::string& path, const std::vector<std::span<const std::byte>>& parts, int level,
                      std::span<const std::byte> plainPrefix = {});

enum class GzipInflate {
    Done,         // dst holds its bytes
    Corrupt,      // bad data, a bad CRC/length, or the stream ends before dst is full
    Unsupported,  // a member too large to inflate whole here: use a streaming reader instead
};

// Inflates the gzip file at path, drops its first `skip` output bytes and puts the next
// dst.size() bytes into dst. Output after that (further volumes) is not inflated.
GzipInflate inflateGzipRange(const std::string& path, uint64_t skip, std::span<std::byte> dst);
// The same for gzip data already in memory (the bytes after a NRRD header).
GzipInflate inflateGzipBytes(std::span<const unsigned char> in, uint64_t skip, std::span<std::byte> dst);

}  // namespace marrow
