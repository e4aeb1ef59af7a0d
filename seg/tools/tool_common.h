#pragma once
// Small helpers shared by the tools: millimetre boxes and points to voxels, and the
// polygon scanline fill used by scissors and slice marking.
#include <array>
#include <vector>

#include "seg/label_map.h"

namespace marrow::tools {

// Voxels whose centres lie inside the LPS box spanned by corners a and b (any order).
// Exact for grids whose axes are aligned with LPS (possibly flipped); for oblique grids,
// the index-space bounding box of the mm box. Clipped to the grid (may be empty).
VoxelBox voxelBoxFromMm(const ImageGeometry& g, Vec3 a, Vec3 b);

// Nearest voxel of an LPS point; throws marrow::Error "<what>: ... outside the image" when
// the point is off the grid.
Index3 requireVoxel(const ImageGeometry& g, Vec3 lps, const char* what);

// Scanline fill of a closed polygon (even-odd rule) on a width x height raster whose pixel
// (x, y) has its centre at (x0 + x*dx, y0 + y*dy). Returns width*height bytes of 0/1, x
// fastest. A pixel centre exactly on a left/bottom edge counts as inside, on a right/top
// edge as outside, so two polygons sharing an edge never both claim a pixel.
std::vector<uint8_t> fillPolygon(const std::vector<std::array<double, 2>>& polygon, int width, int height,
                                 double x0 = 0, double y0 = 0, double dx = 1, double dy = 1);

// The two in-plane index axes of a slice normal to index axis `axis` (ascending order).
inline std::array<int, 2> inPlaneAxes(int axis) {
    return axis == 0 ? std::array<int, 2>{1, 2} : axis == 1 ? std::array<int, 2>{0, 2} : std::array<int, 2>{0, 1};
}

// Throws marrow::Error unless axis is 0, 1 or 2 and slice lies on the grid.
void requireSlice(const ImageGeometry& g, int axis, int slice, const char* what);

}  // namespace marrow::tools
