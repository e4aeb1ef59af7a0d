#pragma once
// What a left drag (or click) does in each view, shown in the view itself so that no tool
// acts where the user does not expect it: the MPR views paint, cut or pick with the
// selected tool; the 3D view orbits unless a tool says there that it acts there (the
// island and grow tools pick with a click, scissors cut only after "Cut in 3D" is turned
// on in the 3D view: a drag meant to orbit once cut the segmentation).
#include <string>

#include "ui/viewer_state.h"

namespace marrow::ui {

// One line for the view: view 0..2 = the MPR views, 3 = the 3D view.
std::string leftDragMode(const ViewerState& s, int view);
// Whether a left drag in the 3D view cuts (scissors selected and turned on there).
bool scissorsCutIn3d(const ViewerState& s);
// Draws the line at the bottom left of rect r, on a dark band so it reads over any image.
void drawViewMode(const ViewerState& s, int view, float x, float y, float w, float h);

}  // namespace marrow::ui
