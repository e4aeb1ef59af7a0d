#include "src/render/brick_grid.h"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace marrow::render {

BrickGrid BrickGrid::build(const int16_t* voxels, std::array<int, 3> dims) {
    BrickGrid g;
    const int b = kBrickSize;
    for (int a = 0; a < 3; ++a) g.bricks[a] = (dims[a] + b - 1) / b;
    const size_t count = size_t(g.bricks[0]) * g.bricks[1] * g.bricks[2];
    g.minValue.assign(count, INT16_MAX);
    g.maxValue.assign(count, INT16_MIN);
    const size_t nx = size_t(dims[0]), nxy = nx * size_t(dims[1]);
    // Each task owns one brick layer along k, so no two tasks write the same brick.
    tbb::parallel_for(0, g.bricks[2], [&](int bk) {
        const int k0 = std::max(0, bk * b - 1), k1 = std::min(dims[2], bk * b + b + 1);
        for (int bj = 0; bj < g.bricks[1]; ++bj) {
            const int j0 = std::max(0, bj * b - 1), j1 = std::min(dims[1], bj * b + b + 1);
            for (int bi = 0; bi < g.bricks[0]; ++bi) {
                const int i0 = std::max(0, bi * b - 1), i1 = std::min(dims[0], bi * b + b + 1);
                int16_t lo = INT16_MAX, hi = INT16_MIN;
                for (int k = k0; k < k1; ++k)
                    for (int j = j0; j < j1; ++j) {
                        const int16_t* row = voxels + size_t(k) * nxy + size_t(j) * nx;
                        for (int i = i0; i < i1; ++i) {
                            lo = std::min(lo, row[i]);
                            hi = std::max(hi, row[i]);
                        }
                    }
                const size_t idx = size_t(bi) + size_t(g.bricks[0]) * (size_t(bj) + size_t(g.bricks[1]) * bk);
                g.minValue[idx] = lo;
                g.maxValue[idx] = hi;
            }
        }
    });
    return g;
}

std::vector<uint8_t> BrickGrid::occupancy(const std::vector<bool>& visibleFrom, int lo) const {
    // prefix[n] = number of visible values among the first n table entries.
    const int size = int(visibleFrom.size());
    std::vector<int> prefix(size + 1, 0);
    for (int n = 0; n < size; ++n) prefix[n + 1] = prefix[n] + (visibleFrom[n] ? 1 : 0);
    std::vector<uint8_t> out(minValue.size(), 0);
    if (size == 0) return out;
    for (size_t n = 0; n < out.size(); ++n) {
        const int a = std::clamp(int(minValue[n]) - lo, 0, size - 1);
        const int z = std::clamp(int(maxValue[n]) - lo, 0, size - 1);
        out[n] = (minValue[n] <= maxValue[n] && prefix[z + 1] - prefix[a] > 0) ? 255 : 0;
    }
    return out;
}

std::vector<uint8_t> BrickGrid::emptyDistance(const std::vector<uint8_t>& occupied) const {
    // Chebyshev distance transform, separable: along i the distance to the nearest occupied
    // brick of the row; along j and k, out(p) = min over |s| <= kMaxEmptyDistance of
    // max(|s|, in(p + s)). Capped, which only shortens jumps (never unsafe).
    const int n[3] = {bricks[0], bricks[1], bricks[2]};
    const size_t count = occupied.size();
    std::vector<uint8_t> a(count), b(count);
    for (size_t m = 0; m < count; ++m) a[m] = occupied[m] ? 0 : kMaxEmptyDistance;
    const size_t stride[3] = {1, size_t(n[0]), size_t(n[0]) * size_t(n[1])};
    for (int axis = 0; axis < 3; ++axis) {
        const int len = n[axis];
        const int u = (axis + 1) % 3, v = (axis + 2) % 3;
        tbb::parallel_for(0, n[v], [&](int jv) {
            for (int ju = 0; ju < n[u]; ++ju) {
                const size_t base = size_t(ju) * stride[u] + size_t(jv) * stride[v];
                for (int x = 0; x < len; ++x) {
                    int best = a[base + size_t(x) * stride[axis]];
                    for (int s = 1; s < best; ++s) {  // a farther brick cannot beat best
                        if (x - s >= 0) best = std::min(best, std::max<int>(s, a[base + size_t(x - s) * stride[axis]]));
                        if (x + s < len) best = std::min(best, std::max<int>(s, a[base + size_t(x + s) * stride[axis]]));
                    }
                    b[base + size_t(x) * stride[axis]] = uint8_t(best);
                }
            }
        });
        std::swap(a, b);
    }
    return a;
}

}  // namespace marrow::render
