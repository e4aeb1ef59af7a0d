#pragma once
// Widget rectangles for the real-input tests: a panel calls probeItem("id") right after a
// widget, and --test-mode prints "WIDGET id x y w h" (window pixels) whenever a rectangle
// changed, so an xdotool script can click the widget wherever the layout puts it.
#include <string>
#include <vector>

namespace marrow::ui {

// Stores the last ImGui item's rectangle under id.
void probeItem(const std::string& id);
// "WIDGET id x y w h" for every rectangle that changed since the last call.
std::vector<std::string> takeProbeLines();

}  // namespace marrow::ui
