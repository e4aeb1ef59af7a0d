#include "io/load.h"

#include <algorithm>
#include <filesystem>

#include "io/dicom_reader.h"
#include "io/nifti_io.h"
#include "io/nrrd_io.h"
#include "io/phantom.h"
#include "io/seg_nrrd.h"

namespace marrow {

bool isNiftiPath(const std::string& path) {
    std::string p = path;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    auto ends = [&](const char* s) {
        const std::string e(s);
        return p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0;
    };
    return ends(".nii") || ends(".nii.gz");
}

Volume loadVolume(const std::string& path, const LoadOptions& options) {
    if (path.empty() || path == "phantom") return makePhantom().ct;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path, "no such file or folder");
    if (isNiftiPath(path)) return readNifti(path);
    if (isSegNrrdPath(path)) {  // the flattened label map, its notes as warnings
        LabeledVolume lv = readSegNrrd(path);
        for (size_t i = 0; i < lv.notes.size(); ++i) lv.labels.meta["warning." + std::to_string(i)] = lv.notes[i];
        return std::move(lv.labels);
    }
    if (isNrrdPath(path)) return readNrrd(path);
    DicomLoadOptions d;
    d.seriesUid = options.seriesUid;
    d.seriesIndex = options.seriesIndex;
    d.progress = options.progress;
    return readDicomSeries(path, d);
}

}  // namespace marrow
