#pragma once
// Smoothing of one segment with binary morphology (seg/algo/morphology.h): closing,
// opening, dilate, erode and median with a kernel radius in mm (anisotropic spacing
// honoured: the box half-width along axis a is round(radius / spacing[a]) voxels), and
// hole filling per slice (along sliceAxis) or of 3D cavities (solid bones for printing).
// The result replaces the segment: voxels it gains are set (subject to the masking rules
// and locks), voxels it loses are erased. One undo step.
#include "io/progress.h"
#include "seg/editor.h"

namespace marrow::tools {

enum class SmoothingOperation { Closing, Opening, Dilate, Erode, Median, FillHoles2D, FillHoles3D };

struct SmoothingParams {
    SmoothingOperation operation = SmoothingOperation::Closing;
    double radiusMm = 1;   // morphology and median
    int sliceAxis = 2;     // FillHoles2D
    Label segment = 1;
    EditOptions options;   // rules for the voxels the segment gains
};

// Larger kernels are no smoothing (a whole torso is ~400 mm) and only burn minutes.
constexpr double kMaxSmoothingRadiusMm = 100;

const char* smoothingName(SmoothingOperation op);

// Throws marrow::Error on a negative, NaN or over-kMaxSmoothingRadiusMm radius, a bad axis or an unknown/locked segment.
EditResult smooth(LabelMapEditor& editor, const SmoothingParams& params, const ProgressFn& progress = {});

}  // namespace marrow::tools
