#pragma once
// BrickGrid: the coarse min/max grid behind the ray caster's empty-space skipping.
//
// The volume is cut into kBrickSize^3 voxel bricks; each keeps the min and max value of
// its voxels plus a one-voxel border (trilinear sampling and the gradient read one voxel
// beyond a brick). When the transfer function changes, occupancy() marks a brick visible
// iff some value in [min, max] has non-zero opacity, found in O(1) per brick with a prefix
// count over the opacity table; emptyDistance() turns that into how far a ray may jump.
// Build: one pass over the voxels, O(N), parallel over slabs.
// Pure CPU (no GL), so it is unit-testable.
#include <array>
#include <cstdint>
#include <vector>

namespace marrow::render {

struct BrickGrid {
    static constexpr int kBrickSize = 8;
    static constexpr int kMaxEmptyDistance = 32;  // in bricks; caps the distance transform
    std::array<int, 3> bricks{0, 0, 0};  // brick counts along i, j, k
    std::vector<int16_t> minValue, maxValue;  // per brick, i fastest

    // voxels: int16 grid of dims, i fastest.
    static BrickGrid build(const int16_t* voxels, std::array<int, 3> dims);

    // visibleFrom[v - lo] for v in [lo, lo + size): does value v have opacity > 0?
    // Returns one byte per brick: 255 visible, 0 skippable. Values outside the table
    // count as the nearest table end.
    std::vector<uint8_t> occupancy(const std::vector<bool>& visibleFrom, int lo) const;

    // For the ray caster's skipping: per brick 0 where occupied (non-zero in occupancy()),
    // else the Chebyshev distance in bricks to the nearest occupied brick, at most
    // kMaxEmptyDistance. Distance n means the (2n - 1)^3 bricks centred here are all empty.
    // O(bricks * kMaxEmptyDistance), three separable passes.
    std::vector<uint8_t> emptyDistance(const std::vector<uint8_t>& occupied) const;
};

}  // namespace marrow::render
