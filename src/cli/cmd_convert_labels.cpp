// marrow convert-labels IN OUT: label maps between NIfTI (+ names TSV), Slicer .seg.nrrd
// and TotalSegmentator mask folders, keeping values, names and colours.
#include <cstdio>

#include "io/error.h"
#include "io/label_geometry.h"
#include "io/label_io.h"
#include "io/load.h"
#include "io/nrrd_io.h"
#include "src/cli/commands.h"
#include "src/cli/label_convert.h"

namespace marrow::cli {

bool isLabelMapConversion(const std::string& input, const std::string& output, bool labelsOption) {
    return labelsOption || isSegNrrdPath(input) || isSegNrrdPath(output);
}

void convertLabelMap(const LabelConvertArgs& args) {
    LabeledVolume lv = readLabelMap(args.input, args.names);
    for (const auto& n : lv.notes) std::fprintf(stderr, "marrow: %s: %s\n", args.input.c_str(), n.c_str());
    if (!args.onto.empty()) {
        const Volume image = loadVolume(args.onto);
        std::vector<std::string> notes;
        lv.labels = placeOnGrid(std::move(lv.labels), image.geometry(), args.resample, args.input, &notes);
        for (const auto& n : notes) std::fprintf(stderr, "marrow: %s: %s\n", args.input.c_str(), n.c_str());
    }
    const auto written = writeLabelMap(args.output, lv);
    std::printf("wrote %zu labels (%s) to", lv.table.size(), scalarName(lv.labels.type()));
    for (const auto& w : written) std::printf(" %s", w.c_str());
    std::printf("\n");
}

void addConvertLabelsCommand(CLI::App& app) {
    auto args = std::make_shared<LabelConvertArgs>();
    auto* cmd = app.add_subcommand("convert-labels", "Convert a label map (NIfTI, .seg.nrrd, mask folder) keeping names and colours");
    cmd->add_option("input", args->input, "Label map: .nii/.nii.gz, .seg.nrrd, .nrrd or a folder of NIfTI masks")->required();
    cmd->add_option("output", args->output, "Output: .nii/.nii.gz (+ .tsv names beside it) or .seg.nrrd")->required();
    cmd->add_option("--labels", args->names, "Names file for the input (TSV/CSV/ITK-SNAP)");
    cmd->add_option("--onto", args->onto, "Image (NIfTI or DICOM folder) whose grid the output must have (same voxel centres in another axis order are reordered exactly)");
    cmd->add_flag("--resample", args->resample, "With --onto: resample nearest-neighbour instead of refusing a mismatch");
    cmd->callback([args] { convertLabelMap(*args); });
}

}  // namespace marrow::cli
