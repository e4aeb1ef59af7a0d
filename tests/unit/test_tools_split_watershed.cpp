#include <gtest/gtest.h>

#include <cmath>

#include "io/phantom.h"
#include "seg/algo/watershed.h"
#include "seg/tools/split_watershed.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// The joined-bones phantom (two balls + a neck, anisotropic voxels) as segment "bones".
struct Joined : EditDoc {
    JoinedBonesPhantom ph;
    Label bones = 0;
    size_t truth[4] = {0, 0, 0, 0};  // voxels per truth label
    explicit Joined(const JoinedBonesOptions& o = {})
        : EditDoc(makeJoinedBonesPhantom(o).truth.geometry()), ph(makeJoinedBonesPhantom(o)) {
        bones = editor.addSegment("bones");
        const uint8_t* t = ph.truth.data<uint8_t>();
        Mask m(map.geometry());
        for (size_t v = 0; v < m.voxels.size(); ++v) {
            m.voxels[v] = t[v] != 0;
            ++truth[t[v]];
        }
        editor.apply(Modifier::of(m), EditMode::Set, bones);
    }
    // Voxels with truth label t whose current label is l.
    size_t count(uint8_t t, Label l) const {
        const ImageGeometry& g = map.geometry();
        const uint8_t* tr = ph.truth.data<uint8_t>();
        size_t n = 0;
        for (int k = 0; k < g.dim(2); ++k)
            for (int j = 0; j < g.dim(1); ++j)
                for (int i = 0; i < g.dim(0); ++i) n += tr[g.linearIndex(i, j, k)] == t && map.at(i, j, k) == l;
        return n;
    }
};

// The split is exactly at the neck: every voxel of ball A is in A's part, every voxel of ball
// B in B's part, and the neck's voxels are shared between them (nothing else moves). So each
// part's count equals its ball's true count plus a share of the neck.
void expectSplitAtNeck(const Joined& d, Label a, Label b) {
    EXPECT_EQ(d.count(1, a), d.truth[1]) << "ball A entirely in part A";
    EXPECT_EQ(d.count(2, b), d.truth[2]) << "ball B entirely in part B";
    const size_t neckA = d.count(3, a), neckB = d.count(3, b);
    EXPECT_EQ(neckA + neckB, d.truth[3]) << "the neck is shared, nothing lost";
    EXPECT_GT(neckA, 0u);
    EXPECT_GT(neckB, 0u);
    EXPECT_EQ(d.map.countLabel(a), d.truth[1] + neckA);
    EXPECT_EQ(d.map.countLabel(b), d.truth[2] + neckB);
}

}  // namespace

TEST(SplitWatershed, UserMarkersCutExactlyAtTheNeck) {
    // Balls of radius 7 and 13 mm, 4 mm apart: the point halfway between the markers lies
    // 1 mm inside the big ball, so a split by distance to the markers would miss the neck.
    Joined d;
    ASSERT_GT(d.truth[3], 50u);  // the neck is real
    SplitWatershedParams p;
    p.segment = d.bones;
    p.markers = {{d.ph.centreAMm, "head"}, {d.ph.centreBMm, "acetabulum"}};
    const SplitWatershedResult r = splitWatershed(d.editor, p);
    ASSERT_EQ(r.segments.size(), 2u);
    EXPECT_EQ(r.segments[0], d.bones);
    EXPECT_EQ(d.map.segment(d.bones)->name, "head");
    EXPECT_EQ(d.map.segment(r.segments[1])->name, "acetabulum");
    expectSplitAtNeck(d, r.segments[0], r.segments[1]);
    EXPECT_EQ(r.partVoxels[0] + r.partVoxels[1], d.truth[1] + d.truth[2] + d.truth[3]);
}

TEST(SplitWatershed, MarkerOrderDecidesWhichPartKeepsTheId) {
    Joined d;
    SplitWatershedParams p;
    p.segment = d.bones;
    p.markers = {{d.ph.centreBMm, ""}, {d.ph.centreAMm, ""}};
    const SplitWatershedResult r = splitWatershed(d.editor, p);
    EXPECT_EQ(d.map.segment(d.bones)->name, "bones");
    EXPECT_EQ(d.map.segment(r.segments[1])->name, "bones 2");
    expectSplitAtNeck(d, r.segments[1], r.segments[0]);
}

TEST(SplitWatershed, AutomaticMarkersOnTwoJoinedBallsGiveTwoParts) {
    Joined d;
    SplitWatershedParams p;
    p.segment = d.bones;
    p.minSizeMm = 8;
    const SplitPlan plan = planSplit(d.map, p);
    ASSERT_EQ(plan.names.size(), 2u);
    // Part 0 is the largest part (ball B has the larger radius).
    EXPECT_EQ(d.ph.truth.data<uint8_t>()[d.map.geometry().linearIndex(plan.markerVoxels[0][0], plan.markerVoxels[0][1],
                                                                       plan.markerVoxels[0][2])],
              2);
    const SplitWatershedResult r = applySplit(d.editor, plan, {"", "small ball"});
    EXPECT_EQ(d.map.segment(r.segments[1])->name, "small ball");
    expectSplitAtNeck(d, r.segments[1], r.segments[0]);
}

TEST(SplitWatershed, AutomaticMarkersIgnoreABumpySurfaceAndSmallParts) {
    // One ball with a bumpy surface (radius 12 +- 1 mm): one part, whatever the bumps.
    const ImageGeometry g({50, 50, 34}, {0.7, 0.7, 1.0});
    EditDoc d(g);
    const Label s = d.editor.addSegment("ball");
    Mask m(g);
    const Vec3 c{17.15, 17.15, 16.5};
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                const Vec3 x{i * 0.7 - c.x, j * 0.7 - c.y, k * 1.0 - c.z};
                const double r = std::sqrt(x.x * x.x + x.y * x.y + x.z * x.z);
                const double theta = std::acos(r > 0 ? x.z / r : 1), phi = std::atan2(x.y, x.x);
                m.at(i, j, k) = r <= 12 + std::sin(6 * theta) * std::sin(6 * phi);
            }
    d.editor.apply(Modifier::of(m), EditMode::Set, s);
    SplitWatershedParams p;
    p.segment = s;
    p.minSizeMm = 6;
    EXPECT_EQ(planSplit(d.map, p).names.size(), 1u);
    p.minSizeMm = 30;  // no part holds a 30 mm ball
    EXPECT_THROW(planSplit(d.map, p), Error);
    // The same rule as a bare algorithm: a plateau or bump never gives a second marker.
    Joined two;
    SplitWatershedParams q;
    q.segment = two.bones;
    q.minSizeMm = 2 * 7.5;  // ball A (radius 7) is too small, only B (13) counts
    EXPECT_EQ(planSplit(two.map, q).names.size(), 1u);
}

TEST(SplitWatershed, MarkersWithTheSameNameShareAPart) {
    Joined d;
    SplitWatershedParams p;
    p.segment = d.bones;
    const Vec3 a2 = d.ph.centreAMm + Vec3{-5, 0, 0};
    p.markers = {{d.ph.centreAMm, "A"}, {d.ph.centreBMm, "B"}, {a2, "A"}};
    const SplitWatershedResult r = splitWatershed(d.editor, p);
    ASSERT_EQ(r.segments.size(), 2u);
    expectSplitAtNeck(d, r.segments[0], r.segments[1]);
}

TEST(SplitWatershed, OneUndoStepRestoresExactlyAndLockedSegmentsStay) {
    Joined d;
    // A locked segment next to the bones: never touched.
    const Label locked = d.editor.addSegment("locked");
    d.editor.apply(Modifier::of(filledBox({{0, 0, 0}, {3, 3, 3}})), EditMode::Set, locked);
    d.editor.setSegmentLocked(locked, true);
    const LabelMap before = d.map.clone();
    const size_t records = d.history.undoCount();
    SplitWatershedParams p;
    p.segment = d.bones;
    p.markers = {{d.ph.centreAMm, ""}, {d.ph.centreBMm, ""}};
    splitWatershed(d.editor, p);
    EXPECT_EQ(d.history.undoCount(), records + 1);
    EXPECT_EQ(d.map.countLabel(locked), 27u);
    EXPECT_FALSE(d.map.sameVoxels(before));
    d.editor.undo();
    EXPECT_TRUE(d.map.sameVoxels(before));
    EXPECT_EQ(d.map.segments(), before.segments());
    d.editor.redo();
    EXPECT_EQ(d.map.segments().size(), before.segments().size() + 1);
}

TEST(SplitWatershed, ErrorsAreMarrowErrors) {
    Joined d;
    SplitWatershedParams p;
    p.segment = d.bones;
    p.markers = {{d.ph.centreAMm, ""}, {{0, 0, 0}, ""}};  // a corner: background
    EXPECT_THROW(planSplit(d.map, p), Error);
    p.markers = {{d.ph.centreAMm, ""}, {{-100, 0, 0}, ""}};  // outside the image
    EXPECT_THROW(planSplit(d.map, p), Error);
    p.markers = {{d.ph.centreAMm, ""}, {d.ph.centreAMm + Vec3{0.1, 0, 0}, ""}};  // same voxel
    EXPECT_THROW(planSplit(d.map, p), Error);
    p.markers = {{d.ph.centreAMm, ""}, {d.ph.centreBMm, ""}};
    p.segment = 77;  // unknown label
    EXPECT_THROW(planSplit(d.map, p), Error);
    p.segment = d.bones;
    d.editor.setSegmentLocked(d.bones, true);
    EXPECT_THROW(planSplit(d.map, p), Error);
    const Label empty = d.editor.addSegment("empty");
    p.segment = empty;
    p.markers.clear();
    EXPECT_THROW(planSplit(d.map, p), Error);
    p.minSizeMm = std::nan("");
    EXPECT_THROW(planSplit(d.map, p), Error);
}

TEST(SplitWatershed, SameResultWithOneAndTwoThreads) {
    const auto [one, two] = withOneAndTwoThreads([] {
        Joined d;
        SplitWatershedParams p;
        p.segment = d.bones;
        p.minSizeMm = 8;
        return planSplit(d.map, p).parts;
    });
    EXPECT_EQ(one, two);
}

TEST(Watershed, DistanceIsInMillimetresOnAnisotropicGrids) {
    // A 9x9x5 block in an 11x11x7 grid, spacing 0.5 x 0.5 x 2 mm: distances are in mm per axis.
    const std::array<int, 3> dims{11, 11, 7};
    std::vector<uint8_t> inside(size_t(11 * 11 * 7), 0);
    for (int k = 1; k < 6; ++k)
        for (int j = 1; j < 10; ++j)
            for (int i = 1; i < 10; ++i) inside[size_t(i + 11 * (j + 11 * k))] = 1;
    const std::vector<float> d = insideDistanceMm(inside, dims, {0.5, 0.5, 2.0});
    EXPECT_FLOAT_EQ(d[size_t(5 + 11 * (5 + 11 * 3))], 2.5f);  // 5 voxels of 0.5 mm to the i/j border
    EXPECT_FLOAT_EQ(d[size_t(5 + 11 * (5 + 11 * 1))], 2.0f);  // one 2 mm voxel from the k face
    EXPECT_FLOAT_EQ(d[size_t(1 + 11 * (5 + 11 * 3))], 0.5f);  // one 0.5 mm voxel from the i face
    EXPECT_EQ(d[0], 0.f);
}

TEST(SplitWatershed, APartNamedLikeAnExistingSegmentJoinsIt) {
    Joined d;
    const Label pelvis = d.editor.addSegment("pelvis");
    d.editor.apply(Modifier::of(filledBox({{0, 0, 0}, {2, 2, 2}})), EditMode::Set, pelvis);
    SplitWatershedParams p;
    p.segment = d.bones;
    p.markers = {{d.ph.centreAMm, "head"}, {d.ph.centreBMm, "pelvis"}};
    const size_t segments = d.map.segments().size();
    const SplitWatershedResult r = splitWatershed(d.editor, p);
    EXPECT_EQ(r.segments[1], pelvis);
    EXPECT_EQ(d.map.segments().size(), segments);  // no new segment
    EXPECT_EQ(d.map.countLabel(pelvis), 8 + r.partVoxels[1]);
    d.editor.undo();
    d.editor.setSegmentLocked(pelvis, true);  // a locked target: refused, nothing written
    const size_t records = d.history.undoCount();
    EXPECT_THROW(splitWatershed(d.editor, p), Error);
    EXPECT_EQ(d.map.countLabel(d.bones), d.truth[1] + d.truth[2] + d.truth[3]);
    EXPECT_EQ(d.map.segment(d.bones)->name, "bones");  // not even renamed
    EXPECT_EQ(d.history.undoCount(), records);
}
