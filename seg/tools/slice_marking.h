#pragma once
// Slice-by-slice manual marking: draw a closed contour (freehand or polygon, LPS mm) on a
// slice to fill it into a segment (or erase it); the slice is remembered as marked for
// that segment and axis. fillBetweenSlices() then interpolates the marked slices into the
// unmarked ones between them (signed-distance interpolation, seg/algo/regions.h
// interpolateSlices), on any of the three axes.
//
// SliceMarks lives with the document, next to the LabelMap. Marks are bookkeeping, not
// voxels: undoing a contour keeps its slice listed (re-drawing it is the expected next act).
#include <array>
#include <map>
#include <set>
#include <vector>

#include "io/progress.h"
#include "seg/editor.h"

namespace marrow::tools {

class SliceMarks {
public:
    void mark(Label segment, int axis, int slice) { marks_[segment][axis].insert(slice); }
    void unmark(Label segment, int axis, int slice) { marks_[segment][axis].erase(slice); }
    std::vector<int> slices(Label segment, int axis) const;  // ascending
    void clear(Label segment) { marks_.erase(segment); }

private:
    std::map<Label, std::array<std::set<int>, 3>> marks_;
};

struct SliceContourParams {
    int axis = 2;                   // index axis normal to the slice
    int slice = 0;
    std::vector<Vec3> contourLps;   // closed polygon, >= 3 points
    bool erase = false;             // erase inside the contour instead of filling it
    Label segment = 1;
    EditOptions options;
};

// Fills (or erases) the contour on its slice and marks the slice. One undo step.
EditResult markSlice(LabelMapEditor& editor, const SliceContourParams& params, SliceMarks& marks);

struct FillBetweenParams {
    int axis = 2;
    Label segment = 1;
    EditOptions options;
};

// Needs at least two marked slices on the axis; fills the unmarked slices between them.
// One undo step. Throws marrow::Error when fewer than two slices are marked.
EditResult fillBetweenSlices(LabelMapEditor& editor, const FillBetweenParams& params, const SliceMarks& marks,
                             const ProgressFn& progress = {});

}  // namespace marrow::tools
