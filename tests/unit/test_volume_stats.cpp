#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

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

namespace {

// The definition, computed the slow way: sort, take the ceil(p/100 * N)-th smallest.
std::array<double, 5> sortedPercentiles(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    std::array<double, 5> out{};
    for (size_t q = 0; q < kStatsPercentiles.size(); ++q) {
        const size_t rank = std::max<size_t>(1, size_t(std::ceil(kStatsPercentiles[q] / 100.0 * double(values.size()))));
        out[q] = values[rank - 1];
    }
    return out;
}

template <class T> std::vector<double> valuesOf(const Volume& v) {
    const T* p = v.data<T>();
    return std::vector<double>(p, p + v.voxelCount());
}

}  // namespace

// CT-like int16 (air, tissue, bone, a few extremes) over many TBB slabs: min, max, mean
// and every percentile equal the sort-based definition exactly (the int64 sum included).
TEST(VolumeStats, Int16MatchesSortBasedDefinition) {
    Volume v(ImageGeometry({96, 80, 70}, {1, 1, 1}), ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    std::mt19937 rng(7);
    std::normal_distribution<double> tissue(40, 60), bone(900, 400);
    for (size_t i = 0; i < v.voxelCount(); ++i) {
        const unsigned kind = rng() % 10;
        p[i] = kind < 4 ? int16_t(-1000 - int(rng() % 24)) : int16_t(std::clamp(kind < 9 ? tissue(rng) : bone(rng), -1024.0, 3071.0));
    }
    p[17] = -32768, p[v.voxelCount() - 1] = 32767;
    const std::vector<double> values = valuesOf<int16_t>(v);
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_TRUE(s.exact);
    EXPECT_EQ(s.min, -32768);
    EXPECT_EQ(s.max, 32767);
    EXPECT_NEAR(s.mean, std::accumulate(values.begin(), values.end(), 0.0) / double(values.size()), 1e-9);
    EXPECT_EQ(s.percentiles, sortedPercentiles(values));
}

// Float: min, max and mean as defined; percentiles within half a bin of the sorted values.
TEST(VolumeStats, FloatMatchesSortBasedDefinitionWithinHalfABin) {
    Volume v(ImageGeometry({64, 64, 50}, {1, 1, 1}), ScalarType::Float32);
    float* p = v.data<float>();
    std::mt19937 rng(11);
    std::lognormal_distribution<float> d(0.0f, 1.5f);
    for (size_t i = 0; i < v.voxelCount(); ++i) p[i] = d(rng) - 3.0f;
    const std::vector<double> values = valuesOf<float>(v);
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_FALSE(s.exact);
    EXPECT_EQ(s.min, *std::min_element(values.begin(), values.end()));
    EXPECT_EQ(s.max, *std::max_element(values.begin(), values.end()));
    EXPECT_NEAR(s.mean, std::accumulate(values.begin(), values.end(), 0.0) / double(values.size()), 1e-6);
    const double halfBin = (s.max - s.min) / 65536 / 2 * 1.001;  // + rounding at bin edges
    const auto want = sortedPercentiles(values);
    for (size_t q = 0; q < want.size(); ++q) EXPECT_NEAR(s.percentiles[q], want[q], halfBin) << "P" << kStatsPercentiles[q];
}
