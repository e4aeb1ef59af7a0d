// Hole filling: background not connected to the border becomes foreground.
//
// 3D: the background runs are labelled 6-connected (run_labeling.h), components with a
// run on the grid border are the outside, every other background run is painted in.
// 2D: the same on each slice along the axis (4-connected in-plane, nz = 1), slices in
// parallel; slices along i or j are copied out and back in blocks. O(voxels/8 + runs).
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

#include "seg/algo/morphology.h"
#include "seg/algo/run_labeling.h"
#include "seg/algo/slice_layout.h"

namespace marrow {
namespace {

// Marks background components not touching the border of the labelled grid (in 2D,
// one slice with nz = 1, only the in-plane border counts).
std::vector<uint8_t> enclosedComponents(const detail::RunComponents& rc, bool planar) {
    std::vector<uint8_t> enclosed(rc.count(), 1);
    const int nx = rc.dims[0], ny = rc.dims[1], nz = rc.dims[2];
    for (size_t row = 0; row < rc.rowCount(); ++row) {
        const int j = int(row % size_t(ny)), k = int(row / size_t(ny));
        const bool borderRow = j == 0 || j == ny - 1 || (!planar && (k == 0 || k == nz - 1));
        for (uint32_t n = rc.rowStart[row]; n < rc.rowStart[row + 1]; ++n)
            if (borderRow || rc.runs[n].begin == 0 || rc.runs[n].end == nx) enclosed[rc.component[n]] = 0;
    }
    return enclosed;
}

// Fills the holes of one nu x nv image in place.
void fillSlice(uint8_t* image, int nu, int nv) {
    const auto rc = detail::labelRuns(image, {nu, nv, 1}, Connectivity::Six, 0);
    detail::paintRuns(rc, enclosedComponents(rc, true), image);
}

}  // namespace

Mask fillHoles2D(const Mask& mask, int axis) {
    axis = std::clamp(axis, 0, 2);
    Mask out = mask;
    const detail::SliceLayout s = detail::sliceLayout(mask.geometry.dims(), axis);
    if (s.sliceSize() == 0 || s.nw == 0) return out;
    if (axis == 2) {  // slices are contiguous: fill in place
        tbb::parallel_for(0, s.nw, [&](int w) { fillSlice(out.voxels.data() + size_t(w) * s.sliceSize(), s.nu, s.nv); });
        return out;
    }
    const int block = axis == 0 ? 16 : 1;
    const int blocks = (s.nw + block - 1) / block;
    tbb::parallel_for(0, blocks, [&](int b) {
        const int w0 = b * block, count = std::min(block, s.nw - w0);
        std::vector<uint8_t> buf(size_t(count) * s.sliceSize());
        detail::gatherSlices(out.voxels.data(), s, w0, count, buf.data());
        for (int w = 0; w < count; ++w) fillSlice(buf.data() + size_t(w) * s.sliceSize(), s.nu, s.nv);
        detail::scatterSlices(out.voxels.data(), s, w0, count, buf.data());
    });
    return out;
}

Mask fillHoles3D(const Mask& mask) {
    Mask out = mask;
    const auto rc = detail::labelRuns(mask.voxels.data(), mask.geometry.dims(), Connectivity::Six, 0);
    detail::paintRuns(rc, enclosedComponents(rc, false), out.voxels.data());
    return out;
}

}  // namespace marrow
