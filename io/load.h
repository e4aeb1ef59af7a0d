#pragma once
// loadVolume: the one entry point that turns a path into a Volume.
//   - a folder or a DICOM file -> DICOM series (io/dicom_reader.h)
//   - *.nii, *.nii.gz          -> NIfTI (io/nifti_io.h)
//   - *.seg.nrrd               -> its label map (io/seg_nrrd.h); *.nrrd -> NRRD (io/nrrd_io.h)
//   - "phantom" or ""          -> the embedded procedural torso (io/phantom.h)
// Errors are marrow::Error with "<path>: <problem>".
#include <string>

#include "io/progress.h"
#include "io/volume.h"

namespace marrow {

struct LoadOptions {
    std::string seriesUid;   // DICOM: pick this series
    int seriesIndex = -1;    // DICOM: or this index in the series list (-1: the default pick)
    ProgressFn progress;     // optional progress / cancel
};

Volume loadVolume(const std::string& path, const LoadOptions& options = {});

bool isNiftiPath(const std::string& path);

}  // namespace marrow
