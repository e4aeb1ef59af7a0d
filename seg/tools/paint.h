#pragma once
// Paint and erase with a brush: a 3D sphere, or a 2D disk on the slice normal to index axis
// sliceAxis, of radius radiusMm (distances in mm, so anisotropic spacing gives an
// ellipsoid in voxels). A voxel is under the brush when its centre is within radiusMm of
// the stroke: consecutive points are joined by the swept brush (a capsule), so a fast drag
// that reports points far apart leaves no gaps.
//
// Two ways to drive it, same result:
//   paintStroke(editor, params, points)      all points at once (CLI, tests)
//   BrushStroke s(editor, params); s.addPoint(p)...; s.finish()   (GUI, as the mouse moves)
// Either way the whole stroke is one undo step.
#include <string>
#include <vector>

#include "seg/editor.h"

namespace marrow::tools {

enum class BrushShape { Sphere, Disk };

struct PaintParams {
    double radiusMm = 5;
    BrushShape shape = BrushShape::Sphere;
    int sliceAxis = 2;    // Disk only: the index axis normal to the painted slice
    Label segment = 1;    // paint: the segment; erase: the segment to erase (0: any)
    bool erase = false;
    EditOptions options;  // masking rules
};

// The voxels under the stroke (points in LPS mm). A Disk stays on the slice of the first
// point; later points are projected onto it. Throws marrow::Error on a radius <= 0 or NaN.
BoxMask brushMask(const ImageGeometry& g, const PaintParams& params, const std::vector<Vec3>& pointsLps);

EditResult paintStroke(LabelMapEditor& editor, const PaintParams& params, const std::vector<Vec3>& pointsLps);

// An interactive stroke: one undo step from construction to finish() (or destruction).
class BrushStroke {
public:
    BrushStroke(LabelMapEditor& editor, const PaintParams& params);
    ~BrushStroke();
    BrushStroke(const BrushStroke&) = delete;
    BrushStroke& operator=(const BrushStroke&) = delete;
    // Paints from the previous point to p; returns what this segment of the stroke changed
    // (the box to redraw now).
    EditResult addPoint(Vec3 lps);
    EditResult finish();  // commits the step; returns the whole stroke's change

private:
    LabelMapEditor& editor_;
    PaintParams params_;
    std::vector<Vec3> last_;  // 0 or 1 point
    bool open_ = true;
    bool haveSlice_ = false;
    Vec3 firstPoint_{};
};

}  // namespace marrow::tools
