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
#include "seg/history.h"
#include "seg/label_map.h"

namespace marrow {

struct SegmentPipelineOptions {
    bool removeTable = false;
    double bodyMinHu = -300;
    double lo = 150, hi = 3071;  // threshold (HU), always applied
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
};

SegmentPipelineResult runSegmentPipeline(const Volume& ct, const SegmentPipelineOptions& options,
                                         const ProgressFn& progress = {});

}  // namespace marrow
