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
// Count types: uint8 when the box holds at most 255 voxels (3x3x3: twice the SIMD lanes
// of uint16 and half the buffer traffic), uint16 up to 65535, else uint32.
using EmitRow8 = std::function<void(const uint8_t* counts, int j, int k, uint8_t* outRow)>;
using EmitRow16 = std::function<void(const uint16_t* counts, int j, int k, uint8_t* outRow)>;
using EmitRow32 = std::function<void(const uint32_t* counts, int j, int k, uint8_t* outRow)>;

// Number of voxels in the box of these half-widths.
uint64_t boxVolume(std::array<int, 3> radius);
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow8& emit);
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow16& emit);
void boxCount(const BoxCountJob& job, uint8_t* out, const EmitRow32& emit);

}  // namespace marrow::detail
