// Smoothing and islands of the selected segment: closing, opening, dilate, erode, median
// (kernel radius in mm), fill holes per slice or 3D; keep the largest island, remove small
// islands, split islands into segments (6- or 26-connected). Each button is one undo step.
#include <imgui.h>

#include <cctype>

#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/test_probe.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

namespace {

void smoothingButton(ViewerState& s, const char* label, tools::SmoothingOperation op, const char* tip) {
    if (ImGui::Button(label)) applySmoothing(s, op);
    std::string id = std::string("smoothing.") + label;  // a probe id without spaces
    for (char& c : id) c = c == ' ' ? '_' : char(std::tolower(static_cast<unsigned char>(c)));
    probeItem(id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
}

}  // namespace

void smoothingSection(ViewerState& s) {
    if (!s.doc) return;
    const bool open = ImGui::CollapsingHeader("Smoothing and islands");
    probeItem("smoothing.header");  // the latency bench opens it
    if (!open) return;
    const Segment* seg = s.doc->labels().segment(s.edit.segment);
    hintText("on segment: %s", seg ? seg->name.c_str() : "(select one in Segments)");
    SmoothingPanel& p = s.tools.smoothing;
    ImGui::SliderFloat("kernel radius (mm)", &p.radiusMm, 0.1f, 10.0f, "%.1f", ImGuiSliderFlags_Logarithmic);
    using Op = tools::SmoothingOperation;
    smoothingButton(s, "Closing", Op::Closing, "dilate then erode: fills gaps and dents narrower than the kernel");
    ImGui::SameLine();
    smoothingButton(s, "Opening", Op::Opening, "erode then dilate: removes specks and bridges thinner than the kernel");
    ImGui::SameLine();
    smoothingButton(s, "Median", Op::Median, "majority vote in the kernel: smooths the surface, keeps the volume");
    smoothingButton(s, "Dilate", Op::Dilate, "grow by the kernel radius");
    ImGui::SameLine();
    smoothingButton(s, "Erode", Op::Erode, "shrink by the kernel radius");
    const char* axes[] = {"slices normal to i", "slices normal to j", "slices normal to k (axial)"};
    ImGui::Combo("hole slices", &p.sliceAxis, axes, 3);
    smoothingButton(s, "Fill holes per slice", Op::FillHoles2D, "fill regions enclosed by the segment on each slice");
    ImGui::SameLine();
    smoothingButton(s, "Fill 3D cavities", Op::FillHoles3D, "fill cavities enclosed in 3D (solid bones for printing)");

    ImGui::Separator();
    IslandsPanel& i = s.tools.islands;
    int conn = i.connectivity26 ? 1 : 0;
    ImGui::RadioButton("6-connected", &conn, 0);
    ImGui::SameLine();
    ImGui::RadioButton("26-connected", &conn, 1);
    i.connectivity26 = conn == 1;
    using Isl = tools::IslandOperation;
    if (ImGui::Button("Keep largest island")) applyIslands(s, Isl::KeepLargest);
    probeItem("islands.keep_largest");
    ImGui::SameLine();
    if (ImGui::Button("Split into segments")) applyIslands(s, Isl::SplitIntoSegments);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the largest island stays; every other becomes a new segment");
    ImGui::DragFloat("min island (mm^3)", &i.minVolumeMm3, 10.0f, 0.0f, 1e7f, "%.0f");
    if (ImGui::Button("Remove smaller islands")) applyIslands(s, Isl::RemoveSmall);
    probeItem("islands.remove_small");
}

}  // namespace marrow::ui
