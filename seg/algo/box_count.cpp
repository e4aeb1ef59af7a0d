// Box counts by separable running sums (internal to seg/algo).
//
// Per output slice: (1) each input row is copied into a zero-padded line and summed along
// i over 2rx+1 voxels (direct adds for small rx, a running sum beyond); (2) the row sums
// are summed along j with a running sum, giving the 2D box count of one input slice;
// (3) a ring of 2rz+1 such slices keeps the 3D running sum along k. Output slices are cut
// into chunks run in parallel, each starting its own ring (2rz extra slices per chunk).
// Cost O(voxels * (1 + small rx)) adds on 8/16-bit lanes, memory a few slices per task.
// Integer sums, so any split gives the same bytes.
#include "seg/algo/box_count.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace marrow::detail {
namespace {

// Kernels take sizes by value and pointers __restrict: with uint8_t buffers (which may
// alias anything) the compiler otherwise reloads captured sizes every iteration and
// gives up vectorising.
template <class T>
void sumAlongI(const uint8_t* __restrict l, T* __restrict rs, int n, int rx) {
    if (rx <= 3) {
        for (int i = 0; i < n; ++i) rs[i] = l[i];
        for (int t = 1; t <= 2 * rx; ++t)
            for (int i = 0; i < n; ++i) rs[i] = T(rs[i] + l[i + t]);
        return;
    }
    T s = 0;
    for (int t = 0; t <= 2 * rx; ++t) s = T(s + l[t]);
    rs[0] = s;
    for (int i = 1; i < n; ++i) {
        s = T(s + l[i + 2 * rx] - l[i - 1]);
        rs[i] = s;
    }
}

template <class T>
void addRows(T* __restrict dst, const T* __restrict a, size_t n) {
    for (size_t i = 0; i < n; ++i) dst[i] = T(dst[i] + a[i]);
}

template <class T>
void subRows(T* __restrict dst, const T* __restrict a, size_t n) {
    for (size_t i = 0; i < n; ++i) dst[i] = T(dst[i] - a[i]);
}

template <class T>
void slideRow(T* __restrict dst, const T* __restrict prev, const T* __restrict add, const T* __restrict sub, size_t n) {
    for (size_t i = 0; i < n; ++i) dst[i] = T(prev[i] + add[i] - sub[i]);
}

template <class T, class Emit>
void boxCountT(const BoxCountJob& job, uint8_t* out, const Emit& emit) {
    const int onx = job.outDims[0], ony = job.outDims[1], onz = job.outDims[2];
    const int inx = job.inDims[0], iny = job.inDims[1], inz = job.inDims[2];
    const int rx = job.radius[0], ry = job.radius[1], rz = job.radius[2];
    const int ox = job.offset[0], oy = job.offset[1], oz = job.offset[2];
    if (size_t(onx) * ony * onz == 0) return;
    const size_t slice = size_t(onx) * ony;
    const int lineLen = onx + 2 * rx;
    const int sumRows = ony + 2 * ry;
    const int ring = 2 * rz + 1;
    // Input i covered by line index t is ox - rx + t.
    const int tFirst = std::max(0, rx - ox), tLast = std::min(lineLen, inx + rx - ox);
    const uint8_t* in = job.in;

    // Each chunk recomputes 2rz planes before its first output: keep chunks long.
    const int grain = std::max(16, 8 * rz);
    tbb::parallel_for(tbb::blocked_range<int>(0, onz, grain), [&](const tbb::blocked_range<int>& range) {
        std::vector<uint8_t> line(size_t(lineLen), 0);
        std::vector<T> rowSum(size_t(sumRows) * onx);
        std::vector<T> planes(size_t(ring) * slice);
        std::vector<T> total(slice, 0);

        // Box count over i and j of input slice kin, written to plane.
        auto planeCount = [&](int kin, T* plane) {
            if (kin < 0 || kin >= inz) {
                std::fill(plane, plane + slice, T(0));
                return;
            }
            for (int jr = 0; jr < sumRows; ++jr) {
                T* rs = rowSum.data() + size_t(jr) * onx;
                const int jin = jr + oy - ry;
                if (jin < 0 || jin >= iny || tFirst >= tLast) {
                    std::fill(rs, rs + onx, T(0));
                    continue;
                }
                const uint8_t* src = in + (size_t(kin) * iny + jin) * inx + (ox - rx + tFirst);
                std::memcpy(line.data() + tFirst, src, size_t(tLast - tFirst));
                sumAlongI(line.data(), rs, onx, rx);
            }
            // Running sum along j: plane row jo = rowSum rows jo .. jo + 2ry.
            std::fill(plane, plane + onx, T(0));
            for (int d = 0; d <= 2 * ry; ++d) addRows(plane, rowSum.data() + size_t(d) * onx, size_t(onx));
            for (int jo = 1; jo < ony; ++jo)
                slideRow(plane + size_t(jo) * onx, plane + size_t(jo - 1) * onx, rowSum.data() + size_t(jo + 2 * ry) * onx,
                         rowSum.data() + size_t(jo - 1) * onx, size_t(onx));
        };

        // Output slice ko needs input slices ko + oz - rz .. ko + oz + rz.
        const int kFirst = range.begin() + oz - rz, kEnd = range.end() + oz + rz;
        for (int kin = kFirst; kin < kEnd; ++kin) {
            T* plane = planes.data() + size_t((kin - kFirst) % ring) * slice;
            if (kin - kFirst >= ring) subRows(total.data(), plane, slice);  // the slot's old slice leaves the window
            planeCount(kin, plane);
            addRows(total.data(), plane, slice);
            const int ko = kin - oz - rz;
            if (ko < range.begin()) continue;
            for (int jo = 0; jo < ony; ++jo)
                emit(total.data() + size_t(jo) * onx, jo, ko, out + (size_t(ko) * ony + jo) * onx);
        }
    });
}

}  // namespace

uint64_t boxVolume(std::array<int, 3> radius) {
    return uint64_t(2 * radius[0] + 1) * uint64_t(2 * radius[1] + 1) * uint64_t(2 * radius[2] + 1);
}

void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow8& emit) { boxCountT<uint8_t>(job, out, emit); }
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow16& emit) { boxCountT<uint16_t>(job, out, emit); }
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow32& emit) { boxCountT<uint32_t>(job, out, emit); }

}  // namespace marrow::detail
