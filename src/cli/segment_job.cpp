// The shared body of `marrow segment` and `marrow batch` (see segment_job.h).
#include "src/cli/segment_job.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "io/error.h"
#include "io/label_io.h"
#include "io/load.h"
#include "seg/mesh/surface_extraction.h"
#include "io/mesh_writers.h"
#include "src/cli/error_line.h"
#include "src/cli/json_text.h"
#include "src/cli/number_list.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

namespace {

bool endsWith(std::string s, const std::string& e) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

SegmentPipelineOptions pipelineOptions(const SegmentSteps& a) {
    SegmentPipelineOptions o;
    if (a.threshold == "auto") o.autoThreshold = true;  // seg/tools/auto_threshold.h
    else if (!a.threshold.empty()) {
        const auto v = parseNumbers(a.threshold, ':', 2, "--threshold", "LO:HI");
        o.lo = v[0];
        o.hi = v[1];
    }
    if (a.keepLargest && !a.keepAt.empty()) throw Error("", "--keep-largest excludes --keep-at");
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
    o.validate();
    validateMeshPostOptions(a.mesh);
    return o;
}

SegmentSteps segmentStepsFromJson(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(source, "the pipeline must be a JSON object of segment options");
    SegmentSteps s;
    for (const auto& [key, value] : j.items()) {
        auto bad = [&](const char* want) { return Error(source, "\"" + key + "\": expected " + want); };
        auto text = [&](std::string& out) {
            if (value.is_string()) out = value.get<std::string>();
            else if (value.is_array()) {  // [150, 3071] or [x, y, z]: the same text as the flag
                const char sep = key == "threshold" ? ':' : ',';
                for (const auto& v : value) {
                    if (!v.is_number()) throw bad("a string or an array of numbers");
                    std::ostringstream os;
                    os.precision(17);
                    os << v.get<double>();
                    out += (out.empty() ? "" : std::string(1, sep)) + os.str();
                }
            } else throw bad("a string or an array of numbers");
        };
        auto flag = [&](bool& out) {
            if (!value.is_boolean()) throw bad("true or false");
            out = value.get<bool>();
        };
        auto number = [&](double& out) {
            if (!value.is_number()) throw bad("a number");
            out = value.get<double>();
        };
        auto integer = [&](int& out) {
            if (!value.is_number_integer()) throw bad("an integer");
            out = value.get<int>();
        };
        if (key == "threshold") text(s.threshold);
        else if (key == "keep-at") text(s.keepAt);
        else if (key == "crop-box") text(s.cropBox);
        else if (key == "remove-table") flag(s.removeTable);
        else if (key == "keep-largest") flag(s.keepLargest);
        else if (key == "fill-holes") flag(s.fillHoles);
        else if (key == "stl") flag(s.stl);
        else if (key == "min-island-mm3") number(s.minIslandMm3);
        else if (key == "close-mm") number(s.closeMm);
        else if (key == "median-mm") number(s.medianMm);
        else if (key == "decimate") number(s.mesh.decimate);
        else if (key == "connectivity") integer(s.connectivity);
        else if (key == "smooth") integer(s.mesh.smooth);
        else throw Error(source, "unknown pipeline key \"" + key + "\" (keys are segment's options without --)");
    }
    try {
        pipelineOptions(s);
    } catch (const Error& e) {
        throw Error(source, e.what());
    }
    return s;
}

nlohmann::json runSegmentJob(const SegmentJob& a) {
    const SegmentPipelineOptions o = pipelineOptions(a.steps);  // before the (slow) load
    if (!endsWith(a.output, ".nii") && !endsWith(a.output, ".nii.gz") && !endsWith(a.output, ".seg.nrrd"))
        throw Error(a.output, "the output must end in .nii, .nii.gz or .seg.nrrd");
    if (!a.stl.empty() && !endsWith(a.stl, ".stl")) throw Error(a.stl, "--stl: the surface file must end in .stl");
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
    if (!a.quiet && r.autoThresholdHu)
        std::printf("auto threshold: %g HU (bone from the scan's histogram)\n", *r.autoThresholdHu);
    if (!a.quiet)
        std::printf("%s: %zu voxels, %.2f mL of '%s'\n", a.output.c_str(), last.voxels, last.volumeMl,
                    o.segmentName.c_str());
    std::vector<std::string> warnings = ct.loadWarnings();
    size_t triangles = 0;
    if (!a.stl.empty()) {
        if (last.voxels == 0) throw Error(a.stl, "segment '" + o.segmentName + "' is empty: no surface to write");
        Mesh mesh = extractSurface(r.labels.segmentMask(r.segment));
        mesh.name = o.segmentName;
        postProcessMesh(mesh, a.steps.mesh, MeshFormat::Stl);
        if (a.quiet) {
            writeMeshes(a.stl, std::span(&mesh, 1), {MeshFrame::Lps});
        } else {
            const bool manifold = printMeshReport(mesh, MeshFormat::Stl, MeshFrame::Lps);
            writeMeshFileAndReport(a.stl, std::span(&mesh, 1), MeshFormat::Stl, MeshFrame::Lps);
            if (!manifold) {
                warnings.push_back("the surface is not a closed 2-manifold; a slicer may need to repair it");
                std::printf("warning: %s\n", warnings.back().c_str());
            }
        }
        triangles = mesh.triangles.size();
    }
    const auto t4 = std::chrono::steady_clock::now();
    auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    nlohmann::json j;
    j["input"] = a.input;
    j["output"] = a.output;
    j["series"] = {{"uid", ct.meta.count("series_uid") ? ct.meta.at("series_uid") : ""},
                   {"description", ct.meta.count("description") ? ct.meta.at("description") : ""}};
    j["warnings"] = warnings;
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
    if (!a.report.empty()) writeJsonFile(a.report, j);
    return j;
}

}  // namespace marrow::cli
