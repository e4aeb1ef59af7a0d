// Pixel conversion kernels. The common CT case (8/16-bit stored values, slope 1, whole
// intercept, 8/16-bit output) runs in 32-bit integer lanes that the compiler
// vectorises; everything else takes the general double-precision path. One pass, O(n).
#include "io/dicom_pixels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace marrow {

namespace {

// Stored value of pixel i, cleaned of bits above BitsStored.
template <class Raw> inline int64_t storedValue(const Raw* p, size_t i, int shift, bool isSigned) {
    using U = std::make_unsigned_t<Raw>;
    const U u = U(U(p[i]) << shift);
    if (isSigned) return int64_t(std::make_signed_t<Raw>(u) >> shift);
    return int64_t(U(u >> shift));
}

// Fast path: narrow stored values, narrow output, integer add + clamp in int32 lanes.
template <class Raw, class Out>
size_t addAndClamp(const Raw* src, Out* dst, size_t n, int bitsStored, bool isSigned, int32_t add) {
    constexpr int32_t lo = std::numeric_limits<Out>::lowest(), hi = std::numeric_limits<Out>::max();
    const int up = 32 - bitsStored;
    const uint32_t mask = uint32_t((uint64_t(1) << bitsStored) - 1);
    int32_t outside = 0;
    if (isSigned) {
        for (size_t i = 0; i < n; ++i) {
            const int32_t v = (int32_t(uint32_t(src[i]) << up) >> up) + add;
            outside += int32_t(v < lo) + int32_t(v > hi);
            dst[i] = Out(std::min(std::max(v, lo), hi));
        }
    } else {
        for (size_t i = 0; i < n; ++i) {
            const int32_t v = int32_t(uint32_t(src[i]) & mask) + add;
            outside += int32_t(v < lo) + int32_t(v > hi);
            dst[i] = Out(std::min(std::max(v, lo), hi));
        }
    }
    return size_t(outside);
}

template <class Out> inline Out saturate(double v, size_t& clamped) {
    if constexpr (std::is_floating_point_v<Out>) {
        return Out(v);
    } else {
        const double r = std::nearbyint(v);
        if (r < double(std::numeric_limits<Out>::lowest())) return ++clamped, std::numeric_limits<Out>::lowest();
        if (r > double(std::numeric_limits<Out>::max())) return ++clamped, std::numeric_limits<Out>::max();
        return Out(r);
    }
}

template <class Raw, class Out>
size_t convertPlane(const Raw* src, Out* dst, size_t n, const StoredFormat& f, double slope, double intercept) {
    const int bits = std::clamp(f.bitsStored, 1, int(sizeof(Raw) * 8));
    if constexpr (sizeof(Raw) <= 2 && std::is_integral_v<Out> && sizeof(Out) <= 2) {
        if (slope == 1 && intercept == std::round(intercept) && std::abs(intercept) < (1 << 20))
            return addAndClamp(src, dst, n, bits, f.isSigned, int32_t(intercept));
    }
    const int shift = int(sizeof(Raw) * 8) - bits;
    size_t clamped = 0;
    for (size_t i = 0; i < n; ++i)
        dst[i] = saturate<Out>(double(storedValue(src, i, shift, f.isSigned)) * slope + intercept, clamped);
    return clamped;
}

}  // namespace

size_t convertStoredPixels(const void* src, const StoredFormat& f, double slope, double intercept, Volume& volume,
                           size_t offset, size_t n) {
    return volume.visit([&](auto* out) -> size_t {
        switch (f.bytes) {
            case 1: return convertPlane(static_cast<const uint8_t*>(src), out + offset, n, f, slope, intercept);
            case 2: return convertPlane(static_cast<const uint16_t*>(src), out + offset, n, f, slope, intercept);
            default: return convertPlane(static_cast<const uint32_t*>(src), out + offset, n, f, slope, intercept);
        }
    });
}

}  // namespace marrow
