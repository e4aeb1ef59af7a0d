#pragma once
// Label-map conversion shared by `marrow convert-labels` and (once it exists on main)
// `marrow convert`: NIfTI <-> Slicer .seg.nrrd <-> mask folder, keeping label values,
// names and colours, optionally resampled onto an image's grid.
#include <string>

#include <CLI/CLI.hpp>

namespace marrow::cli {

struct LabelConvertArgs {
    std::string input, output;
    std::string names;  // --labels: names file for the input
    std::string onto;   // --onto: image (CT file or DICOM folder) whose grid the output must have
    bool resample = false;  // with --onto: resample nearest-neighbour instead of refusing a mismatch
    bool labelmap = false;  // --labelmap: label semantics without a names file
    bool force = false;     // --force: the output may overwrite an input
    std::string segAlgorithm = "MANUAL";  // DICOM-SEG output: --seg-algorithm TYPE
    std::string segAlgorithmName;         // --seg-algorithm-name

    // Adds --labels, --labelmap, --onto and --resample to a command.
    void addOptions(CLI::App& cmd);
};

// True when the output is a DICOM-SEG file (*.dcm): written on the --onto image's grid,
// referencing that DICOM series (io/dicom_seg_writer.h).
bool isDicomSegOutput(const std::string& output);

// True when the conversion involves a label map by its file name (.seg.nrrd on either
// side, a .dcm output, a DICOM-SEG input) or the caller asked for label semantics (--labels, --labelmap or --onto given).
bool isLabelMapConversion(const LabelConvertArgs& args);

// Refuses outputs that are inputs (src/cli/output_guard.h), reads (any format loadLabelMap
// reads), checks or resamples, writes; prints what it did. Throws marrow::Error.
void convertLabelMap(const LabelConvertArgs& args);

}  // namespace marrow::cli
