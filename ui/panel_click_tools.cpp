// "Cut, click and contour" section: the scissors, island, grow and slice-marking tools and
// their options; the mouse side is ui/tool_input.cpp, the actions ui/click_actions.cpp.
#include <imgui.h>

#include <string>

#include "ui/hint_text.h"
#include "ui/click_tools.h"
#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {

void clickToolsSection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("Cut, click and contour", ImGuiTreeNodeFlags_DefaultOpen)) return;
    EditState& e = s.edit;
    ClickToolsState& c = e.click;
    const Tool tools[] = {Tool::Scissors, Tool::Island, Tool::Grow, Tool::SliceMark};
    const char* labels[] = {"Scissors (S)", "Island (I)", "Grow (G)", "Contour (C)"};
    for (int n = 0; n < 4; ++n) {
        if (n % 2) ImGui::SameLine(160);
        if (ImGui::RadioButton(labels[n], e.tool == tools[n])) e.tool = tools[n];
    }
    const Segment* seg = s.doc->labels().segment(e.segment);
    hintText("segment: %s (Ctrl+click a view to pick)", seg ? seg->name.c_str() : "none");
    switch (e.tool) {
        case Tool::Scissors: {
            int mode = int(c.scissorsMode);
            ImGui::RadioButton("erase inside", &mode, int(tools::ScissorsMode::EraseInside));
            ImGui::SameLine();
            ImGui::RadioButton("erase outside", &mode, int(tools::ScissorsMode::EraseOutside));
            ImGui::SameLine();
            ImGui::RadioButton("fill", &mode, int(tools::ScissorsMode::FillInside));
            c.scissorsMode = tools::ScissorsMode(mode);
            ImGui::Checkbox("rectangle", &c.scissorsRectangle);
            ImGui::SameLine();
            ImGui::Checkbox("through the whole volume", &c.scissorsThroughVolume);
            hintText("drag an outline; in 3D it cuts along the view rays");
            break;
        }
        case Tool::Island: hintText("click an island: the others of its segment go"); break;
        case Tool::Grow:
            ImGui::Checkbox("Auto range from click", &c.growAutoRange);
            probeItem("grow.auto_range");
            if (c.growAutoRange) {
                ImGui::SameLine();
                ImGui::SetNextItemWidth(100);
                ImGui::SliderFloat("box (mm)", &c.growAutoBoxMm, 10.0f, 120.0f, "%.0f");
                if (c.growAutoLo >= 0) ImGui::Text("chosen range: %.0f..%.0f HU", c.growAutoLo, c.growHi);
                else hintText("the range is chosen from the bone around each click");
            }
            ImGui::DragFloatRange2("HU range", &c.growLo, &c.growHi, 1.0f, -1024.0f, 3071.0f, "%.0f", "%.0f");
            ImGui::SliderFloat("min. diameter (mm)", &c.growMinDiameterMm, 0.0f, 10.0f, "%.1f");
            hintText("click a voxel: its connected region in range joins");
            break;
        case Tool::SliceMark: {
            ImGui::Checkbox("erase (or hold Shift)", &c.contourErase);
            const int axis = c.markAxis;
            std::string marked;
            if (axis >= 0 && seg && !s.busy())  // the job may be writing the history
                for (int k : c.marks.slices(e.segment, axis, s.doc->history())) {
                    marked += ' ';  // not " " + to_string: GCC 12 warns (-Wrestrict) on that
                    marked += std::to_string(k);
                }
            hintText("marked%s:%s", axis < 0 ? "" : axis == 0 ? " (i)" : axis == 1 ? " (j)" : " (k)",
                                marked.empty() ? " none" : marked.c_str());
            if (ImGui::Button("Fill between slices")) fillBetweenMarkedSlices(s);
            probeItem("contour.fill_between");
            break;
        }
        default: break;
    }
}

}  // namespace marrow::ui
