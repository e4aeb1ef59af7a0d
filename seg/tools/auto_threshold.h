#pragma once
// Automatic bone threshold from the histogram, so one command line serves scans of different
// kernels and doses: a two-class minimum-error threshold (Kittler-Illingworth: two Gaussians
// of their own size and spread, see auto_threshold.cpp) on the voxels of water density and
// above (>= kTissueFloorHu: air, lung and fat are left out, otherwise the classes found are
// air and body), with the threshold searched only inside the bone presets' lower range
// [kBoneSearchLoHu, kBoneSearchHiHu] (../shared/reference/presets.md: cancellous bone starts
// at 148 HU, the CT bone presets at 129..278 HU, compact bone at 662).
// Used by `marrow segment --threshold auto` and the batch through seg/segment_pipeline.h, and
// by the grow tool's "auto range from click" (local: the histogram of a box around the click).
#include <optional>

#include "io/volume.h"
#include "seg/mask.h"

namespace marrow::tools {

constexpr double kTissueFloorHu = 0;
constexpr double kBoneSearchLoHu = 100, kBoneSearchHiHu = 400;

struct AutoThreshold {
    double threshold = 0;     // bone: HU >= threshold
    size_t tissueVoxels = 0;  // voxels the histogram counted (>= kTissueFloorHu)
    size_t boneVoxels = 0;    // of those, >= threshold
    bool atSearchEdge = false;  // the criterion peaked at an end of the search range (clamped)
};

// Whole scan, or only inside `area` (the body after remove-table) when given. Throws
// marrow::Error when no voxel is at or above kBoneSearchLoHu (no bone: not a CT in HU?).
AutoThreshold autoBoneThreshold(const Volume& ct, const Mask* area = nullptr);

// The histogram of the box of edge boxMm (LPS mm, per axis) centred on seedLps. Throws
// marrow::Error when the seed is outside the image, boxMm is not positive, or the box holds
// no voxel at or above kBoneSearchLoHu.
AutoThreshold localBoneThreshold(const Volume& ct, Vec3 seedLps, double boxMm);

}  // namespace marrow::tools
