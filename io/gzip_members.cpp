#include "io/gzip_members.h"

#include <libdeflate.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "io/error.h"
#include "io/platform_memory.h"

namespace marrow {
namespace {

// 4 MiB per member: enough pieces to keep every core busy on a CT volume, and large
// enough that the 18-byte member framing and the reset 32 KiB window cost nothing.
constexpr size_t kChunk = size_t(4) << 20;

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct CompressorFree {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct ScratchFree {
    size_t bytes = 0;
    void operator()(std::byte* p) const noexcept { releaseLargeBuffer(p, bytes); }
};
struct DecompressorFree {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// The whole compressed file in memory: mapped where the platform allows it (no copy out
// of the page cache), else read.
class WholeFile {
public:
    explicit WholeFile(const std::string& path) {
        std::error_code ec;
        size_ = size_t(std::filesystem::file_size(path, ec));
        if (ec) throw Error("", "cannot read file size: " + ec.message());
#ifndef _WIN32
        const int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0) throw Error("", "cannot open for reading");
        void* m = size_ ? ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : MAP_FAILED;
        ::close(fd);
        if (m != MAP_FAILED) {
            mapped_ = static_cast<const unsigned char*>(m);
            return;
        }
#endif
        FilePtr f(std::fopen(path.c_str(), "rb"));
        if (!f) throw Error("", "cannot open for reading");
        copy_.resize(size_);
        if (std::fread(copy_.data(), 1, size_, f.get()) != size_) throw Error("", "read failed");
    }
    ~WholeFile() {
#ifndef _WIN32
        if (mapped_) ::munmap(const_cast<unsigned char*>(mapped_), size_);
#endif
    }
    WholeFile(const WholeFile&) = delete;
    WholeFile& operator=(const WholeFile&) = delete;
    const unsigned char* data() const { return mapped_ ? mapped_ : copy_.data(); }
    size_t size() const { return size_; }

private:
    size_t size_ = 0;
    const unsigned char* mapped_ = nullptr;
    std::vector<unsigned char> copy_;
};

// Each member we write carries its own length in a gzip extra subfield "MR" (RFC 1952
// FEXTRA, which every reader skips), so a reader can find all members without inflating
// them and inflate them in parallel: 20-byte header, raw deflate, CRC-32, input size.
constexpr unsigned char kMemberHeader[16] = {0x1f, 0x8b, 8, 4 /*FEXTRA*/, 0, 0, 0, 0, 0, 255 /*OS unknown*/,
                                             8, 0 /*XLEN*/, 'M', 'R', 4, 0 /*subfield length*/};
constexpr size_t kMemberHeaderBytes = sizeof kMemberHeader + 4, kMemberTrailerBytes = 8;

void putLE32(unsigned char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
uint32_t getLE32(const unsigned char* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

// One gzip member for piece (empty when compression failed).
void compressMember(libdeflate_compressor* c, std::span<const std::byte> piece, std::vector<unsigned char>& out) {
    out.resize(kMemberHeaderBytes + libdeflate_deflate_compress_bound(c, piece.size()) + kMemberTrailerBytes);
    const size_t body = libdeflate_deflate_compress(c, piece.data(), piece.size(), out.data() + kMemberHeaderBytes,
                                                    out.size() - kMemberHeaderBytes - kMemberTrailerBytes);
    if (body == 0) return out.clear();
    out.resize(kMemberHeaderBytes + body + kMemberTrailerBytes);
    std::memcpy(out.data(), kMemberHeader, sizeof kMemberHeader);
    putLE32(out.data() + sizeof kMemberHeader, uint32_t(out.size()));
    putLE32(out.data() + out.size() - 8, libdeflate_crc32(0, piece.data(), piece.size()));
    putLE32(out.data() + out.size() - 4, uint32_t(piece.size()));
}

struct MemberIndex {
    size_t in = 0, inBytes = 0;  // where the member lies in the file
    uint64_t out = 0;            // its first output byte
    uint32_t outBytes = 0;
};

// The members of a file whose every member carries the "MR" length (ours), in order; empty
// when any does not (another writer's file: inflated one member after the other instead).
std::vector<MemberIndex> indexMembers(const unsigned char* in, size_t size) {
    std::vector<MemberIndex> members;
    uint64_t out = 0;
    for (size_t at = 0; at < size;) {
        if (size - at < kMemberHeaderBytes + kMemberTrailerBytes || std::memcmp(in + at, kMemberHeader, 4) != 0 ||
            std::memcmp(in + at + 10, kMemberHeader + 10, 6) != 0)
            return {};
        const size_t bytes = getLE32(in + at + sizeof kMemberHeader);
        if (bytes < kMemberHeaderBytes + kMemberTrailerBytes || bytes > size - at) return {};
        members.push_back({at, bytes, out, getLE32(in + at + bytes - 4)});
        out += members.back().outBytes;
        at += bytes;
    }
    return members;
}

// Inflates the members that overlap [skip, skip + dst.size()) in parallel, each straight into
// dst where it lies inside it; checks each one's CRC and length.
GzipInflate inflateIndexed(const unsigned char* in, const std::vector<MemberIndex>& members, uint64_t skip,
                           std::span<std::byte> dst) {
    const uint64_t end = skip + dst.size();
    if (members.empty() || members.back().out + members.back().outBytes < end) return GzipInflate::Corrupt;
    tbb::enumerable_thread_specific<std::unique_ptr<libdeflate_decompressor, DecompressorFree>> decompressors(
        [] { return std::unique_ptr<libdeflate_decompressor, DecompressorFree>(libdeflate_alloc_decompressor()); });
    std::atomic<bool> corrupt{false};
    tbb::parallel_for(size_t(0), members.size(), [&](size_t i) {
        const MemberIndex& m = members[i];
        const uint64_t from = std::max(m.out, skip), to = std::min(m.out + m.outBytes, end);
        if (from >= to || corrupt) return;
        libdeflate_decompressor* d = decompressors.local().get();
        if (!d) throw std::bad_alloc();
        const bool inside = from == m.out && to == m.out + m.outBytes;
        std::unique_ptr<std::byte[], ScratchFree> scratch;
        if (!inside) scratch = {static_cast<std::byte*>(acquireLargeBuffer(m.outBytes)), ScratchFree{m.outBytes}};
        std::byte* out = inside ? dst.data() + (m.out - skip) : scratch.get();
        const unsigned char* body = in + m.in + kMemberHeaderBytes;
        const size_t bodyBytes = m.inBytes - kMemberHeaderBytes - kMemberTrailerBytes;
        if (libdeflate_deflate_decompress(d, body, bodyBytes, out, m.outBytes, nullptr) != LIBDEFLATE_SUCCESS ||
            libdeflate_crc32(0, out, m.outBytes) != getLE32(body + bodyBytes)) {
            corrupt = true;
            return;
        }
        if (!inside) std::memcpy(dst.data() + (from - skip), out + (from - m.out), size_t(to - from));
    });
    return corrupt ? GzipInflate::Corrupt : GzipInflate::Done;
}

}  // namespace

void writeGzipMembers(const std::string& path, const std::vector<std::span<const std::byte>>& parts, int level,
                      std::span<const std::byte> plainPrefix) {
    std::vector<std::span<const std::byte>> pieces;
    for (const auto& part : parts)
        for (size_t at = 0; at < part.size(); at += kChunk) pieces.push_back(part.subspan(at, std::min(kChunk, part.size() - at)));

    FilePtr f(std::fopen(path.c_str(), "wb"));
    if (!f) throw Error("", "cannot create file");
    if (!plainPrefix.empty() && std::fwrite(plainPrefix.data(), 1, plainPrefix.size(), f.get()) != plainPrefix.size())
        throw Error("", "write failed (disk full?)");
    tbb::enumerable_thread_specific<std::unique_ptr<libdeflate_compressor, CompressorFree>> compressors(
        [level] { return std::unique_ptr<libdeflate_compressor, CompressorFree>(libdeflate_alloc_compressor(level)); });
    // Set by the writing filter, read by the reading one (TBB runs them concurrently).
    std::atomic<bool> writeFailed = false, compressFailed = false;
    size_t next = 0;
    using Member = std::vector<unsigned char>;
    tbb::parallel_pipeline(
        size_t(2 * tbb::this_task_arena::max_concurrency()),
        tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                       [&](tbb::flow_control& fc) -> size_t {
                                           if (next == pieces.size() || writeFailed || compressFailed) fc.stop();
                                           return next++;
                                       }) &
            tbb::make_filter<size_t, std::shared_ptr<Member>>(
                tbb::filter_mode::parallel,
                [&](size_t i) {
                    auto member = std::make_shared<Member>();
                    libdeflate_compressor* c = compressors.local().get();
                    if (!c) return member;  // out of memory: reported by the writer below
                    compressMember(c, pieces[i], *member);
                    return member;
                }) &
            tbb::make_filter<std::shared_ptr<Member>, void>(
                tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<Member>& member) {
                    if (writeFailed || compressFailed) return;
                    if (member->empty()) compressFailed = true;
                    else if (std::fwrite(member->data(), 1, member->size(), f.get()) != member->size())
                        writeFailed = true;
                }));
    if (compressFailed) throw Error("", "compression failed (out of memory?)");
    if (writeFailed || std::fclose(f.release()) != 0) throw Error("", "write failed (disk full?)");
}

GzipInflate inflateGzipRange(const std::string& path, uint64_t skip, std::span<std::byte> dst) {
    const WholeFile file(path);
    return inflateGzipBytes({file.data(), file.size()}, skip, dst);
}

GzipInflate inflateGzipBytes(std::span<const unsigned char> in, uint64_t skip, std::span<std::byte> dst) {
    const std::vector<MemberIndex> indexed = indexMembers(in.data(), in.size());
    if (!indexed.empty()) {
        try {
            return inflateIndexed(in.data(), indexed, skip, dst);
        } catch (const std::bad_alloc&) {
            return GzipInflate::Unsupported;  // the streaming read needs no member-sized buffers
        }
    }
    std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
    if (!d) throw std::bad_alloc();
    // The last member's length field (mod 2^32): a whole single-member file's output size.
    uint32_t lastMemberSize = 0;
    if (in.size() >= 4) std::memcpy(&lastMemberSize, in.data() + in.size() - 4, 4);

    const uint64_t end = skip + dst.size();
    uint64_t outPos = 0, largestMember = 0;
    size_t inPos = 0;
    auto inflateInto = [&](void* out, size_t room, size_t& got) {
        size_t used = 0;
        const libdeflate_result r =
            libdeflate_gzip_decompress_ex(d.get(), in.data() + inPos, in.size() - inPos, out, room, &used, &got);
        if (r == LIBDEFLATE_SUCCESS) inPos += used, largestMember = std::max<uint64_t>(largestMember, got);
        return r;
    };
    while (outPos < end) {
        if (inPos >= in.size()) return GzipInflate::Corrupt;  // the file ends before dst is full
        size_t got = 0;
        bool placed = false;
        // A member that lies inside dst inflates straight into it.
        if (outPos >= skip) {
            const libdeflate_result r = inflateInto(dst.data() + (outPos - skip), size_t(end - outPos), got);
            if (r == LIBDEFLATE_SUCCESS) {
                outPos += got;
                continue;
            }
            if (r != LIBDEFLATE_INSUFFICIENT_SPACE) return GzipInflate::Corrupt;
        }
        // Otherwise through a scratch buffer (its size must hold the whole member): first as if
        // the member ended where the skipped bytes end (the header member of our own files),
        // then as the whole rest of the data (a single-member file) or as the largest member so
        // far (members of one size), then twice and four times that (a member reaching past
        // dst into further volumes).
        // A guess larger than what is still wanted (plus 1 MiB: a header member) or than half
        // the free memory is not tried: a 4-D file's one member, or a volume twice over in
        // memory, goes to zlib's streaming read instead (Unsupported), which needs no scratch.
        const uint64_t rest = std::max<uint64_t>({end - outPos, lastMemberSize, largestMember});
        const uint64_t cap = std::min<uint64_t>(end - outPos + (uint64_t(1) << 20), availableMemoryBytes() / 2);
        for (const uint64_t guess : {outPos < skip ? skip - outPos : 0, rest}) {
            if (guess == 0 || guess > cap) continue;
            std::unique_ptr<std::byte[], ScratchFree> scratch;
            try {
                scratch = {static_cast<std::byte*>(acquireLargeBuffer(size_t(guess))), ScratchFree{size_t(guess)}};
            } catch (const std::bad_alloc&) {
                return GzipInflate::Unsupported;
            }
            const libdeflate_result r = inflateInto(scratch.get(), size_t(guess), got);
            if (r == LIBDEFLATE_INSUFFICIENT_SPACE) continue;
            if (r != LIBDEFLATE_SUCCESS) return GzipInflate::Corrupt;
            // Copy the part of [outPos, outPos + got) that falls inside [skip, end).
            const uint64_t from = std::max(outPos, skip), to = std::min(outPos + got, end);
            if (to > from) std::memcpy(dst.data() + (from - skip), scratch.get() + (from - outPos), size_t(to - from));
            outPos += got;
            placed = true;
            break;
        }
        if (!placed) return GzipInflate::Unsupported;
    }
    return GzipInflate::Done;
}

}  // namespace marrow
