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
// (horizontal) and level (vertical); double-click or M: maximise / back to quad; R: reset.
void mprView(ViewerState& s, render::ViewAxis axis, const Rect& r);

// The 3D view. Left drag: orbit; right drag or wheel: zoom; middle or Shift+left: pan;
// double-click or M: maximise / back to quad; R: reset.
void volumeView(ViewerState& s, const Rect& r);

// M (maximise the view under the mouse / back to quad) and R (reset views) from the
// frame's queued key presses. Call once a frame, before the views.
void viewShortcuts(ViewerState& s, const std::vector<KeyPress>& keys);

}  // namespace marrow::ui
