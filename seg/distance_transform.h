#pragma once
// Exact Euclidean distance transform on an anisotropic voxel grid.
//
// Separable algorithm of Felzenszwalb & Huttenlocher ("Distance Transforms of Sampled
// Functions", Theory of Computing 8, 2012): the squared distance to the nearest feature
// voxel is computed by three 1D passes (i, then j, then k), each the lower envelope of
// parabolas of one grid line. Exact (no chamfer approximation), O(N) per pass; lines of a
// pass are independent and run in parallel (TBB). Distances are between voxel centres,
// in millimetres, with spacing per axis; the grid axes are taken as orthogonal (true of
// CT and of every grid ImageGeometry holds with an orthonormal direction matrix).
#include <array>
#include <limits>
#include <vector>

#include "io/geometry.h"

namespace marrow::edt {

constexpr float kInfinity = std::numeric_limits<float>::infinity();

// In: values[i + nx*(j + ny*k)] is 0 at feature voxels and kInfinity elsewhere.
// Out: squared distance in mm^2 to the nearest feature voxel (kInfinity without features).
void squaredDistanceTransform(std::vector<float>& values, std::array<int, 3> dims, Vec3 spacingMm);

}  // namespace marrow::edt
