// Grow from seeds on synthetic volumes whose answer follows from the cost model by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "seg/tools/grow_from_seeds.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// -1000 HU air around two 12x8x8 "bones" (1000 HU) at i in [2,14) and [26,38), joined by a
// 2x2-voxel neck of 200 HU at i in [14,26): mirror-symmetric about i = 19.5.
Volume dumbbell() {
    const ImageGeometry g({40, 12, 12}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < 12; ++k)
        for (int j = 0; j < 12; ++j)
            for (int i = 0; i < 40; ++i) {
                const bool blob = (i >= 2 && i < 14) || (i >= 26 && i < 38);
                const bool inBlob = blob && j >= 2 && j < 10 && k >= 2 && k < 10;
                const bool neck = i >= 14 && i < 26 && j >= 5 && j < 7 && k >= 5 && k < 7;
                p[g.linearIndex(i, j, k)] = int16_t(inBlob ? 1000 : neck ? 200 : -1000);
            }
    return v;
}

SeedStroke rowStroke(Label s, int i, int k) {
    SeedStroke st{s, {}};
    for (int j = 3; j < 9; ++j) st.voxels.push_back({i, j, k});
    return st;
}

// Only voxels >= 100 HU are editable: air is a wall, so the two seeds share the dumbbell.
GrowFromSeedsParams boneOnly() {
    GrowFromSeedsParams p;
    p.marginMm = 50;
    p.options.intensityLo = 100;
    return p;
}

// Deterministic noisy volume with a few plateaus, so many paths compete.
Volume noisyVolume(const ImageGeometry& g) {
    Volume v(g, ScalarType::Int16);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> noise(-60, 60);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                const int plateau = ((i / 12 + j / 10 + k / 9) % 3) * 400;
                p[g.linearIndex(i, j, k)] = int16_t(plateau + noise(rng));
            }
    return v;
}

void expectSameState(const SeedGrower& a, const SeedGrower& b) {
    ASSERT_EQ(a.roi(), b.roi());
    EXPECT_TRUE(a.distances() == b.distances());
    EXPECT_TRUE(a.owners() == b.owners());
}

}  // namespace

TEST(GrowFromSeeds, SplitsTwoBrightBlobsAtTheMiddleOfTheirDimNeck) {
    const Volume v = dumbbell();
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B");
    GrowFromSeedsParams p = boneOnly();
    p.options.intensity = &v;
    const SeedGrower grower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(b, 31, 6)}, p);
    // Entering the neck from a blob costs the capped step (800 HU) and 1 per step after, the
    // same from both sides: the voxel at i is nearer A iff i - 14 < 25 - i, i.e. i <= 19.
    for (int k = 0; k < 12; ++k)
        for (int j = 0; j < 12; ++j)
            for (int i = 0; i < 40; ++i) {
                const double hu = v.valueAt(i, j, k);
                const Label want = hu < 100 ? Label(0) : i <= 19 ? a : b;
                ASSERT_EQ(grower.ownerAt(i, j, k), want) << i << "," << j << "," << k;
            }
    const EditResult r = grower.apply(doc.editor);
    EXPECT_EQ(r.changedVoxels, 2u * 12 * 8 * 8 + 12 * 4);
    EXPECT_EQ(countLabel(doc.map, a), 12u * 8 * 8 + 6 * 4);
    EXPECT_EQ(countLabel(doc.map, b), 12u * 8 * 8 + 6 * 4);
    EXPECT_EQ(doc.history.undoCount(), 3u);  // two addSegment steps + one grow step
}

TEST(GrowFromSeeds, ApplyIsOneUndoStepAndUndoRestoresExactly) {
    const Volume v = noisyVolume(smallGrid());
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B"), c = doc.editor.addSegment("C");
    doc.editor.apply(Modifier::of(filledBox({{3, 3, 3}, {9, 8, 7}})), EditMode::Set, c);  // existing work
    const LabelMap before = doc.map.clone();
    const size_t steps = doc.history.undoCount();
    const SeedGrower grower(v, doc.map, {rowStroke(a, 5, 20), rowStroke(b, 30, 10)});
    const EditResult r = grower.apply(doc.editor);
    EXPECT_GT(r.changedVoxels, 1000u);
    EXPECT_EQ(doc.history.undoCount(), steps + 1);
    EXPECT_FALSE(doc.map.sameVoxels(before));
    doc.editor.undo();
    EXPECT_TRUE(doc.map.sameVoxels(before));
    doc.editor.redo();
    for (int k = 0; k < 33; ++k)
        for (int j = 0; j < 35; ++j)
            for (int i = 0; i < 40; ++i) ASSERT_EQ(doc.map.at(i, j, k), grower.ownerAt(i, j, k));
}

TEST(GrowFromSeeds, IncrementalUpdateEqualsAFromScratchRunBitForBit) {
    const Volume v = noisyVolume(smallGrid({48, 40, 36}));
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B"), c = doc.editor.addSegment("C");
    const SeedStroke sa = rowStroke(a, 6, 5), sb = rowStroke(b, 40, 30), sc = rowStroke(c, 24, 18);
    SeedStroke sa2 = rowStroke(a, 30, 4);  // a second stroke of an already seeded segment
    for (int thread = 1; thread <= 2; ++thread) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, size_t(thread));
        GrowFromSeedsParams p;
        p.marginMm = 100;  // the ROI is the whole grid: the later strokes fall inside it
        SeedGrower incremental(v, doc.map, {sa, sb}, p);
        const size_t total = incremental.lastUpdate().processedVoxels;
        const SeedGrower::UpdateStats u = incremental.addSeeds(doc.map, {sc});
        EXPECT_FALSE(u.fullRecompute);
        EXPECT_GT(u.processedVoxels, 0u);
        EXPECT_LT(u.processedVoxels, total);  // only the voxels C takes over were re-processed
        expectSameState(incremental, SeedGrower(v, doc.map, {sa, sb, sc}, p));
        EXPECT_FALSE(incremental.addSeeds(doc.map, {sa2}).fullRecompute);
        expectSameState(incremental, SeedGrower(v, doc.map, {sa, sb, sc, sa2}, p));
    }
}

TEST(GrowFromSeeds, StrokeOutsideTheRoiOrOverAnotherSeedRecomputesToTheSameResult) {
    const Volume v = noisyVolume(smallGrid({48, 40, 36}));
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B");
    GrowFromSeedsParams p;
    p.marginMm = 3;
    const SeedStroke sa = rowStroke(a, 10, 10), sb = rowStroke(b, 16, 10);
    SeedGrower g(v, doc.map, {sa, sb}, p);
    EXPECT_EQ(g.roi(), (VoxelBox{{7, 0, 7}, {20, 12, 14}}));
    const SeedStroke far = rowStroke(b, 40, 30);
    EXPECT_TRUE(g.addSeeds(doc.map, {far}).fullRecompute);
    expectSameState(g, SeedGrower(v, doc.map, {sa, sb, far}, p));
    const SeedStroke over = rowStroke(a, 16, 10);  // B's seeds become A's: B loses voxels
    EXPECT_TRUE(g.addSeeds(doc.map, {over}).fullRecompute);
    expectSameState(g, SeedGrower(v, doc.map, {sa, sb, far, over}, p));
    EXPECT_EQ(g.ownerAt(16, 5, 10), a);
}

TEST(GrowFromSeeds, AStrokeInsideAGivenRoiUpdatesIncrementallyAndMatchesThatRoisFromScratchRun) {
    const Volume v = noisyVolume(smallGrid({48, 40, 36}));
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B");
    GrowFromSeedsParams p;
    p.roi = {{2, 0, 4}, {44, 30, 60}};  // clipped to the grid's 36 slices
    const SeedStroke sa = rowStroke(a, 10, 10), sb = rowStroke(b, 16, 10), sa2 = rowStroke(a, 40, 30);
    SeedGrower g(v, doc.map, {sa, sb}, p);
    EXPECT_EQ(g.roi(), (VoxelBox{{2, 0, 4}, {44, 30, 36}}));
    EXPECT_FALSE(g.addSeeds(doc.map, {sa2}).fullRecompute);
    expectSameState(g, SeedGrower(v, doc.map, {sa, sb, sa2}, p));
    EXPECT_EQ(g.ownerAt(0, 0, 0), 0);  // outside the ROI
    p.roi = {{20, 0, 0}, {30, 30, 30}};
    EXPECT_THROW(SeedGrower(v, doc.map, {sa, sb}, p), Error);  // seeds outside the given ROI
}

TEST(GrowFromSeeds, LockedSegmentsAreWallsAndNeverChange) {
    const Volume v = dumbbell();
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B"), l = doc.editor.addSegment("locked");
    doc.editor.apply(Modifier::of(filledBox({{22, 0, 0}, {23, 12, 12}})), EditMode::Set, l);  // cuts the neck
    doc.editor.setSegmentLocked(l, true);
    const LabelMap before = doc.map.clone();
    GrowFromSeedsParams p = boneOnly();
    p.options.intensity = &v;
    const SeedGrower grower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(b, 31, 6)}, p);
    grower.apply(doc.editor);
    for (int k = 0; k < 12; ++k)
        for (int j = 0; j < 12; ++j) {
            ASSERT_EQ(doc.map.at(22, j, k), l);
            for (int i = 14; i < 26; ++i)
                if (v.valueAt(i, j, k) == 200 && i != 22) {
                    ASSERT_EQ(doc.map.at(i, j, k), i < 22 ? a : b) << i;
                }
        }
    EXPECT_EQ(countLabel(doc.map, l), countLabel(before, l));
    EXPECT_THROW(SeedGrower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(l, 31, 6)}, p), Error);
}

TEST(GrowFromSeeds, BadParametersThrowMarrowErrors) {
    const Volume v = dumbbell();
    EditDoc doc(v.geometry());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B");
    const std::vector<SeedStroke> two{rowStroke(a, 8, 6), rowStroke(b, 31, 6)};
    GrowFromSeedsParams p;
    p.marginMm = -1;
    EXPECT_THROW(SeedGrower(v, doc.map, two, p), Error);
    p.marginMm = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(SeedGrower(v, doc.map, two, p), Error);
    p = {};
    p.huPerCostUnit = 0;
    EXPECT_THROW(SeedGrower(v, doc.map, two, p), Error);
    EXPECT_THROW(SeedGrower(v, doc.map, {rowStroke(a, 8, 6)}, {}), Error);                       // one segment
    EXPECT_THROW(SeedGrower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(0, 31, 6)}, {}), Error);  // label 0
    EXPECT_THROW(SeedGrower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(9, 31, 6)}, {}), Error);  // not in table
    EXPECT_THROW(SeedGrower(v, doc.map, {rowStroke(a, 8, 6), rowStroke(b, 40, 6)}, {}), Error);  // off the grid
    const Volume other(smallGrid(), ScalarType::Int16);
    EXPECT_THROW(SeedGrower(other, doc.map, two, {}), Error);
    SeedGrower ok(v, doc.map, two, {});
    EXPECT_THROW(ok.addSeeds(doc.map, {rowStroke(a, -1, 6)}), Error);
}

TEST(GrowFromSeeds, SeedsFromMapListsEachSegmentsVoxels) {
    EditDoc doc(smallGrid());
    const Label a = doc.editor.addSegment("A"), b = doc.editor.addSegment("B");
    doc.editor.apply(Modifier::of(filledBox({{1, 1, 1}, {3, 2, 2}})), EditMode::Set, a);
    doc.editor.apply(Modifier::of(filledBox({{20, 5, 5}, {21, 8, 6}})), EditMode::Set, b);
    const std::vector<Label> segs{b, a};
    const auto strokes = seedsFromMap(doc.map, segs, VoxelBox::of(doc.map.geometry()));
    ASSERT_EQ(strokes.size(), 2u);
    EXPECT_EQ(strokes[0].segment, b);
    EXPECT_EQ(strokes[0].voxels.size(), 3u);
    EXPECT_EQ(strokes[1].segment, a);
    EXPECT_EQ(strokes[1].voxels, (std::vector<Index3>{{1, 1, 1}, {2, 1, 1}}));
}
