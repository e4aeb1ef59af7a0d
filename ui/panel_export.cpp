// The Export mesh dialog: format, smoothing, decimation, which segments, the folder; the
// export runs on the background job (progress bar and Cancel in the side panel) so the
// window keeps drawing while a 100 MB skull is meshed.
#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>

#include "ui/mesh_export.h"
#include "ui/edit_actions.h"
#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {

namespace {

struct FormatChoice {
    const char* label;
    MeshFormat format;
};
constexpr FormatChoice kExportFormats[] = {
    {"STL (3D printing)", MeshFormat::Stl}, {"OBJ (+ colours)", MeshFormat::Obj},
    {"PLY (vertex colours)", MeshFormat::Ply}, {"glTF", MeshFormat::Gltf}, {"GLB (binary glTF)", MeshFormat::Glb}};

MeshExportOptions dialogOptions(const ViewerState& s) {
    const auto& d = s.edit.exportDialog;
    MeshExportOptions o;
    o.folder = s.edit.exportDir;
    o.stem = sourceStem(s.source);
    o.format = kExportFormats[d.format].format;
    o.post = {.keepLargest = d.keepLargest, .smooth = d.smooth, .decimate = d.decimate};
    if (d.selectedOnly && s.edit.segment) o.segments = {s.edit.segment};
    return o;
}

void startExport(ViewerState& s) {
    auto pending = std::make_shared<std::vector<std::string>>();
    s.edit.exportDialog.pending = pending;
    s.edit.exportReport.clear();
    const MeshExportOptions options = dialogOptions(s);
    // Test hook (the e2e Cancel test only): MARROW_TEST_EXPORT_STEP_MS slows each progress
    // step, so a click on Cancel lands mid-export however fast the machine is.
    const char* slow = std::getenv("MARROW_TEST_EXPORT_STEP_MS");
    const int stepMs = slow ? std::atoi(slow) : 0;
    runEditJob(s, "Export meshes", [options, pending, stepMs](Document& doc, const ProgressFn& progress) {
        const ProgressFn paced = [&](double f, const std::string& stage) {
            if (stepMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(stepMs));
            return progress(f, stage);
        };
        *pending = exportSegmentMeshes(doc, options, stepMs > 0 ? paced : progress);
        return pending->size() == 1 ? pending->front() : "exported " + std::to_string(pending->size()) + " files";
    });
}

}  // namespace

void exportMeshWindow(ViewerState& s) {
    auto& d = s.edit.exportDialog;
    if (d.pending && !s.busy()) {  // the export ended (done, failed or cancelled)
        s.edit.exportReport = std::move(*d.pending);
        d.pending.reset();
    }
    if (!d.open || !s.doc) return;
    ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: never read through onto the views
    ImGui::SetNextWindowSize({460, 0}, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, {0.5f, 0.5f});
    if (ImGui::Begin("Export mesh", &d.open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::PushItemWidth(200);
        if (ImGui::BeginCombo("format", kExportFormats[d.format].label)) {
            for (int n = 0; n < int(std::size(kExportFormats)); ++n)
                if (ImGui::Selectable(kExportFormats[n].label, n == d.format)) d.format = n;
            ImGui::EndCombo();
        }
        ImGui::SliderInt("smoothing (Taubin steps)", &d.smooth, 0, 50);
        ImGui::SliderFloat("keep triangles (decimation)", &d.decimate, 0.05f, 1.0f, "%.2f");
        ImGui::Checkbox("largest piece only", &d.keepLargest);
        if (ImGui::RadioButton("every visible segment", !d.selectedOnly)) d.selectedOnly = false;
        ImGui::SameLine();
        ImGui::BeginDisabled(!s.edit.segment);
        if (ImGui::RadioButton("selected segment", d.selectedOnly)) d.selectedOnly = true;
        ImGui::EndDisabled();
        ImGui::PopItemWidth();
        ImGui::TextUnformatted("folder");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", s.edit.exportDir.c_str());
        if (ImGui::Button("Choose folder...")) s.edit.requestExportFolder = true;
        ImGui::SameLine();
        ImGui::BeginDisabled(s.busy());
        const bool go = ImGui::Button("Export");
        probeItem("export-go");
        ImGui::EndDisabled();
        if (go) startExport(s);
        if (s.busy()) {
            ImGui::ProgressBar(float(s.job.fraction()), {-1, 0});
            if (ImGui::Button("Cancel export")) s.job.cancel();
            probeItem("export-cancel");
        }
        for (const auto& line : s.edit.exportReport) ImGui::TextWrapped("%s", line.c_str());
    }
    ImGui::End();
}

}  // namespace marrow::ui
