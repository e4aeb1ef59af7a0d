#include <gtest/gtest.h>

#include <numeric>

#include "io/error.h"
#include "io/volume_stats.h"

using namespace marrow;

TEST(VolumeStats, NearestRankPercentilesOnIntegers) {
    // 0..99 shuffled: P(p) = the ceil(p)-th smallest = ceil(p) - 1.
    Volume v(ImageGeometry({10, 5, 2}, {1, 1, 1}), ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int n = 0; n < 100; ++n) p[n] = int16_t((n * 37) % 100 - 0);
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_TRUE(s.exact);
    EXPECT_EQ(s.min, 0);
    EXPECT_EQ(s.max, 99);
    EXPECT_DOUBLE_EQ(s.mean, 49.5);
    EXPECT_EQ(s.percentiles, (std::array<double, 5>{0, 4, 49, 94, 98}));
}

TEST(VolumeStats, LargeVolumeNegativeValues) {
    // Half the voxels -1000, a quarter 0, a quarter 1000 (spans many TBB chunks).
    Volume v(ImageGeometry({64, 64, 64}, {1, 1, 1}), ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    const size_t n = v.voxelCount();
    for (size_t i = 0; i < n; ++i) p[i] = i < n / 2 ? -1000 : (i < 3 * n / 4 ? 0 : 1000);
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_EQ(s.min, -1000);
    EXPECT_EQ(s.max, 1000);
    EXPECT_DOUBLE_EQ(s.mean, -250);
    EXPECT_EQ(s.percentiles, (std::array<double, 5>{-1000, -1000, -1000, 1000, 1000}));
}

TEST(VolumeStats, FloatPercentilesWithinHalfABin) {
    Volume v(ImageGeometry({1000, 1, 1}, {1, 1, 1}), ScalarType::Float32);
    float* p = v.data<float>();
    for (int n = 0; n < 1000; ++n) p[n] = float(n) * 0.001f;  // 0 .. 0.999
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_FALSE(s.exact);
    EXPECT_FLOAT_EQ(s.min, 0);
    EXPECT_FLOAT_EQ(s.max, 0.999f);
    const double halfBin = 0.999 / 65536 / 2 + 1e-9;
    EXPECT_NEAR(s.percentiles[0], 0.009, halfBin);
    EXPECT_NEAR(s.percentiles[2], 0.499, halfBin);
    EXPECT_NEAR(s.percentiles[4], 0.989, halfBin);
}

TEST(VolumeStats, EmptyVolumeIsAnError) { EXPECT_THROW(computeVolumeStats(Volume()), Error); }
