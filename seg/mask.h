#pragma once
// Mask: a dense binary voxel mask (0 or 1 per voxel) on an ImageGeometry. It is the
// plain currency between the LabelMap (which extracts and applies masks), the
// algorithms in seg/algo (morphology, connected components, fill, interpolation) and
// surface extraction. Voxel values other than 0 and 1 are not allowed.
#include <cstdint>
#include <vector>

#include "io/geometry.h"

namespace marrow {

struct Mask {
    ImageGeometry geometry;
    std::vector<uint8_t> voxels;  // geometry.voxelCount() entries, i fastest

    Mask() = default;
    explicit Mask(const ImageGeometry& g) : geometry(g), voxels(g.voxelCount(), 0) {}
    uint8_t& at(int64_t i, int64_t j, int64_t k) { return voxels[geometry.linearIndex(i, j, k)]; }
    uint8_t at(int64_t i, int64_t j, int64_t k) const { return voxels[geometry.linearIndex(i, j, k)]; }
    size_t count() const;  // number of set voxels
};

}  // namespace marrow
