// marrow mesh: surfaces of label-map segments (or of a CT iso-level) to STL/OBJ/PLY/glTF.
// Before writing, it prints per segment the triangle count, the file size and the
// closed/manifold check, so the user knows whether a print will work.
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "io/error.h"
#include "io/load.h"
#include "io/mesh_writers.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/label_colour.h"
#include "src/cli/mesh_output.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {
namespace {

struct MeshArgs {
    std::string input, output;
    std::vector<int64_t> labels;
    bool all = false;
    std::optional<double> iso;
    int smooth = 0;
    double decimate = 1.0;
    bool ras = false;
    bool keepLargest = false;
    bool singleFile = false;
    bool force = false;
};

// Without --all, more files than this are refused: a CT or a noisy map taken for labels
// wrote 835 STL files for a 64^3 phantom. TotalSegmentator's 117 labels need --all.
constexpr size_t kMaxFilesWithoutAll = 32;

// Labels present in an integer volume (0 excluded), via a histogram over [min, max].
std::vector<int64_t> presentLabels(const Volume& v) {
    return v.visit([&](const auto* p) {
        const size_t n = v.voxelCount();
        using Range = std::pair<int64_t, int64_t>;
        const Range r = tbb::parallel_reduce(
            tbb::blocked_range<size_t>(0, n, 1 << 16), Range{INT64_MAX, INT64_MIN},
            [&](const tbb::blocked_range<size_t>& b, Range acc) {
                for (size_t i = b.begin(); i != b.end(); ++i)
                    acc = {std::min(acc.first, int64_t(p[i])), std::max(acc.second, int64_t(p[i]))};
                return acc;
            },
            [](Range a, Range b) { return Range{std::min(a.first, b.first), std::max(a.second, b.second)}; });
        if (r.second - r.first > (1 << 20)) throw Error(v.meta.count("source") ? v.meta.at("source") : "", "label values span more than 2^20: is this a label map? (use --iso for a CT)");
        std::vector<uint8_t> seen(size_t(r.second - r.first + 1), 0);
        for (size_t i = 0; i < n; ++i) seen[size_t(int64_t(p[i]) - r.first)] = 1;
        std::vector<int64_t> out;
        for (size_t k = 0; k < seen.size(); ++k)
            if (seen[k] && int64_t(k) + r.first != 0) out.push_back(int64_t(k) + r.first);
        return out;
    });
}

std::string withSuffix(const std::string& path, const std::string& suffix) {
    std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

// The labels to mesh: --label as given; else every label present, refused for images
// that look like a CT (use --iso) and, without --all, when they would be too many files.
std::vector<int64_t> labelsToMesh(const MeshArgs& a, const Volume& volume, MeshFormat format) {
    if (!a.labels.empty()) return a.labels;
    if (volume.type() == ScalarType::Float32)
        throw Error(a.input, "float voxels are not a label map (use --iso LEVEL for an intensity volume)");
    if (const std::string why = intensityImageReason(volume); !why.empty())
        throw Error(a.input, "this looks like a CT, not a label map (" + why + "): use --iso HU or --label N");
    std::vector<int64_t> labels = presentLabels(volume);
    if (labels.empty()) throw Error(a.input, "no labelled voxels (all zero)");
    const bool oneFile = format != MeshFormat::Stl || a.singleFile;
    if (!a.all && !oneFile && labels.size() > kMaxFilesWithoutAll)
        throw Error(a.input, std::to_string(labels.size()) + " labels would be " + std::to_string(labels.size()) +
                                 " STL files (more than " + std::to_string(kMaxFilesWithoutAll) +
                                 "): use --all to write them all, --label N to pick, or --single-file");
    return labels;
}

void runMesh(const MeshArgs& a) {
    const MeshFormat format = meshFormatFromPath(a.output);  // fail before the slow part
    const MeshPostOptions post{a.keepLargest, a.smooth, a.decimate};
    validateMeshPostOptions(post);
    // OBJ writes its materials beside it; per-label STL files get their names later.
    const std::string mtl = format == MeshFormat::Obj ? std::filesystem::path(a.output).replace_extension(".mtl").string() : "";
    checkOutputs({{a.input, "input"}}, {{a.output, "output"}, {mtl, "material output"}}, a.force);
    FileInUse inUse(a.input);
    const Volume volume = loadVolume(a.input);

    std::vector<Mesh> meshes;
    if (a.iso) {
        meshes.push_back(extractIsoSurface(volume, *a.iso));
        meshes.back().name = "iso_" + std::to_string(long(std::lround(*a.iso)));
    } else {
        for (int64_t label : labelsToMesh(a, volume, format)) {
            meshes.push_back(extractLabelSurface(volume, label));
            meshes.back().name = "label_" + std::to_string(label);
            meshes.back().color = labelColour(label);
            if (meshes.back().triangles.empty())
                throw Error(a.input, "label " + std::to_string(label) + " has no voxels");
        }
    }
    if (meshes.size() == 1 && meshes[0].triangles.empty()) throw Error(a.input, "no voxel reaches the iso-level");

    for (Mesh& m : meshes) postProcessMesh(m, post, format);

    const MeshFrame frame = a.ras ? MeshFrame::Ras : MeshFrame::Lps;
    const bool perFile = format == MeshFormat::Stl && meshes.size() > 1 && !a.singleFile;
    std::vector<std::pair<std::string, std::vector<Mesh>>> files;
    if (perFile) {
        for (Mesh& m : meshes) {
            const std::string label = m.name.substr(m.name.find('_') + 1);
            files.push_back({withSuffix(a.output, "_" + label), {std::move(m)}});
        }
    } else {
        files.push_back({a.output, std::move(meshes)});
    }

    std::vector<NamedPath> outputs;
    for (const auto& [path, ms] : files) outputs.push_back({path, "output"});
    checkOutputs({{a.input, "input"}}, outputs, a.force);

    bool allGood = true;
    for (const auto& [path, ms] : files)
        for (const Mesh& m : ms) allGood = printMeshReport(m, format, frame) && allGood;
    for (const auto& [path, ms] : files) writeMeshFileAndReport(path, ms, format, frame);
    if (perFile) std::printf("one STL file per label (use --single-file for one STL holding all)\n");
    if (!allGood) std::printf("warning: some surfaces are not closed 2-manifolds; a slicer may need to repair them\n");
}

}  // namespace

void addMeshCommand(CLI::App& app) {
    auto args = std::make_shared<MeshArgs>();
    auto* cmd = app.add_subcommand("mesh", "Surfaces of label-map segments (or a CT iso-level) as STL/OBJ/PLY/glTF in LPS mm");
    cmd->add_option("input", args->input, "Label map or CT: .nii/.nii.gz, .seg.nrrd, .nrrd, mask folder, DICOM folder/file, or 'phantom'")->required();
    cmd->add_option("-o,--output", args->output, "Output file: .stl .obj .ply .gltf .glb")->required();
    auto* label = cmd->add_option("--label", args->labels, "Label value(s) to mesh");
    auto* all = cmd->add_flag("--all", args->all,
                              "Mesh every label present, however many (default without --label: every label "
                              "present, but at most 32 STL files; a CT needs --iso)");
    auto* iso = cmd->add_option("--iso", args->iso, "Iso-surface at this value (e.g. 150 HU for bone) instead of labels");
    label->excludes(all);
    iso->excludes(label)->excludes(all);
    cmd->add_option("--smooth", args->smooth, "Taubin smoothing iterations (0: none; 15-30 for printing)")->check(CLI::Range(0, 1000));
    cmd->add_option("--decimate", args->decimate, "Keep this fraction of triangles (0..1]");
    cmd->add_flag("--ras", args->ras, "Write RAS coordinates instead of LPS");
    cmd->add_flag("--keep-largest", args->keepLargest, "Keep only the largest connected piece of each surface");
    cmd->add_flag("--single-file", args->singleFile, "With several labels and .stl: one STL holding all (default: OUT_<label>.stl each)");
    cmd->add_flag("--force", args->force, "Allow an output to overwrite an input file");
    cmd->callback([args] { runMesh(*args); });
}

}  // namespace marrow::cli
