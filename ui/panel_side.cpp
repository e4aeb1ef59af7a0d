#include <algorithm>

#include <imgui.h>

#include "ui/hint_text.h"
#include "ui/panels.h"

namespace marrow::ui {

namespace {
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
}

void sidePanel(ViewerState& s, const Rect& r, const std::vector<std::string>& recent, PanelRequests& out) {
    ImGui::SetNextWindowPos({r.x, r.y});
    ImGui::SetNextWindowSize({r.w, r.h});
    ImGui::Begin("Marrow", nullptr, kFixed);
    if (s.busy()) {  // the running job: what, how far, and a way out
        ImGui::TextUnformatted(s.job.name().c_str());
        const std::string stage = s.job.stage();
        ImGui::ProgressBar(float(s.job.fraction()), {-1, 0}, stage.empty() ? nullptr : stage.c_str());
        ImGui::BeginDisabled(s.job.cancelling());
        if (ImGui::Button("Cancel")) s.job.cancel();
        ImGui::EndDisabled();
        ImGui::Separator();
    }
    messageArea(s);
    dataSection(s, recent, out);
    if (ImGui::CollapsingHeader("Layout", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (int n = 0; n < 5; ++n) {
            if (n % 3) ImGui::SameLine();
            if (ImGui::RadioButton(layoutName(Layout(n)), s.layout == Layout(n))) s.layout = Layout(n);
        }
        hintText("press M (or double-click, navigating) to maximise a view");
        if (ImGui::Button("Reset views (R)")) s.resetViews();
        ImGui::SameLine();
        if (ImGui::Button("Screenshot")) out.screenshot = true;
        ImGui::SameLine();
        latencyCheckbox();
    }
    windowSection(s);
    volumeSection(s);
    // The running job owns the label map, its segment table and the history until it ends:
    // these sections read them (segment names, counts, the undo list) and a job that adds,
    // merges or splits segments reallocates that table under them (the split's Apply once
    // crashed the window here). While a job runs, their space is kept (no scroll jump) and
    // a line says why they are gone.
    static float toolsHeight = 0;  // UI thread only
    if (!s.busy()) {
        const float top = ImGui::GetCursorPosY();
        toolsSection(s);
        clickToolsSection(s);
        splitSection(s);
        boneModelSection(s);
        thresholdSection(s);
        smoothingSection(s);
        segmentsSection(s);
        statisticsSection(s);
        historySection(s);
        toolsHeight = ImGui::GetCursorPosY() - top;
    } else {
        const float top = ImGui::GetCursorPosY();
        hintText("The editing tools return when '%s' ends.", s.job.name().c_str());
        ImGui::Dummy({1.0f, std::max(0.0f, toolsHeight - (ImGui::GetCursorPosY() - top))});
    }
    ImGui::End();
    latencyWindow();
}

void statusBar(const ViewerState& s, const Rect& r) {
    ImGui::SetNextWindowPos({r.x, r.y});
    ImGui::SetNextWindowSize({r.w, r.h});
    ImGui::Begin("##status", nullptr, kFixed | ImGuiWindowFlags_NoScrollbar);
    const CursorReadout& c = s.cursor;
    if (c.valid)
        ImGui::Text("LPS %.1f, %.1f, %.1f mm   voxel %lld, %lld, %lld   value %.0f %s", c.patientMm.x,
                    c.patientMm.y, c.patientMm.z, (long long)c.voxel[0], (long long)c.voxel[1],
                    (long long)c.voxel[2], c.value, s.valueUnit == "value" ? "" : s.valueUnit.c_str());
    else
        ImGui::Text("crosshair LPS %.1f, %.1f, %.1f mm   W %.0f L %.0f", s.crosshair.x, s.crosshair.y,
                    s.crosshair.z, s.wl.window, s.wl.level);
    ImGui::End();
}

}  // namespace marrow::ui
