#pragma once
// Settings and results of the tools panels (threshold, remove table, smoothing, islands,
// statistics, guided bone model): one struct, one member of ViewerState. Results that a
// background job produces arrive through a shared_ptr the job fills; the UI reads it only
// once the job has ended (!ViewerState::busy()).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "seg/mask.h"
#include "seg/segment_pipeline.h"
#include "seg/tools/smoothing.h"
#include "seg/tools/statistics.h"

namespace marrow::ui {

struct ThresholdPanel {
    int preset = 0;          // index into tools::thresholdPresets()
    float lo = 150, hi = 3071;  // HU, inclusive
    bool preview = false;    // tint [lo, hi] in every MPR view (ViewerState::preview)
    bool insideCropBox = false;  // only inside the 3D view's crop box
};

struct SmoothingPanel {
    float radiusMm = 1.0f;   // kernel radius of closing/opening/dilate/erode/median
    int sliceAxis = 2;       // per-slice hole filling: index axis normal to the slices
};

struct IslandsPanel {
    bool connectivity26 = true;
    float minVolumeMm3 = 500;
};

// Segment statistics, computed by a button on a job; valid for labelsVersion only.
struct StatisticsPanel {
    std::shared_ptr<std::vector<tools::SegmentStats>> result;  // filled by the job
    uint64_t labelsVersion = 0;                                // of the map result describes
    const void* document = nullptr;                            // ... and of which document
};

// One step of the guided bone sequence: filled by its job (voxels of the bone segment
// after it; -1 while not run or when it failed).
struct BoneStepResult {
    bool done = false;
    long long voxels = -1;
    std::string note;  // e.g. the STL files written
};

struct BonePanel {
    // The CLI's bone options (seg/segment_pipeline.h), edited by the panel; defaults are the
    // README's bone recipe (--remove-table --min-island-mm3 500 --fill-holes --close-mm 3)
    // plus a 1 mm median.
    SegmentPipelineOptions options = [] {
        SegmentPipelineOptions o;
        o.removeTable = true;
        o.minIslandMm3 = 500;
        o.fillHoles = true;
        o.closeMm = 3;
        o.medianMm = 1;
        o.segmentName = "Bone";
        return o;
    }();
    // Step 4: which islands stay. The skeleton is often several islands (ribs, pelvis),
    // so the default drops only the small ones.
    enum class Islands { RemoveSmall = 0, KeepLargest, KeepAtCrosshair } islands = Islands::RemoveSmall;
    Label segment = 0;             // the sequence's segment (created by step 3)
    std::array<std::shared_ptr<BoneStepResult>, 7> steps{};  // 1..6 used
};

// What the remove-table job leaves for the UI: the body and its box in the 3D view's
// texture coordinates (the crop box that hides the table).
struct RemoveTableOutcome {
    bool ready = false;
    double bodyMl = 0;
    std::shared_ptr<BoneStepResult> boneStep;  // the guided panel's step 2, when it ran it
    Mask body;
    std::array<float, 3> clipLo{}, clipHi{};
};

struct ToolPanelsState {
    ThresholdPanel threshold;
    SmoothingPanel smoothing;
    IslandsPanel islands;
    StatisticsPanel statistics;
    BonePanel bone;
    // The body found by "remove table": later threshold/smoothing/bone edits stay inside it
    // (EditOptions::editableArea). Filled by the job; empty Mask: none. Tied to a document.
    std::shared_ptr<Mask> body;
    const void* bodyDocument = nullptr;
    double bodyMl = 0;  // its volume, counted once
    std::shared_ptr<RemoveTableOutcome> pendingTable;  // set while/after the job runs
};

}  // namespace marrow::ui
