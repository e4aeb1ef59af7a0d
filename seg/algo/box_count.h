#pragma once
// Internal to seg/algo: how many set voxels lie in a box around each voxel.
//
// The engine behind dilate, erode, closing and median. For each output voxel o it counts
// the set input voxels in the box [o + offset - r, o + offset + r] (input outside its grid
// counts as 0) and hands whole rows of counts to a callback that turns them into bytes.
// An offset and an output grid larger than the input let closing dilate into a padded
// margin and erode back (so structures touching the grid border survive).
#include <array>
#include <cstdint>
#include <functional>

namespace marrow::detail {

struct BoxCountJob {
    const uint8_t* in = nullptr;
    std::array<int, 3> inDims{0, 0, 0};
    std::array<int, 3> outDims{0, 0, 0};
    std::array<int, 3> offset{0, 0, 0};  // output voxel o reads input around o + offset
    std::array<int, 3> radius{0, 0, 0};  // box half-widths in voxels
};

// emit(counts, j, k, outRow): counts[i] for output row (j,k); write outDims[0] bytes.
// Count types: uint16 when the box holds at most 65535 voxels, else uint32.
using EmitRow16 = std::function<void(const uint16_t* counts, int j, int k, uint8_t* outRow)>;
using EmitRow32 = std::function<void(const uint32_t* counts, int j, int k, uint8_t* outRow)>;

// True when the box fits uint16 counts (then call the 16-bit overload).
bool boxFits16(std::array<int, 3> radius);
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow16& emit);
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow32& emit);

}  // namespace marrow::detail
