#include "seg/segment_pipeline.h"

#include <chrono>
#include <cmath>
#include <functional>

#include "seg/editor.h"
#include "seg/tools/auto_threshold.h"
#include "seg/tools/islands.h"
#include "seg/tools/remove_table.h"
#include "seg/tools/smoothing.h"
#include "seg/tools/threshold.h"
#include "seg/tools/tool_common.h"

namespace marrow {

void SegmentPipelineOptions::validate() const {
    if (std::isnan(lo) || std::isnan(hi)) throw Error("", "--threshold: LO and HI must be numbers");
    if (lo > hi && !autoThreshold)  // with auto, lo is chosen later (and checked then)
        throw Error("", "--threshold: LO (" + std::to_string(lo) + ") is above HI (" + std::to_string(hi) + ")");
    auto nonNegative = [](double v, const char* what) {
        if (!(v >= 0) || !std::isfinite(v)) throw Error("", std::string(what) + ": must be a non-negative number");
    };
    nonNegative(minIslandMm3, "--min-island-mm3");
    nonNegative(closeMm, "--close-mm");
    nonNegative(medianMm, "--median-mm");
    for (auto [v, what] : {std::pair{closeMm, "--close-mm"}, std::pair{medianMm, "--median-mm"}})
        if (v > tools::kMaxSmoothingRadiusMm)
            throw Error("", std::string(what) + ": a kernel radius above " +
                                std::to_string(int(tools::kMaxSmoothingRadiusMm)) + " mm is not a smoothing");
    if (std::isnan(bodyMinHu)) throw Error("", "body threshold must be a number");
}

namespace pipeline {

std::optional<double> threshold(LabelMapEditor& editor, const Volume& ct, const SegmentPipelineOptions& o,
                                Label segment, const EditOptions& rules, const ProgressFn& progress) {
    tools::ThresholdParams p;
    p.lo = o.lo;
    p.hi = o.hi;
    std::optional<double> chosen;
    if (o.autoThreshold) {
        chosen = p.lo = tools::autoBoneThreshold(ct, rules.editableArea).threshold;
        if (p.lo > p.hi)
            throw Error("", "--threshold auto: the chosen " + std::to_string(int(p.lo)) + " HU is above HI (" +
                                std::to_string(p.hi) + ")");
    }
    p.segment = segment;
    p.options = rules;
    tools::threshold(editor, ct, p, progress);
    return chosen;
}

void keepIsland(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment, const ProgressFn& progress) {
    tools::IslandsParams p;
    p.segment = segment;
    p.connectivity = o.connectivity;
    p.operation = tools::IslandOperation::KeepLargest;
    if (o.island == SegmentPipelineOptions::Island::AtPoint) {
        p.operation = tools::IslandOperation::KeepAtPoint;
        p.pointLps = o.keepAtLps;
    }
    tools::islands(editor, p, progress);
}

void removeSmallIslands(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment,
                        const ProgressFn& progress) {
    tools::IslandsParams p;
    p.segment = segment;
    p.connectivity = o.connectivity;
    p.operation = tools::IslandOperation::RemoveSmall;
    p.minVolumeMm3 = o.minIslandMm3;
    tools::islands(editor, p, progress);
}

void smoothing(LabelMapEditor& editor, tools::SmoothingOperation op, double radiusMm, Label segment,
               const EditOptions& rules, const ProgressFn& progress) {
    tools::SmoothingParams p;
    p.operation = op;
    p.radiusMm = radiusMm;
    p.segment = segment;
    p.options = rules;
    tools::smooth(editor, p, progress);
}

void smooth(LabelMapEditor& editor, const SegmentPipelineOptions& o, Label segment, const EditOptions& rules,
            const ProgressFn& progress) {
    if (o.fillHoles) smoothing(editor, tools::SmoothingOperation::FillHoles3D, 0, segment, rules, progress);
    if (o.closeMm > 0) smoothing(editor, tools::SmoothingOperation::Closing, o.closeMm, segment, rules, progress);
    if (o.medianMm > 0) smoothing(editor, tools::SmoothingOperation::Median, o.medianMm, segment, rules, progress);
}

}  // namespace pipeline

SegmentPipelineResult runSegmentPipeline(const Volume& ct, const SegmentPipelineOptions& o, const ProgressFn& progress) {
    o.validate();
    SegmentPipelineResult r{LabelMap(ct.geometry()), 0, History(), {}, {}};
    LabelMapEditor editor(r.labels, r.history);
    r.segment = editor.addSegment(o.segmentName);
    const ImageGeometry& g = ct.geometry();
    if (o.island == SegmentPipelineOptions::Island::AtPoint) tools::requireVoxel(g, o.keepAtLps, "--keep-at");
    // Corners may come in any order; a box that misses the image would erase everything.
    if (o.cropBoxMm && tools::voxelBoxFromMm(g, (*o.cropBoxMm)[0], (*o.cropBoxMm)[1]).empty())
        throw Error("", "--crop-box: the box does not overlap the image");

    std::vector<std::pair<std::string, std::function<void()>>> stages;
    tools::RemoveTableResult table;
    EditOptions rules;  // after remove-table: only inside the body
    if (o.removeTable)
        stages.emplace_back("remove-table", [&] {
            table = tools::removeTable(editor, ct, {o.bodyMinHu});
            rules.editableArea = &table.body;
        });
    stages.emplace_back("threshold", [&] { r.autoThresholdHu = pipeline::threshold(editor, ct, o, r.segment, rules); });
    if (o.island != SegmentPipelineOptions::Island::All)
        stages.emplace_back(o.island == SegmentPipelineOptions::Island::Largest ? "keep-largest" : "keep-at",
                            [&] { pipeline::keepIsland(editor, o, r.segment); });
    if (o.minIslandMm3 > 0) stages.emplace_back("min-island", [&] { pipeline::removeSmallIslands(editor, o, r.segment); });
    auto smoothing = [&](const char* name, tools::SmoothingOperation op, double radius) {
        stages.emplace_back(name, [&, op, radius] { pipeline::smoothing(editor, op, radius, r.segment, rules); });
    };
    if (o.fillHoles) smoothing("fill-holes", tools::SmoothingOperation::FillHoles3D, 0);
    if (o.closeMm > 0) smoothing("close", tools::SmoothingOperation::Closing, o.closeMm);
    if (o.medianMm > 0) smoothing("median", tools::SmoothingOperation::Median, o.medianMm);
    if (o.cropBoxMm)
        stages.emplace_back("crop-box", [&] {
            const VoxelBox keep = tools::voxelBoxFromMm(g, (*o.cropBoxMm)[0], (*o.cropBoxMm)[1]);
            const Modifier outside{VoxelBox::of(g), [keep](const VoxelBox& sub, uint8_t* out) {
                                       for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                                           for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j)
                                               for (int64_t i = sub.lo[0]; i < sub.hi[0]; ++i)
                                                   *out++ = !keep.contains(i, j, k);
                                   }};
            editor.apply(outside, EditMode::Erase, r.segment, {}, "Crop box");
        });

    size_t voxels = 0;
    for (size_t n = 0; n < stages.size(); ++n) {
        reportProgress(progress, double(n) / double(stages.size()), stages[n].first);
        const auto t0 = std::chrono::steady_clock::now();
        stages[n].second();
        const auto t1 = std::chrono::steady_clock::now();
        voxels = r.labels.countLabel(r.segment);
        r.steps.push_back({stages[n].first, std::chrono::duration<double>(t1 - t0).count(), voxels,
                           double(voxels) * g.voxelVolumeMm3() / 1000.0});
    }
    reportProgress(progress, 1.0, "done");
    return r;
}

}  // namespace marrow
