#pragma once
// Split touching bones: a segment is cut along its narrow necks by a marker-controlled
// watershed on the negated Euclidean distance transform in mm (seg/algo/watershed.h), so a
// femoral head and its acetabulum, or a rib and its vertebra, become separate segments.
//
// Markers are the user's points (LPS mm), or automatic: the distance maxima of parts that
// hold a ball of diameter minSizeMm and whose neck is at least minSizeMm/4 narrower (in
// radius) than the part, so a bumpy surface does not give extra markers.
//
// Part p is the basin of marker p (markers with the same non-empty name form one part).
// Part 0 keeps the segment's id (renamed when names[0] is given); every other part joins the
// existing segment of that name, if any, or becomes a new segment named names[p] (default
// "<segment> <p+1>"). Voxels of the segment no marker reaches
// (another island) stay in it. planSplit() computes without editing (the GUI's preview);
// applySplit() writes one undo step. Locked or unknown segments are refused.
#include <string>
#include <vector>

#include "io/progress.h"
#include "seg/algo/connectivity.h"
#include "seg/editor.h"

namespace marrow::tools {

struct SplitMarker {
    Vec3 lps{};
    std::string name;  // the part's segment name; markers with equal non-empty names share a part
};

struct SplitWatershedParams {
    Label segment = 1;
    std::vector<SplitMarker> markers;  // empty: automatic markers
    double minSizeMm = 10;             // automatic markers only
    Connectivity connectivity = Connectivity::TwentySix;
};

// The split as computed: part labels in a box (no edit made).
struct SplitPlan {
    Label segment = 0;
    VoxelBox box;                    // the segment's bounding box (grid voxels)
    std::vector<uint16_t> parts;     // box.count() entries, i fastest: 0 (not split) or part+1
    std::vector<std::string> names;  // one per part ("" for part 0: keep the segment's name)
    std::vector<Index3> markerVoxels;  // one per marker (automatic: one per part)
    std::vector<size_t> partVoxels;    // voxels per part
    std::vector<VoxelBox> partBoxes;   // bounding box per part (apply reads only that box)
    uint16_t partAt(int64_t i, int64_t j, int64_t k) const {
        if (!box.contains(i, j, k)) return 0;
        return parts[size_t(i - box.lo[0]) +
                     size_t(box.extent(0)) * (size_t(j - box.lo[1]) + size_t(box.extent(1)) * size_t(k - box.lo[2]))];
    }
};

struct SplitWatershedResult {
    EditResult edit;
    std::vector<Label> segments;    // the part's segment, per part (segments[0] == params.segment)
    std::vector<size_t> partVoxels;  // voxels per part
};

// Throws marrow::Error on an unknown or locked segment, an empty segment, a marker outside
// the image or not on the segment, two markers on one voxel, a non-positive or NaN size, or
// (automatic) no part large enough.
SplitPlan planSplit(const LabelMap& map, const SplitWatershedParams& params, const ProgressFn& progress = {});

// Writes the plan as one undo step: new segments, their voxels, part 0's new name.
// `names` (optional) overrides the plan's names per part. Throws marrow::Error when the
// segment has gone or is locked, a segment a part joins is locked, or the table has no room
// for the new segments (nothing is written then).
SplitWatershedResult applySplit(LabelMapEditor& editor, const SplitPlan& plan,
                                const std::vector<std::string>& names = {});

// planSplit + applySplit.
SplitWatershedResult splitWatershed(LabelMapEditor& editor, const SplitWatershedParams& params,
                                    const ProgressFn& progress = {});

}  // namespace marrow::tools
