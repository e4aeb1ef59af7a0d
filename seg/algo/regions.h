#pragma once
// Region operations that look at the CT values, not only at a mask.
#include "io/volume.h"
#include "seg/algo/connectivity.h"
#include "seg/mask.h"

namespace marrow {

// Voxels with lo <= value <= hi (any scalar type), optionally only inside a voxel box
// [boxLo, boxHi] (inclusive, clamped to the grid). TBB-parallel.
Mask thresholdMask(const Volume& volume, double lo, double hi);
Mask thresholdMask(const Volume& volume, double lo, double hi, Index3 boxLo, Index3 boxHi);

// The patient's body: largest connected component of voxels >= minHu (soft tissue and
// above), with holes filled slice by slice along the axis closest to the patient's
// superior-inferior direction and in 3D. The scan table and clothes fall outside it.
Mask bodyMask(const Volume& ct, double minHu = -300);

// Local threshold / region grow: voxels within [lo, hi] connected to seed. With
// minDiameterMm > 0 the in-range mask is first opened with radius minDiameterMm/2, so
// the region cannot leak through necks thinner than that; the result is then the
// component at seed of the opened mask, dilated back within the in-range mask.
Mask growRegion(const Volume& volume, Index3 seed, double lo, double hi, double minDiameterMm = 0,
                Connectivity c = Connectivity::TwentySix);

// Fill between slices: `marked` holds contours drawn on some slices along axis; the
// slice indices listed in markedSlices are authoritative. Every unmarked slice strictly
// between two marked ones gets the shape interpolated by signed distance between them.
// Marked slices are returned unchanged; slices outside the marked range stay empty.
Mask interpolateSlices(const Mask& marked, const std::vector<int>& markedSlices, int axis);

}  // namespace marrow
