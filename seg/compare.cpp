#include "seg/compare.h"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/error.h"
#include "io/label_geometry.h"
#include "io/labeled_volume.h"
#include "seg/distance_transform.h"

namespace marrow {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Stats {
    size_t a = 0, b = 0, both = 0;
    int lo[3] = {INT32_MAX, INT32_MAX, INT32_MAX};  // bounding box of A_L ∪ B_L
    int hi[3] = {-1, -1, -1};
};

// Counts and bounding boxes of every label value, one parallel pass over k slices.
template <class TA, class TB>
std::vector<Stats> gatherStats(const TA* a, const TB* b, const ImageGeometry& g) {
    const auto& d = g.dims();
    tbb::combinable<std::vector<Stats>> local([] { return std::vector<Stats>(65536); });
    tbb::parallel_for(0, d[2], [&](int k) {
        auto& s = local.local();
        for (int j = 0; j < d[1]; ++j) {
            const size_t row = g.linearIndex(0, j, k);
            for (int i = 0; i < d[0]; ++i) {
                const uint16_t va = a[row + i], vb = b[row + i];  // label types only (see compareLabelMaps)
                if (!va && !vb) continue;
                const int ijk[3] = {i, j, k};
                auto grow = [&](Stats& st) {
                    for (int x = 0; x < 3; ++x) {
                        st.lo[x] = std::min(st.lo[x], ijk[x]);
                        st.hi[x] = std::max(st.hi[x], ijk[x]);
                    }
                };
                if (va) { ++s[va].a; grow(s[va]); }
                if (vb) { ++s[vb].b; if (vb != va) grow(s[vb]); }
                if (va && va == vb) ++s[va].both;
            }
        }
    });
    std::vector<Stats> all(65536);
    local.combine_each([&](const std::vector<Stats>& s) {
        for (size_t v = 0; v < s.size(); ++v) {
            all[v].a += s[v].a;
            all[v].b += s[v].b;
            all[v].both += s[v].both;
            for (int x = 0; x < 3; ++x) {
                all[v].lo[x] = std::min(all[v].lo[x], s[v].lo[x]);
                all[v].hi[x] = std::max(all[v].hi[x], s[v].hi[x]);
            }
        }
    });
    return all;
}

// A box of the grid with the label's surfaces and distance maps in it.
struct Box {
    int lo[3], n[3];
    size_t size() const { return size_t(n[0]) * n[1] * n[2]; }
    size_t index(int i, int j, int k) const { return size_t(i) + size_t(n[0]) * (size_t(j) + size_t(n[1]) * k); }
};

// Marks surface voxels (see the header) of {vol == label} inside box: 1 = surface.
template <class T>
std::vector<uint8_t> surfaceOf(const T* vol, uint16_t label, const ImageGeometry& g, const Box& box) {
    std::vector<uint8_t> surface(box.size(), 0);
    const auto& d = g.dims();
    tbb::parallel_for(0, box.n[2], [&](int kk) {
        const int k = box.lo[2] + kk;
        for (int jj = 0; jj < box.n[1]; ++jj) {
            const int j = box.lo[1] + jj;
            for (int ii = 0; ii < box.n[0]; ++ii) {
                const int i = box.lo[0] + ii;
                const size_t at = g.linearIndex(i, j, k);
                if (vol[at] != label) continue;
                const bool inside = i > 0 && j > 0 && k > 0 && i + 1 < d[0] && j + 1 < d[1] && k + 1 < d[2] &&
                                    vol[at - 1] == label && vol[at + 1] == label && vol[at - d[0]] == label &&
                                    vol[at + d[0]] == label && vol[at - size_t(d[0]) * d[1]] == label &&
                                    vol[at + size_t(d[0]) * d[1]] == label;
                if (!inside) surface[box.index(ii, jj, kk)] = 1;
            }
        }
    });
    return surface;
}

// Distances (mm) from every surface voxel of `from` to the nearest surface voxel of `to`.
void directedDistances(const std::vector<uint8_t>& from, const std::vector<uint8_t>& to, const Box& box, Vec3 spacing,
                       std::vector<float>& out) {
    std::vector<float> field(box.size());
    for (size_t i = 0; i < field.size(); ++i) field[i] = to[i] ? 0.0f : edt::kInfinity;
    edt::squaredDistanceTransform(field, {box.n[0], box.n[1], box.n[2]}, spacing);
    for (size_t i = 0; i < field.size(); ++i)
        if (from[i]) out.push_back(std::sqrt(field[i]));
}

template <class TA, class TB>
void hausdorff(const TA* a, const TB* b, uint16_t label, const Stats& st, const ImageGeometry& g,
               LabelComparison& r) {
    if (!st.a || !st.b) {
        r.hd95Mm = r.hdMaxMm = (st.a || st.b) ? kInf : kNaN;
        return;
    }
    Box box;
    for (int x = 0; x < 3; ++x) {
        box.lo[x] = st.lo[x];
        box.n[x] = st.hi[x] - st.lo[x] + 1;
    }
    const auto surfA = surfaceOf(a, label, g, box);
    const auto surfB = surfaceOf(b, label, g, box);
    std::vector<float> d;
    directedDistances(surfA, surfB, box, g.spacing(), d);
    directedDistances(surfB, surfA, box, g.spacing(), d);
    // Nearest rank: the ceil(0.95 n)-th smallest value (1-based).
    const size_t rank = size_t(std::ceil(0.95 * double(d.size())));
    std::nth_element(d.begin(), d.begin() + (rank - 1), d.end());
    r.hd95Mm = d[rank - 1];
    r.hdMaxMm = *std::max_element(d.begin() + (rank - 1), d.end());
}

template <class TA, class TB>
std::vector<LabelComparison> compareTyped(const TA* pa, const TB* pb, const ImageGeometry& g, const LabelTable& names,
                                          const CompareOptions& options) {
    const std::vector<Stats> stats = gatherStats(pa, pb, g);
    std::vector<uint32_t> labels = options.labels;
    if (labels.empty())
        for (uint32_t v = 1; v < stats.size(); ++v)
            if (stats[v].a || stats[v].b) labels.push_back(v);
    const double mlPerVoxel = g.voxelVolumeMm3() / 1000.0;
    std::vector<LabelComparison> out;
    for (uint32_t label : labels) {
        LabelComparison r;
        r.label = label;
        r.name = names.nameOf(label);
        const Stats st = label < stats.size() ? stats[label] : Stats{};
        r.voxelsA = st.a;
        r.voxelsB = st.b;
        r.voxelsBoth = st.both;
        r.volumeAMl = double(st.a) * mlPerVoxel;
        r.volumeBMl = double(st.b) * mlPerVoxel;
        r.volumeDiffMl = r.volumeBMl - r.volumeAMl;
        r.dice = (st.a + st.b) ? 2.0 * double(st.both) / double(st.a + st.b) : kNaN;
        if (options.distances && label < stats.size()) hausdorff(pa, pb, uint16_t(label), st, g, r);
        else r.hd95Mm = r.hdMaxMm = kNaN;  // not computed, or a label no map can hold
        out.push_back(r);
    }
    return out;
}

bool isLabelType(const Volume& v) { return v.type() == ScalarType::UInt8 || v.type() == ScalarType::UInt16; }

// Calls f with the typed voxel pointer of a UInt8 or UInt16 volume.
template <class F>
auto visitLabels(const Volume& v, F&& f) {
    return v.type() == ScalarType::UInt8 ? f(v.data<uint8_t>()) : f(v.data<uint16_t>());
}
}  // namespace

std::vector<LabelComparison> compareLabelMaps(const Volume& a, const Volume& b, const LabelTable& names,
                                              const CompareOptions& options) {
    checkSameGrid(a.geometry(), b.geometry(), b.meta.count("source") ? b.meta.at("source") : std::string("second label map"),
                  1e-3, "first label map");
    // Label volumes are read in place (no copy of a 100 M voxel map); others are cast first.
    const Volume castA = isLabelType(a) ? Volume() : castToLabelVolume(a);
    const Volume castB = isLabelType(b) ? Volume() : castToLabelVolume(b);
    const Volume& va = isLabelType(a) ? a : castA;
    const Volume& vb = isLabelType(b) ? b : castB;
    return visitLabels(va, [&](const auto* pa) {
        return visitLabels(vb, [&](const auto* pb) { return compareTyped(pa, pb, va.geometry(), names, options); });
    });
}

}  // namespace marrow
