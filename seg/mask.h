#pragma once
// Mask: a dense binary voxel mask (0 or 1 per voxel) on an ImageGeometry. It is the
// plain currency between the LabelMap (which extracts and applies masks), the
// algorithms in seg/algo (morphology, connected components, fill, interpolation) and
// surface extraction. Voxel values other than 0 and 1 are not allowed.
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "io/geometry.h"
#include "io/platform_memory.h"

namespace marrow {

// std::allocator whose value-less construct() default-initialises: a std::vector of bytes
// sized with it is left uninitialised instead of being zero-filled on one thread (a
// 512x512x400 mask: 105 MB written serially, ~2x the cost of the kernel that fills it).
// Big buffers come from acquireLargeBuffer (huge pages where the OS offers them).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template <class U>
    DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    T* allocate(size_t n) { return static_cast<T*>(acquireLargeBuffer(n * sizeof(T))); }
    void deallocate(T* p, size_t n) noexcept { releaseLargeBuffer(p, n * sizeof(T)); }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

using MaskVoxels = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

struct Mask {
    ImageGeometry geometry;
    MaskVoxels voxels;  // geometry.voxelCount() entries, i fastest

    // Tag for storage left uninitialised: only for kernels that write every voxel.
    struct Uninitialized {};
    static constexpr Uninitialized uninitialized{};

    Mask() = default;
    explicit Mask(const ImageGeometry& g);  // all zeros (zeroed in parallel, first touch spread over threads)
    Mask(const ImageGeometry& g, Uninitialized) : geometry(g), voxels(g.voxelCount()) {}
    uint8_t& at(int64_t i, int64_t j, int64_t k) { return voxels[geometry.linearIndex(i, j, k)]; }
    uint8_t at(int64_t i, int64_t j, int64_t k) const { return voxels[geometry.linearIndex(i, j, k)]; }
    size_t count() const;  // number of set voxels
    void clear();          // every voxel 0, in parallel
};

}  // namespace marrow
