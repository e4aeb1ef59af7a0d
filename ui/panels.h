#pragma once
// The side panel (data, layout, window/level, 3D, labels, screenshot) and the status bar.
// Each draws one ImGui window at a fixed rectangle and edits ViewerState directly; what the
// app itself must do (open a file, take a screenshot) comes back as PanelRequests.
#include <string>
#include <vector>

#include "ui/viewer_state.h"

namespace marrow::ui {

struct PanelRequests {
    std::string open;          // a path to load
    bool showBrowser = false;  // open the file browser
    bool screenshot = false;   // save the view area as PNG
    Rect pathField;            // where the data panel's path field is (--test-mode prints it)
};

void sidePanel(ViewerState& s, const Rect& r, const std::vector<std::string>& recent, PanelRequests& out);
void statusBar(const ViewerState& s, const Rect& r);

// Panel sections, one file each.
void dataSection(ViewerState& s, const std::vector<std::string>& recent, PanelRequests& out);
void windowSection(ViewerState& s);
void volumeSection(ViewerState& s);
void toolsSection(ViewerState& s);
void segmentsSection(ViewerState& s);

}  // namespace marrow::ui
