#pragma once
// Widget rectangles for the --test-mode state lines: a GUI test (xdotool) clicks a widget
// where the app says it is instead of guessing pixels. Call probeItem right after the
// widget; the frame loop prints takeProbeLines() in --test-mode.
#include <string>
#include <vector>

namespace marrow::ui {

// Records ImGui's last item rectangle (window pixels) under id.
void probeItem(const std::string& id);
// "WIDGET id x y w h" for every id whose rectangle changed since the last call.
std::vector<std::string> takeProbeLines();

}  // namespace marrow::ui
