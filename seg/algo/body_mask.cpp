// The body mask behind "remove table".
//
// Passes: (1) threshold >= minHu (soft tissue and above); (2) 6-connected components,
// labelled by decreasing size (a table touching the body only along an edge or corner
// stays apart); (3) one parallel pass over the CT gathering per component its voxel
// count, its bone voxels (>= kBodyBoneHu) and its index bounding box; (4) the body is
// every component that is *patient-like* and at least kBodyMinFraction of the largest
// patient-like one. Patient-like = it holds bone (>= kBodyMinBoneMm3 of voxels >= 300 HU)
// and is not flat (its extent across the slice, the smaller in-plane axis, is at least
// kBodyFlatRatio of the larger). The scan table fails both tests (carbon-fibre shells
// around foam: no bone density, thin and wide at constant height); separated arms and
// legs pass both (a humerus or femur inside a round cross-section). When no component
// is patient-like (a phantom without bone, an MR) the largest component is the body,
// the behaviour before this test existed. (5) holes filled slice by slice along the
// axis nearest to patient S-I (lungs and bowel gas even where the airway opens them in
// 3D), then in 3D. O(voxels) per pass, each pass TBB-parallel.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "seg/algo/morphology.h"
#include "seg/algo/regions.h"

namespace marrow {
namespace {

constexpr int kMaxBodyComponents = 255;  // smaller islands fall out (clothes, cables, noise)

struct ComponentStats {
    size_t voxels = 0, boneVoxels = 0;
    std::array<int64_t, 3> lo{INT64_MAX, INT64_MAX, INT64_MAX}, hi{INT64_MIN, INT64_MIN, INT64_MIN};

    void merge(const ComponentStats& o) {
        voxels += o.voxels;
        boneVoxels += o.boneVoxels;
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], o.lo[a]);
            hi[a] = std::max(hi[a], o.hi[a]);
        }
    }
};

// Per component (index = label, 0 unused): voxels, bone voxels, index bounding box.
std::vector<ComponentStats> componentStats(const Volume& ct, const Volume& labels, int count) {
    const ImageGeometry& g = ct.geometry();
    const auto dims = g.dims();
    const uint16_t* lab = labels.data<uint16_t>();
    using Stats = std::vector<ComponentStats>;
    return tbb::parallel_reduce(
        tbb::blocked_range<int64_t>(0, dims[2]), Stats(size_t(count) + 1),
        [&](const tbb::blocked_range<int64_t>& r, Stats acc) {
            ct.visit([&](const auto* v) {
                for (int64_t k = r.begin(); k != r.end(); ++k)
                    for (int64_t j = 0; j < dims[1]; ++j) {
                        const size_t row = g.linearIndex(0, j, k);
                        for (int64_t i = 0; i < dims[0]; ++i) {
                            const uint16_t l = lab[row + size_t(i)];
                            if (l == 0) continue;
                            ComponentStats& s = acc[l];
                            ++s.voxels;
                            s.boneVoxels += double(v[row + size_t(i)]) >= kBodyBoneHu;
                            const std::array<int64_t, 3> at{i, j, k};
                            for (int a = 0; a < 3; ++a) {
                                s.lo[a] = std::min(s.lo[a], at[a]);
                                s.hi[a] = std::max(s.hi[a], at[a]);
                            }
                        }
                    }
            });
            return acc;
        },
        [](Stats a, const Stats& b) {
            for (size_t n = 0; n < a.size(); ++n) a[n].merge(b[n]);
            return a;
        });
}

bool patientLike(const ComponentStats& s, const ImageGeometry& g, int siAxis) {
    if (double(s.boneVoxels) * g.voxelVolumeMm3() < kBodyMinBoneMm3) return false;
    double across[2];
    int n = 0;
    for (int a = 0; a < 3; ++a)
        if (a != siAxis) across[n++] = double(s.hi[a] - s.lo[a] + 1) * g.spacing()[a];
    return std::min(across[0], across[1]) >= kBodyFlatRatio * std::max(across[0], across[1]);
}

}  // namespace

Mask bodyMask(const Volume& ct, double minHu) {
    const ImageGeometry& g = ct.geometry();
    const Mask soft = thresholdMask(ct, minHu, std::numeric_limits<double>::infinity());
    int found = 0;
    const Volume labels = splitComponents(soft, kMaxBodyComponents, Connectivity::Six, &found);
    const int count = std::min(found, kMaxBodyComponents);
    const int siAxis = superiorInferiorAxis(g);
    const std::vector<ComponentStats> stats = componentStats(ct, labels, count);

    std::vector<uint8_t> keep(size_t(count) + 1, 0);
    size_t reference = 0;  // voxels of the largest patient-like component
    for (int l = 1; l <= count; ++l)
        if (patientLike(stats[size_t(l)], g, siAxis)) reference = std::max(reference, stats[size_t(l)].voxels);
    if (reference == 0) {
        if (count >= 1) keep[1] = 1;  // nothing looks like a patient: the largest island
    } else {
        for (int l = 1; l <= count; ++l)
            keep[size_t(l)] = patientLike(stats[size_t(l)], g, siAxis) &&
                              double(stats[size_t(l)].voxels) >= kBodyMinFraction * double(reference);
    }

    Mask body(g);
    const uint16_t* lab = labels.data<uint16_t>();
    tbb::parallel_for(tbb::blocked_range<size_t>(0, body.voxels.size(), 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t n = r.begin(); n != r.end(); ++n) body.voxels[n] = keep[lab[n]];
    });
    body = fillHoles2D(body, siAxis);
    return fillHoles3D(body);
}

}  // namespace marrow
