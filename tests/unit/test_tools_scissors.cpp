#include <gtest/gtest.h>

#include "seg/tools/scissors.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

struct Doc : EditDoc {
    Label seg = 0;
    explicit Doc(const ImageGeometry& g) : EditDoc(g) {
        seg = editor.addSegment("a");
        editor.apply(Modifier::everywhere(g), EditMode::Set, seg);
    }
};

ScissorsSliceParams sliceParams(int axis, int slice, std::vector<Vec3> polygon) {
    ScissorsSliceParams p;
    p.axis = axis;
    p.slice = slice;
    p.polygonLps = std::move(polygon);
    return p;
}

}  // namespace

TEST(Scissors, SliceRectangleEraseInsideOutsideAndThroughVolume) {
    // 1 mm voxels, origin 0: a rectangle from x 2.5..7.5, y 3.5..5.5 covers centres
    // i 3..7 (5) x j 4..5 (2) = 10 voxels per slice.
    const ImageGeometry g({20, 16, 12}, {1, 1, 1});
    const std::vector<Vec3> rect{{2.5, 3.5, 6}, {7.5, 3.5, 6}, {7.5, 5.5, 6}, {2.5, 5.5, 6}};
    {
        Doc d(g);
        ScissorsSliceParams p = sliceParams(2, 6, rect);
        EXPECT_EQ(scissorsSlice(d.editor, p).changedVoxels, 10u);
        EXPECT_EQ(d.map.at(3, 4, 6), 0);
        EXPECT_EQ(d.map.at(3, 4, 5), d.seg);
    }
    {
        Doc d(g);
        ScissorsSliceParams p = sliceParams(2, 6, rect);
        p.mode = ScissorsMode::EraseOutside;
        EXPECT_EQ(scissorsSlice(d.editor, p).changedVoxels, 20u * 16 - 10);
    }
    {
        Doc d(g);
        ScissorsSliceParams p = sliceParams(2, 6, rect);
        p.mode = ScissorsMode::EraseOutside;
        p.throughVolume = true;
        scissorsSlice(d.editor, p);
        EXPECT_EQ(countLabel(d.map, d.seg), 10u * 12);
    }
    {   // A triangle on a sagittal slice (axis 0), filled into an empty segment.
        LabelMap m(g);
        History h;
        LabelMapEditor e(m, h);
        ScissorsSliceParams p = sliceParams(0, 4, {{4, 0.5, 0.5}, {4, 10.5, 0.5}, {4, 0.5, 10.5}});
        p.mode = ScissorsMode::FillInside;
        p.segment = e.addSegment("b");
        // Centres (j, k) with j, k >= 1 and j + k < 11 (the hypotenuse is outside): 45.
        EXPECT_EQ(scissorsSlice(e, p).changedVoxels, 45u);
    }
}

TEST(Scissors, ViewPolygonFollowsTheRays) {
    // Orthographic view looking down -z: clip x = (x - 10)/10, clip y = (y - 8)/8, w = 1.
    const ImageGeometry g({20, 16, 12}, {1, 1, 1});
    Doc d(g);
    ScissorsViewParams p;
    p.worldToClip = {0.1, 0, 0, -1, 0, 0.125, 0, -1, 0, 0, -0.05, 0, 0, 0, 0, 1};
    // NDC square [-0.45, 0.05] x [-0.3, 0.2] -> x in [5.5, 10.5], y in [5.6, 9.6]:
    // i 6..10 (5) x j 6..9 (4) on all 12 slices.
    p.polygonNdc = {{-0.45, -0.3}, {0.05, -0.3}, {0.05, 0.2}, {-0.45, 0.2}};
    p.mode = ScissorsMode::EraseInside;
    EXPECT_EQ(scissorsView(d.editor, p).changedVoxels, 5u * 4 * 12);
    d.editor.undo();
    p.mode = ScissorsMode::EraseOutside;
    scissorsView(d.editor, p);
    EXPECT_EQ(countLabel(d.map, d.seg), 5u * 4 * 12);
    // Behind the camera (w <= 0) nothing is inside.
    d.editor.undo();
    p.worldToClip[15] = -1;
    p.mode = ScissorsMode::EraseInside;
    EXPECT_EQ(scissorsView(d.editor, p).changedVoxels, 0u);
}

TEST(Scissors, RejectsDegenerateInput) {
    Doc d(ImageGeometry({8, 8, 8}, {1, 1, 1}));
    ScissorsSliceParams p = sliceParams(2, 3, {{0, 0, 3}, {1, 1, 3}});
    EXPECT_THROW(scissorsSlice(d.editor, p), Error);
    p.polygonLps.push_back({0, 2, 3});
    p.slice = 8;
    EXPECT_THROW(scissorsSlice(d.editor, p), Error);
}
