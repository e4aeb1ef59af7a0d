// marrow split LABELS --label N (--markers "x,y,z;x,y,z" | --auto [--min-size-mm D])
//     [--names a,b] -o OUT: splits one segment of a label map along its narrow necks
// (seg/tools/split_watershed.h) and writes the labels with their names.
#include <cstdio>
#include <sstream>

#include "io/label_io.h"
#include "io/load.h"
#include "io/nrrd_io.h"
#include "seg/tools/split_watershed.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/number_list.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

namespace {

struct SplitArgs {
    std::string input, output, label, markers, names;
    bool automatic = false, force = false;
    double minSizeMm = 10;
    int connectivity = 26;
};

std::vector<std::string> splitNames(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string name;
    while (std::getline(ss, name, ',')) out.push_back(name);
    return out;
}

// The segment named by --label: a label value or a segment name.
Label resolveLabel(const LabelMap& map, const std::string& text) {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (!text.empty() && end == text.c_str() + text.size()) {
        if (v <= 0 || v > long(kMaxLabel) || !map.segment(Label(v)))
            throw Error("", "--label: the label map has no label " + text);
        return Label(v);
    }
    for (const Segment& s : map.segments())
        if (s.name == text) return s.id;
    throw Error("", "--label: the label map has no segment named '" + text + "'");
}

void runSplit(const SplitArgs& a) {
    if (a.automatic == !a.markers.empty()) throw Error("", "split: give either --markers or --auto");
    std::vector<Vec3> points;
    if (!a.markers.empty()) points = parsePoints(a.markers, "--markers");
    if (a.connectivity != 6 && a.connectivity != 26) throw Error("", "--connectivity: must be 6 or 26");
    if (!isNiftiPath(a.output) && !isSegNrrdPath(a.output))
        throw Error(a.output, "the output must end in .nii, .nii.gz or .seg.nrrd");
    checkOutputs({{a.input, "input"}}, {{a.output, "-o output"}, {labelMapSidecar(a.output), "label names output"}},
                 a.force);
    const std::vector<std::string> names = splitNames(a.names);

    LabeledVolume in;
    {
        FileInUse reading(a.input);
        in = loadLabelMap(a.input);
    }
    for (const std::string& note : in.notes) std::printf("note: %s\n", note.c_str());
    LabelMap map = LabelMap::fromVolume(in.labels);
    History history;
    LabelMapEditor editor(map, history);
    for (const Segment& s : std::vector<Segment>(map.segments()))
        if (const LabelEntry* e = in.table.find(s.id)) {
            editor.renameSegment(s.id, e->name);
            editor.recolorSegment(s.id, e->color);
        }
    std::vector<Label> named;  // new parts must not take a number the file's table names
    for (const LabelEntry& e : in.table.entries())
        if (e.value <= kMaxLabel) named.push_back(Label(e.value));
    map.reserveIds(std::move(named));

    tools::SplitWatershedParams p;
    p.segment = resolveLabel(map, a.label);
    for (size_t m = 0; m < points.size(); ++m) p.markers.push_back({points[m], m < names.size() ? names[m] : ""});
    p.minSizeMm = a.minSizeMm;
    p.connectivity = a.connectivity == 6 ? Connectivity::Six : Connectivity::TwentySix;
    const tools::SplitPlan plan = tools::planSplit(map, p);
    // With --auto the names go to the parts, largest first (markers name their own parts).
    const tools::SplitWatershedResult r = tools::applySplit(editor, plan, a.automatic ? names : std::vector<std::string>{});

    LabeledVolume out;
    out.labels = map.toVolume(ScalarType::UInt8);
    for (const Segment& s : map.segments()) out.table.set(s.id, s.name, s.color);
    {
        FileInUse writing(a.output);
        writeLabelMap(a.output, out);
    }
    const double voxelMl = map.geometry().voxelVolumeMm3() / 1000.0;
    std::printf("%s: split '%s' into %zu parts\n", a.output.c_str(), map.segment(r.segments[0])->name.c_str(),
                r.segments.size());
    for (size_t part = 0; part < r.segments.size(); ++part) {
        const Segment* s = map.segment(r.segments[part]);
        std::printf("part %zu: label %d '%s', %zu voxels, %.2f mL\n", part + 1, int(s->id), s->name.c_str(),
                    map.countLabel(s->id), double(map.countLabel(s->id)) * voxelMl);
    }
}

}  // namespace

void addSplitCommand(CLI::App& app) {
    auto args = std::make_shared<SplitArgs>();
    auto* cmd = app.add_subcommand(
        "split", "Split one segment along its narrow necks (touching bones) by a watershed on the distance map");
    cmd->add_option("labels", args->input, "label map (.nii/.nii.gz/.seg.nrrd/...)")->required();
    cmd->add_option("--label", args->label, "the segment to split: label value or name")->required();
    cmd->add_option("--markers", args->markers, "one point per part, x,y,z;x,y,z (LPS mm); the first keeps the label");
    cmd->add_flag("--auto", args->automatic, "find the parts from the distance maxima instead of --markers");
    cmd->add_option("--min-size-mm", args->minSizeMm,
                    "with --auto: a part must hold a ball of this diameter and its neck be a quarter of it narrower");
    cmd->add_option("--names", args->names, "names of the parts, a,b,... (markers' order, equal names share a part; with --auto largest first)");
    cmd->add_option("--connectivity", args->connectivity, "26 (default) or 6");
    cmd->add_option("-o,--output", args->output, "label map to write (.nii, .nii.gz or .seg.nrrd)")->required();
    cmd->add_flag("--force", args->force, "allow the output to overwrite the input file");
    cmd->callback([args] { runSplit(*args); });
}

}  // namespace marrow::cli
