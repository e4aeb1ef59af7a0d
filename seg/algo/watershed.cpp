#include "seg/algo/watershed.h"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

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
    constexpr size_t kUnvisited = ~size_t(0);
    // Union-find over box voxels; peak[root] is the first (highest) voxel of the region.
    std::vector<size_t> parent(inside.size(), kUnvisited), peak(inside.size(), kUnvisited);
    auto find = [&](size_t v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    };
    // Peak a is older (survives) than peak b: higher distance, or equal and earlier in order.
    auto older = [&](size_t a, size_t b) {
        return distanceMm[a] != distanceMm[b] ? distanceMm[a] > distanceMm[b] : a < b;
    };
    const std::vector<std::ptrdiff_t> offsets = neighbourOffsets(dims, c);
    std::vector<size_t> markers;
    for (const size_t v : order) {
        parent[v] = v;
        peak[v] = v;
        for (const std::ptrdiff_t off : offsets) {
            const size_t n = size_t(std::ptrdiff_t(v) + off);
            if (parent[n] == kUnvisited) continue;
            size_t a = find(n), b = find(v);
            if (a == b) continue;
            if (older(peak[b], peak[a])) std::swap(a, b);  // a: older region, b: the one that dies here
            const double top = distanceMm[peak[b]];
            if (top >= minPeakMm && top - distanceMm[v] >= minDepthMm) markers.push_back(peak[b]);
            parent[b] = a;
        }
    }
    for (const size_t v : order)
        if (parent[v] == v && distanceMm[peak[v]] >= minPeakMm) markers.push_back(peak[v]);
    std::sort(markers.begin(), markers.end(), older);
    return markers;
}

}  // namespace marrow
