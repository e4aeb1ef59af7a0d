#pragma once
// Binary morphology on a Mask with kernels given in millimetres. The structuring
// element is a box of half-width round(radiusMm / spacing[a]) voxels along axis a
// (at least 0), so a radius of one voxel spacing is the 3x3x3 box and anisotropic
// spacing is honoured. Separable running sums, O(voxels) whatever the radius,
// TBB-parallel and deterministic; outside the grid counts as 0 except where noted.
#include "seg/mask.h"

namespace marrow {

Mask dilate(const Mask& mask, double radiusMm);
Mask erode(const Mask& mask, double radiusMm);
Mask open(const Mask& mask, double radiusMm);    // erode then dilate
// Dilate then erode, computed on the grid padded by r voxels of background on every side
// (exactly the closing of the mask in an infinite empty space), so edges survive.
Mask close(const Mask& mask, double radiusMm);
// Majority vote in the same box: a voxel is set when more than half of the box's voxels
// that lie inside the grid are set (outside voxels do not vote, so a structure filling
// the grid up to its border keeps its edges and corners).
Mask median(const Mask& mask, double radiusMm);
// Fills background regions not connected (4-connected in-plane) to the slice border,
// slice by slice along axis (0, 1 or 2).
Mask fillHoles2D(const Mask& mask, int axis);
// Fills background cavities not 6-connected to the volume border (solid bones).
Mask fillHoles3D(const Mask& mask);

}  // namespace marrow
