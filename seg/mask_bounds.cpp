#include "seg/mask_bounds.h"

#include <algorithm>

namespace marrow {

VoxelBox maskBounds(const Mask& mask) {
    const auto& d = mask.geometry.dims();
    VoxelBox box{{d[0], d[1], d[2]}, {0, 0, 0}};
    const size_t row = size_t(d[0]);
    for (int64_t k = 0; k < d[2]; ++k)
        for (int64_t j = 0; j < d[1]; ++j) {
            const uint8_t* first = &mask.voxels[mask.geometry.linearIndex(0, j, k)];
            const uint8_t* last = first + row;
            const uint8_t* on = std::find_if(first, last, [](uint8_t v) { return v != 0; });
            if (on == last) continue;
            const auto rbegin = std::make_reverse_iterator(last), rend = std::make_reverse_iterator(on);
            const int64_t lastOn = int64_t(std::find_if(rbegin, rend, [](uint8_t v) { return v != 0; }).base() - first) - 1;
            box.lo[0] = std::min(box.lo[0], int64_t(on - first));
            box.hi[0] = std::max(box.hi[0], lastOn + 1);
            box.lo[1] = std::min(box.lo[1], j);
            box.hi[1] = std::max(box.hi[1], j + 1);
            box.lo[2] = std::min(box.lo[2], k);
            box.hi[2] = std::max(box.hi[2], k + 1);
        }
    return box.empty() ? VoxelBox{} : box;
}

}  // namespace marrow
