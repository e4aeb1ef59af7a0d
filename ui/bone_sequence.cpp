// The guided bone model: the CLI's bone pipeline (seg/segment_pipeline.h) one stage per
// button, on the open document, each stage one undo step on the background job.
#include <cstdio>

#include "io/error.h"
#include "seg/tools/remove_table.h"
#include "ui/edit_actions.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

namespace {

using StepResult = std::shared_ptr<BoneStepResult>;

// Runs one stage on the job: work gets the editor's document, the bone segment and the
// masking rules, and its result (voxels of the bone segment after it) lands in `result`.
void runStage(ViewerState& s, int step, std::function<void(Document&, Label, const EditOptions&, const ProgressFn&)> work) {
    BonePanel& b = s.tools.bone;
    auto result = std::make_shared<BoneStepResult>();
    b.steps[size_t(step)] = result;
    const Label segment = b.segment;
    auto body = bodyArea(s) ? s.tools.body : nullptr;
    runEditJob(s, boneStepName(step), [=, work = std::move(work)](Document& d, const ProgressFn& progress) {
        EditOptions rules;
        rules.editableArea = body.get();
        {
            ScopedStep scoped(d.editor(), boneStepName(step));
            work(d, segment, rules, progress);
            scoped.commit();
        }
        result->voxels = (long long)d.labels().countLabel(segment);
        result->done = true;
        return std::string(boneStepName(step)) + ": bone " + std::to_string(result->voxels) + " voxels";
    });
}

bool haveBoneSegment(ViewerState& s) {
    if (s.doc->labels().segment(s.tools.bone.segment)) return true;
    s.message = "bone model: run step 3 (threshold) first";
    return false;
}

}  // namespace

const char* boneStepName(int step) {
    static const char* names[] = {"",
                                  "Bone preset (3D) + bone window",
                                  "Remove table",
                                  "Threshold bone",
                                  "Keep bone island",
                                  "Fill holes + smooth bone",
                                  "Export bone STL"};
    return step >= 1 && step <= kBoneSteps ? names[step] : "";
}

void runBoneStep(ViewerState& s, int step) {
    if (!s.doc || step < 1 || step > kBoneSteps) return;
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return;
    }
    BonePanel& b = s.tools.bone;
    SegmentPipelineOptions o = b.options;
    try {
        o.validate();
    } catch (const std::exception& e) {
        s.message = e.what();
        return;
    }
    switch (step) {
        case 1: {  // display only: no edit, no job
            s.selectVolumePreset("ct-bone");
            s.selectWindowPreset("bone");
            b.steps[1] = std::make_shared<BoneStepResult>(BoneStepResult{true, -1, "CT-Bone 3D preset, bone window"});
            return;
        }
        case 2: {
            b.steps[2] = std::make_shared<BoneStepResult>();
            return removeTableAction(s, b.steps[2]);  // the job reports the body into it
        }
        case 3: {
            // The sequence's own segment: the one it made before, else a new "Bone".
            if (!s.doc->labels().segment(b.segment)) {
                try {
                    b.segment = s.doc->labels().nextFreeId();
                    if (b.segment == 0) throw Error("", "the label map already has the maximum number of segments");
                } catch (const std::exception& e) {
                    s.message = e.what();
                    return;
                }
                const std::string name = o.segmentName;
                s.edit.segment = b.segment;
                return runStage(s, 3, [o, name](Document& d, Label seg, const EditOptions& rules, const ProgressFn& p) {
                    ensureSegment(d, seg, name);
                    pipeline::threshold(d.editor(), d.image(), o, seg, rules, p);
                });
            }
            s.edit.segment = b.segment;
            return runStage(s, 3, [o](Document& d, Label seg, const EditOptions& rules, const ProgressFn& p) {
                pipeline::threshold(d.editor(), d.image(), o, seg, rules, p);
            });
        }
        case 4: {
            if (!haveBoneSegment(s)) return;
            using I = BonePanel::Islands;
            o.island = b.islands == I::KeepAtCrosshair ? SegmentPipelineOptions::Island::AtPoint
                                                        : SegmentPipelineOptions::Island::Largest;
            o.keepAtLps = s.crosshair;
            const bool removeSmall = b.islands == I::RemoveSmall;
            return runStage(s, 4, [o, removeSmall](Document& d, Label seg, const EditOptions&, const ProgressFn& p) {
                if (removeSmall) pipeline::removeSmallIslands(d.editor(), o, seg, p);
                else pipeline::keepIsland(d.editor(), o, seg, p);
            });
        }
        case 5: {
            if (!haveBoneSegment(s)) return;
            return runStage(s, 5, [o](Document& d, Label seg, const EditOptions& rules, const ProgressFn& p) {
                pipeline::smooth(d.editor(), o, seg, rules, p);
            });
        }
        case 6: {
            if (!haveBoneSegment(s)) return;
            auto result = std::make_shared<BoneStepResult>();
            b.steps[6] = result;
            const std::string dir = s.edit.exportDir, stem = sourceStem(s.source);
            const Label seg = b.segment;
            runEditJob(s, boneStepName(6), [result, dir, stem, seg](Document& d, const ProgressFn& progress) {
                const auto lines = exportSegmentsStl(d, dir, stem, progress);
                result->voxels = (long long)d.labels().countLabel(seg);
                for (const auto& l : lines) result->note += (result->note.empty() ? "" : "\n") + l;
                result->done = true;
                return lines.empty() ? std::string("export: nothing written") : lines.front();
            });
            return;
        }
    }
}

}  // namespace marrow::ui
