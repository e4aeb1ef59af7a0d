#pragma once
// A file dropped on the window: a new image to open, or a label map for the image already
// open? The decision is a pure function of a few facts about the path (decideDrop) so tests
// can cover every rule; inspectDrop gathers the facts, reading at most a NIfTI header and,
// when only the voxels can tell, the voxels themselves.
//
// Labels when an image is open and the path is:
//   - a Slicer segmentation (*.seg.nrrd);
//   - a folder holding NIfTI files and no DICOM (TotalSegmentator's one mask per structure);
//   - a file whose name says so ("seg", "label", "mask" in its name, e.g. CT_seg.nii.gz,
//     labels.nii, liver_mask.nii.gz);
//   - an integer NIfTI on the open image's grid with few distinct values (<= 256: a CT has
//     thousands).
// Everything else opens as the image, as before (a CT, a DICOM folder, a file that fails
// to read: opening it reports the problem).
#include <string>

#include "io/volume.h"

namespace marrow::ui {

enum class DropAs { Image, Labels };

struct DropFacts {
    bool haveImage = false;       // an image is open (labels need one)
    bool folder = false;
    bool folderHasNifti = false;  // folder: holds .nii/.nii.gz files
    bool folderHasDicom = false;  // folder: holds other files (DICOM slices, a DICOMDIR...)
    bool segNrrd = false;         // *.seg.nrrd
    bool nameSaysLabels = false;  // "seg", "label" or "mask" in the file name
    bool integerNifti = false;    // a NIfTI of integer voxels (no scaling)
    bool sameGrid = false;        // ... whose voxel centres are the open image's
    int distinctValues = -1;      // ... number of distinct voxel values (-1: not counted)
};

constexpr int kMaxLabelMapValues = 256;  // "few distinct values"

DropAs decideDrop(const DropFacts& f);
// Gathers the facts; never throws (an unreadable file gives facts that open it as an image).
DropFacts inspectDrop(const std::string& path, const Volume& openImage);
inline DropAs dropTargetFor(const std::string& path, const Volume& openImage) {
    return decideDrop(inspectDrop(path, openImage));
}

// "seg", "label" or "mask" in the file (or folder) name, case-insensitive.
bool nameSaysLabels(const std::string& path);
// Distinct values of an integer volume, counting stops past limit (returns limit + 1).
int countDistinctValues(const Volume& v, int limit = kMaxLabelMapValues);

}  // namespace marrow::ui
