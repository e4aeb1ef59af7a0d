#pragma once
// Marker-controlled watershed on the distance transform: split a binary region along its
// narrow necks (two bones that touch, a femoral head in its acetabulum).
//
// All functions work on a flat grid (i fastest) of `dims` voxels whose outermost layer holds
// no inside voxel (callers pad their box by one voxel): neighbours of an inside voxel then
// always exist, so the inner loops carry no bounds checks.
#include <array>
#include <cstdint>
#include <vector>

#include "io/geometry.h"
#include "seg/algo/connectivity.h"

namespace marrow {

// For every inside voxel, the Euclidean distance in mm from its centre to the nearest
// outside voxel's centre (spacing per axis, so anisotropic grids are exact); 0 outside.
// TBB-parallel (seg/distance_transform.h).
std::vector<float> insideDistanceMm(const std::vector<uint8_t>& inside, std::array<int, 3> dims, Vec3 spacingMm);

// Marker-controlled watershed of the height -distance (Meyer's flooding): marker m (box-local
// linear index of an inside voxel) gets label m+1; the floods rise from the markers, and
// each inside voxel takes the label of the flood that reaches it first, floods at the same
// height in the order they arrived (so a plateau is shared by geodesic distance). Inside
// voxels no marker reaches (another island of the region) stay 0. Deterministic. Markers
// must be distinct inside voxels; at most 65535 of them.
std::vector<uint16_t> markerWatershed(const std::vector<float>& distanceMm, const std::vector<uint8_t>& inside,
                                      std::array<int, 3> dims, const std::vector<size_t>& markers,
                                      Connectivity c = Connectivity::TwentySix);

// Automatic markers: the maxima of the distance that stand out (h-maxima by persistence).
// Walking the inside voxels from the largest distance down and merging the regions that meet
// (union-find, the older = higher peak survives), a region's peak becomes a marker when
//   peak distance >= minPeakMm                   (the part holds a ball of that radius), and
//   peak distance - distance where it met an older region >= minDepthMm  (its neck is that much
//                                                 narrower than the part: a bump of the surface
//                                                 or a plateau gives no extra marker).
// Every island of the region whose highest peak passes the first rule gives one marker.
// Returned by decreasing peak distance (ties: lower index first).
std::vector<size_t> distanceMaximaMarkers(const std::vector<float>& distanceMm, const std::vector<uint8_t>& inside,
                                          std::array<int, 3> dims, double minPeakMm, double minDepthMm,
                                          Connectivity c = Connectivity::TwentySix);

}  // namespace marrow
