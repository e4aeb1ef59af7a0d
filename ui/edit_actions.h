#pragma once
// What the editing panels, the MPR views' brush and the headless `--export-stl` share:
// tool shortcuts, undo/redo, the brush stroke driven by the mouse, default output paths
// and the per-segment STL export. All edits go through the Document's editor (undoable).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "src/render/slice_geometry.h"
#include "ui/viewer_state.h"

namespace marrow::ui {

const char* toolName(Tool t);  // "navigate", "brush", "eraser", "scissors", "island", "grow", "slicemark"

// A key press as GLFW reported it. The app queues them from GLFW's key callback: ImGui 1.86
// keeps only "is down", so a press and release within one event batch (a fast typist,
// xdotool) would be lost to ImGui::IsKeyPressed.
struct KeyPress {
    int key = 0;  // GLFW key code ('A'..'Z' are the ASCII capitals)
    bool ctrl = false, shift = false;
};

// B brush, E eraser, N navigate, S scissors, I island, G grow, C contour (slice marking)
// (not while typing); Ctrl+Z undo, Ctrl+Y / Ctrl+Shift+Z redo,
// Ctrl+S save labels.
void editShortcuts(ViewerState& s, const std::vector<KeyPress>& keys);
// [ and ] (and Shift+wheel over an MPR view while painting): the brush radius shrinks or
// grows by 20 % a step (3D Slicer's Shift+wheel step), kept within kBrushRadiusMm.
constexpr float kBrushRadiusMm[2] = {0.5f, 50.0f};
void resizeBrush(EditState& e, int steps);
void undoEdit(ViewerState& s);
// Writes the label map to s.edit.savePath (Document::saveLabels); the outcome goes to s.message.
void saveLabels(ViewerState& s);
void redoEdit(ViewerState& s);
// "Compare against...": the difference overlay counts changes against the label map at path
// (Document::compareAgainst) and is switched on; a failure goes to s.message.
void compareAgainst(ViewerState& s, const std::string& path);

// Runs an edit on the background job (progress bar, Cancel, the UI keeps drawing). work
// gets the document and a ProgressFn and returns the notice shown when it ends. A cancelled
// edit leaves nothing behind: whatever it applied is undone (and not redoable). Refused
// with a message while another job runs. Headless callers can s.job.wait() after it.
void runEditJob(ViewerState& s, const std::string& name,
                std::function<std::string(Document& doc, const ProgressFn& progress)> work);
// The segment a fill writes into: the selected one, else the id the next new segment gets
// (selected at once). The edit's job calls ensureSegment inside its step, so making the
// segment and filling it are one undo step. 0 (with a message) when the table is full.
Label fillTarget(ViewerState& s);
// Adds segment `id` named `name` ("Segment <id>" when empty) unless it exists. Throws
// marrow::Error if the new segment would get another id (the table changed meanwhile).
void ensureSegment(Document& doc, Label id, const std::string& name = {});

// Called once a frame by the app: collects a finished job's outcome into s.message.
// Returns the outcome when a job ended this frame.
std::optional<BackgroundJob::Outcome> pollEditJob(ViewerState& s);

// A left-drag in an MPR view with Brush/Eraser: starts the stroke (one undo step) on the
// press, adds the point under the mouse each frame, finishes on release. p in LPS mm.
void brushInput(ViewerState& s, render::ViewAxis axis, Vec3 p, bool pressed, bool down);

// "<stem>_labels.nii.gz" in the default output folder, and that folder (the one meshes go
// to): beside the input, never inside a DICOM folder (io/output_guard.h defaultOutputFolder).
std::string defaultLabelsPath(const std::string& source);
// "Export DICOM-SEG" default: <stem>_seg.dcm in the same folder.
std::string defaultDicomSegPath(const std::string& source);
std::string defaultExportDir(const std::string& source);

// One STL per visible, non-empty segment: "<dir>/<stem>_<segment name>.stl", surface
// extracted at the voxel boundary, lightly Taubin-smoothed (10 iterations), LPS mm
// (exportSegmentMeshes with its default options, ui/mesh_export.h). Returns one report
// line per file: path, triangles, MB, closed/manifold. Throws marrow::Error when the folder
// cannot be written, marrow::Cancelled when progress asks to stop (then no file is written).
std::vector<std::string> exportSegmentsStl(const Document& doc, const std::string& dir, const std::string& stem,
                                           const ProgressFn& progress = {});
std::string sourceStem(const std::string& source);  // "phantom" for the phantom

}  // namespace marrow::ui
