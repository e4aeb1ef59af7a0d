#include "ui/tool_actions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "io/error.h"
#include "seg/tools/auto_threshold.h"
#include "seg/tools/remove_table.h"
#include "seg/mask_bounds.h"
#include "seg/tools/statistics.h"
#include "seg/tools/threshold.h"
#include "ui/edit_actions.h"

namespace marrow::ui {

namespace {

std::string withCount(const std::string& what, size_t voxels) { return what + ": " + std::to_string(voxels) + " voxels"; }

std::string capitalised(std::string s) {
    if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

// The selected segment, which must exist (smoothing and islands have nothing to create).
bool requireSelected(ViewerState& s, const char* action) {
    if (s.doc && s.doc->labels().segment(s.edit.segment)) return true;
    s.message = std::string(action) + ": select a segment first";
    return false;
}

// False (with the reason in s.message) when there is no document or a job is running.
bool canEdit(ViewerState& s) {
    if (!s.doc) return false;
    if (!s.busy()) return true;
    s.message = "busy: " + s.job.name() + " is still running";
    return false;
}

// The body mask as a shared pointer the job keeps alive (null: none).
std::shared_ptr<const Mask> bodyShared(const ViewerState& s) { return bodyArea(s) ? s.tools.body : nullptr; }

}  // namespace

std::array<Vec3, 2> cropBoxMm(const ViewerState& s) {
    const ImageGeometry& g = s.volume().geometry();
    Vec3 lo, hi;
    for (int a = 0; a < 3; ++a) {  // texture coordinate t covers voxel index t * dim - 0.5
        const double dim = double(g.dims()[a]);
        lo[a] = double(std::clamp(s.clipLo[a], 0.0f, 1.0f)) * dim - 0.5;
        hi[a] = double(std::clamp(s.clipHi[a], 0.0f, 1.0f)) * dim - 0.5;
    }
    return {g.indexToPatient(lo), g.indexToPatient(hi)};
}

void selectThresholdPreset(ViewerState& s, int index) {
    const auto presets = tools::thresholdPresets();
    if (index < 0 || size_t(index) >= presets.size()) return;
    ThresholdPanel& t = s.tools.threshold;
    t.preset = index;
    t.lo = float(presets[size_t(index)].lo);
    t.hi = float(presets[size_t(index)].hi);
    syncThresholdPreview(s);
}

void selectAutoBoneThreshold(ViewerState& s) {
    if (!s.doc || s.volume().empty()) return;
    try {
        const tools::AutoThreshold a = tools::autoBoneThreshold(s.volume());  // a histogram pass: tens of ms
        ThresholdPanel& t = s.tools.threshold;
        t.lo = float(a.threshold);
        t.hi = 3071;
        syncThresholdPreview(s);
        s.message = "auto threshold: " + std::to_string(int(a.threshold)) + " HU (bone from the scan's histogram)";
    } catch (const Error& e) {
        s.message = e.what();
    }
}

void syncThresholdPreview(ViewerState& s) {
    const ThresholdPanel& t = s.tools.threshold;
    s.preview.active = t.preview && s.doc && !s.volume().empty();
    s.preview.lo = std::min(t.lo, t.hi);
    s.preview.hi = std::max(t.lo, t.hi);
}

void applyThreshold(ViewerState& s) {
    if (!canEdit(s)) return;
    ThresholdPanel& t = s.tools.threshold;
    const auto presets = tools::thresholdPresets();
    const std::string presetName = size_t(t.preset) < presets.size() ? presets[size_t(t.preset)].name : "threshold";
    tools::ThresholdParams p;
    p.lo = t.lo;
    p.hi = t.hi;
    if (t.insideCropBox) p.boxMm = cropBoxMm(s);
    // The selected segment, else a new one named after the preset, made in the job's step.
    p.segment = fillTarget(s);
    if (!p.segment) return;
    auto body = bodyShared(s);
    char name[96];
    std::snprintf(name, sizeof name, "Threshold %s %.0f..%.0f HU", presetName.c_str(), p.lo, p.hi);
    runEditJob(s, name, [p, body, segmentName = capitalised(presetName),
                         stepName = std::string(name)](Document& d, const ProgressFn& progress) mutable {
        ScopedStep step(d.editor(), stepName);
        ensureSegment(d, p.segment, segmentName);
        p.options.editableArea = body.get();
        tools::threshold(d.editor(), d.image(), p, progress);
        step.commit();
        return withCount("threshold", d.labels().countLabel(p.segment));
    });
    t.preview = false;
    syncThresholdPreview(s);
}

const Mask* bodyArea(const ViewerState& s) {
    const Mask* m = s.tools.body.get();
    if (!m || !s.doc || s.tools.bodyDocument != s.doc.get() || m->voxels.size() == 0) return nullptr;
    return m->geometry.dims() == s.doc->labels().geometry().dims() ? m : nullptr;
}

void clearBodyArea(ViewerState& s) {
    s.tools.body.reset();
    s.tools.bodyDocument = nullptr;
}

void removeTableAction(ViewerState& s, std::shared_ptr<BoneStepResult> boneStep) {
    if (!canEdit(s)) return;
    auto out = std::make_shared<RemoveTableOutcome>();
    out->boneStep = std::move(boneStep);
    s.tools.pendingTable = out;
    s.tools.bodyDocument = s.doc.get();
    runEditJob(s, "Remove table", [out](Document& d, const ProgressFn& progress) {
        tools::RemoveTableResult r = tools::removeTable(d.editor(), d.image(), {}, progress);
        // The body's box in texture coordinates: the 3D view's crop box that hides the table.
        const ImageGeometry& g = r.body.geometry;
        const VoxelBox bounds = maskBounds(r.body);  // row scans: a per-voxel loop took ~0.5 s (issue 12)
        const size_t inBody = r.body.count();
        for (int a = 0; a < 3; ++a) {
            const double dim = double(g.dims()[a]);
            out->clipLo[a] = bounds.empty() ? 0.0f : float(double(bounds.lo[a]) / dim);
            out->clipHi[a] = bounds.empty() ? 1.0f : float(double(bounds.hi[a]) / dim);
        }
        out->bodyMl = double(inBody) * g.voxelVolumeMm3() / 1000.0;
        out->body = std::move(r.body);
        out->ready = true;
        if (out->boneStep) {
            out->boneStep->voxels = (long long)inBody;
            out->boneStep->note = "body " + std::to_string(inBody) + " voxels";
            out->boneStep->done = true;
        }
        return "remove table: body " + std::to_string(inBody) + " voxels, " + std::to_string(r.edit.changedVoxels) +
               " labelled voxels outside it erased";
    });
}

void collectToolResults(ViewerState& s) {
    if (s.busy() || !s.tools.pendingTable) return;
    auto out = std::move(s.tools.pendingTable);
    if (!out->ready) return;  // failed or cancelled: nothing changes
    s.tools.body = std::make_shared<Mask>(std::move(out->body));
    s.tools.bodyMl = out->bodyMl;
    for (int a = 0; a < 3; ++a) s.clipLo[a] = out->clipLo[a], s.clipHi[a] = out->clipHi[a];
    s.view3dDirty = true;
}

void applySmoothing(ViewerState& s, tools::SmoothingOperation op) {
    if (!canEdit(s) || !requireSelected(s, tools::smoothingName(op))) return;
    tools::SmoothingParams p;
    p.operation = op;
    p.radiusMm = s.tools.smoothing.radiusMm;
    p.sliceAxis = s.tools.smoothing.sliceAxis;
    p.segment = s.edit.segment;
    auto body = bodyShared(s);
    runEditJob(s, tools::smoothingName(op), [p, body](Document& d, const ProgressFn& progress) mutable {
        p.options.editableArea = body.get();
        tools::smooth(d.editor(), p, progress);
        return withCount(tools::smoothingName(p.operation), d.labels().countLabel(p.segment));
    });
}

void applyIslands(ViewerState& s, tools::IslandOperation op) {
    static const char* names[] = {"keep largest island", "keep island", "remove small islands", "split islands"};
    const char* name = names[int(op)];
    if (!canEdit(s) || !requireSelected(s, name)) return;
    tools::IslandsParams p;
    p.operation = op;
    p.segment = s.edit.segment;
    p.minVolumeMm3 = s.tools.islands.minVolumeMm3;
    p.connectivity = s.tools.islands.connectivity26 ? Connectivity::TwentySix : Connectivity::Six;
    runEditJob(s, name, [p, name](Document& d, const ProgressFn& progress) {
        const tools::IslandsResult r = tools::islands(d.editor(), p, progress);
        std::string msg = withCount(name, d.labels().countLabel(p.segment));
        if (!r.newSegments.empty()) msg += ", " + std::to_string(r.newSegments.size()) + " new segments";
        return msg;
    });
}

void computeStatistics(ViewerState& s) {
    if (!canEdit(s)) return;
    StatisticsPanel& st = s.tools.statistics;
    auto result = std::make_shared<std::vector<tools::SegmentStats>>();
    st.result = result;
    st.labelsVersion = s.doc->labels().version();
    st.document = s.doc.get();
    const Document* doc = s.doc.get();
    s.job.start("statistics", [doc, result](const ProgressFn&) {
        *result = tools::segmentStatistics(doc->labels(), &doc->image());
        return std::string("statistics of ") + std::to_string(result->size()) + " segments";
    });
}

bool statisticsFresh(const ViewerState& s) {
    const StatisticsPanel& st = s.tools.statistics;
    return st.result && !s.busy() && s.doc && st.document == s.doc.get() && st.labelsVersion == s.doc->labels().version();
}

void moveHistoryTo(ViewerState& s, size_t undoCount) {
    if (!s.doc || s.edit.stroke || s.busy()) return;
    const History& h = s.doc->history();
    while (h.undoCount() > undoCount && h.canUndo()) s.doc->editor().undo();
    while (h.undoCount() < undoCount && h.canRedo()) s.doc->editor().redo();
}

}  // namespace marrow::ui
