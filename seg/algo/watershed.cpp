#include "seg/algo/watershed.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <limits>
#include <queue>

#include "io/error.h"
#include "seg/distance_transform.h"

namespace marrow {

namespace {

// Linear offsets of the 6 or 26 neighbours on a grid of dims.
std::vector<std::ptrdiff_t> neighbourOffsets(std::array<int, 3> dims, Connectivity c) {
    const std::ptrdiff_t sx = 1, sy = dims[0], sz = std::ptrdiff_t(dims[0]) * dims[1];
    std::vector<std::ptrdiff_t> out;
    for (int dz = -1; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int manhattan = std::abs(dx) + std::abs(dy) + std::abs(dz);
                if (manhattan == 0 || (c == Connectivity::Six && manhattan > 1)) continue;
                out.push_back(dx * sx + dy * sy + dz * sz);
            }
    return out;
}

}  // namespace

std::vector<float> insideDistanceMm(const std::vector<uint8_t>& inside, std::array<int, 3> dims, Vec3 spacingMm) {
    std::vector<float> d(inside.size());
    tbb::parallel_for(size_t(0), d.size(), [&](size_t i) { d[i] = inside[i] ? edt::kInfinity : 0.f; });
    edt::squaredDistanceTransform(d, dims, spacingMm);
    tbb::parallel_for(size_t(0), d.size(), [&](size_t i) {
        // A region with no outside voxel at all has no finite distance; callers pad, so 0.
        d[i] = std::isfinite(d[i]) ? std::sqrt(d[i]) : 0.f;
    });
    return d;
}

std::vector<uint16_t> markerWatershed(const std::vector<float>& distanceMm, const std::vector<uint8_t>& inside,
                                      std::array<int, 3> dims, const std::vector<size_t>& markers, Connectivity c) {
    std::vector<uint16_t> labels(inside.size(), 0);
    const std::vector<std::ptrdiff_t> offsets = neighbourOffsets(dims, c);
    // Height = -distance; a flood never goes down (its level is the highest it has passed),
    // ties in arrival order (seq), so the result does not depend on the heap's internals.
    struct Item {
        float level;
        uint64_t seq;
        size_t voxel;
        bool operator>(const Item& o) const { return level != o.level ? level > o.level : seq > o.seq; }
    };
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    uint64_t seq = 0;
    for (size_t m = 0; m < markers.size(); ++m) {
        labels[markers[m]] = uint16_t(m + 1);
        queue.push({-distanceMm[markers[m]], seq++, markers[m]});
    }
    while (!queue.empty()) {
        const Item top = queue.top();
        queue.pop();
        const uint16_t label = labels[top.voxel];
        for (const std::ptrdiff_t off : offsets) {
            const size_t n = size_t(std::ptrdiff_t(top.voxel) + off);
            if (!inside[n] || labels[n]) continue;
            labels[n] = label;
            queue.push({std::max(top.level, -distanceMm[n]), seq++, n});
        }
    }
    return labels;
}

std::vector<size_t> distanceMaximaMarkers(const std::vector<float>& distanceMm, const std::vector<uint8_t>& inside,
                                          std::array<int, 3> dims, double minPeakMm, double minDepthMm,
                                          Connectivity c) {
    std::vector<size_t> order;
    for (size_t i = 0; i < inside.size(); ++i)
        if (inside[i]) order.push_back(i);
    // Highest distance first; ties by index, so the walk (and the markers) are deterministic.
    tbb::parallel_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return distanceMm[a] != distanceMm[b] ? distanceMm[a] > distanceMm[b] : a < b;
    });
    if (order.size() >= std::numeric_limits<uint32_t>::max()) throw Error("", "split: a region of 2^32 voxels or more is too large for automatic markers");
    // rank[v]: 1 + v's place in the walk (0 outside). A neighbour was visited before v exactly
    // when its rank is lower, and an older peak has the lower rank, so the union-find works on
    // ranks: 4 bytes per box voxel plus 8 per inside voxel, not 16 per box voxel.
    std::vector<uint32_t> rank(inside.size(), 0);
    tbb::parallel_for(size_t(0), order.size(), [&](size_t r) { rank[order[r]] = uint32_t(r + 1); });
    std::vector<uint32_t> parent(order.size()), peak(order.size());  // indexed by rank - 1
    auto find = [&](uint32_t v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    };
    const std::vector<std::ptrdiff_t> offsets = neighbourOffsets(dims, c);
    std::vector<size_t> markers;
    for (uint32_t r = 0; r < order.size(); ++r) {
        const size_t v = order[r];
        parent[r] = r;
        peak[r] = r;
        for (const std::ptrdiff_t off : offsets) {
            const uint32_t nr = rank[size_t(std::ptrdiff_t(v) + off)];
            if (nr == 0 || nr - 1 >= r) continue;  // outside, or not visited yet
            uint32_t a = find(nr - 1), b = find(r);
            if (a == b) continue;
            if (peak[b] < peak[a]) std::swap(a, b);  // a: older region (higher peak), b: dies here
            const double top = distanceMm[order[peak[b]]];
            if (top >= minPeakMm && top - distanceMm[v] >= minDepthMm) markers.push_back(order[peak[b]]);
            parent[b] = a;
        }
    }
    for (uint32_t r = 0; r < order.size(); ++r)
        if (parent[r] == r && distanceMm[order[peak[r]]] >= minPeakMm) markers.push_back(order[peak[r]]);
    std::sort(markers.begin(), markers.end(), [&](size_t a, size_t b) { return rank[a] < rank[b]; });
    return markers;
}

}  // namespace marrow
