// Ray picking (seg/tools/ray_pick.h): the exact sequence of voxels a ray crosses, the first
// labelled voxel on axis-aligned, oblique and flipped/rotated grids, misses.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "seg/tools/ray_pick.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// Every voxel the ray crosses, in order (accept records and never accepts).
std::vector<Index3> crossed(const ImageGeometry& g, Vec3 o, Vec3 d) {
    std::vector<Index3> out;
    EXPECT_FALSE(firstVoxelAlongRay(g, o, d, [&](const Index3& v) {
        out.push_back(v);
        return false;
    }));
    return out;
}

void label(EditDoc& d, Label id, Index3 v) {
    d.editor.apply(Modifier::of(filledBox({v, {v[0] + 1, v[1] + 1, v[2] + 1}})), EditMode::Set, id);
}

// Rotated 30 degrees about S, the second axis and the third flipped, anisotropic spacing.
ImageGeometry obliqueGrid(std::array<int, 3> dims) {
    const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
    Mat3 dir;
    dir.setColumn(0, {c, s, 0});
    dir.setColumn(1, {s, -c, 0});
    dir.setColumn(2, {0, 0, -1});
    return ImageGeometry(dims, {2, 0.5, 3}, {10, -20, 5}, dir);
}

}  // namespace

// Hand-traced: from (-1, 0.2) along (1, 0.5) on a 6 x 4 x 1 grid of 1 mm voxels, entering
// at x = -0.5 (t = 0.5) and leaving at x = 5.5 (t = 6.5, before y reaches 3.5 at t = 6.6).
const std::vector<Index3> kObliqueSequence{{0, 0, 0}, {0, 1, 0}, {1, 1, 0}, {2, 1, 0}, {2, 2, 0},
                                           {3, 2, 0}, {4, 2, 0}, {4, 3, 0}, {5, 3, 0}};

TEST(RayPick, ObliqueRayCrossesExactlyTheseVoxels) {
    const ImageGeometry g({6, 4, 1}, {1, 1, 1});
    EXPECT_EQ(crossed(g, {-1, 0.2, 0}, {1, 0.5, 0}), kObliqueSequence);
    // The direction's length does not matter.
    EXPECT_EQ(crossed(g, {-1, 0.2, 0}, {10, 5, 0}), kObliqueSequence);
}

TEST(RayPick, SameSequenceOnARotatedFlippedAnisotropicGrid) {
    // The same ray written in index space, mapped to LPS through the oblique grid.
    const ImageGeometry g = obliqueGrid({6, 4, 1});
    const Vec3 o = g.indexToPatient({-1, 0.2, 0});
    const Vec3 d = g.indexToPatient({0, 0.7, 0}) - o;
    EXPECT_EQ(crossed(g, o, d), kObliqueSequence);
}

TEST(RayPick, AxisAlignedHitsTheNearestLabelledVoxelFromEitherSide) {
    EditDoc d(smallGrid({10, 8, 6}));
    const Label a = d.editor.addSegment("a");
    label(d, a, {6, 3, 2});
    label(d, a, {8, 3, 2});
    auto hit = firstLabelAlongRay(d.map, {-5, 3, 2}, {1, 0, 0}, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{6, 3, 2}));
    EXPECT_EQ(hit->centreLps, (Vec3{6, 3, 2}));
    EXPECT_DOUBLE_EQ(hit->t, 10.5);  // enters voxel 6 at x = 5.5
    hit = firstLabelAlongRay(d.map, {20, 3, 2}, {-1, 0, 0}, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{8, 3, 2}));
    // A ray one voxel higher (y = 4) misses both; a ray grazing the boundary y = 3.4 hits.
    EXPECT_FALSE(firstLabelAlongRay(d.map, {-5, 4, 2}, {1, 0, 0}, a));
    EXPECT_TRUE(firstLabelAlongRay(d.map, {-5, 3.4, 2}, {1, 0, 0}, a));
}

TEST(RayPick, StartingOnABoundaryGoesIntoTheVoxelAhead) {
    EditDoc d(smallGrid({10, 8, 6}));
    const Label a = d.editor.addSegment("a");
    label(d, a, {2, 1, 1});
    label(d, a, {4, 1, 1});
    // From the face between voxels 3 and 4, going -x: voxel 4 is behind the ray.
    const auto hit = firstLabelAlongRay(d.map, {3.5, 1, 1}, {-1, 0, 0}, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{2, 1, 1}));
    EXPECT_DOUBLE_EQ(hit->t, 1.0);
}

TEST(RayPick, FlippedGridHitsInPatientOrder) {
    // x = -i: going +x in LPS walks i downwards.
    Mat3 flip;
    flip.setColumn(0, {-1, 0, 0});
    EditDoc d(ImageGeometry({10, 10, 10}, {1, 1, 1}, {0, 0, 0}, flip));
    const Label a = d.editor.addSegment("a");
    label(d, a, {3, 2, 3});
    label(d, a, {7, 2, 3});
    auto hit = firstLabelAlongRay(d.map, {-20, 2, 3}, {1, 0, 0}, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{7, 2, 3}));
    EXPECT_EQ(hit->centreLps, (Vec3{-7, 2, 3}));
    hit = firstLabelAlongRay(d.map, {5, 2, 3}, {-1, 0, 0}, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{3, 2, 3}));
}

TEST(RayPick, ObliqueRayOnTheObliqueGridFindsTheExpectedVoxel) {
    EditDoc d(obliqueGrid({12, 40, 8}));
    const ImageGeometry& g = d.map.geometry();
    const Label a = d.editor.addSegment("a");
    // A ray in index space from (-2, 5.2, 3.1) along (1, 2, 0.25): it crosses (2, 13, 4)
    // (at index x = 2 it is at y = 13.2, z = 4.1; while y is in [12.5, 13.5], x is in
    // [1.65, 2.15] and z in [4.01, 4.14]) but none of its neighbours labelled below
    // (x in [0.5, 1.5] has y in [10.2, 12.2], x in [2.5, 3.5] has y in [14.2, 16.2]).
    label(d, a, {2, 13, 4});
    label(d, a, {6, 21, 5});  // further along the ray (x = 6: y = 21.2, z = 5.1)
    for (Index3 v : {Index3{1, 13, 4}, Index3{3, 13, 4}, Index3{2, 13, 3}, Index3{2, 13, 5}}) label(d, a, v);
    const Vec3 o = g.indexToPatient({-2, 5.2, 3.1});
    const Vec3 dir = g.indexToPatient({-1, 7.2, 3.35}) - o;
    const auto hit = firstLabelAlongRay(d.map, o, dir, a);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{2, 13, 4}));
    const Vec3 c = g.indexToPatient({2, 13, 4});
    EXPECT_NEAR(hit->centreLps.x, c.x, 1e-12);
    EXPECT_NEAR(hit->centreLps.y, c.y, 1e-12);
    EXPECT_NEAR(hit->centreLps.z, c.z, 1e-12);
}

TEST(RayPick, SegmentFilterAnyVisibleAndMisses) {
    EditDoc d(smallGrid({10, 8, 6}));
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    label(d, a, {3, 3, 3});
    label(d, b, {6, 3, 3});
    const Vec3 o{-5, 3, 3}, dir{1, 0, 0};
    EXPECT_EQ(firstLabelAlongRay(d.map, o, dir, b)->voxel, (Index3{6, 3, 3}));  // a in front is skipped
    EXPECT_EQ(firstLabelAlongRay(d.map, o, dir, 0)->voxel, (Index3{3, 3, 3}));  // any: the nearest
    d.map.setSegmentVisible(a, false);
    EXPECT_EQ(firstLabelAlongRay(d.map, o, dir, 0)->voxel, (Index3{6, 3, 3}));  // hidden ones are not seen
    EXPECT_FALSE(firstLabelAlongRay(d.map, o, {-1, 0, 0}, 0));        // pointing away
    EXPECT_FALSE(firstLabelAlongRay(d.map, {-5, 20, 3}, dir, 0));     // passes beside the grid
    EXPECT_FALSE(firstLabelAlongRay(d.map, {-5, 3, 4}, dir, 0));      // crosses the grid, no label
    EXPECT_FALSE(firstLabelAlongRay(d.map, o, {0, 0, 0}, 0));         // no direction
    EXPECT_FALSE(firstLabelAlongRay(d.map, o, {NAN, 1, 0}, 0));
}

TEST(RayPick, FirstValueInRange) {
    const ImageGeometry g = smallGrid({10, 8, 6});
    const Volume v = rampVolume(g);  // i + 100 j + 10000 (k % 3) - 5000
    // Along -y at i = 4, k = 0 the values are 4 + 100 j - 5000 (j = 7 first): the first in
    // [-4800, -4550] is j = 4 (-4596; j = 5 is -4496, j = 3 would be -4696 but comes later).
    const auto hit = firstValueInRangeAlongRay(v, {4, 30, 0}, {0, -1, 0}, -4800, -4550);
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->voxel, (Index3{4, 4, 0}));
    EXPECT_FALSE(firstValueInRangeAlongRay(v, {4, 30, 0}, {0, -1, 0}, 10000, 20000));
}
