#include <cmath>

#include <imgui.h>

#include "ui/views.h"

namespace marrow::ui {

// M and R act on the view under the mouse. They come from the app's GLFW key queue, not
// ImGui::IsKeyPressed, which misses a press and release within one frame (KeyPress).
void viewShortcuts(ViewerState& s, const std::vector<KeyPress>& keys) {
    if (ImGui::GetIO().WantTextInput) return;
    const ImVec2 m = ImGui::GetIO().MousePos;
    int view = -1;  // 0..2 MPR (ViewAxis), 3 the 3D view
    for (int v = 0; v < 4; ++v) {
        const Rect& r = s.viewRects[v];
        if (r.w > 0 && m.x >= r.x && m.x < r.x + r.w && m.y >= r.y && m.y < r.y + r.h) view = v;
    }
    if (view < 0) return;
    for (const KeyPress& k : keys) {  // GLFW key codes: the ASCII capitals
        if (k.ctrl) continue;
        if (k.key == 'M')
            s.layout = s.layout != Layout::Quad ? Layout::Quad : view == 3 ? Layout::ThreeD : Layout(view + 1);
        else if (k.key == 'R')
            s.resetViews();
    }
}

bool DoubleClickDetector::feed(const std::vector<ClickPress>& presses) {
    bool completed = false;
    for (const ClickPress& p : presses) {
        const bool near = std::abs(p.x - previous_.x) <= kPixels && std::abs(p.y - previous_.y) <= kPixels;
        if (havePrevious_ && p.time - previous_.time <= kSeconds && near) {
            completed = true;
            havePrevious_ = false;  // the next press starts a new pair
        } else {
            previous_ = p;
            havePrevious_ = true;
        }
    }
    return completed;
}

}  // namespace marrow::ui
