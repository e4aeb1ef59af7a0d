#pragma once
// The automatic bone pipeline behind `marrow segment` and the GUI's guided "bone model"
// panel: remove table -> threshold -> keep island(s) -> remove small islands -> fill holes
// -> closing -> median -> crop box, applied in that order to one segment, each stage an
// editor command with its own undo step (the same commands the tools panel runs).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "io/progress.h"
#include "seg/algo/connectivity.h"
#include "seg/editor.h"
#include "seg/history.h"
#include "seg/label_map.h"
#include "seg/tools/smoothing.h"

namespace marrow {

struct SegmentPipelineOptions {
    bool removeTable = false;
    double bodyMinHu = -300;
    double lo = 150, hi = 3071;  // threshold (HU), always applied
    bool autoThreshold = false;  // lo from the scan's histogram (inside the body after remove-table), see tools/auto_threshold.h
    enum class Island { All, Largest, AtPoint } island = Island::All;
    Vec3 keepAtLps{};
    double minIslandMm3 = 0;     // 0: off
    Connectivity connectivity = Connectivity::TwentySix;
    bool fillHoles = false;      // 3D cavities (per-slice filling would close the chest between ribs)
    double closeMm = 0;          // 0: off
    double medianMm = 0;         // 0: off
    std::optional<std::array<Vec3, 2>> cropBoxMm;  // erase outside this LPS box (last)
    std::string segmentName = "bone";

    void validate() const;  // marrow::Error with a one-line message on absurd values
};

struct PipelineStep {
    std::string name;
    double seconds = 0;
    size_t voxels = 0;      // segment voxels after the step
    double volumeMl = 0;
};

struct SegmentPipelineResult {
    LabelMap labels;        // on the CT's exact grid
    Label segment = 0;
    History history;        // one undo step per stage
    std::vector<PipelineStep> steps;
    std::optional<double> autoThresholdHu;  // the lo chosen when options.autoThreshold
};

// The stages one at a time on a caller's editor, with the options' values: what
// runSegmentPipeline does per stage and what the GUI's guided panel runs per button. rules
// are the masking rules of the stages that add voxels (the body after remove-table).
namespace pipeline {
// With o.autoThreshold, lo comes from the histogram (inside rules.editableArea when set) and
// is returned; otherwise o.lo is used and nothing is returned.
std::optional<double> threshold(LabelMapEditor& editor, const Volume& ct, const SegmentPipelineOptions& o,
                                Label segment, const EditOptions& rules, const ProgressFn& progress = {});
void keepIsland(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment,  // o.island != All
                const ProgressFn& progress = {});
void removeSmallIslands(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment,
                        const ProgressFn& progress = {});
void smoothing(LabelMapEditor& editor, tools::SmoothingOperation op, double radiusMm, Label segment,
               const EditOptions& rules, const ProgressFn& progress = {});
// fill holes (o.fillHoles), closing (o.closeMm > 0), median (o.medianMm > 0), in that order.
void smooth(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment, const EditOptions& rules,
            const ProgressFn& progress = {});
}  // namespace pipeline

SegmentPipelineResult runSegmentPipeline(const Volume& ct, const SegmentPipelineOptions& options,
                                         const ProgressFn& progress = {});

}  // namespace marrow
