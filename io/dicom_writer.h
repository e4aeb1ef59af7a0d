#pragma once
// Writing a volume as an uncompressed DICOM series (one file per slice, explicit VR
// little endian). Tests and benchmarks use it to build fixtures of any shape (oblique,
// tilted, two series in one folder...); it is also the seed of a DICOM export.
#include <string>
#include <vector>

#include "io/volume.h"

namespace marrow {

struct DicomWriteOptions {
    std::string seriesUid;        // generated when empty
    std::string modality = "CT";  // the Modality tag; the SOP class is always CT Image Storage
    std::string description;
    double rescaleSlope = 1, rescaleIntercept = 0;  // written as is; voxels are stored values
    std::string filePrefix = "slice";
    bool reverseFileNames = false;  // number the files against the k order
    bool explicitVr = true;         // false: implicit VR little endian
};

// Writes plane k of `stored` (Int16 or UInt16 voxels: stored values, before rescale) to
// folder/<prefix><NNNN>.dcm with ImagePositionPatient = geometry.indexToPatient(0,0,k),
// ImageOrientationPatient = direction columns 0 and 1, PixelSpacing = (spacing j, spacing i).
// Each file is written atomically. Returns the paths in k order. Throws marrow::Error.
std::vector<std::string> writeDicomSeries(const Volume& stored, const std::string& folder,
                                          const DicomWriteOptions& options = {});

}  // namespace marrow
