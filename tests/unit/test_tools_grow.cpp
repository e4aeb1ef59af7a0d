#include <gtest/gtest.h>

#include "seg/tools/grow.h"
#include "seg/tools/remove_table.h"
#include "seg/tools/threshold.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// Air, with two 8^3 "bone" blocks (500 HU) joined by a 1-voxel bridge 3 voxels long.
Volume twoBones() {
    const ImageGeometry g({30, 14, 14}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    std::fill(p, p + v.voxelCount(), int16_t(-1000));
    for (int k = 3; k < 11; ++k)
        for (int j = 3; j < 11; ++j)
            for (int i = 0; i < 30; ++i)
                if (i < 8 || (i >= 11 && i < 19)) p[g.linearIndex(i, j, k)] = 500;
    for (int i = 8; i < 11; ++i) p[g.linearIndex(i, 6, 6)] = 500;  // the bridge
    return v;
}

}  // namespace

TEST(Grow, FollowsTheRangeAndStopsAtNecksWithMinimumDiameter) {
    const Volume v = twoBones();
    LabelMap m(v.geometry());
    History h;
    LabelMapEditor e(m, h);
    GrowParams p;
    p.segment = e.addSegment("bone");
    p.seedLps = {2, 5, 5};
    EXPECT_EQ(grow(e, v, p).changedVoxels, 512u * 2 + 3);  // both blocks through the bridge
    e.undo();
    p.minDiameterMm = 3;  // opened with a 5^3 box: the bridge is cut; 2 voxels of stub regrow
    EXPECT_EQ(grow(e, v, p).changedVoxels, 512u + 2);
    EXPECT_EQ(m.at(18, 6, 6), 0);
    p.seedLps = {100, 0, 0};
    EXPECT_THROW(grow(e, v, p), Error);
    p.seedLps = {2, 5, 5};
    p.lo = 10;
    p.hi = 0;
    EXPECT_THROW(grow(e, v, p), Error);
}

TEST(RemoveTable, ErasesLabelsOutsideTheBodyAndReturnsIt) {
    // A body (40 HU, 16x16x10) holding a bone (400 HU, 4^3) and, apart from it, a table
    // slab (400 HU as well, 20x2x10) that a bone threshold picks up too.
    const ImageGeometry g({20, 24, 10}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < 10; ++k)
        for (int j = 0; j < 24; ++j)
            for (int i = 0; i < 20; ++i) {
                int hu = -1000;
                if (i >= 2 && i < 18 && j >= 2 && j < 18) hu = 40;
                if (i >= 8 && i < 12 && j >= 8 && j < 12 && k >= 3 && k < 7) hu = 400;
                if (j >= 21 && j < 23) hu = 400;
                p[g.linearIndex(i, j, k)] = int16_t(hu);
            }
    LabelMap m(g);
    History h;
    LabelMapEditor e(m, h);
    ThresholdParams tp;
    tp.segment = e.addSegment("bone");
    EXPECT_EQ(threshold(e, v, tp).changedVoxels, 64u + 400);
    const RemoveTableResult r = removeTable(e, v);
    EXPECT_EQ(r.edit.changedVoxels, 400u);
    EXPECT_EQ(m.countLabel(tp.segment), 64u);
    EXPECT_EQ(r.body.count(), 16u * 16 * 10);
    // Later edits confined to the body leave the table alone.
    tp.options.editableArea = &r.body;
    EXPECT_EQ(threshold(e, v, tp).changedVoxels, 0u);
}
