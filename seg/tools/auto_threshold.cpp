#include "seg/tools/auto_threshold.h"

#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "seg/tools/tool_common.h"

namespace marrow::tools {

namespace {

// One bin per HU from the tissue floor up; everything denser (cortical bone, metal) shares
// the top bin, which only ever counts as bone.
constexpr int kFloor = int(kTissueFloorHu);
constexpr int kTop = 3071;
constexpr size_t kBins = size_t(kTop - kFloor + 1);
using Histogram = std::vector<uint64_t>;

// Histogram of the voxels in box (and in area when given), in parallel over slices.
Histogram histogram(const Volume& ct, const VoxelBox& box, const Mask* area) {
    const ImageGeometry& g = ct.geometry();
    tbb::combinable<Histogram> parts([] { return Histogram(kBins, 0); });
    ct.visit([&](const auto* v) {
        tbb::parallel_for(box.lo[2], box.hi[2], [&](int64_t k) {
            Histogram& h = parts.local();
            for (int64_t j = box.lo[1]; j < box.hi[1]; ++j)
                for (int64_t i = box.lo[0]; i < box.hi[0]; ++i) {
                    const size_t idx = g.linearIndex(i, j, k);
                    if (area && !area->voxels[idx]) continue;
                    const double hu = double(v[idx]);
                    if (!(hu >= kTissueFloorHu)) continue;  // NaN too
                    ++h[size_t(std::min(std::lround(hu), long(kTop)) - kFloor)];
                }
        });
    });
    Histogram total(kBins, 0);
    parts.combine_each([&](const Histogram& h) {
        for (size_t b = 0; b < kBins; ++b) total[b] += h[b];
    });
    return total;
}

// Minimum error thresholding (Kittler & Illingworth, Pattern Recognition 19, 1986): each
// class below/above t is taken as a Gaussian with its own weight P, mean and sigma, and t
// minimises J(t) = P0 ln s0 + P1 ln s1 - P0 ln P0 - P1 ln P1 (the classification error of
// that two-Gaussian fit). Unlike Otsu it lets the classes differ in size and spread: soft
// tissue is a huge narrow peak, bone a small broad tail (and contrast-filled vessels sit in
// that tail, where Otsu's threshold, midway between the class means, would cut bone
// marrow away). Variances get 1/12 HU^2 added, the rounding of HU to integers, so a
// noiseless class has a finite log. Searched over t in [kBoneSearchLoHu, kBoneSearchHiHu]
// (class 0 = [floor, t), class 1 = [t, top]); of equal minima, the middle one.
AutoThreshold minimumError(const Histogram& h, const std::string& where) {
    // Prefix sums of count, x and x^2, with x in HU above the floor (small: no cancellation).
    std::vector<double> n(kBins + 1, 0), sx(kBins + 1, 0), sxx(kBins + 1, 0);
    for (size_t b = 0; b < kBins; ++b) {
        const double c = double(h[b]), x = double(b);
        n[b + 1] = n[b] + c;
        sx[b + 1] = sx[b] + c * x;
        sxx[b + 1] = sxx[b] + c * x * x;
    }
    const size_t searchLo = size_t(kBoneSearchLoHu - kFloor), searchHi = size_t(kBoneSearchHiHu - kFloor);
    const double total = n[kBins];
    if (total - n[searchLo] <= 0)
        throw Error("", "auto threshold: " + where + " has no voxel at or above " + std::to_string(int(kBoneSearchLoHu)) +
                            " HU (no bone; is it a CT in HU?)");
    auto logSigma = [](double count, double s, double ss) {
        const double mean = s / count;
        return 0.5 * std::log(std::max(ss / count - mean * mean, 0.0) + 1.0 / 12);
    };
    std::vector<double> score(searchHi + 1, std::numeric_limits<double>::infinity());
    for (size_t t = searchLo; t <= searchHi; ++t) {  // class 0 = bins below t
        const double n0 = n[t], n1 = total - n0;
        if (n0 <= 0 || n1 <= 0) continue;
        const double p0 = n0 / total, p1 = n1 / total;
        score[t] = p0 * logSigma(n0, sx[t], sxx[t]) + p1 * logSigma(n1, sx[kBins] - sx[t], sxx[kBins] - sxx[t]) -
                   p0 * std::log(p0) - p1 * std::log(p1);
    }
    const size_t first = size_t(std::min_element(score.begin() + long(searchLo), score.end()) - score.begin());
    const double bestScore = score[first];
    // Between separated classes every t in the empty gap splits them alike (equal scores):
    // take the middle of that run, not the edge of one class's noise.
    size_t last = first;
    while (last + 1 <= searchHi && score[last + 1] == bestScore) ++last;
    const size_t t = (first + last) / 2;
    AutoThreshold best{double(int(t) + kFloor), 0, size_t(total - n[t]), false};
    if (!std::isfinite(bestScore))  // everything at or above the search range: all of it is bone
        best = {kBoneSearchLoHu, size_t(total), size_t(total - n[searchLo]), true};
    best.tissueVoxels = size_t(total);
    best.atSearchEdge = best.threshold == kBoneSearchLoHu || best.threshold == kBoneSearchHiHu;
    return best;
}

}  // namespace

AutoThreshold autoBoneThreshold(const Volume& ct, const Mask* area) {
    if (area && area->geometry.dims() != ct.geometry().dims())
        throw Error("", "auto threshold: the area mask is not on the scan's grid");
    return minimumError(histogram(ct, VoxelBox::of(ct.geometry()), area), "the scan");
}

AutoThreshold localBoneThreshold(const Volume& ct, Vec3 seedLps, double boxMm) {
    if (!(boxMm > 0) || !std::isfinite(boxMm)) throw Error("", "auto range: the box size must be a positive number of mm");
    const ImageGeometry& g = ct.geometry();
    requireVoxel(g, seedLps, "auto range: the click");
    const Vec3 half{boxMm / 2, boxMm / 2, boxMm / 2};
    const VoxelBox box = voxelBoxFromMm(g, seedLps - half, seedLps + half);
    return minimumError(histogram(ct, box, nullptr), "the box around the click");
}

}  // namespace marrow::tools
