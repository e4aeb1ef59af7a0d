// Fill between slices by signed-distance interpolation.
//
// For each pair of consecutive marked slices a < b: exact 2D signed distance maps in mm
// (distance_transform.h), then each slice w in between at t = (w-a)/(b-a) is set where
// (1-t)*sdA + t*sdB <= 0. Overlapping shapes morph in place (a small disk grows into a
// large one, equal shapes stay equal). Disjoint shapes would leave empty slices in the
// middle, so for them both maps are first shifted so that the two centroids meet at the
// linearly interpolated centroid: the shape slides from one position to the other while
// it morphs (bilinear sampling of the shifted maps). An empty marked slice counts as
// "far outside everywhere", so the other shape shrinks away towards it.
// Cost per pair: O(slice) for the maps plus O(slice) per filled slice. Pairs in parallel.
// Reference: Herman, Zheng & Bucholtz, "Shape-based interpolation", IEEE CG&A 12(3), 1992.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "seg/algo/distance_transform.h"
#include "seg/algo/regions.h"
#include "seg/algo/slice_layout.h"

namespace marrow {
namespace {

struct MarkedSlice {
    std::vector<uint8_t> image;
    std::vector<float> sd;
    double cu = 0, cv = 0;  // centroid in pixels
    size_t count = 0;
};

MarkedSlice readMarked(const Mask& m, const detail::SliceLayout& s, int w, double su, double sv, double far) {
    MarkedSlice ms;
    ms.image.resize(s.sliceSize());
    detail::gatherSlices(m.voxels.data(), s, w, 1, ms.image.data());
    for (int v = 0; v < s.nv; ++v)
        for (int u = 0; u < s.nu; ++u)
            if (ms.image[size_t(v) * s.nu + u]) {
                ms.cu += u;
                ms.cv += v;
                ++ms.count;
            }
    if (ms.count) {
        ms.cu /= double(ms.count);
        ms.cv /= double(ms.count);
    }
    ms.sd = detail::signedDistance2D(ms.image.data(), s.nu, s.nv, su, sv, far);
    return ms;
}

// Bilinear sample of a map at (u, v) in pixels, clamped to the image.
float sample(const std::vector<float>& map, int nu, int nv, double u, double v) {
    u = std::clamp(u, 0.0, double(nu - 1));
    v = std::clamp(v, 0.0, double(nv - 1));
    const int u0 = std::min(int(u), nu - 1), v0 = std::min(int(v), nv - 1);
    const int u1 = std::min(u0 + 1, nu - 1), v1 = std::min(v0 + 1, nv - 1);
    const double fu = u - u0, fv = v - v0;
    auto at = [&](int uu, int vv) { return double(map[size_t(vv) * nu + uu]); };
    return float((1 - fv) * ((1 - fu) * at(u0, v0) + fu * at(u1, v0)) + fv * ((1 - fu) * at(u0, v1) + fu * at(u1, v1)));
}

bool overlap(const MarkedSlice& a, const MarkedSlice& b) {
    for (size_t p = 0; p < a.image.size(); ++p)
        if (a.image[p] && b.image[p]) return true;
    return false;
}

void fillBetween(Mask& out, const detail::SliceLayout& s, int wa, const MarkedSlice& a, int wb, const MarkedSlice& b) {
    const bool slide = a.count && b.count && !overlap(a, b);
    tbb::parallel_for(wa + 1, wb, [&](int w) {
        const double t = double(w - wa) / double(wb - wa);
        std::vector<uint8_t> image(s.sliceSize());
        if (!slide) {
            for (size_t p = 0; p < image.size(); ++p) image[p] = (1 - t) * a.sd[p] + t * b.sd[p] <= 0;
        } else {
            const double cu = (1 - t) * a.cu + t * b.cu, cv = (1 - t) * a.cv + t * b.cv;
            for (int v = 0; v < s.nv; ++v)
                for (int u = 0; u < s.nu; ++u) {
                    const double da = sample(a.sd, s.nu, s.nv, u - (cu - a.cu), v - (cv - a.cv));
                    const double db = sample(b.sd, s.nu, s.nv, u - (cu - b.cu), v - (cv - b.cv));
                    image[size_t(v) * s.nu + u] = (1 - t) * da + t * db <= 0;
                }
        }
        detail::scatterSlices(out.voxels.data(), s, w, 1, image.data());
    });
}

}  // namespace

Mask interpolateSlices(const Mask& marked, const std::vector<int>& markedSlices, int axis) {
    axis = std::clamp(axis, 0, 2);
    Mask out(marked.geometry);
    const detail::SliceLayout s = detail::sliceLayout(marked.geometry.dims(), axis);
    std::vector<int> slices;
    for (int w : markedSlices)
        if (w >= 0 && w < s.nw) slices.push_back(w);
    std::sort(slices.begin(), slices.end());
    slices.erase(std::unique(slices.begin(), slices.end()), slices.end());
    if (slices.empty() || s.sliceSize() == 0) return out;

    const Vec3& sp = marked.geometry.spacing();
    const double su = axis == 0 ? sp.y : sp.x, sv = axis == 2 ? sp.y : sp.z;
    // "Far" exceeds any in-slice distance, so an empty slice is outside everywhere.
    const double far = std::hypot(su * s.nu, sv * s.nv) + su + sv;

    tbb::parallel_for(size_t(0), slices.size(), [&](size_t n) {
        std::vector<uint8_t> image(s.sliceSize());
        detail::gatherSlices(marked.voxels.data(), s, slices[n], 1, image.data());
        detail::scatterSlices(out.voxels.data(), s, slices[n], 1, image.data());
    });
    tbb::parallel_for(size_t(1), slices.size(), [&](size_t n) {
        const int wa = slices[n - 1], wb = slices[n];
        if (wb - wa < 2) return;
        const MarkedSlice a = readMarked(marked, s, wa, su, sv, far);
        const MarkedSlice b = readMarked(marked, s, wb, su, sv, far);
        fillBetween(out, s, wa, a, wb, b);
    });
    return out;
}

}  // namespace marrow
