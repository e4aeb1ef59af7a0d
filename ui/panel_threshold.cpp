// Threshold section: preset, HU range (sliders and fields), live preview in every MPR view,
// optional crop box, Apply into the selected segment; and Remove table.
#include <imgui.h>

#include "seg/tools/threshold.h"
#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/test_probe.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

void thresholdSection(ViewerState& s) {
    collectToolResults(s);  // every frame, open or not: a finished remove-table job's body
    syncThresholdPreview(s);
    if (!s.doc || !ImGui::CollapsingHeader("Threshold", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ThresholdPanel& t = s.tools.threshold;
    const auto presets = tools::thresholdPresets();
    const char* current = size_t(t.preset) < presets.size() ? presets[size_t(t.preset)].name : "";
    if (ImGui::BeginCombo("preset", current)) {
        for (size_t n = 0; n < presets.size(); ++n) {
            char label[96];
            std::snprintf(label, sizeof label, "%s (%.0f..%.0f HU)", presets[n].name, presets[n].lo, presets[n].hi);
            if (ImGui::Selectable(label, int(n) == t.preset)) selectThresholdPreset(s, int(n));
        }
        ImGui::EndCombo();
    }
    probeItem("threshold.preset");
    // Sliders over the CT range, fields for exact values beyond it.
    ImGui::SliderFloat(("lo (" + s.valueUnit + ")###lo").c_str(), &t.lo, -1024.0f, 3071.0f, "%.0f");
    ImGui::SliderFloat(("hi (" + s.valueUnit + ")###hi").c_str(), &t.hi, -1024.0f, 3071.0f, "%.0f");
    float range[2] = {t.lo, t.hi};
    if (ImGui::InputFloat2("lo, hi", range, "%.0f")) t.lo = range[0], t.hi = range[1];
    ImGui::SameLine();
    if (ImGui::SmallButton("auto")) selectAutoBoneThreshold(s);
    probeItem("threshold.auto");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("bone threshold from this scan's histogram (lo; hi 3071)");
    ImGui::Checkbox("preview", &t.preview);
    probeItem("threshold.preview");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("tint the voxels in [lo, hi] in every slice view (nothing is written)");
    ImGui::SameLine();
    ImGui::Checkbox("inside crop box", &t.insideCropBox);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("only inside the 3D view's crop box (3D view section)");
    syncThresholdPreview(s);
    if (ImGui::Button("Apply threshold")) applyThreshold(s);
    probeItem("threshold.apply");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("voxels in [lo, hi] join the selected segment (a new one named after the preset if none)");
    ImGui::SameLine();
    if (ImGui::Button("Remove table")) removeTableAction(s);
    probeItem("threshold.remove_table");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Finds the body (the connected soft tissue and bone, holes filled, not the flat scan table),\n"
                          "erases labels outside it, keeps later thresholds and smoothing inside it,\n"
                          "and closes the 3D crop box around it so the table disappears from the 3D view.");
    if (bodyArea(s)) {
        hintText("edits stay inside the body (%.0f mL)", s.tools.bodyMl);
        ImGui::SameLine();
        if (ImGui::SmallButton("edit everywhere")) clearBodyArea(s);
    }
}

}  // namespace marrow::ui
