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
// the behaviour before this test existed. (4b) thin supports touching the body (a head
// holder) cut off: see detachThinSupports. (5) holes filled slice by slice along the
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

// The components of mask (6-connected, largest first, at most kMaxBodyComponents) that
// keep() accepts from their stats; also returns the labels and stats for later passes.
struct Components {
    Volume labels;
    std::vector<ComponentStats> stats;
    int count = 0;
};
Components components(const Volume& ct, const Mask& mask) {
    Components c;
    int found = 0;
    c.labels = splitComponents(mask, kMaxBodyComponents, Connectivity::Six, &found);
    c.count = std::min(found, kMaxBodyComponents);
    c.stats = componentStats(ct, c.labels, c.count);
    return c;
}

// Voxels of mask whose component (by label) is kept.
Mask select(const Components& c, const std::vector<uint8_t>& keep) {
    Mask out(c.labels.geometry());
    const uint16_t* lab = c.labels.data<uint16_t>();
    tbb::parallel_for(tbb::blocked_range<size_t>(0, out.voxels.size(), 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t n = r.begin(); n != r.end(); ++n) out.voxels[n] = keep[lab[n]];
    });
    return out;
}

// The patient-like components (see bodyMask); the largest when none is patient-like.
std::vector<uint8_t> patientComponents(const Components& c, const ImageGeometry& g, int siAxis) {
    std::vector<uint8_t> keep(size_t(c.count) + 1, 0);
    size_t reference = 0;  // voxels of the largest patient-like component
    for (int l = 1; l <= c.count; ++l)
        if (patientLike(c.stats[size_t(l)], g, siAxis)) reference = std::max(reference, c.stats[size_t(l)].voxels);
    if (reference == 0) {
        if (c.count >= 1) keep[1] = 1;  // nothing looks like a patient: the largest island
    } else {
        for (int l = 1; l <= c.count; ++l)
            keep[size_t(l)] = patientLike(c.stats[size_t(l)], g, siAxis) &&
                              double(c.stats[size_t(l)].voxels) >= kBodyMinFraction * double(reference);
    }
    return keep;
}

// Thin supports that touch the body (a head holder's curved shell, a strap) are part of
// its component; cut them off at their thinness. The opening by kSupportMaxThicknessMm / 2
// removes every part thinner than that; its patient-like components are the core, and the
// body is the core grown back by the same radius inside the mask (the skin the opening
// shaved off; also the few millimetres of a support lying right against the skin, which
// shape alone cannot tell from skin) plus the removed pieces that are body, not support:
// those holding bone (a finger) or smaller than kSupportMinMl and kSupportMinFraction of
// the core (an ear, a fold of skin). A support is larger, holds no bone, and stays outside.
Mask detachThinSupportsOnGrid(const Volume& ct, const Mask& body, int siAxis) {
    const ImageGeometry& g = ct.geometry();
    const double radius = kSupportMaxThicknessMm / 2;
    const Components core = components(ct, open(body, radius));
    const std::vector<uint8_t> patientLikeOrLargest = patientComponents(core, g, siAxis);
    // Nothing survives the opening (a body thinner than that everywhere, a small test
    // phantom): no support can be told apart; keep the body as it is.
    if (core.count == 0) return body;
    const Mask grown = dilate(select(core, patientLikeOrLargest), radius + std::max({g.spacing().x, g.spacing().y, g.spacing().z}));
    Mask kept(g), rest(g);
    const bool anyRest = tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, body.voxels.size(), 1 << 16), false,
        [&](const tbb::blocked_range<size_t>& r, bool any) {
            for (size_t n = r.begin(); n != r.end(); ++n) {
                kept.voxels[n] = body.voxels[n] & grown.voxels[n];
                rest.voxels[n] = body.voxels[n] & !grown.voxels[n];
                any |= rest.voxels[n] != 0;
            }
            return any;
        },
        [](bool a, bool b) { return a || b; });
    if (!anyRest) return body;
    size_t coreVoxels = 0;
    for (int l = 1; l <= core.count; ++l) coreVoxels += patientLikeOrLargest[size_t(l)] ? core.stats[size_t(l)].voxels : 0;
    const double smallPieceMm3 = std::min(kSupportMinMl * 1000, kSupportMinFraction * double(coreVoxels) * g.voxelVolumeMm3());
    const Components pieces = components(ct, rest);
    std::vector<uint8_t> bodyPart(size_t(pieces.count) + 1, 0);
    for (int l = 1; l <= pieces.count; ++l) {
        const ComponentStats& s = pieces.stats[size_t(l)];
        bodyPart[size_t(l)] = double(s.boneVoxels) * g.voxelVolumeMm3() >= kBodyMinBoneMm3 ||
                              double(s.voxels) * g.voxelVolumeMm3() < smallPieceMm3;
    }
    const Mask back = select(pieces, bodyPart);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, kept.voxels.size(), 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t n = r.begin(); n != r.end(); ++n) kept.voxels[n] |= back.voxels[n];
    });
    return kept;
}

// The supports are found on a coarser grid: every second voxel along each axis whose
// spacing is 1 mm or less (a 512x512 CT: 4-8x fewer voxels), where the opening still
// spans at least 5 voxels (2 mm: half-width round(4 / 2) = 2). The full-resolution body is
// then kept where it lies within one coarse voxel of what the coarse pass kept.
struct CoarseGrid {
    std::array<int, 3> factor{1, 1, 1};
    ImageGeometry geometry;
};
CoarseGrid coarseGrid(const ImageGeometry& g) {
    CoarseGrid c;
    std::array<int, 3> dims{};
    Vec3 spacing = g.spacing();
    for (int a = 0; a < 3; ++a) {
        c.factor[size_t(a)] = g.spacing()[a] <= 1.0 ? 2 : 1;
        dims[size_t(a)] = (g.dims()[a] + c.factor[size_t(a)] - 1) / c.factor[size_t(a)];
        spacing[a] *= c.factor[size_t(a)];
    }
    c.geometry = ImageGeometry(dims, spacing, g.origin(), g.direction());
    return c;
}

// coarse[i, j, k] = fine[fi * i, fj * j, fk * k], row by row.
template <class T>
void sample(const ImageGeometry& fine, const T* src, const CoarseGrid& coarse, T* dst) {
    const auto c = coarse.geometry.dims();
    const auto f = coarse.factor;
    tbb::parallel_for(0, c[2], [&](int k) {
        for (int j = 0; j < c[1]; ++j) {
            const T* in = src + fine.linearIndex(0, f[1] * j, f[2] * k);
            T* out = dst + coarse.geometry.linearIndex(0, j, k);
            for (int i = 0; i < c[0]; ++i) out[i] = in[f[0] * i];
        }
    });
}

Mask detachThinSupports(const Volume& ct, Mask body, int siAxis) {
    const ImageGeometry& g = ct.geometry();
    const CoarseGrid cg = coarseGrid(g);
    if (cg.factor == std::array<int, 3>{1, 1, 1}) return detachThinSupportsOnGrid(ct, body, siAxis);
    Volume coarseCt(cg.geometry, ct.type(), false);
    ct.visit([&](const auto* src) {
        sample(g, src, cg, coarseCt.template data<std::remove_const_t<std::remove_pointer_t<decltype(src)>>>());
    });
    Mask coarseBody(cg.geometry);
    sample(g, body.voxels.data(), cg, coarseBody.voxels.data());
    const Vec3& cs = cg.geometry.spacing();
    const Mask coarseKept = dilate(detachThinSupportsOnGrid(coarseCt, coarseBody, siAxis), std::min({cs.x, cs.y, cs.z}));
    const auto d = g.dims();
    const auto f = cg.factor;
    tbb::parallel_for(0, d[2], [&](int k) {
        for (int j = 0; j < d[1]; ++j) {
            uint8_t* row = body.voxels.data() + g.linearIndex(0, j, k);
            const uint8_t* coarseRow = coarseKept.voxels.data() + cg.geometry.linearIndex(0, j / f[1], k / f[2]);
            if (f[0] == 1) {
                for (int i = 0; i < d[0]; ++i) row[i] &= coarseRow[i];
            } else {  // no division per voxel: each coarse voxel covers two
                for (int i = 0; i + 1 < d[0]; i += 2) row[i] &= coarseRow[i >> 1], row[i + 1] &= coarseRow[i >> 1];
                if (d[0] % 2) row[d[0] - 1] &= coarseRow[(d[0] - 1) >> 1];
            }
        }
    });
    return body;
}

}  // namespace

Mask bodyMask(const Volume& ct, double minHu) {
    const ImageGeometry& g = ct.geometry();
    const Mask soft = thresholdMask(ct, minHu, std::numeric_limits<double>::infinity());
    const int siAxis = superiorInferiorAxis(g);
    const Components all = components(ct, soft);
    Mask body = detachThinSupports(ct, select(all, patientComponents(all, g, siAxis)), siAxis);
    body = fillHoles2D(body, siAxis);
    return fillHoles3D(body);
}

}  // namespace marrow
