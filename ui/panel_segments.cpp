// Segments section: correcting a label map with many segments (117 TotalSegmentator
// structures). A name search and a bones-only filter narrow the list; show/hide all or only
// the bones; per-segment visible and locked boxes; for the selected segment: lock all others
// in one click, unlock all, rename, recolour, delete, merge into another, split by islands,
// and its voxel count / volume now vs. as loaded. A checkbox overlays what changed since
// the labels were loaded. Then save labels and export STL. Actions live in
// ui/segment_actions.h (tested without a window); this file only draws.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/hint_text.h"
#include "ui/test_probe.h"
#include "ui/edit_actions.h"
#include "ui/panels.h"
#include "ui/segment_actions.h"
#include "ui/test_probe.h"

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
    probeItem("segment." + std::to_string(seg.id));
    ImGui::PopID();
}

bool textField(const char* label, std::string& value) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    const bool changed = ImGui::InputText(label, buf, sizeof buf);
    if (changed) value = buf;
    return changed;
}

void filters(ViewerState& s) {
    SegmentsUiState& u = s.segmentsUi;
    ImGui::SetNextItemWidth(150);
    textField("search##segments", u.search);
    probeItem("segments.search");
    ImGui::SameLine();
    ImGui::Checkbox("bones only", &u.bonesOnly);
    ImGui::TextUnformatted("show:");
    ImGui::SameLine();
    if (ImGui::SmallButton("all")) showAllSegments(s.doc->labels(), true);
    ImGui::SameLine();
    if (ImGui::SmallButton("none")) showAllSegments(s.doc->labels(), false);
    ImGui::SameLine();
    if (ImGui::SmallButton("bones")) showBonesOnly(s.doc->labels());
}

// Rename, recolour, delete, merge, split, statistics of the selected segment.
void selectedSegment(ViewerState& s, const Segment& seg) {
    SegmentsUiState& u = s.segmentsUi;
    if (u.editing != seg.id) {  // a new selection: fill the fields from it
        u.editing = seg.id;
        u.name = seg.name;
        u.color[0] = seg.color.r / 255.0f, u.color[1] = seg.color.g / 255.0f, u.color[2] = seg.color.b / 255.0f;
        u.colorChanged = false;
        if (u.mergeInto == seg.id) u.mergeInto = 0;
        u.relabelTo = seg.id;
    }
    Document& doc = *s.doc;
    ImGui::Text("selected: %d %s%s", int(seg.id), seg.name.c_str(), seg.locked ? " (locked)" : "");
    if (ImGui::Button("Lock all others")) lockAllOthers(doc, seg.id);
    probeItem("segments.lock_others");
    ImGui::SameLine();
    if (ImGui::Button("Unlock all")) unlockAll(doc);
    probeItem("segments.unlock_all");

    ImGui::SetNextItemWidth(150);
    textField("name##selected", u.name);
    if (ImGui::IsItemDeactivatedAfterEdit() && !u.name.empty() && u.name != seg.name) doc.editor().renameSegment(seg.id, u.name);
    ImGui::SameLine();
    if (ImGui::ColorEdit3("##recolour", u.color, ImGuiColorEditFlags_NoInputs)) u.colorChanged = true;
    if (u.colorChanged && !ImGui::IsMouseDown(0)) {  // one undo step per colour pick, not per frame of a drag
        u.colorChanged = false;
        const auto channel = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
        const Rgb c{channel(u.color[0]), channel(u.color[1]), channel(u.color[2])};
        if (!(c == seg.color)) doc.editor().recolorSegment(seg.id, c);
    }
    ImGui::SameLine();
    const bool deleteClicked = ImGui::Button("Delete");
    probeItem("segment.delete");
    if (deleteClicked) {
        deleteSegmentJob(s, seg.id);
        return;
    }

    const Segment* into = doc.labels().segment(u.mergeInto);
    ImGui::SetNextItemWidth(150);
    if (ImGui::BeginCombo("##mergeinto", into ? into->name.c_str() : "merge into...")) {
        for (const Segment& other : doc.labels().segments())
            if (other.id != seg.id && ImGui::Selectable((std::to_string(other.id) + " " + other.name).c_str(), other.id == u.mergeInto))
                u.mergeInto = other.id;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(!into);
    if (ImGui::Button("Merge")) mergeSegmentJob(s, seg.id, u.mergeInto);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("the selected segment's voxels join the chosen one");
    ImGui::SameLine();
    if (ImGui::Button("Split islands")) splitByIslandsJob(s, seg.id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the largest island stays; every other becomes a new segment");
    ImGui::SetNextItemWidth(100);
    ImGui::InputInt("##relabel", &u.relabelTo);
    u.relabelTo = std::clamp(u.relabelTo, 1, int(kMaxLabel));
    ImGui::SameLine();
    ImGui::BeginDisabled(u.relabelTo == seg.id);
    if (ImGui::Button("Relabel")) relabelSegmentJob(s, seg.id, u.relabelTo);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("give this segment another label value (e.g. to match another tool's numbering)");

    const SegmentStats st = segmentStats(s, seg.id);
    ImGui::Text("now     %zu voxels, %.2f mL%s", st.nowVoxels, st.nowMl, st.fresh ? "" : " ...");
    if (st.hasOriginal)
        ImGui::Text("loaded  %zu voxels, %.2f mL (%+lld)", st.originalVoxels, st.originalMl,
                    (long long)st.nowVoxels - (long long)st.originalVoxels);
}

void differenceOverlay(ViewerState& s) {
    DifferenceOverlayState& d = s.segmentsUi.difference;
    ImGui::BeginDisabled(s.doc->originalLabels().empty());
    ImGui::Checkbox("show changes vs. loaded labels", &d.enabled);
    probeItem("segments.difference");
    ImGui::EndDisabled();
    if (s.doc->originalLabels().empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("no label map was loaded to compare with");
    if (ImGui::SmallButton("Compare against...")) s.edit.requestCompareAgainst = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("the labels the changes are counted against: %s",
                                                  s.doc->baselineSource().empty() ? "none" : s.doc->baselineSource().c_str());
    if (d.enabled && d.shown) {
        ImGui::TextColored({0.2f, 0.9f, 0.2f, 1}, "%zu added", d.added);
        ImGui::SameLine();
        ImGui::TextColored({1.0f, 0.2f, 1.0f, 1}, "%zu removed", d.removed);
    }
}

}  // namespace

void segmentsSection(ViewerState& s) {
    if (s.doc) updateDifferenceOverlay(s);  // also while the section is collapsed
    if (!s.doc || !ImGui::CollapsingHeader("Segments", ImGuiTreeNodeFlags_DefaultOpen)) return;
    ImGui::SliderFloat("opacity", &s.overlay.opacity, 0.0f, 1.0f);
    ImGui::Checkbox("outline", &s.overlay.outline);
    filters(s);
    const std::vector<Label> shown = filterSegments(*s.doc, s.segmentsUi.search, s.segmentsUi.bonesOnly);
    hintText("colour  visible  locked  name   (%zu of %zu)", shown.size(), s.doc->labels().segments().size());
    ImGui::BeginChild("##segments", {0, 180}, true);
    for (const Label id : shown) segmentRow(s, *s.doc->labels().segment(id));
    ImGui::EndChild();
    if (ImGui::Button("Add segment")) {
        try {
            const Label next = s.doc->labels().nextFreeId();
            s.edit.segment = s.doc->editor().addSegment("Segment " + std::to_string(next));
        } catch (const std::exception& e) {
            s.message = e.what();
        }
    }
    // Relabel (changing a segment's voxel value) is not offered: the editor has no
    // operation for it, and a new segment always takes the next free value.
    if (const Segment* seg = s.doc->labels().segment(s.edit.segment)) selectedSegment(s, *seg);
    differenceOverlay(s);
    textField("##savepath", s.edit.savePath);
    ImGui::SameLine();
    if (ImGui::Button("Save labels (Ctrl+S)")) saveLabels(s);
    if (ImGui::Button("Save labels as...")) s.edit.requestSaveLabelsAs = true;
    probeItem("save-labels-as");
    ImGui::SameLine();
    // The export runs on the background job from the Export mesh dialog (format, smoothing,
    // decimation, segments); its report lines show here too.
    if (ImGui::Button("Export mesh...")) s.edit.exportDialog.open = true;
    probeItem("export-stl");
    textField("##dicomsegpath", s.edit.dicomSegPath);
    ImGui::SameLine();
    const bool segClicked = ImGui::Button("Export DICOM-SEG");
    probeItem("export-dicom-seg");
    if (segClicked) {
        try {
            s.edit.exportReport = s.doc->exportDicomSeg(s.edit.dicomSegPath);
            s.edit.exportReport.insert(s.edit.exportReport.begin(), "wrote DICOM-SEG " + s.edit.dicomSegPath);
        } catch (const std::exception& e) {
            s.edit.exportReport = {e.what()};
        }
        for (const auto& line : s.edit.exportReport) std::printf("%s\n", line.c_str());  // the e2e test waits on it
        std::fflush(stdout);
    }
    for (const auto& line : s.edit.exportReport) ImGui::TextWrapped("%s", line.c_str());
}

}  // namespace marrow::ui
