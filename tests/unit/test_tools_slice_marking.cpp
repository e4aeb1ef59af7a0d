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
        EXPECT_EQ(marks.slices(p.segment, axis), (std::vector<int>{3, 8}));
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
