#include "ui/drop_target.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_set>
#include <vector>

#include "io/label_geometry.h"
#include "io/load.h"
#include "io/nifti_io.h"
#include "io/text_encoding.h"

namespace marrow::ui {
namespace fs = std::filesystem;

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool nameSaysLabels(const std::string& path) {
    fs::path p = fs::path(path).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();  // "masks/" -> "masks"
    const std::string name = asciiLower(p.filename().string());
    for (const char* word : {"seg", "label", "mask"})
        if (name.find(word) != std::string::npos) return true;
    return false;
}

int countDistinctValues(const Volume& v, int limit) {
    int distinct = 0;
    v.visit([&](const auto* p) {
        using T = std::remove_cv_t<std::remove_pointer_t<decltype(p)>>;
        if constexpr (sizeof(T) <= 2 && std::is_integral_v<T>) {
            std::vector<uint8_t> seen(size_t(1) << (8 * sizeof(T)), 0);  // a table: one pass, no hashing
            using U = std::make_unsigned_t<T>;
            for (size_t n = 0, count = v.voxelCount(); n < count && distinct <= limit; ++n) {
                uint8_t& s = seen[U(p[n])];
                distinct += !s;
                s = 1;
            }
        } else {
            std::unordered_set<T> seen;
            for (size_t n = 0, count = v.voxelCount(); n < count && int(seen.size()) <= limit; ++n) seen.insert(p[n]);
            distinct = int(seen.size());
        }
    });
    return std::min(distinct, limit + 1);
}

DropAs decideDrop(const DropFacts& f) {
    if (!f.haveImage) return DropAs::Image;
    if (f.segNrrd) return DropAs::Labels;
    if (f.folder) return f.folderHasNifti && !f.folderHasDicom ? DropAs::Labels : DropAs::Image;
    if (f.nameSaysLabels) return DropAs::Labels;
    if (f.integerNifti && f.sameGrid && f.distinctValues >= 0 && f.distinctValues <= kMaxLabelMapValues)
        return DropAs::Labels;
    return DropAs::Image;
}

DropFacts inspectDrop(const std::string& path, const Volume& openImage) {
    DropFacts f;
    f.haveImage = !openImage.empty();
    if (!f.haveImage || path.empty() || path == "phantom") return f;
    std::error_code ec;
    const std::string name = asciiLower(fs::path(path).filename().string());
    f.segNrrd = endsWith(name, ".seg.nrrd");
    f.nameSaysLabels = nameSaysLabels(path);
    if (fs::is_directory(path, ec)) {
        f.folder = true;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            if (!entry.is_regular_file(ec)) continue;
            const std::string file = entry.path().filename().string();
            if (file.starts_with(".")) continue;  // .DS_Store and friends
            if (isNiftiPath(file)) f.folderHasNifti = true;
            else if (!endsWith(asciiLower(file), ".tsv") && !endsWith(asciiLower(file), ".csv") && !endsWith(asciiLower(file), ".txt") &&
                     !endsWith(asciiLower(file), ".json"))
                f.folderHasDicom = true;
        }
        return f;
    }
    if (!isNiftiPath(path) || f.nameSaysLabels) return f;
    try {  // a neutral name: the header first (cheap), the voxels only when they decide it
        const NiftiHeaderInfo h = readNiftiHeader(path);
        f.integerNifti = h.integer;
        f.sameGrid = sameVoxelCentres(h.geometry, openImage.geometry());
        if (f.integerNifti && f.sameGrid) f.distinctValues = countDistinctValues(readNifti(path));
    } catch (const std::exception&) {
        // Unreadable: opening it as an image reports the problem to the user.
    }
    return f;
}

}  // namespace marrow::ui
