// The "Latency" window: the last actions' input-to-frame times by stage (ui/latency_trace.h),
// opened by the checkbox beside Screenshot in the Layout section.
#include <imgui.h>

#include "ui/latency_trace.h"
#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {

namespace {
bool g_latencyShown = false;
}

void latencyCheckbox() {
    ImGui::Checkbox("Latency", &g_latencyShown);
    probeItem("latency.show");
}

void latencyWindow() {
    if (!g_latencyShown) return;
    ImGui::SetNextWindowSize({640, 260}, ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Latency (input to frame, ms)", &g_latencyShown)) return ImGui::End();
    const auto records = latencyTrace().records();
    if (records.empty()) ImGui::TextDisabled("no action traced yet");
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
    if (!records.empty() && ImGui::BeginTable("latency", 2 + kLatencyStages, kFlags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("action");
        ImGui::TableSetupColumn("total");
        for (int st = 0; st < kLatencyStages; ++st) ImGui::TableSetupColumn(latencyStageName(LatencyStage(st)));
        ImGui::TableHeadersRow();
        for (auto it = records.rbegin(); it != records.rend(); ++it) {  // newest first
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(it->action.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.0f", it->totalMs);
            for (int st = 0; st < kLatencyStages; ++st) {
                ImGui::TableNextColumn();
                ImGui::Text("%.0f", it->stageMs[size_t(st)]);
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace marrow::ui
