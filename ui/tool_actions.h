#pragma once
// What the tools panels' buttons do, as plain functions of the ViewerState: the panels call
// them and so do the tests (tests/ui/test_tool_actions.cpp), so a test exercises exactly
// what a click does. Each edit runs the seg/tools command on the background job
// (runEditJob: progress, Cancel) and is one undo step; headless callers s.job.wait().
// Settings come from s.tools (ui/tool_panels_state.h); the target is the selected segment.
#include <array>
#include <optional>
#include <string>

#include "seg/tools/islands.h"
#include "seg/tools/smoothing.h"
#include "ui/viewer_state.h"

namespace marrow::ui {


// The 3D view's crop box (s.clipLo/clipHi, texture coordinates [0, 1] of the volume) as
// two opposite LPS corners in mm, at the voxel boundaries the box cuts.
std::array<Vec3, 2> cropBoxMm(const ViewerState& s);

// The preset's range into the threshold panel (and the live preview when it is on).
void selectThresholdPreset(ViewerState& s, int index);
// The bone threshold chosen from the scan's histogram (seg/tools/auto_threshold.h) as lo,
// 3071 as hi; the value goes to s.message (a scan without bone: the reason, no change).
void selectAutoBoneThreshold(ViewerState& s);
// Keeps s.preview in step with the panel (on, range); called every frame by the panel.
void syncThresholdPreview(ViewerState& s);
// Threshold [lo, hi] (inside the crop box when asked) into the selected segment, or a new
// one named after the preset ("Bone"...); turns the preview off.
void applyThreshold(ViewerState& s);

// Remove table: erases labels outside the body and keeps the body as the editable area of
// later edits; the 3D crop box closes around the body so the table disappears there.
// boneStep (the guided panel's step 2) gets the body's voxel count when the job ends.
void removeTableAction(ViewerState& s, std::shared_ptr<BoneStepResult> boneStep = nullptr);
void clearBodyArea(ViewerState& s);
// Takes what a finished job left for the UI (the body and crop box of remove table).
// Called every frame by the panel; tests call it after s.job.wait().
void collectToolResults(ViewerState& s);
// The editable area to use now (the body of this document), or null.
const Mask* bodyArea(const ViewerState& s);

void applySmoothing(ViewerState& s, tools::SmoothingOperation op);
// KeepLargest, RemoveSmall or SplitIntoSegments on the selected segment (the click
// operation KeepAtPoint lives with the click tools).
void applyIslands(ViewerState& s, tools::IslandOperation op);

// Statistics of every segment on the job; statisticsFresh() says whether the stored
// result still describes the current labels.
void computeStatistics(ViewerState& s);
bool statisticsFresh(const ViewerState& s);

// Undo or redo until `undoCount` steps remain undoable (the history list's click).
void moveHistoryTo(ViewerState& s, size_t undoCount);

// The guided bone model, steps 1..6: 1 CT-Bone 3D preset + bone window, 2 remove table,
// 3 threshold, 4 drop small islands (or keep the largest, or the one at the crosshair),
// 5 fill 3D cavities + closing + median, 6 export STL into s.edit.exportDir. The stages
// are seg/segment_pipeline.h's (the CLI's), with s.tools.bone.options.
constexpr int kBoneSteps = 6;
const char* boneStepName(int step);
void runBoneStep(ViewerState& s, int step);

}  // namespace marrow::ui
