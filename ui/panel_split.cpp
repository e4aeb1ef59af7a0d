// "Split segment" section: split the selected segment along its narrow necks (touching
// bones) from markers clicked in the views or automatic ones; Preview, names, Apply. The
// actions are in ui/split_actions.cpp.
#include <imgui.h>

#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/split_tools.h"
#include "ui/test_probe.h"
#include "ui/viewer_state.h"

namespace marrow::ui {

void splitSection(ViewerState& s) {
    if (!s.doc) return;
    const bool open = ImGui::CollapsingHeader("Split segment");
    probeItem("split.header");
    if (!open) return;
    SplitToolState& t = s.edit.split;
    const Segment* seg = s.doc->labels().segment(s.edit.segment);
    hintText("segment: %s (Ctrl+click a view to pick)", seg ? seg->name.c_str() : "none");
    if (ImGui::Checkbox("Auto markers", &t.automatic)) t.preview.reset();
    probeItem("split.auto");
    if (t.automatic) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(120);
        if (ImGui::SliderFloat("min. size (mm)", &t.minSizeMm, 2.0f, 60.0f, "%.0f")) t.preview.reset();
        hintText("one part per distance maximum holding a ball this wide");
    } else {
        const bool clicking = s.edit.tool == Tool::SplitMarker;
        if (ImGui::RadioButton("Click markers in a view", clicking)) s.edit.tool = clicking ? Tool::Navigate : Tool::SplitMarker;
        probeItem("split.click_markers");
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) t.clear();
        probeItem("split.clear");
        hintText(clicking ? "click mode: each click on the segment adds a marker (one per part)"
                                     : "one marker per part; the first keeps the segment");
    }
    // Names: one per marker (automatic: per part of the preview, largest first).
    const size_t parts = t.automatic ? (splitPreviewCurrent(s) ? t.preview->partVoxels.size() : 0) : t.markers.size();
    if (t.names.size() < parts) t.names.resize(parts, std::array<char, 64>{});
    for (size_t n = 0; n < parts; ++n) {
        ImGui::PushID(int(n));
        ImGui::SetNextItemWidth(140);
        ImGui::InputTextWithHint("##name", n == 0 && seg ? seg->name.c_str() : "new segment name", t.names[n].data(),
                                 t.names[n].size());
        if (!t.automatic && n < t.markers.size()) {
            ImGui::SameLine();
            hintText("%.1f, %.1f, %.1f", t.markers[n].x, t.markers[n].y, t.markers[n].z);
        }
        if (splitPreviewCurrent(s) && n < t.preview->partVoxels.size()) {
            ImGui::SameLine();
            ImGui::Text("%zu vx", t.preview->partVoxels[n]);
        }
        ImGui::PopID();
    }
    if (ImGui::Button("Preview")) previewSplit(s);
    probeItem("split.preview");
    ImGui::SameLine();
    if (ImGui::Button("Apply")) applySplit(s);
    probeItem("split.apply");
}

}  // namespace marrow::ui
