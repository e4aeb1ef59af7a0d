// Binary dilate, erode, open, close and median with box kernels.
//
// Every operation is one or two passes of the separable box counter (box_count.h:
// running sums along i, j, k; O(voxels) whatever the radius, 8/16-bit lanes) followed by a
// per-voxel test on the count: dilate count > 0, erode count == box size, median
// 2*count > number of in-grid voxels in the box. Closing dilates into a margin of r
// voxels around the grid and erodes back, which is the closing of the mask padded with
// background to infinity: nothing touching the border is eaten.
#include "seg/algo/morphology.h"

#include <algorithm>
#include <cmath>

#include "seg/algo/box_count.h"

namespace marrow {
namespace {

std::array<int, 3> halfWidths(const ImageGeometry& g, double radiusMm) {
    std::array<int, 3> r{0, 0, 0};
    if (!(radiusMm > 0)) return r;  // also rejects NaN
    for (int a = 0; a < 3; ++a) {
        // A box wider than the grid acts like one exactly as wide: clamp to keep buffers small.
        const double v = std::min(std::round(radiusMm / g.spacing()[a]), double(g.dim(a)));
        r[a] = int(std::max(0.0, v));
    }
    return r;
}

// Runs the box counter with the narrowest count type; test(count, i, j, k) -> bool,
// where test is given as rowTest(counts, j, k, outRow).
template <class RowTest>
void countAndTest(const detail::BoxCountJob& job, uint8_t* out, const RowTest& rowTest) {
    const uint64_t box = detail::boxVolume(job.radius);
    if (box <= 255)
        detail::boxCount(job, out, detail::EmitRow8([&](const uint8_t* c, int j, int k, uint8_t* o) { rowTest(c, j, k, o); }));
    else if (box <= 65535)
        detail::boxCount(job, out, detail::EmitRow16([&](const uint16_t* c, int j, int k, uint8_t* o) { rowTest(c, j, k, o); }));
    else
        detail::boxCount(job, out, detail::EmitRow32([&](const uint32_t* c, int j, int k, uint8_t* o) { rowTest(c, j, k, o); }));
}

uint32_t boxSize(std::array<int, 3> r) { return uint32_t(detail::boxVolume(r)); }

detail::BoxCountJob sameGridJob(const Mask& m, std::array<int, 3> r) {
    detail::BoxCountJob job;
    job.in = m.voxels.data();
    job.inDims = job.outDims = m.geometry.dims();
    job.radius = r;
    return job;
}

// Dilation (any set voxel in the box) or erosion (the whole box set, outside counts as 0).
Mask dilateOrErode(const Mask& mask, std::array<int, 3> r, bool dilation) {
    Mask out(mask.geometry);
    const detail::BoxCountJob job = sameGridJob(mask, r);
    const int nx = job.outDims[0];
    const uint32_t full = boxSize(r);
    countAndTest(job, out.voxels.data(), [dilation, nx, full](const auto* __restrict c, int, int, uint8_t* __restrict o) {
        if (dilation)
            for (int i = 0; i < nx; ++i) o[i] = c[i] != 0;
        else
            for (int i = 0; i < nx; ++i) o[i] = c[i] == full;
    });
    return out;
}

bool isZero(std::array<int, 3> r) { return r[0] == 0 && r[1] == 0 && r[2] == 0; }

}  // namespace

Mask dilate(const Mask& mask, double radiusMm) {
    const auto r = halfWidths(mask.geometry, radiusMm);
    return isZero(r) ? mask : dilateOrErode(mask, r, true);
}

Mask erode(const Mask& mask, double radiusMm) {
    const auto r = halfWidths(mask.geometry, radiusMm);
    return isZero(r) ? mask : dilateOrErode(mask, r, false);
}

Mask open(const Mask& mask, double radiusMm) {
    const auto r = halfWidths(mask.geometry, radiusMm);
    return isZero(r) ? mask : dilateOrErode(dilateOrErode(mask, r, false), r, true);
}

Mask close(const Mask& mask, double radiusMm) {
    const auto r = halfWidths(mask.geometry, radiusMm);
    if (isZero(r)) return mask;
    const auto dims = mask.geometry.dims();
    // Dilate onto a grid grown by r on every side, then erode back onto the original grid.
    detail::BoxCountJob grow;
    grow.in = mask.voxels.data();
    grow.inDims = dims;
    grow.radius = r;
    for (int a = 0; a < 3; ++a) {
        grow.outDims[a] = dims[a] + 2 * r[a];
        grow.offset[a] = -r[a];
    }
    std::vector<uint8_t> padded(size_t(grow.outDims[0]) * grow.outDims[1] * grow.outDims[2]);
    const int pnx = grow.outDims[0];
    countAndTest(grow, padded.data(), [pnx](const auto* __restrict c, int, int, uint8_t* __restrict o) {
        for (int i = 0; i < pnx; ++i) o[i] = c[i] != 0;
    });

    detail::BoxCountJob shrink;
    shrink.in = padded.data();
    shrink.inDims = grow.outDims;
    shrink.outDims = dims;
    shrink.offset = r;
    shrink.radius = r;
    Mask out(mask.geometry);
    const uint32_t full = boxSize(r);
    const int nx = dims[0];
    countAndTest(shrink, out.voxels.data(), [nx, full](const auto* __restrict c, int, int, uint8_t* __restrict o) {
        for (int i = 0; i < nx; ++i) o[i] = c[i] == full;
    });
    return out;
}

Mask median(const Mask& mask, double radiusMm) {
    const auto r = halfWidths(mask.geometry, radiusMm);
    if (isZero(r)) return mask;
    const auto dims = mask.geometry.dims();
    // Voters per axis position: the part of the box inside the grid.
    std::array<std::vector<uint32_t>, 3> inGrid;
    for (int a = 0; a < 3; ++a) {
        inGrid[a].resize(size_t(dims[a]));
        for (int p = 0; p < dims[a]; ++p)
            inGrid[a][size_t(p)] = uint32_t(std::min(p + r[a], dims[a] - 1) - std::max(p - r[a], 0) + 1);
    }
    Mask out(mask.geometry);
    const int nx = dims[0];
    const uint32_t* wx = inGrid[0].data();
    countAndTest(sameGridJob(mask, r), out.voxels.data(), [&inGrid, wx, nx](const auto* __restrict c, int j, int k, uint8_t* __restrict o) {
        const uint32_t wyz = inGrid[1][size_t(j)] * inGrid[2][size_t(k)];
        for (int i = 0; i < nx; ++i) o[i] = 2 * uint32_t(c[i]) > wx[i] * wyz;
    });
    return out;
}

}  // namespace marrow
