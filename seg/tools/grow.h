#pragma once
// Local threshold / region grow: click a voxel -> the connected region of voxels within
// [lo, hi] around it becomes the segment. minDiameterMm > 0 opens the in-range mask first
// so the region cannot leak through contacts thinner than that (bone into vessels or the
// next bone); see growRegion in seg/algo/regions.h.
#include "io/progress.h"
#include "seg/algo/connectivity.h"
#include "seg/editor.h"

namespace marrow::tools {

struct GrowParams {
    Vec3 seedLps{};
    double lo = 150, hi = 3071;
    double minDiameterMm = 0;
    // > 0: lo comes from the histogram of a box of this edge (mm) around the seed (minimum-error threshold within
    // the bone presets, seg/tools/auto_threshold.h: localBoneThreshold); hi stays.
    double autoRangeBoxMm = 0;
    Connectivity connectivity = Connectivity::TwentySix;
    Label segment = 1;
    EditOptions options;
};

// Throws marrow::Error on lo > hi (after the auto range), a negative/NaN diameter, or a seed outside the image.
EditResult grow(LabelMapEditor& editor, const Volume& volume, const GrowParams& params, const ProgressFn& progress = {});

}  // namespace marrow::tools
