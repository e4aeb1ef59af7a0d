// Segments section: the segment list (colour, visible, locked, select), add, save labels,
// export one STL per visible segment.
#include <imgui.h>

#include <cstdio>

#include "ui/test_probe.h"
#include "ui/edit_actions.h"
#include "ui/panels.h"

namespace marrow::ui {
namespace {

void segmentRow(ViewerState& s, const Segment& seg) {
    ImGui::PushID(seg.id);
    const ImVec4 c(seg.color.r / 255.0f, seg.color.g / 255.0f, seg.color.b / 255.0f, 1.0f);
    ImGui::ColorButton("##colour", c, ImGuiColorEditFlags_NoTooltip, {14, 14});
    ImGui::SameLine();
    bool visible = seg.visible;
    if (ImGui::Checkbox("##visible", &visible)) s.doc->labels().setSegmentVisible(seg.id, visible);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("visible");
    ImGui::SameLine();
    bool locked = seg.locked;
    // A lock change is an undoable step of the editor, like any other edit.
    if (ImGui::Checkbox("##locked", &locked)) s.doc->editor().setSegmentLocked(seg.id, locked);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("locked: never painted over or erased");
    ImGui::SameLine();
    const std::string text = std::to_string(seg.id) + "  " + seg.name;
    if (ImGui::Selectable(text.c_str(), s.edit.segment == seg.id)) s.edit.segment = seg.id;
    ImGui::PopID();
}

void textField(const char* label, std::string& value) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    if (ImGui::InputText(label, buf, sizeof buf)) value = buf;
}

}  // namespace

void segmentsSection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("Segments", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::SliderFloat("opacity", &s.overlay.opacity, 0.0f, 1.0f);
    ImGui::Checkbox("outline", &s.overlay.outline);
    ImGui::TextDisabled("colour  visible  locked  name");
    ImGui::BeginChild("##segments", {0, 140}, true);
    for (const Segment& seg : s.doc->labels().segments()) segmentRow(s, seg);
    ImGui::EndChild();
    if (ImGui::Button("Add segment")) {
        try {
            const Label next = s.doc->labels().nextFreeId();
            s.edit.segment = s.doc->editor().addSegment("Segment " + std::to_string(next));
        } catch (const std::exception& e) {
            s.message = e.what();
        }
    }
    textField("##savepath", s.edit.savePath);
    ImGui::SameLine();
    if (ImGui::Button("Save labels (Ctrl+S)")) saveLabels(s);
    textField("##stldir", s.edit.exportDir);
    ImGui::SameLine();
    const bool exportClicked = ImGui::Button("Export STL");
    probeItem("export-stl");
    if (exportClicked) {
        try {
            s.edit.exportReport = exportSegmentsStl(*s.doc, s.edit.exportDir, sourceStem(s.source));
        } catch (const std::exception& e) {
            s.edit.exportReport = {e.what()};
        }
    }
    for (const auto& line : s.edit.exportReport) ImGui::TextWrapped("%s", line.c_str());
}

}  // namespace marrow::ui
