// The label-map branch of `marrow convert` (src/cli/cmd_convert.cpp): NIfTI (+ names
// TSV), Slicer .seg.nrrd and TotalSegmentator mask folders, keeping values, names, colours.
#include <cstdio>
#include <filesystem>

#include "io/dicom_seg_reader.h"
#include "io/dicom_seg_writer.h"
#include "io/error.h"
#include "io/label_geometry.h"
#include "io/label_io.h"
#include "io/load.h"
#include "io/nrrd_io.h"
#include "src/cli/error_line.h"
#include "src/cli/label_convert.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

bool isDicomSegOutput(const std::string& output) {
    const std::string ext = std::filesystem::path(output).extension().string();
    return ext == ".dcm" || ext == ".DCM";
}

bool isLabelMapConversion(const LabelConvertArgs& args) {
    return args.labelmap || !args.names.empty() || !args.onto.empty() || isSegNrrdPath(args.input) ||
           isSegNrrdPath(args.output) || isDicomSegOutput(args.output) || isDicomSegFile(args.input);
}

void LabelConvertArgs::addOptions(CLI::App& cmd) {
    cmd.add_option("--labels", names, "Label map input: names file (TSV/CSV/ITK-SNAP); implies --labelmap");
    cmd.add_flag("--labelmap", labelmap,
                 "Treat input as a label map (NIfTI, .seg.nrrd, .nrrd or a folder of NIfTI masks) and keep its "
                 "names and colours; automatic when either side is .seg.nrrd");
    cmd.add_option("--onto,--reference", onto,
                   "Label map: image (NIfTI or DICOM folder) whose grid the output must have (same voxel centres in "
                   "another axis order are reordered exactly)");
    cmd.add_flag("--resample", resample, "With --onto: resample nearest-neighbour instead of refusing a mismatch");
    cmd.add_option("--seg-algorithm", segAlgorithm,
                   "DICOM-SEG output (*.dcm): SegmentAlgorithmType MANUAL, SEMIAUTOMATIC or AUTOMATIC")
        ->check(CLI::IsMember({"MANUAL", "SEMIAUTOMATIC", "AUTOMATIC"}));
    cmd.add_option("--seg-algorithm-name", segAlgorithmName, "DICOM-SEG output: SegmentAlgorithmName (e.g. TotalSegmentator)");
}

void convertLabelMap(const LabelConvertArgs& args) {
    if (isDicomSegOutput(args.output) && args.onto.empty())
        throw Error(args.output, "a DICOM-SEG output needs --reference DICOM_DIR (the series the labels were made on)");
    checkOutputs({{args.input, "input"}, {args.names, "--labels input"}, {args.onto, "--onto input"},
                  {labelMapSidecar(args.input), "label names input"}},
                 {{args.output, "output"}, {labelMapSidecar(args.output), "label names output"}}, args.force);
    FileInUse inUse(args.input);
    Volume image;
    if (!args.onto.empty()) {
        FileInUse reading(args.onto);
        image = loadVolume(args.onto);
    }
    LabelMapReadOptions read;
    read.namesPath = args.names;
    // A DICOM-SEG input lands on the --onto grid frame by frame (its own grid spans its frames only).
    if (!image.empty() && !args.resample) read.referenceGrid = &image.geometry();
    LabeledVolume lv = loadLabelMap(args.input, read);
    for (const auto& n : lv.notes) std::fprintf(stderr, "marrow: %s: %s\n", args.input.c_str(), n.c_str());
    if (!image.empty()) {
        std::vector<std::string> notes;
        lv.labels = placeOnGrid(std::move(lv.labels), image.geometry(), args.resample, args.input, &notes);
        for (const auto& n : notes) std::fprintf(stderr, "marrow: %s: %s\n", args.input.c_str(), n.c_str());
    }
    if (isDicomSegOutput(args.output)) {
        DicomSegWriteOptions o;
        o.algorithmType = args.segAlgorithm;
        o.algorithmName = args.segAlgorithmName;
        const DicomSegWriteResult r = writeDicomSeg(lv, image, args.output, o);
        for (const auto& w : r.warnings) std::fprintf(stderr, "marrow: warning: %s: %s\n", args.output.c_str(), w.c_str());
        std::printf("wrote %s: DICOM-SEG, %zu segments, %zu frames\n", args.output.c_str(), r.segments, r.frames);
        return;
    }
    const auto written = writeLabelMap(args.output, lv);
    std::printf("wrote %zu labels (%s) to", lv.table.size(), scalarName(lv.labels.type()));
    for (const auto& w : written) std::printf(" %s", w.c_str());
    std::printf("\n");
}

}  // namespace marrow::cli
