#pragma once
// Small synthetic DICOM series for the reader tests, written with io/dicom_writer.h
// into a temporary folder that is removed when the fixture goes out of scope.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>

#include "io/dicom_writer.h"
#include "io/error.h"
#include "io/volume.h"

namespace marrow::test {

class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = (std::filesystem::temp_directory_path() /
                 ("marrow-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                    .string();
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// Stored value of voxel (i,j,k) in the synthetic series: distinct everywhere, negative
// in places, so a misplaced slice, row or column changes the value.
inline int storedPattern(int i, int j, int k) { return i + 10 * j + 100 * k - 250; }

// A volume of int16 stored values following storedPattern (or uint16 offset by `offset`).
inline Volume patternVolume(const ImageGeometry& g, ScalarType type = ScalarType::Int16, int offset = 0) {
    Volume v(g, type, false);
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                const size_t n = g.linearIndex(i, j, k);
                const int value = storedPattern(i, j, k) + offset;
                if (type == ScalarType::Int16) v.data<int16_t>()[n] = int16_t(value);
                else v.data<uint16_t>()[n] = uint16_t(value);
            }
    return v;
}

// The load warnings of a volume (meta "warning.N").
inline std::vector<std::string> warningsOf(const Volume& v) { return v.loadWarnings(); }

inline bool hasWarning(const Volume& v, const std::string& word) {
    for (const auto& w : warningsOf(v))
        if (w.find(word) != std::string::npos) return true;
    return false;
}

// The marrow::Error message f throws, or "(no error)".
inline std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace marrow::test
