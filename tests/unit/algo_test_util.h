#pragma once
// Helpers for the seg/algo unit tests: small masks, brute-force references, thread control.
#include <tbb/global_control.h>

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "seg/mask.h"

namespace marrow::test {

inline Mask makeMask(int nx, int ny, int nz, Vec3 spacing = {1, 1, 1}) {
    return Mask(ImageGeometry({nx, ny, nz}, spacing));
}

// Sets every voxel of the inclusive box [lo, hi].
inline void setBox(Mask& m, Index3 lo, Index3 hi, uint8_t value = 1) {
    for (int64_t k = lo[2]; k <= hi[2]; ++k)
        for (int64_t j = lo[1]; j <= hi[1]; ++j)
            for (int64_t i = lo[0]; i <= hi[0]; ++i) m.at(i, j, k) = value;
}

inline Mask randomMask(int nx, int ny, int nz, double fill, unsigned seed) {
    Mask m = makeMask(nx, ny, nz);
    std::mt19937 rng(seed);
    std::bernoulli_distribution on(fill);
    for (auto& v : m.voxels) v = on(rng);
    return m;
}

// Runs f with TBB limited to `threads` threads.
template <class F>
auto withThreads(int threads, F&& f) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, size_t(threads));
    return f();
}

// Brute-force flood-fill labels (0 = background, 1.. in order of first voxel in memory).
inline std::vector<int> referenceLabels(const Mask& m, bool diagonal) {
    const auto d = m.geometry.dims();
    std::vector<int> label(m.voxels.size(), 0);
    int next = 0;
    std::vector<Index3> stack;
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                if (!m.at(i, j, k) || label[m.geometry.linearIndex(i, j, k)]) continue;
                ++next;
                label[m.geometry.linearIndex(i, j, k)] = next;
                stack.push_back({i, j, k});
                while (!stack.empty()) {
                    const Index3 p = stack.back();
                    stack.pop_back();
                    for (int dk = -1; dk <= 1; ++dk)
                        for (int dj = -1; dj <= 1; ++dj)
                            for (int di = -1; di <= 1; ++di) {
                                const int steps = (di != 0) + (dj != 0) + (dk != 0);
                                if (steps == 0 || (!diagonal && steps > 1)) continue;
                                const Index3 q{p[0] + di, p[1] + dj, p[2] + dk};
                                if (!m.geometry.contains(q[0], q[1], q[2]) || !m.at(q[0], q[1], q[2])) continue;
                                int& l = label[m.geometry.linearIndex(q[0], q[1], q[2])];
                                if (!l) {
                                    l = next;
                                    stack.push_back(q);
                                }
                            }
                }
            }
    return label;
}

// Count of set voxels in the box of half-widths r around (i,j,k); `inGrid` gets the
// number of box voxels inside the grid.
inline int boxCountAt(const Mask& m, int64_t i, int64_t j, int64_t k, std::array<int, 3> r, int* inGrid = nullptr) {
    int count = 0, inside = 0;
    for (int64_t z = k - r[2]; z <= k + r[2]; ++z)
        for (int64_t y = j - r[1]; y <= j + r[1]; ++y)
            for (int64_t x = i - r[0]; x <= i + r[0]; ++x)
                if (m.geometry.contains(x, y, z)) {
                    ++inside;
                    count += m.at(x, y, z);
                }
    if (inGrid) *inGrid = inside;
    return count;
}

// Brute-force filter: out(i,j,k) = rule(count, inGrid, boxSize).
inline Mask referenceBoxFilter(const Mask& m, std::array<int, 3> r, const std::function<bool(int, int, int)>& rule) {
    Mask out(m.geometry);
    const int full = (2 * r[0] + 1) * (2 * r[1] + 1) * (2 * r[2] + 1);
    const auto d = m.geometry.dims();
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                int inGrid = 0;
                const int c = boxCountAt(m, i, j, k, r, &inGrid);
                out.at(i, j, k) = rule(c, inGrid, full);
            }
    return out;
}

}  // namespace marrow::test
