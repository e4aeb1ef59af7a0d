#include <gtest/gtest.h>

#include "seg/tools/threshold.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

// The ramp: value = i + 100 j + 10000 (k % 3) - 5000 on 40 x 35 x 33.

TEST(Threshold, CountsExactlyTheVoxelsInRange) {
    const ImageGeometry g = smallGrid();
    const Volume v = rampVolume(g);
    LabelMap m(g);
    History h;
    LabelMapEditor e(m, h);
    ThresholdParams p;
    p.segment = e.addSegment("bone");
    // k % 3 == 1 slabs hold 5000 + i + 100 j; [5000, 5039] is row j = 0 there:
    // 11 slabs (k = 1, 4, ..., 31) x 40 voxels.
    p.lo = 5000;
    p.hi = 5039.5;
    const EditResult r = threshold(e, v, p);
    EXPECT_EQ(r.changedVoxels, 440u);
    EXPECT_EQ(r.changed, (VoxelBox{{0, 0, 1}, {40, 1, 32}}));
    EXPECT_EQ(thresholdPreview(v, p).count(), 440u);
    EXPECT_EQ(h.undoCount(), 2u);
    EXPECT_EQ(h.undoNames().back(), "Threshold 5000..5040");
}

TEST(Threshold, BoxInMillimetresAndFloatVolumes) {
    const ImageGeometry g({20, 20, 10}, {0.5, 0.5, 2}, {100, -50, 0});
    Volume f(g, ScalarType::Float32);
    for (size_t n = 0; n < f.voxelCount(); ++n) f.data<float>()[n] = 0.25f;
    ThresholdParams p;
    p.lo = 0.2;
    p.hi = 0.3;
    // Centres i*0.5+100 in [101, 102] -> i 2..4; y j*0.5-50 in [-49.9, -49] -> j 1..2 (0.2 rounds up);
    // z 2k in [0, 4] -> k 0..2.  3 * 2 * 3 = 18.
    p.boxMm = std::array<Vec3, 2>{Vec3{102, -49, 4}, Vec3{101, -49.9, 0}};
    EXPECT_EQ(thresholdPreview(f, p).count(), 18u);
    p.lo = 0.26;
    EXPECT_EQ(thresholdPreview(f, p).count(), 0u);
}

TEST(Threshold, RejectsAbsurdRanges) {
    const ImageGeometry g = smallGrid({4, 4, 4});
    const Volume v = rampVolume(g);
    ThresholdParams p;
    p.lo = 10;
    p.hi = 5;
    EXPECT_THROW(thresholdPreview(v, p), Error);
    p.hi = std::nan("");
    EXPECT_THROW(thresholdPreview(v, p), Error);
}

TEST(Threshold, PresetsComeFromOneTable) {
    const ThresholdPreset* bone = findThresholdPreset("bone");
    ASSERT_NE(bone, nullptr);
    EXPECT_EQ(bone->lo, 150);
    EXPECT_EQ(bone->hi, 3071);
    EXPECT_EQ(findThresholdPreset("nonsense"), nullptr);
    for (const ThresholdPreset& p : thresholdPresets()) EXPECT_LT(p.lo, p.hi) << p.name;
}

TEST(Threshold, SameResultWithOneAndTwoThreads) {
    const ImageGeometry g = smallGrid({70, 66, 40});
    const Volume v = rampVolume(g);
    auto [a, b] = withOneAndTwoThreads([&] {
        LabelMap m(g);
        History h;
        LabelMapEditor e(m, h);
        ThresholdParams p;
        p.segment = e.addSegment("a");
        p.lo = -2000;
        p.hi = 3000;
        threshold(e, v, p);
        return m.segmentMask(p.segment).voxels;
    });
    EXPECT_EQ(a, b);
}
