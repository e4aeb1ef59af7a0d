#pragma once
// Stored DICOM pixel values -> Volume voxels: BitsStored cleanup (overlay bits masked,
// signed values sign-extended), RescaleSlope/Intercept, rounding and clamping to the
// volume's type. Internal to the DICOM reader.
#include <cstddef>

#include "io/volume.h"

namespace marrow {

struct StoredFormat {
    int bytes = 2;        // BitsAllocated / 8: 1, 2 or 4
    bool isSigned = false;  // PixelRepresentation 1
    int bitsStored = 16;  // bits above it are masked off (or sign-extended)
};

// Converts n little-endian stored pixels at src into volume voxels [offset, offset + n).
// Returns how many values fell outside the volume's type and were clamped.
size_t convertStoredPixels(const void* src, const StoredFormat& format, double slope, double intercept,
                           Volume& volume, size_t offset, size_t n);

}  // namespace marrow
