#pragma once
// Internal to seg/algo: connected components of a binary voxel grid as runs.
//
// A run is a maximal stretch of equal voxels along i in one row (j, k). Labelling runs
// instead of voxels keeps the transient memory proportional to the number of runs
// (a few per row on CT masks) instead of a 32-bit label per voxel.
#include <array>
#include <cstdint>
#include <vector>

#include "seg/algo/connectivity.h"

namespace marrow::detail {

struct Run {
    int32_t begin;  // first i of the run
    int32_t end;    // one past the last i
};

struct RunComponents {
    std::array<int, 3> dims{0, 0, 0};
    std::vector<Run> runs;            // all runs, in memory order
    std::vector<uint32_t> rowStart;   // ny*nz+1: runs of row j + ny*k are [rowStart[r], rowStart[r+1])
    std::vector<uint32_t> component;  // per run: 0..count-1, numbered by first voxel in memory
    std::vector<uint64_t> size;       // voxels per component

    size_t count() const { return size.size(); }
    size_t rowCount() const { return rowStart.empty() ? 0 : rowStart.size() - 1; }
    // Component of voxel (i,j,k), or UINT32_MAX when that voxel is not in a labelled run.
    uint32_t componentAt(int64_t i, int64_t j, int64_t k) const;
};

// Labels the runs of voxels equal to `value` (1: foreground, 0: background) in a
// dims[0] x dims[1] x dims[2] grid of 0/1 bytes. Deterministic for any thread count.
RunComponents labelRuns(const uint8_t* voxels, std::array<int, 3> dims, Connectivity c, uint8_t value = 1);

// Writes `fill` over every run whose component has keep[component] != 0 (TBB-parallel).
void paintRuns(const RunComponents& rc, const std::vector<uint8_t>& keep, uint8_t* out, uint8_t fill = 1);

}  // namespace marrow::detail
