// Mouse input of the click/outline tools in the views. A left press starts an outline
// (scissors, slice marking) or acts at once (island, grow; Ctrl+click picks a segment);
// while the button is held the outline grows by the points under the mouse (LPS mm on the
// view plane, or NDC in the 3D view) and is drawn as an ImGui polyline; the release hands
// the closed polygon to the plain actions of ui/click_actions.cpp.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "seg/tools/tool_common.h"
#include "ui/click_tools.h"
#include "ui/view_mode.h"
#include "ui/split_tools.h"
#include "ui/viewer_state.h"

namespace marrow::ui {
namespace {

constexpr ImU32 kOutlineColor = IM_COL32(255, 230, 60, 255);
constexpr float kMinStepPx = 2;  // freehand: skip points closer than this to the last one
constexpr float kClickSlopPx = 3;  // 3D view: a press that moves further is an orbit drag, not a click

bool drawsOutline(Tool t) { return t == Tool::Scissors || t == Tool::SliceMark; }
bool clickTool(Tool t) { return t == Tool::Island || t == Tool::Grow || t == Tool::SplitMarker; }

// The 4 corners of the rectangle spanned by screen points a and b, in order.
std::array<std::array<double, 2>, 4> rectangleCorners(std::array<double, 2> a, std::array<double, 2> b) {
    return {{{a[0], a[1]}, {b[0], a[1]}, {b[0], b[1]}, {a[0], b[1]}}};
}

std::string hint(const ViewerState& s) {
    const ClickToolsState& c = s.edit.click;
    char text[96];
    switch (s.edit.tool) {
        case Tool::Scissors:
            return std::string(c.scissorsMode == tools::ScissorsMode::EraseInside    ? "cut: erase inside"
                               : c.scissorsMode == tools::ScissorsMode::EraseOutside ? "cut: erase outside"
                                                                                     : "cut: fill inside") +
                   (c.scissorsRectangle ? " (rectangle)" : "");
        case Tool::Island: return "click an island to keep";
        case Tool::Grow:
            std::snprintf(text, sizeof text, "grow %.0f..%.0f HU", c.growLo, c.growHi);
            return text;
        case Tool::SliceMark: return c.contourErase || ImGui::GetIO().KeyShift ? "contour: erase" : "contour: fill";
        case Tool::SplitMarker:
            std::snprintf(text, sizeof text, "split: click marker %zu on the segment", s.edit.split.markers.size() + 1);
            return text;
        default: return {};
    }
}

void drawHint(const ViewerState& s, const Rect& r) {
    const std::string text = hint(s);
    if (text.empty()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 m = ImGui::GetIO().MousePos;
    dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
    dl->AddLine({m.x - 6, m.y}, {m.x + 6, m.y}, kOutlineColor);  // a small cross at the hot spot
    dl->AddLine({m.x, m.y - 6}, {m.x, m.y + 6}, kOutlineColor);
    dl->AddText({m.x + 10, m.y + 8}, kOutlineColor, text.c_str());
    dl->PopClipRect();
}

void drawPolyline(const Rect& r, const std::vector<ImVec2>& points) {
    if (points.size() < 2) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
    dl->AddPolyline(points.data(), int(points.size()), kOutlineColor, ImDrawFlags_Closed, 1.5f);
    dl->PopClipRect();
}

// The split markers clicked so far, numbered, where they project in this view; and with a
// current preview, the cut: the voxels of this slice whose in-plane neighbour is another part.
void drawSplitOverlay(const ViewerState& s, render::ViewAxis axis, const Rect& r, const render::SliceViewport& vp) {
    const SplitToolState& t = s.edit.split;
    const bool preview = splitPreviewCurrent(s);
    if (t.markers.empty() && !preview) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
    for (size_t n = 0; n < t.markers.size(); ++n) {
        const auto px = render::patientToScreen(axis, vp, t.markers[n]);
        const ImVec2 c{r.x + float(px[0]), r.y + float(px[1])};
        dl->AddCircle(c, 5, kOutlineColor, 12, 2);
        dl->AddText({c.x + 7, c.y - 7}, kOutlineColor, std::to_string(n + 1).c_str());
    }
    if (preview) {
        const tools::SplitPlan& plan = *t.preview;
        const ImageGeometry& g = s.doc->labels().geometry();
        const int w = viewIndexAxis(g, axis);
        const auto [u, v] = tools::inPlaneAxes(w);
        Index3 p{};
        p[size_t(w)] = g.patientToNearestVoxel(s.crosshair)[size_t(w)];
        const float half = 0.5f * float(vp.pixelsPerMm * std::min(g.spacing()[u], g.spacing()[v])) + 0.5f;
        for (p[size_t(v)] = plan.box.lo[v]; p[size_t(v)] < plan.box.hi[v]; ++p[size_t(v)])
            for (p[size_t(u)] = plan.box.lo[u]; p[size_t(u)] < plan.box.hi[u]; ++p[size_t(u)]) {
                const uint16_t part = plan.partAt(p[0], p[1], p[2]);
                if (!part) continue;
                bool cut = false;
                for (const auto& [a, d] : {std::pair{u, 1}, {u, -1}, {v, 1}, {v, -1}}) {
                    Index3 q = p;
                    q[size_t(a)] += d;
                    const uint16_t other = plan.partAt(q[0], q[1], q[2]);
                    cut = cut || (other && other != part);
                }
                if (!cut) continue;
                const auto px = render::patientToScreen(axis, vp, g.indexToPatient({double(p[0]), double(p[1]), double(p[2])}));
                const ImVec2 c{r.x + float(px[0]), r.y + float(px[1])};
                dl->AddRectFilled({c.x - half, c.y - half}, {c.x + half, c.y + half}, IM_COL32(255, 60, 200, 200));
            }
    }
    dl->PopClipRect();
}

}  // namespace

bool clickToolsMpr(ViewerState& s, render::ViewAxis axis, const Rect& r, const render::SliceViewport& vp,
                   bool hovered, bool active) {
    const ImGuiIO& io = ImGui::GetIO();
    ClickToolsState& c = s.edit.click;
    const int a = int(axis);
    const Tool tool = s.edit.tool;
    const bool leftDown = ImGui::IsMouseDown(ImGuiMouseButton_Left);
    const bool pressed = ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    const double mx = io.MousePos.x - r.x, my = io.MousePos.y - r.y;
    const Vec3 p = render::screenToPatient(axis, vp, s.crosshair, mx, my);
    if (s.doc) drawSplitOverlay(s, axis, r, vp);

    if (c.outlineView == a) {  // an outline in progress in this view
        if (!drawsOutline(tool)) {
            c.outlineView = -1;
            c.outline.clear();
            return false;
        }
        if (leftDown) {
            if (c.scissorsRectangle && tool == Tool::Scissors) {
                c.outline.resize(1);
                c.outline.push_back(p);
            } else {
                const auto last = render::patientToScreen(axis, vp, c.outline.back());
                if (std::hypot(last[0] - mx, last[1] - my) >= kMinStepPx) c.outline.push_back(p);
            }
        }
        std::vector<Vec3> polygon = c.outline;
        if (c.scissorsRectangle && tool == Tool::Scissors && polygon.size() == 2) {
            polygon.clear();
            const auto corners = rectangleCorners(render::patientToScreen(axis, vp, c.outline[0]),
                                                  render::patientToScreen(axis, vp, c.outline[1]));
            for (const auto& q : corners) polygon.push_back(render::screenToPatient(axis, vp, s.crosshair, q[0], q[1]));
        }
        if (!leftDown) {  // released: cut or fill
            c.outlineView = -1;
            c.outline.clear();
            if (tool == Tool::Scissors) finishLasso(s, axis, polygon);
            else finishContour(s, axis, polygon, c.outlineErase);
            return false;
        }
        std::vector<ImVec2> screen;
        for (const Vec3& q : polygon) {
            const auto px = render::patientToScreen(axis, vp, q);
            screen.push_back({r.x + float(px[0]), r.y + float(px[1])});
        }
        drawPolyline(r, screen);
        return true;
    }
    if (pressed && io.KeyCtrl) {
        pickSegment(s, p);
        return true;
    }
    if (io.KeyCtrl) return active && leftDown;  // a Ctrl+click being held: no crosshair move
    const bool mine = drawsOutline(tool) || clickTool(tool);
    if (!mine || (io.KeyShift && tool != Tool::SliceMark)) return false;  // Shift+drag pans
    if (hovered && !s.busy()) drawHint(s, r);
    if (pressed && !s.busy()) {
        if (tool == Tool::Island) islandClick(s, p);
        else if (tool == Tool::Grow) growClick(s, p);
        else if (tool == Tool::SplitMarker) addSplitMarker(s, p);
        else {
            c.outlineView = a;
            c.outline = {p};
            c.outlineErase = tool == Tool::SliceMark && (io.KeyShift || c.contourErase);
        }
    }
    return active && leftDown;
}

bool clickTools3d(ViewerState& s, const Rect& r, bool hovered, bool active) {
    const ImGuiIO& io = ImGui::GetIO();
    ClickToolsState& c = s.edit.click;
    const bool leftDown = ImGui::IsMouseDown(ImGuiMouseButton_Left);
    const bool pressed = ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    // NDC of the mouse: x right, y up, [-1, 1] over the view.
    const double nx = 2.0 * (io.MousePos.x - r.x) / std::max(r.w, 1.0f) - 1.0;
    const double ny = 1.0 - 2.0 * (io.MousePos.y - r.y) / std::max(r.h, 1.0f);
    auto toScreen = [&](double x, double y) { return ImVec2{r.x + float((x + 1) * 0.5 * r.w), r.y + float((1 - y) * 0.5 * r.h)}; };

    if (c.outlineView == 3) {
        if (!scissorsCutIn3d(s)) {
            c.outlineView = -1;
            c.outline.clear();
            return false;
        }
        if (leftDown) {
            if (c.scissorsRectangle) {
                c.outline.resize(1);
                c.outline.push_back({nx, ny, 0});
            } else {
                const Vec3 last = c.outline.back();
                if (std::hypot((last.x - nx) * r.w, (last.y - ny) * r.h) * 0.5 >= kMinStepPx) c.outline.push_back({nx, ny, 0});
            }
        }
        std::vector<std::array<double, 2>> polygon;
        if (c.scissorsRectangle && c.outline.size() == 2) {
            for (const auto& q : rectangleCorners({c.outline[0].x, c.outline[0].y}, {c.outline[1].x, c.outline[1].y}))
                polygon.push_back(q);
        } else {
            for (const Vec3& q : c.outline) polygon.push_back({q.x, q.y});
        }
        if (!leftDown) {
            c.outlineView = -1;
            c.outline.clear();
            finishLasso3d(s, view3dWorldToClip(s, r), polygon);
            return false;
        }
        std::vector<ImVec2> screen;
        for (const auto& q : polygon) screen.push_back(toScreen(q[0], q[1]));
        drawPolyline(r, screen);
        return true;
    }
    if (clickTool(s.edit.tool) && !io.KeyShift) {  // island/grow: a click picks along its ray, a drag orbits
        if (hovered && !s.busy()) drawHint(s, r);
        if (pressed) c.press3d = std::array<float, 2>{io.MousePos.x, io.MousePos.y};
        if (c.press3d && std::hypot(io.MousePos.x - (*c.press3d)[0], io.MousePos.y - (*c.press3d)[1]) > kClickSlopPx)
            c.press3d.reset();
        if (c.press3d && !leftDown) {  // released (this frame, else the release was missed: no click)
            const bool click = ImGui::IsMouseReleased(ImGuiMouseButton_Left);
            c.press3d.reset();
            if (click) clickAlongRay(s, view3dWorldToClip(s, r), {nx, ny});
        }
        return false;
    }
    c.press3d.reset();
    if (!scissorsCutIn3d(s) || io.KeyShift) return false;
    if (hovered && !s.busy()) drawHint(s, r);
    if (pressed && !s.busy()) {
        c.outlineView = 3;
        c.outline = {{nx, ny, 0}};
    }
    return active && leftDown;
}

std::array<double, 16> view3dWorldToClip(const ViewerState& s, const Rect& r) {
    const glm::mat4 m = s.camera.viewProjection(r.w / std::max(r.h, 1.0f));
    std::array<double, 16> worldToClip{};
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 4; ++col) worldToClip[size_t(row * 4 + col)] = m[col][row];
    return worldToClip;
}

std::string outlineStateLine(const ViewerState& s) {
    const ClickToolsState& c = s.edit.click;
    if (c.outlineView < 0 || c.outline.empty()) return "OUTLINE none";
    const Rect& r = s.viewRects[size_t(c.outlineView)];
    const Vec3& q = c.outline.back();
    std::array<double, 2> px{(q.x + 1) * 0.5 * r.w, (1 - q.y) * 0.5 * r.h};  // 3D view: NDC
    if (c.outlineView < 3) px = render::patientToScreen(render::ViewAxis(c.outlineView), s.slices[size_t(c.outlineView)], q);
    char text[96];
    std::snprintf(text, sizeof text, "OUTLINE %s %zu %.0f %.0f",
                  c.outlineView < 3 ? render::viewName(render::ViewAxis(c.outlineView)) : "3d", c.outline.size(),
                  r.x + px[0], r.y + px[1]);
    return text;
}

}  // namespace marrow::ui
