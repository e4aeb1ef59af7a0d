#include "seg/mask.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <cstring>

namespace marrow {

Mask::Mask(const ImageGeometry& g) : geometry(g), voxels(g.voxelCount()) { clear(); }

void Mask::clear() {
    uint8_t* p = voxels.data();
    tbb::parallel_for(tbb::blocked_range<size_t>(0, voxels.size(), 1 << 20), [p](const tbb::blocked_range<size_t>& r) {
        std::memset(p + r.begin(), 0, r.size());
    });
}

size_t Mask::count() const {
    return tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, voxels.size(), 1 << 16), size_t(0),
        [&](const tbb::blocked_range<size_t>& r, size_t acc) {
            for (size_t n = r.begin(); n != r.end(); ++n) acc += voxels[n];
            return acc;
        },
        [](size_t a, size_t b) { return a + b; });
}

}  // namespace marrow
