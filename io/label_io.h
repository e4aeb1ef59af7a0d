#pragma once
// Reading and writing label maps with their names, whatever tool made them.
//
// readLabelMap(path) accepts:
//   - *.nii / *.nii.gz: a multi-label map (any integer or float type; floats are cast,
//     see castToLabelVolume). Names, first found wins: the names file given by the
//     caller; TotalSegmentator's XML label table in the NIfTI header extension; a names
//     file beside the map (same stem + .tsv, .csv or .txt); the built-in TotalSegmentator
//     "total" table when every label value is within 1..117; else "label N".
//   - *.seg.nrrd (Slicer) and plain *.nrrd label volumes.
//   - a DICOM Segmentation file (io/dicom_seg_reader.h), placed on referenceGrid when given.
//   - a folder of one-mask-per-structure NIfTI files (TotalSegmentator's default
//     output): each file is one structure named after the file. When every name is in the
//     built-in TotalSegmentator table, labels take that table's values (as --ml would
//     have written them); otherwise files are numbered 1..N in alphabetical order. All
//     masks must share one grid. A voxel in several masks keeps the first one's label.
// Every decision (names source, casts, overlaps) is one line in LabeledVolume::notes.
#include <string>
#include <vector>

#include "io/labeled_volume.h"

namespace marrow {

struct LabelMapReadOptions {
    std::string namesPath;              // explicit names file (TSV/CSV/ITK-SNAP), optional
    bool builtInTotalSegmentator = true;  // allow the built-in table as a last resort
    double probabilityThreshold = 0.5;  // for float maps within [0, 1]
    // DICOM-SEG: the image grid its frames must land on (its source series); without it the
    // SEG's own grid spanning its frames.
    const ImageGeometry* referenceGrid = nullptr;
};

// Throws marrow::Error "<path>: <problem>".
LabeledVolume readLabelMap(const std::string& path, const LabelMapReadOptions& options = {});
LabeledVolume readLabelMap(const std::string& path, const std::string& namesPath);

// *.nii / *.nii.gz: voxels and geometry through writeNifti, names both in the header (the
// XML label table TotalSegmentator writes, replacing an older one) and in "<stem>.tsv"
// beside it. *.seg.nrrd: Slicer segmentation. Atomic writes. Returns the files written.
std::vector<std::string> writeLabelMap(const std::string& path, const LabeledVolume& labeled);

// Label maps lying beside an image, best guess first: for CT.nii.gz (or a DICOM folder
// CT/) CT.seg.nrrd, CT_seg.nii.gz, CT-seg.nii.gz, CT_label(s).nii.gz, CT-label(s).nii.gz,
// CT_segmentation.nii.gz, the same name with "ct" replaced by "seg"/"label"/"labels",
// a "CT_segmentations/" or "segmentations/" folder holding NIfTI masks. Existing ones only.
std::vector<std::string> findLabelMapBeside(const std::string& imagePath);

// The path without .nii.gz / .nii / .seg.nrrd / .nrrd / a trailing slash.
std::string labelPathStem(const std::string& path);

}  // namespace marrow
