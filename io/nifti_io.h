#pragma once
// NIfTI-1/2 (.nii, .nii.gz) through libnifti2. NIfTI stores RAS+ (sform, else qform,
// else pixdim); we hold LPS, so x and y flip on the way in and out. Written files
// re-read with identical geometry and voxels.
#include <string>

#include "io/volume.h"

namespace marrow {

// Integer data whose range fits int16 becomes Int16; uint8 stays UInt8; uint16 stays
// UInt16; scaled (scl_slope) or fractional data becomes Float32. Throws marrow::Error.
Volume readNifti(const std::string& path);

// The header alone (no voxels read): the grid, and whether the stored voxels are integers
// (an integer datatype without scaling), for quick decisions such as "is this dropped file
// a label map?". Throws marrow::Error like readNifti.
struct NiftiHeaderInfo {
    ImageGeometry geometry;
    bool integer = false;
};
NiftiHeaderInfo readNiftiHeader(const std::string& path);

// Writes voxels and geometry (sform and qform both set, code 1 scanner/aligned). Atomic.
void writeNifti(const Volume& volume, const std::string& path);

}  // namespace marrow
