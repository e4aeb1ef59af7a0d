#include "ui/edit_actions.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "io/error.h"
#include "io/output_guard.h"
#include "ui/latency_trace.h"
#include "ui/mesh_export.h"

namespace marrow::ui {
namespace fs = std::filesystem;

const char* toolName(Tool t) {
    switch (t) {
        case Tool::Brush: return "brush";
        case Tool::Eraser: return "eraser";
        case Tool::Scissors: return "scissors";
        case Tool::Island: return "island";
        case Tool::Grow: return "grow";
        case Tool::SliceMark: return "slicemark";
        case Tool::SplitMarker: return "split";
        default: return "navigate";
    }
}

void runEditJob(ViewerState& s, const std::string& name,
                std::function<std::string(Document& doc, const ProgressFn& progress)> work) {
    if (!s.doc) return;
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return;
    }
    Document* doc = s.doc.get();
    latencyTrace().begin(name);
    s.job.start(name, [doc, work = std::move(work)](const ProgressFn& progress) {
        const uint64_t before = doc->labels().version();
        const auto start = LatencyTrace::Clock::now();
        try {
            std::string notice = work(*doc, progress);
            latencyTrace().workDone(msSince(start));
            return notice;
        } catch (const Cancelled&) {
            // A tool cancelled after it began writing committed a partial step: drop it.
            if (doc->labels().version() != before && doc->history().canUndo()) doc->editor().undo();
            throw;
        }
    });
}

Label fillTarget(ViewerState& s) {
    const LabelMap& m = s.doc->labels();
    if (m.segment(s.edit.segment)) return s.edit.segment;
    const Label id = m.nextFreeId();
    if (id) s.edit.segment = id;
    else s.message = "the segment table is full";
    return id;
}

void ensureSegment(Document& doc, Label id, const std::string& name) {
    if (doc.labels().segment(id)) return;
    if (doc.editor().addSegment(name.empty() ? "Segment " + std::to_string(id) : name) != id)
        throw Error("", "the new segment got another id than the edit was given; try again");
}

std::optional<BackgroundJob::Outcome> pollEditJob(ViewerState& s) {
    auto outcome = s.job.finish();
    if (outcome) {
        latencyTrace().resultDrawn();  // this frame's upload and views show the job's result
        s.message = outcome->message;
        s.view3dDirty = true;
    }
    return outcome;
}

// Undo and redo run on the UI thread: their restore is the latency trace's kernel.
void undoEdit(ViewerState& s) {
    if (!s.doc || s.edit.stroke || s.busy()) return;
    if (s.doc->history().canUndo()) latencyTrace().begin("undo");
    const auto start = LatencyTrace::Clock::now();
    s.doc->editor().undo();
    latencyTrace().doneOnUiThread(msSince(start));
}

void redoEdit(ViewerState& s) {
    if (!s.doc || s.edit.stroke || s.busy()) return;
    if (s.doc->history().canRedo()) latencyTrace().begin("redo");
    const auto start = LatencyTrace::Clock::now();
    s.doc->editor().redo();
    latencyTrace().doneOnUiThread(msSince(start));
}

void saveLabels(ViewerState& s) {
    if (!s.doc) return;
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return;
    }
    try {
        const auto files = s.doc->saveLabels(s.edit.savePath);
        s.message = "saved " + (files.empty() ? s.edit.savePath : files.front());
        if (!s.doc->baselineSource().empty() && files.size() > 1 && files.back().ends_with(".marrow.json"))
            s.message += " (changes stay compared against " + s.doc->baselineSource() + ")";
        if (!s.doc->recoveryProblem().empty()) s.message += "; autosave is off: " + s.doc->recoveryProblem();
    } catch (const std::exception& e) {
        s.message = e.what();
    }
    std::printf("%s\n", s.message.c_str());
    std::fflush(stdout);
}

void compareAgainst(ViewerState& s, const std::string& path) {
    if (!s.doc || s.busy()) return;
    try {
        s.doc->compareAgainst(path);
        ++s.segmentsUi.generation;  // the difference overlay recomputes against the new reference
        s.segmentsUi.difference.enabled = true;
        s.message = "changes are now shown against " + path;
    } catch (const std::exception& e) {
        s.message = e.what();
    }
}

void resizeBrush(EditState& e, int steps) {
    e.radiusMm = std::clamp(float(e.radiusMm * std::pow(1.2, steps)), kBrushRadiusMm[0], kBrushRadiusMm[1]);
}

void editShortcuts(ViewerState& s, const std::vector<KeyPress>& keys) {
    if (ImGui::GetIO().WantTextInput) return;
    // Key codes are GLFW's, which equal the ASCII capitals (and '[', ']').
    for (const KeyPress& k : keys) {
        if (k.ctrl && (k.key == 'Z')) {
            if (k.shift) redoEdit(s);
            else undoEdit(s);
        } else if (k.ctrl && k.key == 'S') {
            saveLabels(s);
        } else if (k.ctrl && k.key == 'Y') {
            redoEdit(s);
        } else if (!k.ctrl && k.key == 'B') {
            s.edit.tool = Tool::Brush;
        } else if (!k.ctrl && k.key == 'E') {
            s.edit.tool = Tool::Eraser;
        } else if (!k.ctrl && (k.key == '[' || k.key == ']')) {
            resizeBrush(s.edit, k.key == ']' ? 1 : -1);
        } else if (!k.ctrl && k.key == 'N') {
            s.edit.tool = Tool::Navigate;
        } else if (!k.ctrl && (k.key == 'S' || k.key == 'I' || k.key == 'G' || k.key == 'C')) {
            s.edit.tool = k.key == 'S' ? Tool::Scissors : k.key == 'I' ? Tool::Island : k.key == 'G' ? Tool::Grow : Tool::SliceMark;
        }
    }
}

// The index axis closest to the view's normal: a 2D disk is painted on that voxel slice.
int viewIndexAxis(const ImageGeometry& g, render::ViewAxis axis) {
    const Vec3 n = render::sliceFrame(axis).normal;
    int best = 0;
    double bestDot = -1;
    for (int c = 0; c < 3; ++c) {
        const double d = std::abs(dot(g.direction().column(c), n));
        if (d > bestDot) bestDot = d, best = c;
    }
    return best;
}

void brushInput(ViewerState& s, render::ViewAxis axis, Vec3 p, bool pressed, bool down) {
    if (!s.doc || s.busy()) return;
    EditState& e = s.edit;
    try {
        if (pressed && !e.stroke) {
            if (e.tool == Tool::Brush && !s.doc->labels().segment(e.segment)) {
                // Painting with no segment yet: make one, so the first stroke just works.
                e.segment = s.doc->editor().addSegment("Segment " + std::to_string(s.doc->labels().nextFreeId()));
            }
            tools::PaintParams params;
            params.radiusMm = e.radiusMm;
            params.shape = e.sphere ? tools::BrushShape::Sphere : tools::BrushShape::Disk;
            params.sliceAxis = viewIndexAxis(s.doc->labels().geometry(), axis);
            params.erase = e.tool == Tool::Eraser;
            params.segment = params.erase ? 0 : e.segment;
            e.stroke = std::make_unique<tools::BrushStroke>(s.doc->editor(), params);
            latencyTrace().begin("brush dab");  // the press: its first dab on screen
        }
        // Each dab (and the stroke's end, which records the undo step) is the trace's kernel.
        const auto start = LatencyTrace::Clock::now();
        if (e.stroke && down) e.stroke->addPoint(p);
        if (e.stroke && !down) {
            latencyTrace().begin("brush stroke");  // the release: the finished stroke on screen
            e.stroke->finish();
            e.stroke.reset();
        }
        latencyTrace().doneOnUiThread(msSince(start));
    } catch (const std::exception& ex) {  // a locked segment, a full table: say so, keep going
        e.stroke.reset();
        s.message = ex.what();
    }
}

std::string sourceStem(const std::string& source) {
    if (source.empty() || source == "phantom") return "phantom";
    fs::path p = fs::path(source).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    std::string stem = p.filename().string();
    for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".dcm"})
        if (stem.size() > std::string(ext).size() && stem.ends_with(ext)) stem.resize(stem.size() - std::string(ext).size());
    return stem.empty() ? "image" : stem;
}

std::string defaultExportDir(const std::string& source) { return defaultOutputFolder(source); }

std::string defaultLabelsPath(const std::string& source) {
    return (fs::path(defaultExportDir(source)) / (sourceStem(source) + "_labels.nii.gz")).string();
}

std::string defaultDicomSegPath(const std::string& source) {
    return (fs::path(defaultExportDir(source)) / (sourceStem(source) + "_seg.dcm")).lexically_normal().string();
}

std::vector<std::string> exportSegmentsStl(const Document& doc, const std::string& dir, const std::string& stem,
                                           const ProgressFn& progress) {
    MeshExportOptions options;
    options.folder = dir;
    options.stem = stem;
    return exportSegmentMeshes(doc, options, progress);
}

}  // namespace marrow::ui
