#pragma once
// Ray picking: the first voxel along a ray (LPS mm) that satisfies a test, for clicks in the
// 3D view (keep the island under a click, grow from the bone surface seen there).
//
// Exact traversal: the ray is mapped into continuous index space (the grid's affine,
// direction cosines and spacing included), where voxel (i, j, k) is the unit cube centred on
// (i, j, k); it is clipped to the grid's box and walked with the 3D DDA of Amanatides & Woo
// ("A Fast Voxel Traversal Algorithm for Ray Tracing", Eurographics 1987): every voxel the
// ray passes through is visited once, in order along the ray, in O(voxels crossed). A ray
// through an edge or corner steps one axis at a time (one of the touching voxels is visited).
#include <functional>
#include <optional>

#include "io/volume.h"
#include "seg/label_map.h"

namespace marrow::tools {

struct RayHit {
    Index3 voxel{};   // the hit voxel
    Vec3 centreLps;   // its centre, LPS mm
    double t = 0;     // ray parameter of the entry into that voxel (origin + t * direction)
};

// Walks the voxels of grid g that the ray origin + t * direction (t >= 0, LPS mm; direction
// need not be unit) passes through, nearest first, and returns the first one for which
// accept(voxel) is true; nullopt when none is (the ray misses the grid, or a zero or
// non-finite direction).
std::optional<RayHit> firstVoxelAlongRay(const ImageGeometry& g, Vec3 originLps, Vec3 directionLps,
                                         const std::function<bool(const Index3&)>& accept);

// The first voxel of segment `segment` along the ray; segment 0: of any visible segment.
std::optional<RayHit> firstLabelAlongRay(const LabelMap& labels, Vec3 originLps, Vec3 directionLps, Label segment);

// The first voxel whose value (HU) is in [lo, hi] along the ray (the seed of a grow).
std::optional<RayHit> firstValueInRangeAlongRay(const Volume& image, Vec3 originLps, Vec3 directionLps, double lo,
                                                double hi);

}  // namespace marrow::tools
