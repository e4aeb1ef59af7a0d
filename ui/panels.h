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
    bool showLabelsBrowser = false;  // the file browser, for a label map onto the open image
    std::string openLabels;    // a label map to load onto the open image
    bool screenshot = false;   // save the view area as PNG
};

void sidePanel(ViewerState& s, const Rect& r, const std::vector<std::string>& recent, PanelRequests& out);
void statusBar(const ViewerState& s, const Rect& r);
// The newest message, wrapped, with Copy and a "Messages (N)" toggle (panel_messages.cpp), and
// the window listing every message with time and severity, drawn over the view area.
void messageArea(ViewerState& s);
void messagesWindow(ViewerState& s, const Rect& area);

// Panel sections, one file each.
void dataSection(ViewerState& s, const std::vector<std::string>& recent, PanelRequests& out);
// The warnings the reader left on a volume (meta "warning.N"), in the order raised.
void windowSection(ViewerState& s);
void volumeSection(ViewerState& s);
void toolsSection(ViewerState& s);
void clickToolsSection(ViewerState& s);  // scissors, island, grow, contour (panel_click_tools.cpp)
void segmentsSection(ViewerState& s);
void thresholdSection(ViewerState& s);   // panel_threshold.cpp (+ remove table)
void smoothingSection(ViewerState& s);   // panel_smoothing.cpp (smoothing + islands)
void statisticsSection(ViewerState& s);  // panel_statistics.cpp
void historySection(ViewerState& s);     // panel_history.cpp
void boneModelSection(ViewerState& s);   // panel_bone.cpp
void splitSection(ViewerState& s);       // panel_split.cpp (split touching bones)
void latencyCheckbox();                  // panel_latency.cpp: shows the Latency window
void latencyWindow();
void exportMeshWindow(ViewerState& s);   // panel_export.cpp: the Export mesh dialog, when open

}  // namespace marrow::ui
