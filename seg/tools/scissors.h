#pragma once
// Scissors: a closed polygon (lasso) or rectangle drawn in a view cuts the label map.
//   - MPR view: the polygon lies on the slice normal to index axis `axis` at index `slice`,
//     given in LPS mm; it cuts that slice only, or extruded along the axis through the
//     whole volume.
//   - 3D view: the polygon is in normalised device coordinates (x, y in [-1, 1]) of a view
//     whose world(LPS mm)->clip matrix is given; a voxel is inside when its centre
//     projects inside the polygon (in front of the camera: clip w > 0), i.e. the cut
//     follows the view rays through the whole volume.
// Modes: erase inside, erase outside, fill inside. "Outside" is limited to the slice in
// slice mode. Pixel-centre rule of tools::fillPolygon; the 3D polygon is rasterised at
// 4096 x 4096 over its bounding box in NDC (sub-pixel at any screen size).
#include <array>
#include <vector>

#include "seg/editor.h"

namespace marrow::tools {

enum class ScissorsMode { EraseInside, EraseOutside, FillInside };

struct ScissorsSliceParams {
    int axis = 2;                   // index axis normal to the slice
    int slice = 0;                  // index along axis
    std::vector<Vec3> polygonLps;   // >= 3 points (a rectangle: its 4 corners), LPS mm
    bool throughVolume = false;     // extrude along axis instead of this slice only
    ScissorsMode mode = ScissorsMode::EraseInside;
    Label segment = 0;              // fill: the segment; erase: the segment to cut (0: all)
    EditOptions options;
};

struct ScissorsViewParams {
    std::array<double, 16> worldToClip{};             // row-major, LPS mm -> clip
    std::vector<std::array<double, 2>> polygonNdc;    // >= 3 points
    ScissorsMode mode = ScissorsMode::EraseOutside;
    Label segment = 0;
    EditOptions options;
};

// Throw marrow::Error on fewer than 3 points or a slice off the grid.
EditResult scissorsSlice(LabelMapEditor& editor, const ScissorsSliceParams& params);
EditResult scissorsView(LabelMapEditor& editor, const ScissorsViewParams& params);

// The 2D inside-mask of a slice polygon: dim(u) x dim(v) bytes, u fastest, where (u, v) =
// inPlaneAxes(axis). Shared with slice-by-slice marking.
std::vector<uint8_t> slicePolygonMask(const ImageGeometry& g, int axis, const std::vector<Vec3>& polygonLps);

}  // namespace marrow::tools
