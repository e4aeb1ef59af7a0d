#pragma once
// Slice-by-slice manual marking: draw a closed contour (freehand or polygon, LPS mm) on a
// slice to fill it into a segment (or erase it); the slice is remembered as marked for
// that segment and axis. fillBetweenSlices() then interpolates the marked slices into the
// unmarked ones between them (signed-distance interpolation, seg/algo/regions.h
// interpolateSlices), on any of the three axes.
//
// SliceMarks lives with the document, next to the LabelMap (clear it when the label map is
// replaced). Each mark records the label-map state (History::state()) its contour produced,
// and a slice counts as marked only while that state is applied: undoing a contour unmarks
// its slice (redoing it marks it again), so fill-between never interpolates from a slice
// whose drawing was taken back. A slice drawn several times stays marked while any of its
// contours is applied. Marks drawn before the segment was deleted (merged away, relabelled)
// by a step still applied do not count, so a new segment that reuses the id starts unmarked.
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "io/progress.h"
#include "seg/editor.h"

namespace marrow::tools {

class SliceMarks {
public:
    // `state`: the History::state() the marking step left (see markSlice).
    void mark(Label segment, int axis, int slice, uint64_t state) { marks_[segment][axis][slice].insert(state); }
    void unmark(Label segment, int axis, int slice) { marks_[segment][axis].erase(slice); }
    // The slices with at least one mark whose state is still applied in `history` and not
    // older than the segment's last removal (History::lastStepWithout), ascending.
    std::vector<int> slices(Label segment, int axis, const History& history) const;
    void clear(Label segment) { marks_.erase(segment); }
    void clear() { marks_.clear(); }

private:
    // segment -> axis -> slice -> states of the contours drawn there
    std::map<Label, std::array<std::map<int, std::set<uint64_t>>, 3>> marks_;
};

struct SliceContourParams {
    int axis = 2;                   // index axis normal to the slice
    int slice = 0;
    std::vector<Vec3> contourLps;   // closed polygon, >= 3 points
    bool erase = false;             // erase inside the contour instead of filling it
    Label segment = 1;
    EditOptions options;
};

// Fills (or erases) the contour on its slice and marks the slice with the state it left
// (inside an open editor step: the state that step will get when it commits; a contour
// that changed nothing: the current state). One undo step.
EditResult markSlice(LabelMapEditor& editor, const SliceContourParams& params, SliceMarks& marks);

struct FillBetweenParams {
    int axis = 2;
    Label segment = 1;
    EditOptions options;
};

// Needs at least two marked slices on the axis (marks whose contour was undone do not
// count); fills the unmarked slices between them.
// One undo step. Throws marrow::Error when fewer than two slices are marked.
EditResult fillBetweenSlices(LabelMapEditor& editor, const FillBetweenParams& params, const SliceMarks& marks,
                             const ProgressFn& progress = {});

}  // namespace marrow::tools
