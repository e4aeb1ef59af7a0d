#include <gtest/gtest.h>

#include "seg/tools/paint.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

// Expected counts were computed independently by brute force (lattice points within the
// ellipsoid / capsule in mm) in Python.

TEST(Paint, SphereVoxelCountsHonourAnisotropicSpacing) {
    struct Case { Vec3 spacing; double r; size_t expected; };
    for (const Case& c : {Case{{1, 1, 1}, 2, 33}, Case{{0.5, 0.5, 2}, 3, 251}, Case{{0.8, 0.8, 2.5}, 5, 317}}) {
        const ImageGeometry g({64, 64, 32}, c.spacing, {-10, 20, 5});
        PaintParams p;
        p.radiusMm = c.r;
        const Vec3 centre = g.indexToPatient({30, 31, 15});
        EXPECT_EQ(brushMask(g, p, {centre}).count(), c.expected) << "r " << c.r << " spacing " << c.spacing.z;
    }
}

TEST(Paint, DiskStaysOnOneSlice) {
    const ImageGeometry g({64, 64, 32}, {0.5, 0.5, 2});
    PaintParams p;
    p.radiusMm = 3;
    p.shape = BrushShape::Disk;
    p.sliceAxis = 2;
    const BoxMask m = brushMask(g, p, {g.indexToPatient({30, 30, 7})});
    EXPECT_EQ(m.count(), 113u);
    EXPECT_EQ(m.box.lo[2], 7);
    EXPECT_EQ(m.box.hi[2], 8);
}

TEST(Paint, StrokeBetweenFarPointsLeavesNoGap) {
    const ImageGeometry g({64, 40, 40}, {1, 1, 1});
    PaintParams p;
    p.radiusMm = 3;
    // Two points 40 mm apart (a fast drag): the capsule between them, 1283 voxels.
    EXPECT_EQ(brushMask(g, p, {{10, 20, 20}, {50, 20, 20}}).count(), 1283u);
    const ImageGeometry ga({40, 40, 16}, {0.7, 0.7, 1.5});
    p.radiusMm = 2;
    EXPECT_EQ(brushMask(ga, p, {ga.indexToPatient({5, 6, 4}), ga.indexToPatient({30, 25, 10})}).count(), 458u);
}

TEST(Paint, InteractiveStrokeEqualsWholeStroke) {
    const ImageGeometry g({48, 48, 20}, {0.9, 0.9, 2});
    const std::vector<Vec3> pts{g.indexToPatient({5, 5, 5}), g.indexToPatient({30, 8, 9}), g.indexToPatient({40, 40, 12})};
    PaintParams p;
    p.radiusMm = 2.5;
    LabelMap m1(g), m2(g);
    History h1, h2;
    LabelMapEditor e1(m1, h1), e2(m2, h2);
    p.segment = e1.addSegment("a");
    e2.addSegment("a");
    paintStroke(e1, p, pts);
    BrushStroke s(e2, p);
    for (const Vec3& q : pts) s.addPoint(q);
    s.finish();
    EXPECT_TRUE(m1.sameVoxels(m2));
    EXPECT_EQ(countLabel(m1, p.segment), brushMask(g, p, pts).count());
}

TEST(Paint, EraseRemovesOnlyUnderTheBrush) {
    const ImageGeometry g({32, 32, 32}, {1, 1, 1});
    LabelMap m(g);
    History h;
    LabelMapEditor e(m, h);
    PaintParams p;
    p.segment = e.addSegment("a");
    p.radiusMm = 5;
    paintStroke(e, p, {{16, 16, 16}});
    const size_t full = countLabel(m, p.segment);
    p.erase = true;
    p.radiusMm = 2;
    paintStroke(e, p, {{16, 16, 16}});
    EXPECT_EQ(countLabel(m, p.segment), full - 33);
}

TEST(Paint, RejectsBadRadius) {
    const ImageGeometry g({8, 8, 8}, {1, 1, 1});
    PaintParams p;
    p.radiusMm = -1;
    EXPECT_THROW(brushMask(g, p, {{1, 1, 1}}), Error);
    p.radiusMm = std::nan("");
    EXPECT_THROW(brushMask(g, p, {{1, 1, 1}}), Error);
}
