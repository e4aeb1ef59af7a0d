#include "seg/tools/tool_common.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace marrow::tools {

VoxelBox voxelBoxFromMm(const ImageGeometry& g, Vec3 a, Vec3 b) {
    Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
    for (int c = 0; c < 8; ++c) {
        const Vec3 corner{(c & 1) ? a.x : b.x, (c & 2) ? a.y : b.y, (c & 4) ? a.z : b.z};
        const Vec3 ijk = g.patientToIndex(corner);
        for (int ax = 0; ax < 3; ++ax) {
            lo[ax] = std::min(lo[ax], ijk[ax]);
            hi[ax] = std::max(hi[ax], ijk[ax]);
        }
    }
    VoxelBox box;
    constexpr double eps = 1e-6;  // a centre exactly on the box face is inside
    for (int ax = 0; ax < 3; ++ax) {
        box.lo[ax] = int64_t(std::ceil(lo[ax] - eps));
        box.hi[ax] = int64_t(std::floor(hi[ax] + eps)) + 1;
    }
    return box.intersect(VoxelBox::of(g));
}

Index3 requireVoxel(const ImageGeometry& g, Vec3 lps, const char* what) {
    const Index3 v = g.patientToNearestVoxel(lps);
    if (!g.contains(v[0], v[1], v[2]))
        throw Error("", std::string(what) + ": point (" + std::to_string(lps.x) + ", " + std::to_string(lps.y) + ", " +
                            std::to_string(lps.z) + ") mm is outside the image");
    return v;
}

std::vector<uint8_t> fillPolygon(const std::vector<std::array<double, 2>>& poly, int width, int height, double x0,
                                 double y0, double dx, double dy) {
    std::vector<uint8_t> out(size_t(width) * size_t(height), 0);
    if (poly.size() < 3) return out;
    std::vector<double> xs;
    for (int y = 0; y < height; ++y) {
        const double py = y0 + y * dy;
        xs.clear();
        for (size_t e = 0; e < poly.size(); ++e) {
            const auto& p = poly[e];
            const auto& q = poly[(e + 1) % poly.size()];
            // Half-open in y so a vertex on the scanline is counted once.
            if ((p[1] <= py && q[1] > py) || (q[1] <= py && p[1] > py))
                xs.push_back(p[0] + (py - p[1]) * (q[0] - p[0]) / (q[1] - p[1]));
        }
        std::sort(xs.begin(), xs.end());
        uint8_t* row = out.data() + size_t(y) * size_t(width);
        for (size_t n = 0; n + 1 < xs.size(); n += 2) {
            // pixels with xs[n] <= x0 + x*dx < xs[n+1]
            const int a = std::max(0, int(std::ceil((xs[n] - x0) / dx)));
            const int b = std::min(width, int(std::ceil((xs[n + 1] - x0) / dx)));
            for (int x = a; x < b; ++x) row[x] = 1;
        }
    }
    return out;
}

void requireSlice(const ImageGeometry& g, int axis, int slice, const char* what) {
    if (axis < 0 || axis > 2) throw Error("", std::string(what) + ": slice axis must be 0, 1 or 2");
    if (slice < 0 || slice >= g.dim(axis))
        throw Error("", std::string(what) + ": slice " + std::to_string(slice) + " is outside 0.." +
                            std::to_string(g.dim(axis) - 1));
}

}  // namespace marrow::tools
