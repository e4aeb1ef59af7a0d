#include "io/label_io.h"

#include "io/dicom_seg_reader.h"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>

#include "io/dicom_seg_reader.h"
#include "io/error.h"
#include "io/label_geometry.h"
#include "io/nifti_io.h"
#include "io/nrrd_io.h"
#include "io/seg_nrrd.h"
#include "io/text_encoding.h"

namespace marrow {

namespace fs = std::filesystem;

namespace {
// Same rule as io/load.h's isNiftiPath, kept here so label I/O does not pull in the
// DICOM and phantom loaders.
bool isNiftiPath(const std::string& path) {
    const std::string l = asciiLower(path);
    auto ends = [&](const std::string& e) { return l.size() > e.size() && l.compare(l.size() - e.size(), e.size(), e) == 0; };
    return ends(".nii") || ends(".nii.gz");
}

bool exists(const std::string& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// Gives every label present in the volume an entry, so lists and writers see them all.
void nameUnnamedLabels(LabeledVolume& lv) {
    for (const auto& [value, count] : labelHistogram(lv.labels))
        if (!lv.table.find(value)) lv.table.set(value, "label " + std::to_string(value));
}

// Names for a NIfTI label map, in the order documented in the header.
void attachNames(LabeledVolume& lv, const std::string& path, const LabelMapReadOptions& options) {
    if (!options.namesPath.empty()) {
        lv.table = readLabelTable(options.namesPath);
        lv.notes.push_back("label names from " + options.namesPath);
        return;
    }
    if (auto t = labelTableFromNiftiMeta(lv.labels.meta)) {
        lv.table = *t;
        lv.notes.push_back("label names from the NIfTI header extension (TotalSegmentator label table)");
        return;
    }
    const std::string stem = labelPathStem(path);
    for (const char* ext : {".tsv", ".csv", ".txt"}) {
        if (exists(stem + ext)) {
            lv.table = readLabelTable(stem + ext);
            lv.notes.push_back("label names from " + stem + ext);
            return;
        }
    }
    const auto present = labelHistogram(lv.labels);
    if (options.builtInTotalSegmentator && !present.empty() && present.back().first <= 117) {
        lv.table = LabelTable::totalSegmentator();
        lv.notes.push_back("label names from the built-in TotalSegmentator 'total' table (values 1..117); "
                           "give a names file if this map comes from another model");
    }
}

bool isNiftiFile(const fs::path& p) { return fs::is_regular_file(p) && isNiftiPath(p.string()); }

std::string structureName(const fs::path& p) {
    std::string name = p.filename().string();
    for (const char* ext : {".nii.gz", ".nii", ".NII.GZ", ".NII"})
        if (name.size() > std::strlen(ext) && name.compare(name.size() - std::strlen(ext), std::string::npos, ext) == 0)
            return name.substr(0, name.size() - std::strlen(ext));
    return name;
}

// A copy of labels whose NIfTI extensions carry table as TotalSegmentator's XML label
// table (code 0, as TotalSegmentator writes it), replacing any older label table and
// keeping other extensions in order. Without it a re-read would prefer the stale names.
Volume withLabelTableExtension(const Volume& labels, const LabelTable& table) {
    Volume v = labels;
    const std::string prefix = "nifti.extension.";
    std::vector<std::pair<std::string, std::string>> keep;  // (data, code)
    for (int e = 0;; ++e) {
        const std::string key = prefix + std::to_string(e);
        auto data = v.meta.find(key);
        auto code = v.meta.find(key + ".code");
        if (data == v.meta.end() || code == v.meta.end()) break;
        if (!parseNiftiLabelXml(data->second)) keep.push_back({data->second, code->second});
    }
    std::erase_if(v.meta, [&](const auto& kv) { return kv.first.compare(0, prefix.size(), prefix) == 0; });
    if (!table.empty()) keep.push_back({formatNiftiLabelXml(table), "0"});
    for (size_t e = 0; e < keep.size(); ++e) {
        v.meta[prefix + std::to_string(e)] = keep[e].first;
        v.meta[prefix + std::to_string(e) + ".code"] = keep[e].second;
    }
    return v;
}

LabeledVolume readMaskFolder(const std::string& folder, const LabelMapReadOptions& options) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder))
        if (isNiftiFile(e.path())) files.push_back(e.path());
    if (files.empty()) throw Error(folder, "folder holds no NIfTI mask files (.nii/.nii.gz)");

    // Label values: TotalSegmentator's when every file name is one of its structures.
    const LabelTable builtIn = LabelTable::totalSegmentator();
    const bool totalSeg = std::all_of(files.begin(), files.end(), [&](const fs::path& f) {
        return builtIn.valueOf(structureName(f)).has_value();
    });
    std::vector<std::pair<uint32_t, fs::path>> order;
    if (totalSeg) {
        for (const auto& f : files) order.push_back({*builtIn.valueOf(structureName(f)), f});
        std::sort(order.begin(), order.end());
    } else {
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
            return asciiLower(a.filename().string()) < asciiLower(b.filename().string());
        });
        for (size_t i = 0; i < files.size(); ++i) order.push_back({uint32_t(i + 1), files[i]});
    }
    if (order.back().first > 65535) throw Error(folder, "more than 65535 masks");

    LabeledVolume lv;
    lv.notes.push_back("merged " + std::to_string(files.size()) + " mask files from " + folder +
                       (totalSeg ? " (TotalSegmentator label values)" : " (labels 1..N in alphabetical order)"));
    tbb::combinable<size_t> overlaps;
    for (const auto& [value, file] : order) {
        std::vector<std::string> castNotes;
        const Volume mask = castToLabelVolume(readNifti(file.string()), &castNotes, options.probabilityThreshold);
        for (const auto& n : castNotes) lv.notes.push_back(file.filename().string() + ": " + n);
        if (lv.labels.empty()) {
            lv.labels = Volume(mask.geometry(), order.back().first <= 255 ? ScalarType::UInt8 : ScalarType::UInt16, true);
            lv.labels.meta["source"] = folder;
            lv.labels.meta["modality"] = "SEG";
        }
        checkSameGrid(lv.labels.geometry(), mask.geometry(), file.string());
        const size_t n = mask.voxelCount();
        const uint32_t label = value;  // clang < 16 cannot capture a structured binding
        lv.labels.visit([&](auto* dst) {
            using T = std::remove_pointer_t<decltype(dst)>;
            mask.visit([&](const auto* src) {
                tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
                    size_t& overlap = overlaps.local();
                    for (size_t i = r.begin(); i != r.end(); ++i) {
                        if (!src[i]) continue;
                        if (dst[i]) ++overlap;
                        else dst[i] = T(label);
                    }
                });
            });
        });
        lv.table.set(value, structureName(file));
    }
    const size_t overlap = overlaps.combine(std::plus<>());
    if (overlap) lv.notes.push_back(std::to_string(overlap) + " voxels lie in more than one mask; each keeps the first mask's label");
    lv.table.source = folder;
    return lv;
}
}  // namespace

std::string labelPathStem(const std::string& path) {
    std::string p = path;
    while (p.size() > 1 && (p.back() == '/' || p.back() == '\\')) p.pop_back();
    const std::string l = asciiLower(p);
    for (const char* ext : {".seg.nrrd", ".nii.gz", ".nii", ".nrrd"}) {
        const size_t n = std::strlen(ext);
        if (l.size() > n && l.compare(l.size() - n, n, ext) == 0) return p.substr(0, p.size() - n);
    }
    return p;
}

LabeledVolume readLabelMap(const std::string& path, const std::string& namesPath) {
    LabelMapReadOptions o;
    o.namesPath = namesPath;
    return readLabelMap(path, o);
}

LabeledVolume readLabelMap(const std::string& path, const LabelMapReadOptions& options) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "no such file or folder");
    LabeledVolume lv;
    if (fs::is_directory(path, ec)) {
        lv = readMaskFolder(path, options);
    } else if (isSegNrrdPath(path)) {
        lv = readSegNrrd(path);
        if (!options.namesPath.empty()) lv.table = readLabelTable(options.namesPath);
    } else if (isNrrdPath(path) || isNiftiPath(path)) {
        const Volume raw = isNrrdPath(path) ? readNrrd(path) : readNifti(path);
        lv.labels = castToLabelVolume(raw, &lv.notes, options.probabilityThreshold);
        lv.labels.meta["modality"] = "SEG";
        lv.labels.meta["source"] = path;
        attachNames(lv, path, options);
    } else if (isDicomSegFile(path)) {
        lv = readDicomSeg(path, options.referenceGrid);
        if (!options.namesPath.empty()) lv.table = readLabelTable(options.namesPath);
    } else {
        throw Error(path, "not a label map format Marrow reads (.nii, .nii.gz, .seg.nrrd, .nrrd, DICOM-SEG or a folder of masks)");
    }
    nameUnnamedLabels(lv);
    return lv;
}

std::vector<std::string> writeLabelMap(const std::string& path, const LabeledVolume& labeled) {
    if (isSegNrrdPath(path)) {
        writeSegNrrd(labeled, path);
        return {path};
    }
    if (isNiftiPath(path)) {
        writeNifti(withLabelTableExtension(labeled.labels, labeled.table), path);
        const std::string names = labelPathStem(path) + ".tsv";
        writeLabelTableTsv(labeled.table, names);
        return {path, names};
    }
    throw Error(path, "label maps are saved as .nii, .nii.gz or .seg.nrrd");
}

std::vector<std::string> findLabelMapBeside(const std::string& imagePath) {
    const std::string stem = labelPathStem(imagePath);
    std::vector<std::string> candidates;
    for (const char* suffix : {".seg.nrrd", "_seg.nii.gz", "-seg.nii.gz", "_seg.nii", "_seg.seg.nrrd", "_label.nii.gz",
                               "-label.nii.gz", "_labels.nii.gz", "-labels.nii.gz", "_label.nii", "_labels.nii",
                               "_segmentation.nii.gz", "_segmentation.seg.nrrd", "_segmentations"})
        candidates.push_back(stem + suffix);
    // "example_ct_dicom" -> "example_seg_dicom": the word "ct" replaced in the file name.
    const fs::path sp(stem);
    const std::string name = sp.filename().string();
    for (size_t p = asciiLower(name).find("ct"); p != std::string::npos; p = asciiLower(name).find("ct", p + 1)) {
        const bool wordStart = p == 0 || !std::isalnum(static_cast<unsigned char>(name[p - 1]));
        const bool wordEnd = p + 2 == name.size() || !std::isalnum(static_cast<unsigned char>(name[p + 2]));
        if (!wordStart || !wordEnd) continue;
        for (const char* word : {"seg", "label", "labels"}) {
            const std::string other = (sp.parent_path() / (name.substr(0, p) + word + name.substr(p + 2))).string();
            for (const char* ext : {".nii.gz", ".nii", ".seg.nrrd"}) candidates.push_back(other + ext);
        }
    }
    candidates.push_back((sp.parent_path() / "segmentations").string());
    std::vector<std::string> found;
    for (const auto& c : candidates) {
        std::error_code ec;
        if (!fs::exists(c, ec) || fs::equivalent(c, imagePath, ec)) continue;
        if (fs::is_directory(c, ec)) {
            const bool hasMasks = std::any_of(fs::directory_iterator(c, ec), fs::directory_iterator(),
                                              [](const fs::directory_entry& e) { return isNiftiFile(e.path()); });
            if (!hasMasks) continue;
        }
        if (std::find(found.begin(), found.end(), c) == found.end()) found.push_back(c);
    }
    return found;
}

}  // namespace marrow
