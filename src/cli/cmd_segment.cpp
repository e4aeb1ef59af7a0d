// marrow segment INPUT -o LABELS.nii[.gz] [...] [--stl OUT.stl]: the automatic bone
// pipeline (seg/segment_pipeline.h) from the command line, with a JSON report and,
// optionally, the segment's surface for printing (the same output steps as `marrow mesh`).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/load.h"
#include "io/label_io.h"
#include "seg/mesh/surface_extraction.h"
#include "seg/segment_pipeline.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/json_text.h"
#include "src/cli/mesh_output.h"
#include "src/cli/number_list.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

namespace {

bool endsWith(std::string s, const std::string& e) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

struct SegmentArgs {
    std::string input, output, report, threshold, keepAt, cropBox, stl;
    MeshPostOptions mesh;
    bool removeTable = false, keepLargest = false, fillHoles = false, force = false;
    double minIslandMm3 = 0, closeMm = 0, medianMm = 0;
    int connectivity = 26;
};

void runSegment(const SegmentArgs& a) {
    SegmentPipelineOptions o;
    if (a.threshold == "auto") o.autoThreshold = true;
    else if (!a.threshold.empty()) {
        const auto v = parseNumbers(a.threshold, ':', 2, "--threshold", "LO:HI");
        o.lo = v[0];
        o.hi = v[1];
    }
    if (a.keepLargest) o.island = SegmentPipelineOptions::Island::Largest;
    if (!a.keepAt.empty()) {
        const auto v = parseNumbers(a.keepAt, ',', 3, "--keep-at", "X,Y,Z in mm");
        o.island = SegmentPipelineOptions::Island::AtPoint;
        o.keepAtLps = {v[0], v[1], v[2]};
    }
    if (!a.cropBox.empty()) {
        const auto v = parseNumbers(a.cropBox, ',', 6, "--crop-box", "x0,y0,z0,x1,y1,z1 in mm");
        o.cropBoxMm = std::array<Vec3, 2>{Vec3{v[0], v[1], v[2]}, Vec3{v[3], v[4], v[5]}};
    }
    if (a.connectivity != 6 && a.connectivity != 26) throw Error("", "--connectivity: must be 6 or 26");
    o.connectivity = a.connectivity == 6 ? Connectivity::Six : Connectivity::TwentySix;
    o.removeTable = a.removeTable;
    o.fillHoles = a.fillHoles;
    o.minIslandMm3 = a.minIslandMm3;
    o.closeMm = a.closeMm;
    o.medianMm = a.medianMm;
    o.validate();  // before the (slow) load
    if (!endsWith(a.output, ".nii") && !endsWith(a.output, ".nii.gz") && !endsWith(a.output, ".seg.nrrd"))
        throw Error(a.output, "the output must end in .nii, .nii.gz or .seg.nrrd");
    if (!a.stl.empty() && !endsWith(a.stl, ".stl")) throw Error(a.stl, "--stl: the surface file must end in .stl");
    validateMeshPostOptions(a.mesh);
    checkOutputs({{a.input, "input"}},
                 {{a.output, "-o output"}, {labelMapSidecar(a.output), "label names output"}, {a.stl, "--stl output"},
                  {a.report, "--report output"}},
                 a.force);

    FileInUse inUse(a.input);
    const auto t0 = std::chrono::steady_clock::now();
    const Volume ct = loadVolume(a.input);
    const auto t1 = std::chrono::steady_clock::now();
    const SegmentPipelineResult r = runSegmentPipeline(ct, o);
    const auto t2 = std::chrono::steady_clock::now();
    // Names and colours travel with the voxels (TSV + header table, or .seg.nrrd metadata).
    LabeledVolume out;
    out.labels = r.labels.toVolume(ScalarType::UInt8);
    for (const Segment& s : r.labels.segments()) out.table.set(s.id, s.name, s.color);
    {
        FileInUse writing(a.output);
        writeLabelMap(a.output, out);
    }
    const auto t3 = std::chrono::steady_clock::now();

    const PipelineStep last = r.steps.back();
    if (r.autoThresholdHu) std::printf("auto threshold: %g HU (bone from the scan's histogram)\n", *r.autoThresholdHu);
    std::printf("%s: %zu voxels, %.2f mL of '%s'\n", a.output.c_str(), last.voxels, last.volumeMl, o.segmentName.c_str());
    size_t triangles = 0;
    if (!a.stl.empty()) {
        if (last.voxels == 0) throw Error(a.stl, "segment '" + o.segmentName + "' is empty: no surface to write");
        Mesh mesh = extractSurface(r.labels.segmentMask(r.segment));
        mesh.name = o.segmentName;
        postProcessMesh(mesh, a.mesh, MeshFormat::Stl);
        const bool manifold = printMeshReport(mesh, MeshFormat::Stl, MeshFrame::Lps);
        writeMeshFileAndReport(a.stl, std::span(&mesh, 1), MeshFormat::Stl, MeshFrame::Lps);
        if (!manifold) std::printf("warning: the surface is not a closed 2-manifold; a slicer may need to repair it\n");
        triangles = mesh.triangles.size();
    }
    const auto t4 = std::chrono::steady_clock::now();
    if (a.report.empty()) return;
    auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    nlohmann::json j;
    j["input"] = a.input;
    j["output"] = a.output;
    j["dims"] = ct.geometry().dims();
    j["spacing_mm"] = {ct.geometry().spacing().x, ct.geometry().spacing().y, ct.geometry().spacing().z};
    j["threshold_hu"] = {r.autoThresholdHu.value_or(o.lo), o.hi};
    if (r.autoThresholdHu) j["auto_threshold_hu"] = *r.autoThresholdHu;
    j["segment"] = {{"label", int(r.segment)}, {"name", o.segmentName}, {"voxels", last.voxels}, {"volume_ml", last.volumeMl}};
    j["volume_ml"] = last.volumeMl;
    for (const PipelineStep& s : r.steps)
        j["steps"].push_back({{"name", s.name}, {"seconds", s.seconds}, {"voxels", s.voxels}, {"volume_ml", s.volumeMl}});
    j["seconds"] = {{"load", seconds(t1 - t0)}, {"segment", seconds(t2 - t1)}, {"write", seconds(t3 - t2)},
                    {"total", seconds(t3 - t0)}};
    if (!a.stl.empty()) j["stl"] = {{"path", a.stl}, {"triangles", triangles}, {"seconds", seconds(t4 - t3)}};
    j["undo_steps"] = r.history.undoCount();
    j["undo_bytes"] = r.history.bytes();
    writeJsonFile(a.report, j);
}

}  // namespace

void addSegmentCommand(CLI::App& app) {
    auto args = std::make_shared<SegmentArgs>();
    auto* cmd = app.add_subcommand(
        "segment",
        "Segment bone: [remove table] -> threshold -> [keep island] -> [remove small islands] -> [fill holes] -> "
        "[closing] -> [median] -> [crop box], in that order; writes labels on the input's grid");
    cmd->add_option("input", args->input, "CT: a DICOM folder/file, .nii/.nii.gz, .nrrd, or 'phantom'")->required();
    cmd->add_option("-o,--output", args->output, "Label map to write (.nii or .nii.gz)")->required();
    cmd->add_flag("--remove-table", args->removeTable, "Find the body and keep labels only inside it");
    cmd->add_option("--threshold", args->threshold,
                    "HU range LO:HI (default 150:3071, bone), or 'auto' (bone threshold from the scan's histogram, HI 3071); "
                    "write --threshold=-1000:-500 for negative LO");
    auto* largest = cmd->add_flag("--keep-largest", args->keepLargest, "Keep only the largest island");
    auto* at = cmd->add_option("--keep-at", args->keepAt, "Keep only the island at X,Y,Z (LPS mm)");
    largest->excludes(at);
    cmd->add_option("--min-island-mm3", args->minIslandMm3, "Remove islands smaller than N mm^3");
    cmd->add_option("--connectivity", args->connectivity, "Island connectivity: 26 (default) or 6");
    cmd->add_flag("--fill-holes", args->fillHoles, "Fill enclosed 3D cavities");
    cmd->add_option("--close-mm", args->closeMm, "Closing with this kernel radius (mm)");
    cmd->add_option("--median-mm", args->medianMm, "Median (majority) with this kernel radius (mm)");
    cmd->add_option("--crop-box", args->cropBox, "Keep only x0,y0,z0,x1,y1,z1 (LPS mm), applied last");
    cmd->add_option("--report", args->report, "Write a JSON report (volume, per-step timings)");
    auto* stl = cmd->add_option("--stl", args->stl, "Also write the segment's surface as STL (LPS mm)");
    cmd->add_option("--smooth", args->mesh.smooth, "With --stl: Taubin smoothing iterations (0: none)")
        ->check(CLI::Range(0, 1000))
        ->needs(stl);
    cmd->add_option("--decimate", args->mesh.decimate, "With --stl: keep this fraction of triangles (0..1]")->needs(stl);
    cmd->add_flag("--force", args->force, "Allow an output to overwrite an input file");
    cmd->callback([args] { runSegment(*args); });
}

}  // namespace marrow::cli
