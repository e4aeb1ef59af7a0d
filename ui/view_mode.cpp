#include "ui/view_mode.h"

#include <imgui.h>

namespace marrow::ui {

bool scissorsCutIn3d(const ViewerState& s) { return s.edit.tool == Tool::Scissors && s.edit.click.cutIn3d; }

std::string leftDragMode(const ViewerState& s, int view) {
    const Tool t = s.edit.tool;
    if (view == 3) {
        switch (t) {
            case Tool::Scissors:
                return scissorsCutIn3d(s) ? "Left drag: CUT through the volume (Shift+drag: orbit)"
                                          : "Left drag: orbit (scissors cut in the slice views; turn on Cut in 3D to cut here)";
            case Tool::Island: return "Click: keep island  |  drag: orbit";
            case Tool::Grow: return "Click: grow region  |  drag: orbit";
            default: return "Left drag: orbit  |  Shift+drag: pan  |  wheel: zoom";
        }
    }
    switch (t) {
        case Tool::Brush: return "Left drag: paint  |  Shift+drag: pan  |  Ctrl+click: pick segment";
        case Tool::Eraser: return "Left drag: erase  |  Shift+drag: pan  |  Ctrl+click: pick segment";
        case Tool::Scissors: return "Left drag: CUT  |  Shift+drag: pan";
        case Tool::Island: return "Click: keep island  |  Ctrl+click: pick segment";
        case Tool::Grow: return "Click: grow region  |  Ctrl+click: pick segment";
        case Tool::SliceMark: return "Left drag: draw contour  |  Shift+drag: erase contour";
        case Tool::SplitMarker: return "Click: place split marker  |  Ctrl+click: pick segment";
        case Tool::Navigate: break;
    }
    return "Left drag: move crosshair  |  right drag: window/level";
}

void drawViewMode(const ViewerState& s, int view, float x, float y, float w, float h) {
    const std::string text = leftDragMode(s, view);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float pad = 3, bottom = y + h - 4;
    const ImVec2 lo{x + 4, bottom - size.y - 2 * pad};
    // A tool that changes labels in this view is shown in amber, navigation in grey.
    const bool edits = text.rfind("Left drag: orbit", 0) != 0 && text.rfind("Left drag: move", 0) != 0;
    dl->PushClipRect({x, y}, {x + w, y + h}, true);
    dl->AddRectFilled(lo, {lo.x + size.x + 2 * pad, bottom}, IM_COL32(0, 0, 0, 170), 3);
    dl->AddText({lo.x + pad, lo.y + pad}, edits ? IM_COL32(255, 200, 60, 255) : IM_COL32(200, 200, 200, 255), text.c_str());
    dl->PopClipRect();
}

}  // namespace marrow::ui
