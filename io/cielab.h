#pragma once
// sRGB <-> DICOM CIELab (RecommendedDisplayCIELabValue, PS3.3 C.10.7.1.1): L* 0..100 and
// a*, b* -128..127 scaled to 0..65535, D65 white point as dcmqi (Slicer) and highdicom
// use, so a colour written here is the one Slicer and OHIF show.
#include <array>
#include <cstdint>

#include "io/rgb.h"

namespace marrow {

std::array<uint16_t, 3> rgbToDicomLab(Rgb rgb);
// Out-of-gamut values are clamped to 0..255.
Rgb dicomLabToRgb(const std::array<uint16_t, 3>& lab);

}  // namespace marrow
