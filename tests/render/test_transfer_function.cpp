// Transfer functions: Slicer's piecewise-linear curves, the shift, and the brick grid
// that decides which bricks the ray caster may skip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "src/render/brick_grid.h"
#include "src/render/presets.h"
#include "src/render/transfer_function.h"

using namespace marrow::render;

TEST(TransferFunction, CtBoneOpacityFollowsItsControlPoints) {
    const VolumePreset& bone = *findVolumePreset("ct-bone");
    EXPECT_DOUBLE_EQ(evaluateOpacity(bone.opacity, 200), 0.0);
    EXPECT_DOUBLE_EQ(evaluateOpacity(bone.opacity, 400), 0.715686);  // Slicer's CT-Bone opacity
    EXPECT_DOUBLE_EQ(evaluateOpacity(bone.opacity, -2000), 0.0);
    EXPECT_DOUBLE_EQ(evaluateOpacity(bone.opacity, 5000), 0.705882);
    // Half way up the ramp.
    EXPECT_NEAR(evaluateOpacity(bone.opacity, 300), 0.715686 / 2, 1e-12);
}

TEST(TransferFunction, CtBoneShowsBoneIvoryNotDarkRed) {
    // Bone of a 3 mm CT reads 220..620 HU (example_ct): from 300 HU up its colour is at
    // least Slicer's ivory, bright enough (luminance > 0.8) to light above grey 200.
    const VolumePreset& bone = *findVolumePreset("ct-bone");
    for (double hu : {300.0, 450.0, 620.0, 1500.0}) {
        const auto c = evaluateColor(bone.color, hu);
        EXPECT_GT(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2], 0.8) << hu;
    }
}

TEST(TransferFunction, ShiftMovesInteriorPointsOnly) {
    const VolumePreset& bone = *findVolumePreset("ct-bone");
    const TransferTable t = buildTransferTable(bone.opacity, bone.color, 200);
    auto alphaAt = [&](int hu) { return t.rgba[size_t(hu - TransferTable::kLowHu)][3]; };
    EXPECT_FLOAT_EQ(alphaAt(400), 0.0f);  // ramp now starts at 400 HU
    EXPECT_FLOAT_EQ(alphaAt(40), 0.0f);   // soft tissue transparent
    EXPECT_NEAR(alphaAt(500), 0.715686 * (500 - 400) / 200.0, 1e-5);
    // The last point (3071 HU) did not move.
    EXPECT_NEAR(alphaAt(3071), 0.705882, 1e-6);
}

TEST(TransferFunction, DefaultCtBoneShiftHidesSoftTissueAndTableFoam) {
    const VolumePreset& bone = *findVolumePreset("ct-bone");
    const TransferTable t = buildTransferTable(bone.opacity, bone.color, bone.defaultShift);
    for (int hu = -1024; hu <= 150; ++hu) ASSERT_EQ(t.rgba[size_t(hu + 1024)][3], 0.0f) << hu;
    EXPECT_GT(t.rgba[size_t(700 + 1024)][3], 0.3f);
}

TEST(BrickGrid, MinMaxIncludeAOneVoxelBorder) {
    // B + 4 voxels in a row (B = brick size): bricks [0, B) and [B, B + 4); voxel B = 900 HU.
    const int b = BrickGrid::kBrickSize;
    std::vector<int16_t> v(size_t(b + 4), 0);
    v[size_t(b)] = 900;
    const BrickGrid g = BrickGrid::build(v.data(), {b + 4, 1, 1});
    ASSERT_EQ(g.bricks, (std::array<int, 3>{2, 1, 1}));
    EXPECT_EQ(g.minValue[0], 0);
    EXPECT_EQ(g.maxValue[0], 900);  // the border voxel B counts for brick 0
    EXPECT_EQ(g.maxValue[1], 900);
    v[size_t(b)] = 0;
    v[size_t(b + 1)] = 900;
    const BrickGrid h = BrickGrid::build(v.data(), {b + 4, 1, 1});
    EXPECT_EQ(h.maxValue[0], 0);  // voxel B + 1 is two voxels away from brick 0
}

TEST(BrickGrid, OccupancyFollowsTheTransferFunction) {
    const int b = BrickGrid::kBrickSize;
    std::vector<int16_t> v(size_t(2 * b * b * b), 40);  // soft tissue, 2 x 1 x 1 bricks
    for (int k = 0; k < b; ++k) v[size_t(b + b / 2) + size_t(2 * b) * size_t(b / 2 + b * k)] = 700;  // bone rod in brick 1
    const BrickGrid g = BrickGrid::build(v.data(), {2 * b, b, b});
    const VolumePreset& bone = *findVolumePreset("ct-bone");
    const auto occ = g.occupancy(buildTransferTable(bone.opacity, bone.color, 220).visible(), TransferTable::kLowHu);
    EXPECT_EQ(occ, (std::vector<uint8_t>{0, 255}));
    // Shifted down to start at 0 HU (about Slicer's -16): soft tissue is visible, no brick skips.
    const auto all = g.occupancy(buildTransferTable(bone.opacity, bone.color, -200).visible(), TransferTable::kLowHu);
    EXPECT_EQ(all, (std::vector<uint8_t>{255, 255}));
}

TEST(BrickGrid, EmptyDistanceIsTheChebyshevDistanceToAnOccupiedBrick) {
    BrickGrid g;
    g.bricks = {7, 4, 3};
    std::vector<uint8_t> occ(7 * 4 * 3, 0);
    occ[1 + 7 * (1 + 4 * 2)] = 255;  // brick (1, 1, 2)
    const auto d = g.emptyDistance(occ);
    ASSERT_EQ(d.size(), occ.size());
    for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 4; ++j)
            for (int i = 0; i < 7; ++i)
                EXPECT_EQ(int(d[size_t(i + 7 * (j + 4 * k))]), std::max({std::abs(i - 1), std::abs(j - 1), std::abs(k - 2)}))
                    << i << " " << j << " " << k;
    // Nothing occupied: every brick may jump the longest distance kept.
    const auto none = g.emptyDistance(std::vector<uint8_t>(occ.size(), 0));
    EXPECT_EQ(none, std::vector<uint8_t>(occ.size(), uint8_t(BrickGrid::kMaxEmptyDistance)));
}
