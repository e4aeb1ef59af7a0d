// marrow compare A B: per-label Dice, volumes and Hausdorff distances of two label maps
// on the same grid (definitions in seg/compare.h), as a table and optionally JSON.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "io/error.h"
#include "io/label_geometry.h"
#include "io/load.h"
#include "seg/compare.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/json_text.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

namespace {
struct CompareArgs {
    std::string a, b, names, json, only;
    bool noDistances = false, force = false;
};

// "--only liver,spleen,5": names (from the table) or label numbers.
std::vector<uint32_t> parseLabelList(const std::string& list, const LabelTable& table) {
    std::vector<uint32_t> out;
    size_t start = 0;
    while (start <= list.size()) {
        size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        const std::string item = list.substr(start, end - start);
        start = end + 1;
        if (item.empty()) continue;
        char* stop = nullptr;
        const unsigned long v = std::strtoul(item.c_str(), &stop, 10);
        if (stop && *stop == '\0') out.push_back(uint32_t(v));
        else if (auto value = table.valueOf(item)) out.push_back(*value);
        else throw Error("--only", "no label named '" + item + "'");
    }
    return out;
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string fmt(double v, const char* f) {
    if (std::isnan(v)) return "n/a";
    if (std::isinf(v)) return "inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

void run(const CompareArgs& args) {
    checkOutputs({{args.a, "input"},
                  {args.b, "input"},
                  {args.names, "--labels input"},
                  {labelMapSidecar(args.a), "label names input"},
                  {labelMapSidecar(args.b), "label names input"}},
                 {{args.json, "--json output"}}, args.force);
    LabelMapReadOptions read;
    read.namesPath = args.names;
    const LabeledVolume a = [&] {
        FileInUse inUse(args.a);
        return loadLabelMap(args.a, read);
    }();
    LabeledVolume b = [&] {
        FileInUse inUse(args.b);
        return loadLabelMap(args.b, read);
    }();
    // B must hold A's voxels: the same grid, or the same voxel centres in another axis
    // order (reordered exactly); anything else is refused with both geometries named.
    b.labels = placeOnGrid(std::move(b.labels), a.labels.geometry(), false, args.b, &b.notes);
    // Names: A's table, completed by B's for labels only B has.
    LabelTable names = a.table;
    for (const auto& e : b.table.entries())
        if (!names.find(e.value)) names.set(e.value, e.name, e.color);
    CompareOptions options;
    options.distances = !args.noDistances;
    if (!args.only.empty()) options.labels = parseLabelList(args.only, names);
    const auto results = compareLabelMaps(a.labels, b.labels, names, options);
    // Loader notes (names source, casts) after the grid check, so a refusal stays one line.
    for (const auto& n : a.notes) std::fprintf(stderr, "marrow: %s: %s\n", args.a.c_str(), n.c_str());
    for (const auto& n : b.notes) std::fprintf(stderr, "marrow: %s: %s\n", args.b.c_str(), n.c_str());

    std::printf("%-6s %-28s %8s %12s %12s %12s %10s %10s\n", "label", "name", "dice", "volA_mL", "volB_mL",
                "diff_mL", "hd95_mm", "hd_mm");
    for (const auto& r : results)
        std::printf("%-6u %-28s %8s %12s %12s %12s %10s %10s\n", r.label, r.name.c_str(), fmt(r.dice, "%.4f").c_str(),
                    fmt(r.volumeAMl, "%.3f").c_str(), fmt(r.volumeBMl, "%.3f").c_str(),
                    fmt(r.volumeDiffMl, "%+.3f").c_str(), fmt(r.hd95Mm, "%.2f").c_str(), fmt(r.hdMaxMm, "%.2f").c_str());
    if (args.json.empty()) return;
    nlohmann::json j;
    j["a"] = args.a;
    j["b"] = args.b;
    j["definitions"] = "dice=2|A∩B|/(|A|+|B|); volumes in mL; diff=B-A; hd95=95th percentile (nearest rank) of the "
                       "union of directed surface-voxel distances A->B and B->A in mm; hd=their maximum; null: "
                       "undefined (both empty) or infinite (one empty)";
    j["labels"] = nlohmann::json::array();
    for (const auto& r : results)
        j["labels"].push_back({{"label", r.label}, {"name", r.name}, {"voxels_a", r.voxelsA}, {"voxels_b", r.voxelsB},
                               {"voxels_both", r.voxelsBoth}, {"dice", number(r.dice)}, {"volume_a_ml", r.volumeAMl},
                               {"volume_b_ml", r.volumeBMl}, {"volume_diff_ml", r.volumeDiffMl},
                               {"hd95_mm", number(r.hd95Mm)}, {"hd_mm", number(r.hdMaxMm)}});
    writeJsonFile(args.json, j);
}
}  // namespace

void addCompareCommand(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand("compare", "Per-label Dice, volume difference and 95% Hausdorff distance of two label maps");
    cmd->add_option("A", args->a, "Reference label map (.nii/.nii.gz, .seg.nrrd, .nrrd, mask folder, DICOM, or 'phantom': its bone labels)")->required();
    cmd->add_option("B", args->b, "Label map to compare with A (same grid)")->required();
    cmd->add_option("--labels", args->names, "Label names file (TSV/CSV/ITK-SNAP) for both maps");
    cmd->add_option("--only", args->only, "Compare only these labels (comma-separated names or numbers)");
    cmd->add_option("--json", args->json, "Also write the results as JSON to this file");
    cmd->add_flag("--no-distances", args->noDistances, "Skip the Hausdorff distances (Dice and volumes only)");
    cmd->add_flag("--force", args->force, "Allow --json to overwrite an input file");
    cmd->callback([args] { run(*args); });
}

}  // namespace marrow::cli
