#include "io/labeled_volume.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace marrow {

namespace {
struct Range {
    double lo = 1e300, hi = -1e300;
    bool integral = true;
    bool finite = true;
};

template <class T>
Range scanRange(const T* p, size_t n) {
    return tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, n, 1 << 16), Range{},
        [p](const tbb::blocked_range<size_t>& r, Range acc) {
            for (size_t i = r.begin(); i != r.end(); ++i) {
                const double v = double(p[i]);
                if (!std::isfinite(v)) {
                    acc.finite = false;
                    continue;
                }
                acc.lo = std::min(acc.lo, v);
                acc.hi = std::max(acc.hi, v);
                if (acc.integral && v != std::floor(v)) acc.integral = false;
            }
            return acc;
        },
        [](Range a, const Range& b) {
            a.lo = std::min(a.lo, b.lo);
            a.hi = std::max(a.hi, b.hi);
            a.integral = a.integral && b.integral;
            a.finite = a.finite && b.finite;
            return a;
        });
}

template <class Out, class In, class F>
void convert(const In* in, Out* out, size_t n, F f) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i) out[i] = Out(f(double(in[i])));
    });
}
}  // namespace

Volume castToLabelVolume(const Volume& v, std::vector<std::string>* notes, double probabilityThreshold) {
    if (v.type() == ScalarType::UInt8 || v.type() == ScalarType::UInt16) return v;
    const size_t n = v.voxelCount();
    const Range range = v.visit([n](const auto* p) { return scanRange(p, n); });
    const bool empty = range.lo > range.hi;  // every voxel non-finite (or no voxels)
    const bool probabilities = !empty && !range.integral && range.lo >= 0 && range.hi <= 1;
    const double hi = empty ? 0 : std::clamp(probabilities ? 1.0 : std::round(range.hi), 0.0, 65535.0);
    const ScalarType outType = hi <= 255 ? ScalarType::UInt8 : ScalarType::UInt16;
    Volume out(v.geometry(), outType, false);
    out.meta = v.meta;
    auto note = [&](const std::string& s) {
        if (notes) notes->push_back(s);
    };
    char buf[256];
    if (probabilities) {
        std::snprintf(buf, sizeof buf, "probability map (%s values in [%g, %g]) thresholded at %g into label 1",
                      scalarName(v.type()), range.lo, range.hi, probabilityThreshold);
        note(buf);
    } else if (!range.integral) {
        std::snprintf(buf, sizeof buf, "fractional %s label values rounded to the nearest integer", scalarName(v.type()));
        note(buf);
    }
    if (!empty && (range.lo < 0 || range.hi > 65535)) {
        std::snprintf(buf, sizeof buf, "label values outside [0, 65535] (%g..%g) clamped", range.lo, range.hi);
        note(buf);
    }
    if (!range.finite) note("non-finite voxel values (NaN/inf) set to 0");
    auto f = [probabilities, probabilityThreshold](double x) -> double {
        if (!std::isfinite(x)) return 0;
        if (probabilities) return x >= probabilityThreshold ? 1 : 0;
        return std::clamp(std::round(x), 0.0, 65535.0);
    };
    v.visit([&](const auto* in) {
        if (outType == ScalarType::UInt8) convert(in, out.data<uint8_t>(), n, f);
        else convert(in, out.data<uint16_t>(), n, f);
    });
    return out;
}

std::vector<std::pair<uint32_t, size_t>> labelHistogram(const Volume& labels) {
    const size_t n = labels.voxelCount();
    std::vector<size_t> counts = labels.visit([n](const auto* p) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(p)>>;
        if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, int32_t>) {
            // Not a label type: count only what fits a label value.
            std::vector<size_t> c(65536, 0);
            for (size_t i = 0; i < n; ++i)
                if (p[i] >= 0 && p[i] <= 65535 && p[i] == std::floor(double(p[i]))) ++c[size_t(p[i])];
            return c;
        } else {
            return tbb::parallel_reduce(
                tbb::blocked_range<size_t>(0, n, 1 << 18), std::vector<size_t>(),
                [p](const tbb::blocked_range<size_t>& r, std::vector<size_t> c) {
                    if (c.empty()) c.assign(65536, 0);
                    for (size_t i = r.begin(); i != r.end(); ++i)
                        if (p[i] > 0) ++c[size_t(p[i])];
                    return c;
                },
                [](std::vector<size_t> a, const std::vector<size_t>& b) {
                    if (a.empty()) return b;
                    for (size_t i = 0; i < b.size(); ++i) a[i] += b[i];
                    return a;
                });
        }
    });
    std::vector<std::pair<uint32_t, size_t>> out;
    for (size_t v = 1; v < counts.size(); ++v)
        if (counts[v]) out.push_back({uint32_t(v), counts[v]});
    return out;
}

}  // namespace marrow
