#include <algorithm>

#include <imgui.h>

#include "ui/panels.h"

namespace marrow::ui {

namespace {

// Histogram of HU with the current window drawn over it (teaching aid: what the grey
// ramp covers) and, while the threshold preview is on, its HU range in the preview's tint.
void histogram(const ViewerState& s) {
    if (s.histogram.empty()) return;
    std::vector<float> logCounts(s.histogram.size());
    for (size_t n = 0; n < logCounts.size(); ++n) logCounts[n] = s.histogram[n] > 0 ? float(std::log10(1 + s.histogram[n])) : 0;
    const float width = ImGui::GetContentRegionAvail().x;
    const std::string caption = s.valueUnit + " -1024..3071 (log)";
    ImGui::PlotHistogram("##hist", logCounts.data(), int(logCounts.size()), 0, caption.c_str(), 0.0f,
                         FLT_MAX, {width, 60});
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    auto xOf = [&](double hu) { return lo.x + float((hu + 1024) / 4100.0) * (hi.x - lo.x); };
    const float a = std::clamp(xOf(s.wl.level - s.wl.window / 2), lo.x, hi.x);
    const float b = std::clamp(xOf(s.wl.level + s.wl.window / 2), lo.x, hi.x);
    ImGui::GetWindowDrawList()->AddRectFilled({a, lo.y}, {std::max(b, a + 1), hi.y}, IM_COL32(255, 255, 255, 50));
    if (s.preview.active) {
        const auto& c = s.preview.color;
        const float t0 = std::clamp(xOf(s.preview.lo), lo.x, hi.x), t1 = std::clamp(xOf(s.preview.hi), lo.x, hi.x);
        const ImU32 fill = ImGui::ColorConvertFloat4ToU32({c.r, c.g, c.b, 0.3f}), edge = ImGui::ColorConvertFloat4ToU32({c.r, c.g, c.b, 1});
        ImGui::GetWindowDrawList()->AddRectFilled({t0, lo.y}, {std::max(t1, t0 + 1), hi.y}, fill);
        ImGui::GetWindowDrawList()->AddLine({t0, lo.y}, {t0, hi.y}, edge, 2);
        ImGui::GetWindowDrawList()->AddLine({t1, lo.y}, {t1, hi.y}, edge, 2);
    }
}

}  // namespace

void windowSection(ViewerState& s) {
    const std::string header = "Window / level (" + s.valueUnit + ")###window";
    if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    int n = 0;
    for (const auto& p : render::windowPresets()) {
        if (n++ % 4) ImGui::SameLine();
        if (ImGui::RadioButton(p.label, s.windowPreset == p.key)) s.selectWindowPreset(p.key);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("W %.0f / L %.0f: %s", p.wl.window, p.wl.level, p.meaning);
    }
    float w = float(s.wl.window), l = float(s.wl.level);
    if (ImGui::DragFloat("window", &w, 2.0f, 1.0f, 8000.0f, "%.0f")) {
        s.wl.window = std::max(1.0f, w);
        s.windowPreset.clear();
    }
    if (ImGui::DragFloat("level", &l, 1.0f, -2000.0f, 4000.0f, "%.0f")) {
        s.wl.level = l;
        s.windowPreset.clear();
    }
    histogram(s);
    if (ImGui::Checkbox("interpolate (trilinear)", &s.linear)) s.filterDirty = true;
}

}  // namespace marrow::ui
