// compareLabelMaps and the exact distance transform: exact expected values worked out by
// hand (see seg/compare.h for the definitions).
#include <gtest/gtest.h>

#include <tbb/global_control.h>

#include <cmath>

#include "io/error.h"
#include "seg/compare.h"
#include "seg/distance_transform.h"

using namespace marrow;

namespace {
// Cube [lo, hi]^3 (inclusive voxel indices) of value label in a 12^3 grid.
Volume cube(int lo, int hi, Vec3 spacing, uint8_t label = 1) {
    Volume v(ImageGeometry({12, 12, 12}, spacing), ScalarType::UInt8, true);
    for (int k = lo; k <= hi; ++k)
        for (int j = lo; j <= hi; ++j)
            for (int i = lo; i <= hi; ++i) v.data<uint8_t>()[v.geometry().linearIndex(i, j, k)] = label;
    return v;
}
}  // namespace

TEST(DistanceTransform, MatchesBruteForceOnAnisotropicGrid) {
    const std::array<int, 3> dims{9, 7, 5};
    const Vec3 s{0.7, 1.3, 2.1};
    const std::vector<std::array<int, 3>> features{{1, 2, 0}, {7, 6, 4}, {4, 0, 2}};
    std::vector<float> f(size_t(9) * 7 * 5, edt::kInfinity);
    for (auto [i, j, k] : features) f[i + 9 * (j + 7 * k)] = 0;
    edt::squaredDistanceTransform(f, dims, s);
    for (int k = 0; k < 5; ++k)
        for (int j = 0; j < 7; ++j)
            for (int i = 0; i < 9; ++i) {
                double best = 1e300;
                for (auto [a, b, c] : features) {
                    const double dx = (i - a) * s.x, dy = (j - b) * s.y, dz = (k - c) * s.z;
                    best = std::min(best, dx * dx + dy * dy + dz * dz);
                }
                EXPECT_NEAR(f[i + 9 * (j + 7 * k)], best, 1e-4 * best + 1e-6) << i << "," << j << "," << k;
            }
    std::vector<float> none(8, edt::kInfinity);
    edt::squaredDistanceTransform(none, {2, 2, 2}, {1, 1, 1});
    EXPECT_EQ(none[7], edt::kInfinity);
}

TEST(Compare, IdenticalInputsGiveDiceOneAndZeroDistances) {
    const Volume a = cube(1, 10, {1, 1, 1});
    const auto r = compareLabelMaps(a, a);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].label, 1u);
    EXPECT_EQ(r[0].dice, 1.0);
    EXPECT_EQ(r[0].hd95Mm, 0.0);
    EXPECT_EQ(r[0].hdMaxMm, 0.0);
    EXPECT_EQ(r[0].voxelsA, 1000u);
    EXPECT_EQ(r[0].volumeDiffMl, 0.0);
}

// A = 10^3 cube (indices 1..10), B = A eroded by one voxel (2..9, 512 voxels), 1 mm.
// Surface of A: 488 voxels; of B: 296. Directed A->B: the nearest B-surface voxel of an
// A-surface voxel is its clamp into [2,9]^3, at distance sqrt(number of its coordinates
// in {1,10}): 384 face voxels at 1, 96 edge voxels at sqrt 2, 8 corners at sqrt 3.
// Directed B->A: every B-surface voxel is 1 step from A's surface: 296 at 1.
// Union: 680 x 1, 96 x sqrt 2, 8 x sqrt 3 (n = 784); rank ceil(0.95 * 784) = 745 > 680,
// so HD95 = sqrt 2; the maximum is sqrt 3.
TEST(Compare, CubeAgainstErodedCubeGivesHandComputedValues) {
    const Volume a = cube(1, 10, {1, 1, 1});
    const Volume b = cube(2, 9, {1, 1, 1});
    for (int threads : {1, 4}) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
        const auto r = compareLabelMaps(a, b);
        ASSERT_EQ(r.size(), 1u);
        EXPECT_EQ(r[0].voxelsA, 1000u);
        EXPECT_EQ(r[0].voxelsB, 512u);
        EXPECT_EQ(r[0].voxelsBoth, 512u);
        EXPECT_DOUBLE_EQ(r[0].dice, 2.0 * 512 / (1000 + 512));
        EXPECT_DOUBLE_EQ(r[0].volumeAMl, 1.0);
        EXPECT_DOUBLE_EQ(r[0].volumeBMl, 0.512);
        EXPECT_DOUBLE_EQ(r[0].volumeDiffMl, -0.488);
        EXPECT_FLOAT_EQ(r[0].hd95Mm, std::sqrt(2.0f));
        EXPECT_FLOAT_EQ(r[0].hdMaxMm, std::sqrt(3.0f));
    }
}

// Same cubes, spacing (1, 1, 0.5) mm. A->B: x/y faces 256 at 1, z faces 128 at 0.5,
// edges along z 32 at sqrt 2, edges touching a z face 64 at sqrt 1.25, corners 8 at 1.5.
// B->A: the 128 B-surface voxels on B's z faces are 0.5 mm from A's z faces, the other
// 168 are 1 mm from A's x/y faces. Union sorted: 256 x 0.5, 424 x 1, 64 x sqrt 1.25,
// 32 x sqrt 2, 8 x 1.5; rank 745 falls in the sqrt 2 block (745..776): HD95 = sqrt 2, max 1.5.
TEST(Compare, AnisotropicSpacingUsesMillimetres) {
    const Volume a = cube(1, 10, {1, 1, 0.5});
    const Volume b = cube(2, 9, {1, 1, 0.5});
    const auto r = compareLabelMaps(a, b);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_DOUBLE_EQ(r[0].dice, 1024.0 / 1512.0);
    EXPECT_DOUBLE_EQ(r[0].volumeAMl, 0.5);
    EXPECT_DOUBLE_EQ(r[0].volumeBMl, 0.256);
    EXPECT_FLOAT_EQ(r[0].hd95Mm, std::sqrt(2.0f));
    EXPECT_FLOAT_EQ(r[0].hdMaxMm, 1.5f);
}

TEST(Compare, MissingLabelAndSelectedLabels) {
    const Volume a = cube(1, 3, {1, 1, 1}, 4);
    const Volume b(a.geometry(), ScalarType::UInt8, true);
    LabelTable names;
    names.set(4, "liver");
    const auto r = compareLabelMaps(a, b, names);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].name, "liver");
    EXPECT_EQ(r[0].dice, 0.0);
    EXPECT_TRUE(std::isinf(r[0].hd95Mm));
    CompareOptions only;
    only.labels = {7};
    const auto none = compareLabelMaps(a, b, names, only);
    ASSERT_EQ(none.size(), 1u);
    EXPECT_TRUE(std::isnan(none[0].dice));
    EXPECT_TRUE(std::isnan(none[0].hd95Mm));
}

TEST(Compare, RefusesDifferentGridsNamingBoth) {
    const Volume a = cube(1, 3, {1, 1, 1});
    Volume b = cube(1, 3, {1, 1, 1.5});
    b.meta["source"] = "student.nii.gz";
    try {
        compareLabelMaps(a, b);
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind("student.nii.gz: ", 0), 0u) << m;
        EXPECT_NE(m.find("spacing 1/1/1.5 mm"), std::string::npos) << m;
        EXPECT_NE(m.find("spacing 1/1/1 mm"), std::string::npos) << m;
    }
}
