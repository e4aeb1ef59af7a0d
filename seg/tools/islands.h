#pragma once
// Islands: connected pieces of one segment (26-connected unless told otherwise).
//   KeepLargest        erase every island but the largest
//   KeepAtPoint        erase every island but the one under pointLps (a click, LPS mm)
//   RemoveSmall        erase islands smaller than minVolumeMm3
//   SplitIntoSegments  the largest island stays; each other island (by decreasing size, up
//                      to maxNewSegments) becomes a new segment "<name> 2", "<name> 3"...
// The components come from seg/algo/connectivity.h; this file only turns them into edits.
#include <vector>

#include "io/progress.h"
#include "seg/algo/connectivity.h"
#include "seg/editor.h"

namespace marrow::tools {

enum class IslandOperation { KeepLargest, KeepAtPoint, RemoveSmall, SplitIntoSegments };

struct IslandsParams {
    IslandOperation operation = IslandOperation::KeepLargest;
    Label segment = 1;
    Vec3 pointLps{};            // KeepAtPoint
    double minVolumeMm3 = 0;    // RemoveSmall
    int maxNewSegments = 32;    // SplitIntoSegments
    Connectivity connectivity = Connectivity::TwentySix;
};

struct IslandsResult {
    EditResult edit;
    std::vector<Label> newSegments;  // SplitIntoSegments
};

// Throws marrow::Error on an unknown/locked segment, a point outside the image or not on
// the segment, a negative or NaN volume. One undo step.
IslandsResult islands(LabelMapEditor& editor, const IslandsParams& params, const ProgressFn& progress = {});

}  // namespace marrow::tools
