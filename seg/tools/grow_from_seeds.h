#pragma once
// Grow from seeds: competitive region growing. The user paints a few strokes in two or more
// segments (femur, pelvis, "other"); every editable voxel of a region of interest goes to the
// segment whose seeds reach it along the cheapest path. A step between 6-neighbours costs
// 1 + floor((dHU / huPerCostUnit)^2) (capped at kMaxStepCost): squared, so the noise inside a
// tissue costs little and an edge (cortex -> joint space -> cortex) costs much.
//
// Algorithm: Dijkstra with an integer bucket queue (Dial's algorithm) over the ROI box: the
// seeds' bounding box grown by marginMm on every side (as in 3D Slicer), clipped to the grid.
// Each voxel keeps (distance, owner); ties at equal distance go to the lower label, so the
// result is the unique minimum over all seeds whatever the processing order. That is what makes
// the incremental update exact: adding a stroke only pushes the new seeds and re-processes
// voxels whose (distance, owner) strictly decreases, and the result equals a from-scratch run
// bit for bit. State: 16-bit distances (saturating) + 8-bit owners for the ROI only, 3 bytes per
// ROI voxel (the label map holds 1 byte per voxel), plus the queue's frontier.
//
// Editable area = the editor's masking rules (EditOptions: region, intensity range, editable
// mask) and never a locked segment's voxel: those voxels are walls the growth does not cross.
// Seeds are always sources. apply() writes the preview through LabelMapEditor as one undo step.
#include <cstdint>
#include <span>
#include <vector>

#include "seg/editor.h"

namespace marrow::tools {

struct GrowFromSeedsParams {
    double marginMm = 20;       // the ROI: seeds' bounding box + this margin on every side
    double huPerCostUnit = 20;  // an HU difference of this much costs one more step, twice it four more
    EditOptions options;        // masking rules; also passed to the editor on apply()
    VoxelBox roi;               // when not empty, the ROI to use instead (clipped to the grid)
};

// Seed voxels of one segment (IJK indices on the label map's grid).
struct SeedStroke {
    Label segment = 0;
    std::vector<Index3> voxels;
};

// The voxels of every given segment inside box, as strokes (the GUI's "painted voxels are the
// seeds"). Empty segments give no stroke.
std::vector<SeedStroke> seedsFromMap(const LabelMap& map, std::span<const Label> segments, const VoxelBox& box);

class SeedGrower {
public:
    static constexpr uint16_t kMaxStepCost = 255;

    // Grows from the strokes. Throws marrow::Error on bad parameters (margin < 0, scale <= 0,
    // NaN), a volume off the map's grid, fewer than two distinct segments, a seed off the grid,
    // segment 0, a segment absent from the table, or a locked segment.
    SeedGrower(const Volume& volume, const LabelMap& map, const std::vector<SeedStroke>& strokes,
               const GrowFromSeedsParams& params = {});

    struct UpdateStats {
        bool fullRecompute = false;  // the ROI had to grow, or a seed changed segment
        size_t processedVoxels = 0;  // voxels taken from the queue
    };
    // Adds strokes and updates the result. Incremental when every new seed lies inside the
    // current ROI and no existing seed changes segment (the result then equals a from-scratch
    // run with all strokes and params.roi = roi()); otherwise the ROI grows to include the new
    // seeds' box + margin and everything is recomputed.
    // The map is read for the editable area (locked segments, region rules) of a recompute.
    UpdateStats addSeeds(const LabelMap& map, const std::vector<SeedStroke>& strokes);

    const VoxelBox& roi() const { return roi_; }
    // The preview: the segment that reaches voxel (i, j, k), 0 outside the ROI, on a wall or
    // where no seed reaches.
    Label ownerAt(int64_t i, int64_t j, int64_t k) const;
    // Raw state, for equality checks between an incremental and a from-scratch run.
    const std::vector<uint16_t>& distances() const { return dist_; }
    const std::vector<Label>& owners() const { return owner_; }
    const std::vector<Label>& segments() const { return segments_; }
    size_t memoryBytes() const;  // state held now (distances, owners, queue capacity)
    const UpdateStats& lastUpdate() const { return last_; }

    // Writes the preview as one undo step named "Grow from seeds": for every segment, its
    // reached voxels are Set through the editor with params.options.
    EditResult apply(LabelMapEditor& editor) const;

private:
    struct Queue;
    void checkStroke(const LabelMap& map, const SeedStroke& s) const;
    VoxelBox roiFor(const std::vector<SeedStroke>& strokes) const;
    void recompute(const LabelMap& map);
    bool pushSeeds(const std::vector<SeedStroke>& strokes, Queue& q);  // false: a seed changed segment
    size_t grow(Queue& q);
    size_t roiIndex(const Index3& v) const;

    const Volume& volume_;
    GrowFromSeedsParams params_;
    std::vector<SeedStroke> strokes_;  // every seed so far (a recompute starts from these)
    std::vector<Label> segments_;      // distinct seeded segments, ascending
    VoxelBox roi_;
    std::vector<uint16_t> dist_;
    std::vector<Label> owner_;
    size_t queueBytes_ = 0;
    UpdateStats last_;
};

}  // namespace marrow::tools
