// Islands of a Mask: keep largest, keep at seed, remove small, split.
//
// All four label the runs of the mask once (run_labeling.h: O(voxels/8 + runs), 12 bytes
// per run, no per-voxel label image), pick components from the per-component sizes, and
// paint the chosen runs into a zeroed output in parallel.
#include "seg/algo/connectivity.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

#include "seg/algo/run_labeling.h"

namespace marrow {
namespace {

detail::RunComponents label(const Mask& mask, Connectivity c) {
    return detail::labelRuns(mask.voxels.data(), mask.geometry.dims(), c);
}

Mask paint(const Mask& mask, const detail::RunComponents& rc, const std::vector<uint8_t>& keep) {
    Mask out(mask.geometry);
    detail::paintRuns(rc, keep, out.voxels.data());
    return out;
}

}  // namespace

Mask keepLargestComponent(const Mask& mask, Connectivity c) {
    const detail::RunComponents rc = label(mask, c);
    std::vector<uint8_t> keep(rc.count(), 0);
    if (!keep.empty()) {
        // max_element returns the first maximum: ties go to the lowest id, i.e. first in memory.
        keep[size_t(std::max_element(rc.size.begin(), rc.size.end()) - rc.size.begin())] = 1;
    }
    return paint(mask, rc, keep);
}

Mask keepComponentAt(const Mask& mask, Index3 seed, Connectivity c) {
    const detail::RunComponents rc = label(mask, c);
    std::vector<uint8_t> keep(rc.count(), 0);
    const uint32_t at = rc.componentAt(seed[0], seed[1], seed[2]);
    if (at != UINT32_MAX) keep[at] = 1;
    return paint(mask, rc, keep);
}

Mask removeSmallComponents(const Mask& mask, size_t minVoxels, Connectivity c) {
    const detail::RunComponents rc = label(mask, c);
    std::vector<uint8_t> keep(rc.count(), 0);
    for (size_t n = 0; n < rc.count(); ++n) keep[n] = rc.size[n] >= minVoxels;
    return paint(mask, rc, keep);
}

Volume splitComponents(const Mask& mask, int maxComponents, Connectivity c, int* componentCount) {
    const detail::RunComponents rc = label(mask, c);
    if (componentCount) *componentCount = int(std::min<size_t>(rc.count(), size_t(INT32_MAX)));
    // Order ids by decreasing size; stable_sort keeps ties in id (= memory) order.
    std::vector<uint32_t> order(rc.count());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rc.size[a] > rc.size[b]; });
    const size_t labelled = std::min<size_t>(order.size(), size_t(std::clamp(maxComponents, 0, 65535)));
    std::vector<uint16_t> newLabel(rc.count(), 0);
    for (size_t n = 0; n < labelled; ++n) newLabel[order[n]] = uint16_t(n + 1);

    Volume out(mask.geometry, ScalarType::UInt16, true);
    uint16_t* dst = out.data<uint16_t>();
    const size_t nx = size_t(rc.dims[0]);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, rc.rowCount(), 256), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t row = r.begin(); row != r.end(); ++row)
            for (uint32_t n = rc.rowStart[row]; n < rc.rowStart[row + 1]; ++n)
                if (const uint16_t l = newLabel[rc.component[n]])
                    std::fill(dst + row * nx + rc.runs[n].begin, dst + row * nx + rc.runs[n].end, l);
    });
    out.meta["modality"] = "SEG";
    return out;
}

}  // namespace marrow
