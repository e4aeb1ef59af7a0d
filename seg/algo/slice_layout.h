#pragma once
// Internal to seg/algo: 2D slices of a 3D grid along any axis, copied out and back.
//
// Slice w along axis a is a nu x nv image, u fastest: axis 2 -> (u,v) = (i,j),
// axis 1 -> (i,k), axis 0 -> (j,k). Copies go a block of consecutive slices at a time so
// that slicing along i (stride 1 between slices) still reads memory in order.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace marrow::detail {

struct SliceLayout {
    int nu = 0, nv = 0, nw = 0;
    size_t strideU = 0, strideV = 0, strideW = 0;  // in voxels
    size_t sliceSize() const { return size_t(nu) * size_t(nv); }
};

inline SliceLayout sliceLayout(std::array<int, 3> dims, int axis) {
    const size_t sx = 1, sy = size_t(dims[0]), sz = size_t(dims[0]) * size_t(dims[1]);
    if (axis == 0) return {dims[1], dims[2], dims[0], sy, sz, sx};
    if (axis == 1) return {dims[0], dims[2], dims[1], sx, sz, sy};
    return {dims[0], dims[1], dims[2], sx, sy, sz};
}

// Copies slices w0 .. w0+count-1 into buf (count consecutive nu*nv images).
template <class T>
void gatherSlices(const T* vol, const SliceLayout& s, int w0, int count, T* buf) {
    const size_t slice = s.sliceSize();
    for (int v = 0; v < s.nv; ++v)
        for (int u = 0; u < s.nu; ++u) {
            const T* src = vol + size_t(u) * s.strideU + size_t(v) * s.strideV + size_t(w0) * s.strideW;
            for (int w = 0; w < count; ++w) buf[size_t(w) * slice + size_t(v) * s.nu + u] = src[size_t(w) * s.strideW];
        }
}

template <class T>
void scatterSlices(T* vol, const SliceLayout& s, int w0, int count, const T* buf) {
    const size_t slice = s.sliceSize();
    for (int v = 0; v < s.nv; ++v)
        for (int u = 0; u < s.nu; ++u) {
            T* dst = vol + size_t(u) * s.strideU + size_t(v) * s.strideV + size_t(w0) * s.strideW;
            for (int w = 0; w < count; ++w) dst[size_t(w) * s.strideW] = buf[size_t(w) * slice + size_t(v) * s.nu + u];
        }
}

}  // namespace marrow::detail
