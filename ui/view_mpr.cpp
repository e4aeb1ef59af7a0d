#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "ui/edit_actions.h"
#include "ui/view_mode.h"
#include "ui/views.h"

namespace marrow::ui {
namespace {

using render::ViewAxis;

Layout layoutOf(ViewAxis axis) { return Layout(int(axis) + 1); }

ImU32 axisColor(ViewAxis axis) {
    switch (axis) {
        case ViewAxis::Axial: return IM_COL32(230, 80, 80, 255);
        case ViewAxis::Coronal: return IM_COL32(80, 200, 80, 255);
        default: return IM_COL32(230, 210, 60, 255);
    }
}

void drawDecorations(const ViewerState& s, ViewAxis axis, const Rect& r, const render::SliceViewport& vp) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
    // Crosshair: the other two planes' traces, coloured as those views.
    const auto c = render::patientToScreen(axis, vp, s.crosshair);
    const float cx = r.x + float(c[0]), cy = r.y + float(c[1]);
    const ViewAxis others[3][2] = {{ViewAxis::Sagittal, ViewAxis::Coronal},
                                   {ViewAxis::Sagittal, ViewAxis::Axial},
                                   {ViewAxis::Coronal, ViewAxis::Axial}};
    dl->AddLine({cx, r.y}, {cx, r.y + r.h}, axisColor(others[int(axis)][0]) & IM_COL32(255, 255, 255, 160));
    dl->AddLine({r.x, cy}, {r.x + r.w, cy}, axisColor(others[int(axis)][1]) & IM_COL32(255, 255, 255, 160));
    // Orientation letters at the middle of each edge.
    const auto letters = render::edgeLabels(axis);
    const ImU32 text = IM_COL32(255, 220, 120, 255);
    auto put = [&](char ch, float x, float y) {
        const char str[2] = {ch, 0};
        const ImVec2 sz = ImGui::CalcTextSize(str);
        dl->AddText({x - sz.x * 0.5f, y - sz.y * 0.5f}, text, str);
    };
    put(letters[0], r.x + 10, r.y + r.h * 0.5f);
    put(letters[1], r.x + r.w - 10, r.y + r.h * 0.5f);
    put(letters[2], r.x + r.w * 0.5f, r.y + 10);
    put(letters[3], r.x + r.w * 0.5f, r.y + r.h - 10);
    char label[96];
    const double depth = dot(s.crosshair, render::sliceFrame(axis).normal);
    std::snprintf(label, sizeof label, "%s  %.1f mm", render::viewName(axis), depth);
    dl->AddText({r.x + 6, r.y + 4}, axisColor(axis), label);
    dl->AddRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, IM_COL32(70, 70, 70, 255));
    dl->PopClipRect();
    drawViewMode(s, int(axis), r.x, r.y, r.w, r.h);
}

void updateCursor(ViewerState& s, Vec3 p) {
    const ImageGeometry& g = s.volume().geometry();
    const Index3 v = g.patientToNearestVoxel(p);
    s.cursor.valid = g.contains(v[0], v[1], v[2]);
    s.cursor.patientMm = p;
    s.cursor.voxel = v;
    if (s.cursor.valid) s.cursor.value = s.volume().valueAt(v[0], v[1], v[2]);
}

void stepSlice(ViewerState& s, ViewAxis axis, int steps) {
    const double step = render::sliceStepMm(axis, s.volume().geometry());
    s.crosshair = s.crosshair + render::sliceFrame(axis).normal * (step * steps);
    s.clampCrosshair();
}

}  // namespace

void mprView(ViewerState& s, ViewAxis axis, const Rect& r) {
    const int a = int(axis);
    render::SliceViewport& vp = s.slices[a];
    const int w = std::max(1, int(r.w)), h = std::max(1, int(r.h));
    if (!s.sliceFitted[a] && !s.volume().empty()) {
        vp = render::fitViewport(axis, s.volume().geometry(), w, h);
        s.sliceFitted[a] = true;
    }
    vp.width = w;  // a resize keeps the centre and zoom
    vp.height = h;
    if (s.volume().empty() || r.w < 1 || r.h < 1) return;

    ImGui::SetCursorScreenPos({r.x, r.y});
    ImGui::PushID(a);
    ImGui::InvisibleButton("view", {r.w, r.h},
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                               ImGuiButtonFlags_MouseButtonMiddle);
    ImGui::PopID();
    const ImGuiIO& io = ImGui::GetIO();
    const float mx = io.MousePos.x - r.x, my = io.MousePos.y - r.y;
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    if (hovered || active) updateCursor(s, render::screenToPatient(axis, vp, s.crosshair, mx, my));

    if (hovered) {
        const bool brushing = s.edit.tool == Tool::Brush || s.edit.tool == Tool::Eraser;
        // Shift+wheel resizes the brush (some systems turn it into a horizontal wheel).
        const float wheel = io.MouseWheel != 0 ? io.MouseWheel : io.KeyShift ? io.MouseWheelH : 0.0f;
        if (wheel != 0 && io.KeyShift && brushing) {
            resizeBrush(s.edit, wheel > 0 ? 1 : -1);
        } else if (io.MouseWheel != 0) {
            if (io.KeyCtrl)
                render::zoomAbout(vp, std::pow(1.15, io.MouseWheel), mx, my);
            else
                stepSlice(s, axis, io.MouseWheel > 0 ? 1 : -1);
        }
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) stepSlice(s, axis, 1);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) stepSlice(s, axis, -1);
        // Only in navigate mode: with an editing tool the left button paints, cuts or picks.
        if (s.doubleClicked && s.edit.tool == Tool::Navigate)  // M and R: viewShortcuts
            s.layout = s.layout == Layout::Quad ? layoutOf(axis) : Layout::Quad;
    }
    // Ctrl+click picks a segment (clickToolsMpr), so Ctrl does not start a stroke.
    const bool painting = (s.edit.tool == Tool::Brush || s.edit.tool == Tool::Eraser) && !io.KeyShift &&
                          (!io.KeyCtrl || s.edit.stroke);
    if (painting && (active || (s.edit.stroke && s.edit.strokeView == a))) {
        const Vec3 p = render::screenToPatient(axis, vp, s.crosshair, mx, my);
        brushInput(s, axis, p, ImGui::IsItemActivated() && ImGui::IsMouseDown(ImGuiMouseButton_Left),
                   active && ImGui::IsMouseDown(ImGuiMouseButton_Left));
        if (s.edit.stroke) s.edit.strokeView = a;
    }
    if (painting && hovered) {  // the brush outline: its radius in mm at this view's zoom
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
        dl->AddCircle(io.MousePos, float(s.edit.radiusMm * vp.pixelsPerMm),
                      s.edit.tool == Tool::Eraser ? IM_COL32(255, 255, 255, 220) : IM_COL32(255, 200, 40, 220), 48);
        dl->PopClipRect();
    }
    // Scissors, island, grow, contours, Ctrl+click pick (ui/tool_input.cpp).
    const bool toolOwnsLeft = clickToolsMpr(s, axis, r, vp, hovered, active);
    if (active && !((painting || toolOwnsLeft) && ImGui::IsMouseDown(ImGuiMouseButton_Left))) {
        const bool pan = ImGui::IsMouseDown(ImGuiMouseButton_Middle) ||
                         (io.KeyShift && ImGui::IsMouseDown(ImGuiMouseButton_Left));
        if (pan) {
            vp.centerA -= io.MouseDelta.x / vp.pixelsPerMm;
            vp.centerB -= io.MouseDelta.y / vp.pixelsPerMm;
        } else if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            s.crosshair = render::screenToPatient(axis, vp, s.crosshair, mx, my);
            s.clampCrosshair();
        } else if (ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
            // Window/level by drag: 1 px = 2 HU of window, 1 px = 1 HU of level (down = darker).
            s.wl.window = std::max(1.0, s.wl.window + 2.0 * io.MouseDelta.x);
            s.wl.level += io.MouseDelta.y;
            s.windowPreset.clear();
        }
    }
    drawDecorations(s, axis, r, vp);
}

}  // namespace marrow::ui
