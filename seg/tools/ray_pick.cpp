// Amanatides-Woo voxel traversal in index space (see ray_pick.h). In index coordinates
// shifted by +0.5 (u = ijk + 0.5) voxel n covers [n, n + 1) on each axis, so the boundaries
// crossed are the integers: one slab clip of the ray against [0, dim] gives the entry and
// exit, then each step moves to the neighbour across the nearest boundary.
#include "seg/tools/ray_pick.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace marrow::tools {

std::optional<RayHit> firstVoxelAlongRay(const ImageGeometry& g, Vec3 originLps, Vec3 directionLps,
                                         const std::function<bool(const Index3&)>& accept) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const Vec3 u0 = g.patientToIndex(originLps) + Vec3{0.5, 0.5, 0.5};
    const Vec3 d = g.patientToIndex(originLps + directionLps) - g.patientToIndex(originLps);
    if (!(std::isfinite(u0.x) && std::isfinite(u0.y) && std::isfinite(u0.z) && std::isfinite(norm(d))) ||
        norm(d) == 0)
        return std::nullopt;

    // Slab clip against the grid box [0, dim] per axis.
    double tEnter = 0, tExit = kInf;
    for (int a = 0; a < 3; ++a) {
        if (d[a] == 0) {
            if (u0[a] < 0 || u0[a] >= g.dim(a)) return std::nullopt;  // parallel and outside
            continue;
        }
        double t0 = (0 - u0[a]) / d[a], t1 = (g.dim(a) - u0[a]) / d[a];
        if (t0 > t1) std::swap(t0, t1);
        tEnter = std::max(tEnter, t0);
        tExit = std::min(tExit, t1);
    }
    if (!(tEnter < tExit)) return std::nullopt;

    // The voxel at the entry: on a boundary, the one the ray goes into.
    Index3 v{};
    int64_t step[3];
    double tMax[3], tDelta[3];
    for (int a = 0; a < 3; ++a) {
        const double u = u0[a] + tEnter * d[a];
        const double cell = d[a] < 0 ? std::ceil(u) - 1 : std::floor(u);
        v[size_t(a)] = std::clamp<int64_t>(int64_t(cell), 0, g.dim(a) - 1);  // rounding at the entry face
        if (d[a] > 0) {
            step[a] = 1;
            tMax[a] = (double(v[size_t(a)] + 1) - u0[a]) / d[a];
            tDelta[a] = 1 / d[a];
        } else if (d[a] < 0) {
            step[a] = -1;
            tMax[a] = (double(v[size_t(a)]) - u0[a]) / d[a];
            tDelta[a] = -1 / d[a];
        } else {
            step[a] = 0;
            tMax[a] = tDelta[a] = kInf;
        }
    }
    double t = tEnter;
    while (true) {
        if (accept(v)) return RayHit{v, g.indexToPatient({double(v[0]), double(v[1]), double(v[2])}), t};
        const int a = tMax[0] < tMax[1] ? (tMax[0] < tMax[2] ? 0 : 2) : (tMax[1] < tMax[2] ? 1 : 2);
        if (tMax[a] >= tExit) return std::nullopt;
        t = tMax[a];
        v[size_t(a)] += step[a];
        if (v[size_t(a)] < 0 || v[size_t(a)] >= g.dim(a)) return std::nullopt;
        tMax[a] += tDelta[a];
    }
}

std::optional<RayHit> firstLabelAlongRay(const LabelMap& labels, Vec3 originLps, Vec3 directionLps, Label segment) {
    return firstVoxelAlongRay(labels.geometry(), originLps, directionLps, [&](const Index3& v) {
        const Label l = labels.at(v);
        if (segment) return l == segment;
        if (!l) return false;
        const Segment* s = labels.segment(l);
        return s && s->visible;
    });
}

std::optional<RayHit> firstValueInRangeAlongRay(const Volume& image, Vec3 originLps, Vec3 directionLps, double lo,
                                                double hi) {
    return firstVoxelAlongRay(image.geometry(), originLps, directionLps, [&](const Index3& v) {
        const double hu = image.valueAt(v[0], v[1], v[2]);
        return hu >= lo && hu <= hi;
    });
}

}  // namespace marrow::tools
