#pragma once
// Where widgets are on screen, for the real-input tests (--test-mode): a panel calls
// probeItem("threshold.apply") right after a widget; the app prints takeProbeLines()
// ("WIDGET <id> x y w h", window pixels, top-left origin) when a rectangle changed, so an
// xdotool script clicks the widget wherever the layout put it.
#include <string>
#include <vector>

namespace marrow::ui {

// Records the last ImGui item's rectangle under id (call on the UI thread, inside a frame).
void probeItem(const std::string& id);
// "WIDGET id x y w h" for each probe whose rectangle changed since the last call.
std::vector<std::string> takeProbeLines();

}  // namespace marrow::ui
