// Tools section: Navigate / Brush / Eraser, brush radius in mm, 2D disk or 3D sphere, undo/redo.
#include <imgui.h>

#include "ui/hint_text.h"
#include "ui/edit_actions.h"
#include "ui/panels.h"

namespace marrow::ui {

void toolsSection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("Tools", ImGuiTreeNodeFlags_DefaultOpen)) return;
    EditState& e = s.edit;
    const Tool tools[] = {Tool::Navigate, Tool::Brush, Tool::Eraser};
    const char* labels[] = {"Navigate (N)", "Brush (B)", "Eraser (E)"};
    for (int n = 0; n < 3; ++n) {
        if (n) ImGui::SameLine();
        if (ImGui::RadioButton(labels[n], e.tool == tools[n])) e.tool = tools[n];
    }
    ImGui::SliderFloat("radius (mm)", &e.radiusMm, kBrushRadiusMm[0], kBrushRadiusMm[1], "%.1f",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("[ and ], or Shift+wheel over a view: -/+ 20%%");
    int shape = e.sphere ? 1 : 0;
    ImGui::RadioButton("2D disk", &shape, 0);
    ImGui::SameLine();
    ImGui::RadioButton("3D sphere", &shape, 1);
    e.sphere = shape == 1;
    const History& h = s.doc->history();
    ImGui::BeginDisabled(!h.canUndo());
    if (ImGui::Button("Undo (Ctrl+Z)")) undoEdit(s);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!h.canRedo());
    if (ImGui::Button("Redo (Ctrl+Y)")) redoEdit(s);
    ImGui::EndDisabled();
    hintText("left-drag paints; Shift+drag pans");
}

}  // namespace marrow::ui
