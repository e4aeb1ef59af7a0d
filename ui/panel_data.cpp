#include <imgui.h>

#include <cstdlib>
#include <filesystem>

#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {
namespace fs = std::filesystem;

void dataSection(ViewerState& s, const std::vector<std::string>& recent, PanelRequests& out) {
    if (!ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (ImGui::Button("Open...")) out.showBrowser = true;
    ImGui::SameLine();
    if (ImGui::Button("Phantom")) out.open = "phantom";
    ImGui::SameLine();
    ImGui::BeginDisabled(s.volume().empty());
    if (ImGui::Button("Load labels...")) out.showLabelsBrowser = true;  // or drop one on the window
    ImGui::EndDisabled();
    // A typed or pasted path (folder or file), opened with Enter.
    static char typed[1024] = "";
    if (ImGui::InputTextWithHint("##path", "path, then Enter", typed, sizeof typed,
                                 ImGuiInputTextFlags_EnterReturnsTrue) &&
        typed[0])
        out.open = typed;
    probeItem("path");
    if (!recent.empty() && ImGui::BeginCombo("recent", "", ImGuiComboFlags_NoPreview)) {
        for (const auto& p : recent)
            if (ImGui::Selectable(p.c_str())) out.open = p;
        ImGui::EndCombo();
    }
    if (!s.volume().empty()) {
        const ImageGeometry& g = s.volume().geometry();
        ImGui::TextWrapped("%s", s.source.c_str());
        ImGui::Text("%d x %d x %d %s %s", g.dim(0), g.dim(1), g.dim(2), scalarName(s.volume().type()),
                    s.volume().modality().c_str());
        ImGui::Text("spacing %.3g x %.3g x %.3g mm", g.spacing().x, g.spacing().y, g.spacing().z);
        // Which series of the folder is open, and which label file is on it.
        const auto meta = [&](const char* key) {
            const auto it = s.volume().meta.find(key);
            return it == s.volume().meta.end() ? std::string() : it->second;
        };
        if (!meta("series_uid").empty()) {
            ImGui::TextWrapped("series %s: %s", meta("series_number").c_str(), meta("description").c_str());
            probeItem("data.series");
        }
        if (s.doc && !s.doc->labelsSource().empty()) ImGui::TextWrapped("labels: %s", s.doc->labelsSource().c_str());
        // What the reader warned about (skipped damaged files, missing slices, no PixelSpacing...),
        // in full: the user must see why the data may not be what the files promised.
        ImGui::PushStyleColor(ImGuiCol_Text, {1.0f, 0.75f, 0.3f, 1.0f});
        const std::vector<std::string> warnings = s.volume().loadWarnings();
        for (size_t i = 0; i < warnings.size(); ++i) {
            ImGui::TextWrapped("warning: %s", warnings[i].c_str());
            probeItem("data.warning." + std::to_string(i));
        }
        ImGui::PopStyleColor();
        // A label map found beside the image (and none loaded yet): one click opens it over it.
        if (!s.labelsBeside.empty() && s.doc && s.doc->labelsSource().empty() && !s.busy()) {
            ImGui::TextUnformatted("Labels found beside it:");
            for (const std::string& path : s.labelsBeside) {
                const std::string name = fs::path(path).filename().string();
                if (ImGui::Button(("Load " + name).c_str())) out.openLabels = path;
                probeItem("data.labels_beside." + name);
            }
        }
    } else {
        ImGui::TextUnformatted("No data: open a DICOM folder or a NIfTI file (or drop one here).");
    }
}

}  // namespace marrow::ui
