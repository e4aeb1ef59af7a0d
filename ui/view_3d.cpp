#include <cmath>

#include <imgui.h>

#include "ui/test_probe.h"
#include "ui/view_mode.h"
#include "ui/views.h"

namespace marrow::ui {

void volumeView(ViewerState& s, const Rect& r) {
    if (s.volume().empty() || r.w < 1 || r.h < 1) return;
    if (s.edit.tool == Tool::Scissors) {
        // Submitted before the view's own button, so it takes the click where it lies.
        ImGui::SetCursorScreenPos({r.x + r.w - 130, r.y + 4});
        ImGui::Checkbox("Cut in 3D", &s.edit.click.cutIn3d);
        probeItem("view3d.cut_in_3d");
    }
    ImGui::SetCursorScreenPos({r.x, r.y});
    ImGui::InvisibleButton("view3d", {r.w, r.h},
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                               ImGuiButtonFlags_MouseButtonMiddle);
    const ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    s.orbiting = active;
    if (hovered) {
        if (io.MouseWheel != 0) {
            s.camera.zoom(float(std::pow(1.1, io.MouseWheel)));
            s.view3dDirty = true;
        }
        // Only in navigate mode: with an editing tool the left button paints, cuts or picks.
        if (s.doubleClicked && s.edit.tool == Tool::Navigate)  // M and R: viewShortcuts
            s.layout = s.layout == Layout::Quad ? Layout::ThreeD : Layout::Quad;
    }
    const bool lasso = clickTools3d(s, r, hovered, active);  // scissors along the view rays
    if (active && !lasso && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
        const bool pan = ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                         (io.KeyShift && ImGui::IsMouseDown(ImGuiMouseButton_Left));
        if (pan)
            s.camera.pan(io.MouseDelta.x, io.MouseDelta.y, int(r.h));
        else if (ImGui::IsMouseDown(ImGuiMouseButton_Left))
            s.camera.orbit(-0.4f * io.MouseDelta.x, 0.4f * io.MouseDelta.y);
        else if (ImGui::IsMouseDown(ImGuiMouseButton_Right))
            s.camera.zoom(std::pow(1.01f, -io.MouseDelta.y));
        s.view3dDirty = true;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const render::VolumePreset* p = render::findVolumePreset(s.volumePreset);
    dl->AddText({r.x + 6, r.y + 4}, IM_COL32(200, 200, 255, 255), p ? p->label : "3D");
    dl->AddRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, IM_COL32(70, 70, 70, 255));
    drawViewMode(s, 3, r.x, r.y, r.w, r.h);
}

}  // namespace marrow::ui
