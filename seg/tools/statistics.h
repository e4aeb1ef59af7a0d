#pragma once
// Statistics per segment: voxel count, volume in mL, intensity mean/min/max (HU for CT)
// and the LPS bounding box in mm. One TBB-parallel pass over the allocated tiles.
#include <vector>

#include "seg/label_map.h"

namespace marrow::tools {

struct SegmentStats {
    Label id = 0;
    size_t voxels = 0;
    double volumeMl = 0;
    // Intensity over the segment's voxels; NaN when there is no volume or no voxel.
    double mean = 0, min = 0, max = 0;
    // Axis-aligned LPS box of the segment's voxel boundaries (centres +- half a voxel), mm.
    // Both zero when the segment is empty.
    Vec3 boxLoMm{}, boxHiMm{};
};

// One entry per segment of the table, in table order. intensity may be null; otherwise it
// must be on the label map's grid (marrow::Error if not).
std::vector<SegmentStats> segmentStatistics(const LabelMap& labels, const Volume* intensity = nullptr);

}  // namespace marrow::tools
