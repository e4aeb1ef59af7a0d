#pragma once
// Value statistics of a Volume (for `marrow info`, window presets, sanity checks).
// Percentiles use the nearest-rank definition: P(p) is the smallest voxel value v with
// at least ceil(p/100 * N) voxels <= v. They are exact for integer volumes (a histogram
// over [min, max]); float volumes and integer ranges wider than 2^24 use 65536 bins over
// [min, max] and report the bin centre (error <= half a bin width).
#include <array>

#include "io/volume.h"

namespace marrow {

inline constexpr std::array<double, 5> kStatsPercentiles{1, 5, 50, 95, 99};

struct VolumeStats {
    double min = 0, max = 0, mean = 0;
    std::array<double, kStatsPercentiles.size()> percentiles{};  // at kStatsPercentiles
    bool exact = true;  // false when percentiles come from binned values
};

// Parallel (TBB) over slabs of the volume; O(N + bins). Throws marrow::Error when empty.
VolumeStats computeVolumeStats(const Volume& volume);

}  // namespace marrow
