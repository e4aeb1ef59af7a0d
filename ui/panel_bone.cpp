// Guided "bone model" panel: the bone sequence as numbered steps, each a button that runs
// its stage (runBoneStep) and then shows a checkmark and the bone segment's voxel count.
#include <imgui.h>

#include <cstdio>

#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/test_probe.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

namespace {

// The step's button, its result after it ran, and a probe for the tests.
void stepButton(ViewerState& s, int step) {
    char label[96];
    std::snprintf(label, sizeof label, "%d  %s", step, boneStepName(step));
    if (ImGui::Button(label)) runBoneStep(s, step);
    probeItem("bone.step" + std::to_string(step));
    const auto& r = s.tools.bone.steps[size_t(step)];
    if (!r || s.busy()) return;
    ImGui::SameLine();
    if (!r->done) {
        hintText("failed");
    } else if (step == 2 || step == 1 || step == 6) {
        hintText("[x]");
        if (!r->note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", r->note.c_str());
    } else {
        hintText("[x] %lld voxels", r->voxels);
    }
}

}  // namespace

void boneModelSection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("Bone model (guided)")) return;
    BonePanel& b = s.tools.bone;
    SegmentPipelineOptions& o = b.options;
    stepButton(s, 1);
    stepButton(s, 2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("finds the body and keeps later steps inside it (hides the scan table)");
    float lo = float(o.lo);
    ImGui::SetNextItemWidth(120);
    ImGui::BeginDisabled(o.autoThreshold);
    if (ImGui::DragFloat("bone from (HU)", &lo, 1.0f, -1024.0f, 3071.0f, "%.0f")) o.lo = lo;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("auto", &o.autoThreshold);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("bone threshold from the scan's histogram, inside the body after step 2");
    stepButton(s, 3);
    int islands = int(b.islands);
    float minMm3 = float(o.minIslandMm3);
    ImGui::RadioButton("drop islands <", &islands, 0);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    if (ImGui::DragFloat("mm^3", &minMm3, 10.0f, 0.0f, 1e7f, "%.0f")) o.minIslandMm3 = minMm3;
    ImGui::RadioButton("keep largest", &islands, 1);
    ImGui::SameLine();
    ImGui::RadioButton("keep at crosshair", &islands, 2);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("click the bone in a slice view (Navigate tool) to put the crosshair on it");
    b.islands = BonePanel::Islands(islands);
    stepButton(s, 4);
    ImGui::Checkbox("fill 3D cavities", &o.fillHoles);
    float close = float(o.closeMm), median = float(o.medianMm);
    ImGui::SetNextItemWidth(70);
    if (ImGui::DragFloat("closing mm", &close, 0.1f, 0.0f, 10.0f, "%.1f")) o.closeMm = close;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70);
    if (ImGui::DragFloat("median mm", &median, 0.1f, 0.0f, 10.0f, "%.1f")) o.medianMm = median;
    stepButton(s, 5);
    stepButton(s, 6);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("one STL per visible segment into %s", s.edit.exportDir.c_str());
}

}  // namespace marrow::ui
