#pragma once
// Region operations that look at the CT values, not only at a mask.
#include "io/volume.h"
#include "seg/algo/connectivity.h"
#include "seg/mask.h"

namespace marrow {

// Voxels with lo <= value <= hi (any scalar type; NaN is never in range), optionally
// only inside a voxel box [boxLo, boxHi] (inclusive, clamped to the grid). TBB-parallel.
Mask thresholdMask(const Volume& volume, double lo, double hi);
Mask thresholdMask(const Volume& volume, double lo, double hi, Index3 boxLo, Index3 boxHi);
// Same as thresholdMask(volume, lo, hi) but reuses out's buffer when it already has the
// volume's size (live preview: no allocation, no zeroing, one pass over the voxels).
void thresholdMaskInto(Mask& out, const Volume& volume, double lo, double hi);

// Index axis (0, 1 or 2) whose direction is most aligned with patient z (S-I).
int superiorInferiorAxis(const ImageGeometry& geometry);

// The patient's body: the components (6-connected) of voxels >= minHu (soft tissue and
// above) that look like a patient, holes filled slice by slice along the axis closest to
// the patient's superior-inferior direction and in 3D. A component looks like a patient
// when it holds at least kBodyMinBoneMm3 of voxels >= kBodyBoneHu and is not flat (its
// smaller in-plane extent, across the S-I axis, is at least kBodyFlatRatio of its larger
// one); every such component of at least kBodyMinFraction of the largest one is kept, so
// arms lying apart from the torso stay in the body while the scan table (thin, wide, no
// bone density), clothes and cables fall outside it. When no component looks like a
// patient, the largest component is the body. Thin supports touching it are cut off
// (kSupportMaxThicknessMm below).
constexpr double kBodyBoneHu = 300;
constexpr double kBodyMinBoneMm3 = 1000;
constexpr double kBodyFlatRatio = 0.25;
constexpr double kBodyMinFraction = 0.01;
// Supports touching the body (a curved head holder) are cut off where they are thinner
// than kSupportMaxThicknessMm; a cut-off piece holding bone, or smaller than both
// kSupportMinMl and kSupportMinFraction of the body, is body (a finger, an ear); a larger
// one without bone is a support (a head holder's shell: ~250 mL).
constexpr double kSupportMaxThicknessMm = 8;
constexpr double kSupportMinMl = 20;
constexpr double kSupportMinFraction = 0.02;
Mask bodyMask(const Volume& ct, double minHu = -300);

// Local threshold / region grow: voxels within [lo, hi] connected to seed (an empty mask
// when the seed is outside the grid or out of range). With minDiameterMm > 0, r =
// minDiameterMm/2 and exactly: in = threshold; core = component at seed of open(in, r)
// (box of half-width round(r/spacing) voxels per axis); result = component at seed of
// (dilate(core, r) AND in). So the region cannot leak through necks thinner than the box,
// recovers the in-range voxels the opening shaved off its surface, and keeps at most an
// r-long stub of a cut neck. The dilation is bounded on purpose: a full geodesic
// reconstruction inside `in` would regrow through the neck. Empty when the seed itself
// lies in a part thinner than the box (no core at the seed).
Mask growRegion(const Volume& volume, Index3 seed, double lo, double hi, double minDiameterMm = 0,
                Connectivity c = Connectivity::TwentySix);

// Fill between slices: `marked` holds contours drawn on some slices along axis; the
// slice indices listed in markedSlices are authoritative (out-of-grid indices are
// ignored; what unlisted slices of `marked` hold is ignored). Every slice strictly
// between two consecutive marked ones a < b is set where (1-t)*sdA + t*sdB <= 0, t =
// (w-a)/(b-a), sd the exact 2D signed Euclidean distance in mm (in-plane spacing
// honoured; negative inside). Shapes with no voxel in common are blended after shifting
// both distance maps so their centroids meet on the line between them: the shape slides
// across instead of vanishing midway. An empty marked slice is "far outside" everywhere,
// so the other shape shrinks away towards it. Marked slices are returned unchanged;
// slices outside the marked range are empty in the result.
Mask interpolateSlices(const Mask& marked, const std::vector<int>& markedSlices, int axis);

}  // namespace marrow
