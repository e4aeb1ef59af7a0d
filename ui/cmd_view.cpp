// `marrow view` and `marrow [PATH]`: the viewer's command line. Lives in ui/ because the
// headless CLI (src/cli) must not depend on GL; main.cpp registers it.
#include "ui/cmd_view.h"

#include <cstdio>

#include "io/error.h"
#include "src/cli/output_guard.h"
#include "ui/viewer_app.h"

namespace marrow::ui {
namespace {

void parseSize(const std::string& text, ViewerOptions& o) {
    int w = 0, h = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') || w < 1 ||
        h < 1 || w > 16384 || h > 16384)
        throw Error("--size", "expected WIDTHxHEIGHT with 1..16384 pixels a side, got '" + text + "'");
    o.width = w;
    o.height = h;
}

void parseSlice(const std::string& text, ViewerOptions& o) {
    double x = 0, y = 0, z = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf%c", &x, &y, &z, &extra) != 3)
        throw Error("--slice", "expected x,y,z in LPS mm, got '" + text + "'");
    o.hasSlice = true;
    o.slice = {x, y, z};
}

}  // namespace

void addViewCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("view", "Open the viewer, or render a screenshot and exit");
    struct Args {
        std::string path, seg, screenshot, exportStl, layout = "quad", preset = "ct-bone", window = "soft-tissue", size, slice, view3d = "volume";
        bool testMode = false, force = false;
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("path", args->path, "DICOM folder or file, NIfTI file, or 'phantom' (default)");
    cmd->add_option("--seg", args->seg, "label map (NIfTI) shown as an overlay");
    cmd->add_option("--screenshot", args->screenshot, "render offscreen, write this PNG and exit");
    cmd->add_option("--export-stl", args->exportStl, "with --seg: write one STL per visible segment into this folder and exit");
    cmd->add_option("--layout", args->layout, "quad | axial | coronal | sagittal | 3d");
    cmd->add_option("--preset", args->preset, "3D preset: ct-bone, ct-aaa, ct-soft-tissue, ct-lung, ct-muscle, ct-mip");
    cmd->add_option("--3d", args->view3d, "3D view shows: volume | surfaces (the segments) | both");
    cmd->add_option("--window", args->window, "window/level preset: bone, soft-tissue, abdomen, lung, brain, air");
    cmd->add_option("--size", args->size, "window or screenshot size, e.g. 1280x800");
    cmd->add_option("--slice", args->slice, "crosshair position x,y,z in LPS mm");
    cmd->add_flag("--test-mode", args->testMode, "print state lines for automated tests");
    cmd->add_flag("--force", args->force, "allow --screenshot to overwrite an input file");
    cmd->callback([args] {
        ViewerOptions o;
        o.path = args->path;
        o.labels = args->seg;
        o.screenshot = args->screenshot;
        cli::checkOutputs({{args->path, "input"}, {args->seg, "--seg input"}}, {{args->screenshot, "--screenshot output"}},
                          args->force);
        o.testMode = args->testMode;
        if (!parseLayout(args->layout, o.layout))
            throw Error("--layout", "expected quad, axial, coronal, sagittal or 3d, got '" + args->layout + "'");
        if (!render::findVolumePreset(args->preset))
            throw Error("--preset", "unknown 3D preset '" + args->preset + "'");
        if (!render::findWindowPreset(args->window))
            throw Error("--window", "unknown window preset '" + args->window + "'");
        if (!parseView3dMode(args->view3d, o.view3d))
            throw Error("--3d", "expected volume, surfaces or both, got '" + args->view3d + "'");
        o.volumePreset = args->preset;
        o.windowPreset = args->window;
        if (!args->size.empty()) parseSize(args->size, o);
        if (!args->slice.empty()) parseSlice(args->slice, o);
        o.exportStl = args->exportStl;
        if (!o.exportStl.empty()) exportStlHeadless(o);
        if (!o.screenshot.empty())
            renderScreenshot(o);
        else if (o.exportStl.empty())
            runViewer(o);
    });
}

int openViewer(const std::string& path) {
    ViewerOptions o;
    o.path = path;
    return runViewer(o);
}

}  // namespace marrow::ui
