#include "io/load.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "io/dicom_reader.h"
#include "io/dicom_seg_reader.h"
#include "io/nifti_io.h"
#include "io/nrrd_io.h"
#include "io/phantom.h"
#include "io/seg_nrrd.h"

namespace marrow {
namespace fs = std::filesystem;

bool isNiftiPath(const std::string& path) {
    std::string p = path;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    auto ends = [&](const char* s) {
        const std::string e(s);
        return p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0;
    };
    return ends(".nii") || ends(".nii.gz");
}

namespace {
// TotalSegmentator's mask folder: NIfTI files, maybe a names table, nothing else. A DICOM
// folder into which a label map was saved (allowed, src/cli/output_guard.h) stays DICOM.
bool isMaskFolder(const std::string& folder) {
    bool nifti = false;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code fe;
        if (name.empty() || name[0] == '.' || !it->is_regular_file(fe)) continue;
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (isNiftiPath(name)) nifti = true;
        else if (ext != ".tsv" && ext != ".csv" && ext != ".txt" && ext != ".json") return false;
    }
    return nifti;
}
// A label map read as a volume keeps its reader's notes as the volume's warnings.
Volume withNotesAsWarnings(LabeledVolume lv) {
    lv.labels.addLoadWarnings(lv.notes);
    return std::move(lv.labels);
}
}  // namespace

InputKind inputKind(const std::string& path) {
    if (path.empty() || path == "phantom") return InputKind::Phantom;
    if (isNiftiPath(path)) return InputKind::Nifti;
    if (isSegNrrdPath(path)) return InputKind::SegNrrd;
    if (isNrrdPath(path)) return InputKind::Nrrd;
    std::error_code ec;
    if (fs::is_directory(path, ec) && isMaskFolder(path)) return InputKind::MaskFolder;
    if (isDicomSegFile(path)) return InputKind::DicomSeg;
    return InputKind::Dicom;
}

Volume loadVolume(const std::string& path, const LoadOptions& options) {
    const InputKind kind = inputKind(path);
    if (kind == InputKind::Phantom) return makePhantom().ct;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "no such file or folder");
    switch (kind) {
        case InputKind::Nifti: return readNifti(path);
        case InputKind::SegNrrd: return withNotesAsWarnings(readSegNrrd(path));
        case InputKind::Nrrd: return readNrrd(path);
        case InputKind::MaskFolder: return readLabelMap(path).labels;
        case InputKind::DicomSeg: return withNotesAsWarnings(readDicomSeg(path));
        default: break;
    }
    DicomLoadOptions d;
    d.seriesUid = options.seriesUid;
    d.seriesIndex = options.seriesIndex;
    d.progress = options.progress;
    return readDicomSeries(path, d);
}

LabeledVolume loadLabelMap(const std::string& path, const LabelMapReadOptions& options) {
    const InputKind kind = inputKind(path);
    if (kind != InputKind::Phantom && kind != InputKind::Dicom) return readLabelMap(path, options);
    LabeledVolume lv;
    if (kind == InputKind::Phantom) {
        lv.labels = makePhantom().bones;
        lv.table.set(1, "bone");
        lv.notes.push_back("the phantom's exact bone label map (1 = bone)");
    } else {
        const Volume image = loadVolume(path);
        if (const std::string why = intensityImageReason(image); !why.empty())
            throw Error(path, "this looks like a CT or other image (" + why + "), not a label map");
        lv.labels = castToLabelVolume(image, &lv.notes, options.probabilityThreshold);
        lv.labels.meta["source"] = path;
    }
    if (!options.namesPath.empty()) lv.table = readLabelTable(options.namesPath);
    for (const auto& [value, count] : labelHistogram(lv.labels))
        if (!lv.table.find(value)) lv.table.set(value, "label " + std::to_string(value));
    return lv;
}

std::string intensityImageReason(const Volume& v) {
    const std::string modality = v.modality();
    if (modality == "CT" || modality == "MR" || modality == "PT") return "modality " + modality;
    if (v.type() == ScalarType::Float32) return "";  // probability maps are floats too: the caller decides
    return v.visit([&](const auto* p) -> std::string {
        const size_t n = v.voxelCount();
        if (n == 0) return "";
        const auto [lo, hi] = std::minmax_element(p, p + n);
        if (!(*lo < 0)) return "";
        // Distinct values of a signed integer volume: a bitmap over [min, max] (int32 spans
        // beyond 2^24 are counted as "many" without allocating).
        const int64_t span = int64_t(*hi) - int64_t(*lo) + 1;
        size_t distinct = 0;
        if (span > (int64_t(1) << 24)) {
            distinct = size_t(span);
        } else {
            std::vector<uint8_t> seen(size_t(span), 0);
            for (size_t i = 0; i < n; ++i) seen[size_t(int64_t(p[i]) - int64_t(*lo))] = 1;
            distinct = size_t(std::count(seen.begin(), seen.end(), uint8_t(1)));
        }
        if (distinct <= 255) return "";
        return std::to_string(distinct) + " distinct values, some negative";
    });
}

}  // namespace marrow
