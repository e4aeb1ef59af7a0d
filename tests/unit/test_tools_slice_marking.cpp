#include <gtest/gtest.h>

#include <tuple>

#include "seg/tools/slice_marking.h"
#include "seg/tools/tool_common.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// A square contour on slice `slice` of axis, in-plane corners (lo, lo)-(hi, hi) in mm
// (1 mm voxels at origin 0).
std::vector<Vec3> square(int axis, int slice, double lo, double hi) {
    const auto [u, v] = inPlaneAxes(axis);
    std::vector<Vec3> out;
    for (auto [a, b] : {std::pair{lo, lo}, {hi, lo}, {hi, hi}, {lo, hi}}) {
        Vec3 q{};
        q[axis] = slice;
        q[u] = a;
        q[v] = b;
        out.push_back(q);
    }
    return out;
}

// A 16^3 document with segment "a" and its slice marks.
struct MarkDoc : EditDoc {
    SliceMarks marks;
    SliceContourParams p;
    MarkDoc() : EditDoc(ImageGeometry({16, 16, 16}, {1, 1, 1})) { p.segment = editor.addSegment("a"); }
};

}  // namespace

TEST(SliceMarking, ContoursOnTwoSlicesFillTheSlicesBetween) {
    for (int axis : {0, 1, 2}) {
        MarkDoc d;
        auto [m, h, e, marks, p] = std::tie(d.map, d.history, d.editor, d.marks, d.p);
        p.axis = axis;
        // A square covering in-plane centres 4..9 (6 x 6 = 36 voxels) on slices 3 and 8.
        for (int slice : {3, 8}) {
            p.slice = slice;
            p.contourLps = square(axis, slice, 3.5, 9.5);
            EXPECT_EQ(markSlice(e, p, marks).changedVoxels, 36u);
        }
        EXPECT_EQ(marks.slices(p.segment, axis, h), (std::vector<int>{3, 8}));
        FillBetweenParams f;
        f.axis = axis;
        f.segment = p.segment;
        EXPECT_EQ(fillBetweenSlices(e, f, marks).changedVoxels, 36u * 4) << "axis " << axis;
        EXPECT_EQ(m.countLabel(p.segment), 36u * 6);
        EXPECT_EQ(h.undoCount(), 4u);
    }
}

TEST(SliceMarking, EraseContourAndNeedsTwoSlices) {
    MarkDoc d;
    auto [m, e, marks, p] = std::tie(d.map, d.editor, d.marks, d.p);
    p.slice = 5;
    p.contourLps = square(2, 5, 0.5, 4.5);
    markSlice(e, p, marks);
    EXPECT_EQ(m.countLabel(p.segment), 16u);
    p.erase = true;
    p.contourLps = square(2, 5, 0.5, 2.5);
    EXPECT_EQ(markSlice(e, p, marks).changedVoxels, 4u);
    FillBetweenParams f;
    f.segment = p.segment;
    EXPECT_THROW(fillBetweenSlices(e, f, marks), Error);
}

// Undoing a contour unmarks its slice (the engine bug this guards: fill-between used to
// interpolate from the emptied slice); redo marks it again; a new edit after the undo
// drops the redo step and with it the mark for good.
TEST(SliceMarking, UndoneContourNoLongerCountsAsMarked) {
    MarkDoc d;
    auto [m, h, e, marks, p] = std::tie(d.map, d.history, d.editor, d.marks, d.p);
    for (int slice : {2, 6, 10}) {
        p.slice = slice;
        p.contourLps = square(2, slice, 3.5, 9.5);  // 36 voxels each
        markSlice(e, p, marks);
    }
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{2, 6, 10}));
    e.undo();  // slice 10's contour
    EXPECT_EQ(m.countLabel(p.segment), 72u);
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{2, 6}));
    e.redo();
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{2, 6, 10}));
    e.undo();
    FillBetweenParams f;
    f.segment = p.segment;
    // Slices 3..5 only: slice 10 was undone, so nothing is interpolated towards it.
    EXPECT_EQ(fillBetweenSlices(e, f, marks).changedVoxels, 36u * 3);
    EXPECT_EQ(m.countLabel(p.segment), 36u * 5);
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{2, 6}));  // the redo is gone
    e.undo();  // the fill
    e.undo();  // slice 6
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{2}));
    EXPECT_THROW(fillBetweenSlices(e, f, marks), Error);
}

TEST(SliceMarking, RedrawnSliceStaysMarkedWhileAnyContourIsApplied) {
    MarkDoc d;
    auto [m, h, e, marks, p] = std::tie(d.map, d.history, d.editor, d.marks, d.p);
    p.slice = 4;
    p.contourLps = square(2, 4, 0.5, 4.5);
    markSlice(e, p, marks);
    p.contourLps = square(2, 4, 8.5, 12.5);  // a second contour on the same slice
    markSlice(e, p, marks);
    EXPECT_EQ(m.countLabel(p.segment), 32u);
    e.undo();
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{4}));
    e.undo();
    EXPECT_TRUE(marks.slices(p.segment, 2, h).empty());
    // A contour drawn inside an open step belongs to that step.
    {
        ScopedStep step(e, "two contours");
        markSlice(e, p, marks);
        p.slice = 9;
        p.contourLps = square(2, 9, 8.5, 12.5);
        markSlice(e, p, marks);
    }
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{4, 9}));
    e.undo();
    EXPECT_TRUE(marks.slices(p.segment, 2, h).empty());
    EXPECT_EQ(m.countLabel(p.segment), 0u);
}

// Steps dropped for the history's byte budget were applied and stay applied.
TEST(SliceMarking, MarksSurviveStepsDroppedForBudget) {
    MarkDoc d;
    auto [m, h, e, marks, p] = std::tie(d.map, d.history, d.editor, d.marks, d.p);
    for (int slice : {1, 7}) {
        p.slice = slice;
        p.contourLps = square(2, slice, 3.5, 9.5);
        markSlice(e, p, marks);
    }
    h.setBudget(1);  // keeps only the newest step
    EXPECT_EQ(h.undoCount(), 1u);
    EXPECT_EQ(marks.slices(p.segment, 2, h), (std::vector<int>{1, 7}));
    FillBetweenParams f;
    f.segment = p.segment;
    EXPECT_EQ(fillBetweenSlices(e, f, marks).changedVoxels, 36u * 5);
}
