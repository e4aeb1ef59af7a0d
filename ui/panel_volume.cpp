#include <imgui.h>

#include "ui/latency_trace.h"
#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {

void volumeSection(ViewerState& s) {
    if (!ImGui::CollapsingHeader("3D rendering", ImGuiTreeNodeFlags_DefaultOpen)) return;
    int show = int(s.view3d);
    if (ImGui::Combo("show", &show, "volume\0segment surfaces\0both\0")) {
        if (s.view3d == View3dMode::Volume && View3dMode(show) != View3dMode::Volume) latencyTrace().begin("surfaces on");
        s.view3d = View3dMode(show);
        s.view3dDirty = true;
    }
    probeItem("volume.show");
    const render::VolumePreset* current = render::findVolumePreset(s.volumePreset);
    if (ImGui::BeginCombo("preset", current ? current->label : "")) {
        for (const auto& p : render::volumePresets())
            if (ImGui::Selectable(p.label, s.volumePreset == p.key)) s.selectVolumePreset(p.key);
        ImGui::EndCombo();
    }
    if (current) ImGui::TextWrapped("%s", current->meaning);
    float shift = float(s.shiftHu);
    if (ImGui::SliderFloat(s.valueUnit == "HU" ? "shift (HU)###shift" : "shift###shift", &shift, -1000.0f, 1000.0f, "%.0f")) {
        s.shiftHu = shift;
        s.transferDirty = s.view3dDirty = true;
    }
    if (ImGui::TreeNode("opacity curve")) {
        // Interior points only: the ends anchor the curve as in Slicer.
        for (size_t n = 1; n + 1 < s.opacity.size(); ++n) {
            ImGui::PushID(int(n));
            float hu = float(s.opacity[n].hu), a = float(s.opacity[n].alpha);
            ImGui::SetNextItemWidth(110);
            bool changed = ImGui::DragFloat("HU", &hu, 1.0f, -3000.0f, 3000.0f, "%.0f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(110);
            changed |= ImGui::SliderFloat("alpha", &a, 0.0f, 1.0f);
            if (changed) {
                s.opacity[n] = {hu, a};
                s.transferDirty = s.view3dDirty = true;
            }
            ImGui::PopID();
        }
        ImGui::TreePop();
    }
    if (ImGui::Checkbox("skip empty space", &s.skipEmpty)) s.view3dDirty = true;
    if (ImGui::TreeNode("crop box")) {
        const char* names[3] = {"i (columns)", "j (rows)", "k (slices)"};
        for (int a = 0; a < 3; ++a) {
            float range[2] = {s.clipLo[a], s.clipHi[a]};
            if (ImGui::SliderFloat2(names[a], range, 0.0f, 1.0f)) {
                s.clipLo[a] = std::min(range[0], range[1]);
                s.clipHi[a] = std::max(range[0], range[1]);
                s.view3dDirty = true;
            }
        }
        ImGui::TreePop();
    }
}

}  // namespace marrow::ui
