#pragma once
// loadVolume / loadLabelMap: the one dispatch that turns a path into data, used by every
// command and the viewer, so each accepts every format any of them reads:
//   - "phantom" or ""                    -> the embedded procedural torso (io/phantom.h)
//   - *.nii, *.nii.gz                    -> NIfTI (io/nifti_io.h)
//   - *.seg.nrrd                         -> Slicer segmentation (io/seg_nrrd.h), flattened
//   - *.nrrd                             -> NRRD volume (io/nrrd_io.h)
//   - a folder of NIfTI files only       -> TotalSegmentator-style mask folder (io/label_io.h)
//   - a DICOM Segmentation file          -> its label map (io/dicom_seg_reader.h)
//     (names tables .tsv/.csv/.txt/.json and hidden files may lie beside them)
//   - any other folder, or another file  -> DICOM series (io/dicom_reader.h)
// Errors are marrow::Error with "<path>: <problem>".
#include <string>

#include "io/label_io.h"
#include "io/labeled_volume.h"
#include "io/progress.h"
#include "io/volume.h"

namespace marrow {

struct LoadOptions {
    std::string seriesUid;   // DICOM: pick this series
    int seriesIndex = -1;    // DICOM: or this index in the series list (-1: the default pick)
    ProgressFn progress;     // optional progress / cancel
};

enum class InputKind { Phantom, Nifti, SegNrrd, Nrrd, MaskFolder, DicomSeg, Dicom };
// By name ("phantom", extension) and, for folders, by whether they hold NIfTI files.
InputKind inputKind(const std::string& path);

// Any image or label map as a Volume (a label map's voxels are its label values).
Volume loadVolume(const std::string& path, const LoadOptions& options = {});

// Any input as a label map with names: label formats through readLabelMap (io/label_io.h);
// "phantom" is its exact bone label map ("1 bone"); a DICOM series is cast to labels
// unless it is an intensity image (see intensityImageReason), which is refused.
LabeledVolume loadLabelMap(const std::string& path, const LabelMapReadOptions& options = {});

// Non-empty when v looks like an intensity image (CT, MR...) rather than a label map:
// a CT/MR/PT modality, or negative values together with more than 255 distinct values.
// The text says why, e.g. "modality CT" or "1832 distinct values, some negative".
std::string intensityImageReason(const Volume& v);

bool isNiftiPath(const std::string& path);

}  // namespace marrow
