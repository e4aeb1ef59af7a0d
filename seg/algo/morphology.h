#pragma once
// Binary morphology on a Mask with kernels given in millimetres. The structuring
// element is a box of half-width round(radiusMm / spacing[a]) voxels along axis a
// (at least 0), so a radius of one voxel spacing is the 3x3x3 box and anisotropic
// spacing is honoured. Separable passes, TBB-parallel, outside the grid counts as 0.
#include "seg/mask.h"

namespace marrow {

Mask dilate(const Mask& mask, double radiusMm);
Mask erode(const Mask& mask, double radiusMm);
Mask open(const Mask& mask, double radiusMm);    // erode then dilate
Mask close(const Mask& mask, double radiusMm);   // dilate then erode (grid padded so edges survive)
// Majority vote in the same box: a voxel is set when more than half the box is set.
Mask median(const Mask& mask, double radiusMm);
// Fills background regions not connected (4-connected in-plane) to the slice border,
// slice by slice along axis (0, 1 or 2).
Mask fillHoles2D(const Mask& mask, int axis);
// Fills background cavities not 6-connected to the volume border (solid bones).
Mask fillHoles3D(const Mask& mask);

}  // namespace marrow
