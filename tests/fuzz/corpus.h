#pragma once
// The bad-input corpus generator's shared parts (tests/fuzz/make_corpus.cpp): byte
// helpers and the manifest every entry is listed in with its expected class.
//
// manifest.tsv, one entry per line, tab-separated:
//   ID  CLASS  MUST_NAME  marrow ARGS...
// CLASS is error (exit 1, one stderr line "marrow: error: ..." containing MUST_NAME),
// warning (exit 0, a warning containing MUST_NAME, or any warning when MUST_NAME is -)
// or accept (exit 0, no error). tests/fuzz/bad_input_corpus.sh checks each entry.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/volume.h"

namespace marrow::corpus {

using Bytes = std::vector<uint8_t>;
namespace fs = std::filesystem;

Bytes readBytes(const fs::path& path);
void writeBytes(const fs::path& path, const Bytes& bytes);
Bytes toBytes(const std::string& text);
// A gzip stream (what .nii.gz and NRRD "encoding: gzip" hold).
Bytes gzip(const Bytes& raw);
// data + zeros with a small deflate stream: a gzip "bomb".
Bytes gzipWithZeros(const Bytes& head, size_t zeros);

template <class T> void patch(Bytes& b, size_t offset, T value) {
    if (offset + sizeof value > b.size()) throw std::runtime_error("patch past the end");
    std::memcpy(b.data() + offset, &value, sizeof value);
}
// Replaces the first occurrence of from (must exist).
void replaceText(Bytes& b, const std::string& from, const std::string& to);

// A small volume with noisy, deterministic voxels (so compressed files are not tiny).
Volume smallVolume(ScalarType type, int nx, int ny, int nz, int maxValue);

enum class Expect { Error, Warning, Accept };

class Manifest {
public:
    explicit Manifest(const fs::path& root);
    const fs::path& root() const { return root_; }
    // Folder root/sub, created.
    fs::path folder(const std::string& sub) const;
    // One entry: marrow args... expected to give cls, naming mustName.
    void add(const std::string& id, Expect cls, const std::string& mustName, const std::vector<std::string>& args);
    // Shorthand: `marrow info FILE`, naming FILE when an error.
    void info(const std::string& id, Expect cls, const fs::path& file);
    size_t count() const { return count_; }

private:
    fs::path root_;
    std::ofstream out_;
    size_t count_ = 0;
};

void makeNiftiCorpus(Manifest& m);
void makeNrrdCorpus(Manifest& m);
void makeDicomCorpus(Manifest& m);
void makeLabelCorpus(Manifest& m);
void makeCliCorpus(Manifest& m);

}  // namespace marrow::corpus
