// Threshold masks (the body mask is in body_mask.cpp).
//
// thresholdMask: one compare-and-store loop per row, rows in parallel; the bounds are
// first turned into the volume's own type (ceil/floor for integers, the nearest floats
// inside the range for float32) so the loop compares native values and vectorises.
#include "seg/algo/regions.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>


namespace marrow {
namespace {

// Native bounds [lo, hi] for type T; false when no value of T can lie in the range.
template <class T>
bool nativeBounds(double lo, double hi, T& tlo, T& thi) {
    if (std::isnan(lo) || std::isnan(hi) || lo > hi) return false;
    if constexpr (std::is_floating_point_v<T>) {
        const T maxT = std::numeric_limits<T>::max();
        if (lo > double(maxT) || hi < -double(maxT)) return false;
        T a = T(std::clamp(lo, -double(maxT), double(maxT)));
        if (double(a) < lo) a = std::nextafter(a, maxT);
        T b = T(std::clamp(hi, -double(maxT), double(maxT)));
        if (double(b) > hi) b = std::nextafter(b, -maxT);
        tlo = a;
        thi = b;
        return a <= b;
    } else {
        const double minT = double(std::numeric_limits<T>::min()), maxT = double(std::numeric_limits<T>::max());
        const double a = std::max(std::ceil(lo), minT), b = std::min(std::floor(hi), maxT);
        if (a > b) return false;
        tlo = T(a);
        thi = T(b);
        return true;
    }
}

// One row; sizes by value and __restrict so the uint8 stores cannot alias the bounds.
template <class T>
void thresholdRow(const T* __restrict s, uint8_t* __restrict d, int64_t len, T tlo, T thi) {
    for (int64_t i = 0; i < len; ++i) d[i] = uint8_t((s[i] >= tlo) & (s[i] <= thi));
}

// Writes every row of the box; false (nothing written) when the range or box is empty.
template <class T>
bool thresholdRows(const T* src, uint8_t* dst, std::array<int, 3> dims, double lo, double hi, Index3 boxLo,
                   Index3 boxHi) {
    T tlo{}, thi{};
    if (!nativeBounds(lo, hi, tlo, thi)) return false;
    const int64_t i0 = std::max<int64_t>(boxLo[0], 0), i1 = std::min<int64_t>(boxHi[0], dims[0] - 1);
    const int64_t j0 = std::max<int64_t>(boxLo[1], 0), j1 = std::min<int64_t>(boxHi[1], dims[1] - 1);
    const int64_t k0 = std::max<int64_t>(boxLo[2], 0), k1 = std::min<int64_t>(boxHi[2], dims[2] - 1);
    if (i0 > i1 || j0 > j1 || k0 > k1) return false;
    const int64_t ny = j1 - j0 + 1, rows = ny * (k1 - k0 + 1), len = i1 - i0 + 1;
    tbb::parallel_for(tbb::blocked_range<int64_t>(0, rows, 64), [&](const tbb::blocked_range<int64_t>& r) {
        for (int64_t row = r.begin(); row != r.end(); ++row) {
            const size_t base = size_t(i0) + size_t(dims[0]) * (size_t(j0 + row % ny) + size_t(dims[1]) * size_t(k0 + row / ny));
            thresholdRow(src + base, dst + base, len, tlo, thi);
        }
    });
    return true;
}

const Index3 kWholeLo{INT64_MIN / 2, INT64_MIN / 2, INT64_MIN / 2};
const Index3 kWholeHi{INT64_MAX / 2, INT64_MAX / 2, INT64_MAX / 2};

}  // namespace

void thresholdMaskInto(Mask& out, const Volume& volume, double lo, double hi) {
    const bool reuse = out.voxels.size() == volume.voxelCount() && out.geometry.dims() == volume.geometry().dims();
    // A fresh buffer is left uninitialised: the whole-grid pass writes every voxel.
    if (!reuse) out = Mask(volume.geometry(), Mask::uninitialized);
    out.geometry = volume.geometry();
    if (volume.empty()) return;
    const bool written = volume.visit([&](const auto* src) {
        return thresholdRows(src, out.voxels.data(), volume.geometry().dims(), lo, hi, kWholeLo, kWholeHi);
    });
    if (!written) out.clear();
}

Mask thresholdMask(const Volume& volume, double lo, double hi) {
    Mask out;
    thresholdMaskInto(out, volume, lo, hi);
    return out;
}

Mask thresholdMask(const Volume& volume, double lo, double hi, Index3 boxLo, Index3 boxHi) {
    Mask out(volume.geometry());
    if (volume.empty()) return out;
    volume.visit([&](const auto* src) {
        thresholdRows(src, out.voxels.data(), volume.geometry().dims(), lo, hi, boxLo, boxHi);
    });
    return out;
}

int superiorInferiorAxis(const ImageGeometry& g) {
    int best = 2;
    double bestZ = -1;
    for (int a = 0; a < 3; ++a) {
        const double z = std::abs(g.direction().column(a).z);
        if (z > bestZ + 1e-9) {  // ties keep the lower axis
            best = a;
            bestZ = z;
        }
    }
    return best;
}

}  // namespace marrow
