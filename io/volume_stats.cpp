// Volume statistics in two parallel passes: min/max/sum, then a histogram over
// [min, max] (one per thread, merged), from which the percentiles are read by a
// cumulative walk. O(N) work, O(bins x threads) memory.
#include "io/volume_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include "io/error.h"

namespace marrow {

namespace {

struct Extent {
    double min = std::numeric_limits<double>::max(), max = std::numeric_limits<double>::lowest(), sum = 0;
};

constexpr size_t kGrain = size_t(1) << 16;

template <class T> Extent extentOf(const T* p, size_t n) {
    return tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, n, kGrain), Extent{},
        [p](const tbb::blocked_range<size_t>& r, Extent e) {
            T lo = p[r.begin()], hi = p[r.begin()];
            // 8- and 16-bit values sum exactly in int64 (overflow would take 2^47 voxels), which
            // the compiler vectorises; a double sum must keep its order and is several times slower.
            std::conditional_t<std::is_integral_v<T> && sizeof(T) <= 2, int64_t, double> sum = 0;
            for (size_t i = r.begin(); i < r.end(); ++i) {
                lo = std::min(lo, p[i]);
                hi = std::max(hi, p[i]);
                sum += decltype(sum)(p[i]);
            }
            e.min = std::min(e.min, double(lo));
            e.max = std::max(e.max, double(hi));
            e.sum += double(sum);
            return e;
        },
        [](Extent a, const Extent& b) {
            a.min = std::min(a.min, b.min);
            a.max = std::max(a.max, b.max);
            a.sum += b.sum;
            return a;
        });
}

template <class T> VolumeStats statsOf(const T* p, size_t n) {
    const Extent e = extentOf(p, n);
    VolumeStats s;
    s.min = e.min;
    s.max = e.max;
    s.mean = e.sum / double(n);
    const double range = e.max - e.min;
    s.exact = std::is_integral_v<T> && range < double(1 << 24);
    const size_t bins = s.exact ? size_t(range) + 1 : size_t(1) << 16;
    const double scale = s.exact || range == 0 ? 1.0 : double(bins) / range;
    auto binOf = [&](T v) {
        if (s.exact) return size_t(double(v) - e.min);
        return std::min(bins - 1, size_t((double(v) - e.min) * scale));
    };

    tbb::enumerable_thread_specific<std::vector<uint64_t>> local([bins] { return std::vector<uint64_t>(bins, 0); });
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, kGrain), [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint64_t>& h = local.local();
        for (size_t i = r.begin(); i < r.end(); ++i) ++h[binOf(p[i])];
    });
    std::vector<uint64_t> hist(bins, 0);
    for (const auto& h : local)
        for (size_t b = 0; b < bins; ++b) hist[b] += h[b];

    size_t b = 0;
    uint64_t cumulative = 0;
    for (size_t q = 0; q < kStatsPercentiles.size(); ++q) {
        const uint64_t rank = std::max<uint64_t>(1, uint64_t(std::ceil(kStatsPercentiles[q] / 100.0 * double(n))));
        while (cumulative + hist[b] < rank) cumulative += hist[b++];
        s.percentiles[q] = s.exact ? e.min + double(b) : e.min + (double(b) + 0.5) / scale;
        if (!s.exact && range == 0) s.percentiles[q] = e.min;
    }
    return s;
}

}  // namespace

VolumeStats computeVolumeStats(const Volume& volume) {
    if (volume.empty() || volume.voxelCount() == 0) throw Error("", "cannot compute statistics of an empty volume");
    return volume.visit([&](const auto* p) { return statsOf(p, volume.voxelCount()); });
}

}  // namespace marrow
