#pragma once
// Threshold: voxels whose value (HU for CT) lies in [lo, hi] become segment S, optionally
// only inside a box given in LPS millimetres. Voxels outside the range are left as they
// are (Slicer's behaviour), so thresholding twice with two ranges adds them up.
// Live preview: thresholdPreview() computes the same voxels as a Mask without editing.
#include <optional>
#include <span>
#include <string>

#include "io/progress.h"
#include "seg/editor.h"

namespace marrow::tools {

struct ThresholdParams {
    double lo = 150;    // inclusive, in the volume's units (HU)
    double hi = 3071;   // inclusive
    std::optional<std::array<Vec3, 2>> boxMm;  // two opposite LPS corners; none: whole volume
    Label segment = 1;
    EditOptions options;  // masking rules
};

struct ThresholdPreset {
    const char* name;
    double lo, hi;
};
// Built-in presets; the numbers and their sources are in ../shared/reference/presets.md
// section 3 (InVesalius presets.py, radiology references). One source of truth: this table.
std::span<const ThresholdPreset> thresholdPresets();
const ThresholdPreset* findThresholdPreset(const std::string& name);  // nullptr when unknown

// Throws marrow::Error when lo > hi, a bound is NaN, or the volume is not on the grid.
Mask thresholdPreview(const Volume& volume, const ThresholdParams& params);
EditResult threshold(LabelMapEditor& editor, const Volume& volume, const ThresholdParams& params,
                     const ProgressFn& progress = {});

}  // namespace marrow::tools
