#pragma once
// The viewer application: one GLFW window with Dear ImGui, the frame loop (redraws only
// while something changes, then sleeps in glfwWaitEvents), and headless screenshots.
#include <string>

#include "io/geometry.h"
#include "ui/viewer_state.h"

namespace marrow::ui {

struct ViewerOptions {
    std::string path;        // "" or "phantom": the embedded phantom
    std::string labels;      // optional label map (NIfTI) shown as an overlay
    std::string screenshot;  // headless: render once, write this PNG, return
    std::string exportStl;   // headless: write one STL per segment of `labels` here, return
    Layout layout = Layout::Quad;
    std::string volumePreset = "ct-bone";
    std::string windowPreset = "soft-tissue";
    int width = 1280, height = 800;
    bool hasSlice = false;
    Vec3 slice;              // crosshair in LPS mm
    View3dMode view3d = View3dMode::Volume;
    bool testMode = false;   // print state lines (READY, VIEW, CROSSHAIR, WL, LAYOUT) on stdout
};

// Opens the window and runs until it is closed. Returns the process exit code.
// Throws marrow::Error when no window can be created or the data cannot be loaded.
int runViewer(const ViewerOptions& options);

// Renders the views at options.width x height offscreen (a hidden window) and writes
// options.screenshot. Throws marrow::Error on failure.
void renderScreenshot(const ViewerOptions& options);

// Loads options.path and options.labels into a Document and writes one STL per visible
// segment into options.exportStl (what the panel's "Export STL" does), printing a line per
// file. Needs no window. Throws marrow::Error on bad input.
void exportStlHeadless(const ViewerOptions& options);

}  // namespace marrow::ui
