#pragma once
// The view widgets: each turns mouse and keys over its rectangle into ViewerState changes
// and draws its 2D decorations (crosshair lines, orientation letters) with ImGui; the GL
// images underneath are drawn by the frame loop. Call inside an ImGui window covering r.
#include <vector>

#include "ui/edit_actions.h"
#include "ui/viewer_state.h"

namespace marrow::ui {

// One MPR view. Left click/drag: move the crosshair; wheel or Up/Down: one slice;
// Ctrl+wheel: zoom about the cursor; middle or Shift+left drag: pan; right drag: window
// (horizontal) and level (vertical); double-click (navigate tool) or M: maximise / back to quad; R: reset.
void mprView(ViewerState& s, render::ViewAxis axis, const Rect& r);

// The 3D view. Left drag: orbit; right drag or wheel: zoom; middle or Shift+left: pan;
// double-click (navigate tool) or M: maximise / back to quad; R: reset.
void volumeView(ViewerState& s, const Rect& r);

// M (maximise the view under the mouse / back to quad) and R (reset views) from the
// frame's queued key presses. Call once a frame, before the views.
void viewShortcuts(ViewerState& s, const std::vector<KeyPress>& keys);

// A left-button press as GLFW reported it: when (glfwGetTime, s) and where (window pixels).
struct ClickPress {
    double time = 0;
    float x = 0, y = 0;
};

// Double-clicks from the app's queue of left presses, not ImGui's: ImGui 1.86 sees one press
// a frame and times clicks by frames, so on a slow frame (llvmpipe under load, a big volume)
// two quick clicks were one click, or "too far apart". A press completes a double-click when
// it comes within kSeconds and kPixels of the previous press and that one did not itself
// complete one (a triple click is one double-click).
class DoubleClickDetector {
public:
    static constexpr double kSeconds = 0.5;  // desktop defaults are 0.4-0.5 s
    static constexpr float kPixels = 6;
    // The presses since the last frame, oldest first; true when one completed a double-click.
    bool feed(const std::vector<ClickPress>& presses);

private:
    ClickPress previous_;
    bool havePrevious_ = false;
};

}  // namespace marrow::ui
