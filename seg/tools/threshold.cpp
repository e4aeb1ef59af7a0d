// Threshold runs as a per-tile modifier: each tile's part of the range test is computed
// while the editor applies it, so a full-volume threshold reads the CT once and never
// materialises a full-size mask (one pass, memory-bound, TBB-parallel over tiles).
#include "seg/tools/threshold.h"

#include <tbb/parallel_for.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "seg/tools/tool_common.h"

namespace marrow::tools {

namespace {

constexpr ThresholdPreset kPresets[] = {
    {"bone", 150, 3071},             // issue 4's bone default; InVesalius "Bone" starts at 226
    {"cortical bone", 662, 1988},    // InVesalius "Compact Bone" (adult)
    {"cancellous bone", 148, 661},   // InVesalius "Spongial Bone" (adult)
    {"soft tissue", 20, 80},         // organs/blood, narrow range (radclass, uvm)
    {"muscle", -5, 135},             // InVesalius "Muscle Tissue" (adult)
    {"fat", -205, -51},              // InVesalius "Fat Tissue" (adult)
    {"lung", -950, -550},            // radgray, radclass
    {"air", -3024, -900},            // <= -900 HU, all sources
};

void validate(const Volume& volume, const ThresholdParams& p) {
    if (std::isnan(p.lo) || std::isnan(p.hi)) throw Error("", "threshold: the range bounds must be numbers");
    if (p.lo > p.hi)
        throw Error("", "threshold: the lower bound " + std::to_string(p.lo) + " is above the upper bound " +
                            std::to_string(p.hi));
    if (volume.empty()) throw Error("", "threshold: no volume loaded");
}

VoxelBox thresholdBox(const ImageGeometry& g, const ThresholdParams& p) {
    return p.boxMm ? voxelBoxFromMm(g, (*p.boxMm)[0], (*p.boxMm)[1]) : VoxelBox::of(g);
}

// Calls f(j, k, outRow, n) for each row of sub, with outRow the row's n output bytes.
// Bounds are copied to locals so the inner loops do not reload them through `out`
// (a byte pointer may alias anything), which keeps them vectorised.
template <class F>
void rowLoop(const ImageGeometry&, const VoxelBox& sub, uint8_t* out, F&& f) {
    const int64_t n = sub.extent(0), j0 = sub.lo[1], j1 = sub.hi[1], k0 = sub.lo[2], k1 = sub.hi[2];
    for (int64_t k = k0; k < k1; ++k)
        for (int64_t j = j0; j < j1; ++j, out += n) f(j, k, out, n);
}

// The modifier: 1 where lo <= value <= hi, read straight from the volume.
Modifier rangeModifier(const Volume& volume, const VoxelBox& box, double lo, double hi) {
    return {box, [&volume, lo, hi](const VoxelBox& sub, uint8_t* out) {
                const ImageGeometry& g = volume.geometry();
                volume.visit([&](const auto* v) {
                    using T = std::remove_cv_t<std::remove_pointer_t<decltype(v)>>;
                    // Compare in the voxel type when the bounds allow it (integer CT: no
                    // conversion in the inner loop); ceil/floor keep the test exact.
                    if constexpr (std::is_integral_v<T>) {
                        const double tlo = std::max(std::ceil(lo), double(std::numeric_limits<T>::min()));
                        const double thi = std::min(std::floor(hi), double(std::numeric_limits<T>::max()));
                        if (tlo > thi) { std::memset(out, 0, size_t(sub.count())); return; }
                        const T a = T(tlo), b = T(thi);
                        rowLoop(g, sub, out, [&](int64_t j, int64_t k, uint8_t* __restrict o, int64_t n) {
                            const T* __restrict row = v + g.linearIndex(sub.lo[0], j, k);
                            for (int64_t i = 0; i < n; ++i) o[i] = uint8_t((row[i] >= a) & (row[i] <= b));
                        });
                    } else {
                        rowLoop(g, sub, out, [&](int64_t j, int64_t k, uint8_t* __restrict o, int64_t n) {
                            const T* __restrict row = v + g.linearIndex(sub.lo[0], j, k);
                            for (int64_t i = 0; i < n; ++i) o[i] = uint8_t((row[i] >= lo) & (row[i] <= hi));
                        });
                    }
                });
            }};
}

}  // namespace

std::span<const ThresholdPreset> thresholdPresets() { return kPresets; }

const ThresholdPreset* findThresholdPreset(const std::string& name) {
    for (const ThresholdPreset& p : kPresets)
        if (name == p.name) return &p;
    return nullptr;
}

Mask thresholdPreview(const Volume& volume, const ThresholdParams& p) {
    validate(volume, p);
    const ImageGeometry& g = volume.geometry();
    const VoxelBox box = thresholdBox(g, p);
    const VoxelBox all = VoxelBox::of(g);
    const bool whole = box.lo == all.lo && box.hi == all.hi;
    // The whole-grid case writes every voxel below: no zeroing first.
    Mask m = whole ? Mask(g, Mask::uninitialized) : Mask(g);
    if (box.empty()) return m;
    const Modifier mod = rangeModifier(volume, box, p.lo, p.hi);
    // One z-slab of the box per task; each writes its own rows of the mask. A box spanning
    // whole slices is contiguous in the mask: fill it in place.
    const bool contiguous = box.extent(0) == g.dim(0) && box.extent(1) == g.dim(1);
    tbb::parallel_for(box.lo[2], box.hi[2], [&](int64_t k) {
        VoxelBox slab = box;
        slab.lo[2] = k;
        slab.hi[2] = k + 1;
        if (contiguous) {
            mod.fill(slab, &m.at(0, 0, k));
            return;
        }
        std::vector<uint8_t> buf(size_t(slab.count()));
        mod.fill(slab, buf.data());
        for (int64_t j = box.lo[1]; j < box.hi[1]; ++j)
            std::memcpy(&m.at(box.lo[0], j, k), buf.data() + size_t(j - box.lo[1]) * size_t(box.extent(0)),
                        size_t(box.extent(0)));
    });
    return m;
}

EditResult threshold(LabelMapEditor& editor, const Volume& volume, const ThresholdParams& p,
                     const ProgressFn& progress) {
    validate(volume, p);
    const ImageGeometry& g = editor.map().geometry();
    if (volume.geometry().dims() != g.dims()) throw Error("", "threshold: the volume is not on the label map's grid");
    reportProgress(progress, 0.0, "threshold");
    const VoxelBox box = thresholdBox(g, p);
    if (box.empty()) return {};
    const EditResult r = editor.apply(rangeModifier(volume, box, p.lo, p.hi), EditMode::Set, p.segment, p.options,
                                      "Threshold " + std::to_string(int(std::lround(p.lo))) + ".." +
                                          std::to_string(int(std::lround(p.hi))));
    reportProgress(progress, 1.0, "threshold");
    return r;
}

}  // namespace marrow::tools
