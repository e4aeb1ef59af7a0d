#include "seg/mask.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

namespace marrow {

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
