// marrow convert IN OUT.nii[.gz]: any volume loadVolume reads (DICOM file or folder,
// NIfTI, "phantom") written as NIfTI-1 with its exact geometry. Label maps (.seg.nrrd on
// either side, a DICOM-SEG .dcm output or input, or --labels/--labelmap) go through
// src/cli/label_convert.h instead.
#include <cstdio>
#include <string>

#include "io/load.h"
#include "io/nifti_io.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/label_convert.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

void addConvertCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("convert", "Write a volume (DICOM, NIfTI, NRRD or 'phantom') as NIfTI, or a label map as NIfTI, .seg.nrrd or DICOM-SEG (.dcm, with --reference)");
    auto input = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    cmd->add_option("input", *input, "DICOM file or folder, .nii/.nii.gz, .nrrd, .seg.nrrd, mask folder, or 'phantom'")->required();
    cmd->add_option("output", *output, "output .nii or .nii.gz (label maps: also .seg.nrrd, or DICOM-SEG .dcm with --reference)")->required();
    auto labels = std::make_shared<LabelConvertArgs>();
    labels->addOptions(*cmd);
    cmd->add_flag("--force", labels->force, "Allow the output to overwrite an input file");
    cmd->callback([input, output, labels] {
        labels->input = *input;
        labels->output = *output;
        if (isLabelMapConversion(*labels)) return convertLabelMap(*labels);
        // Check the output name before a possibly long load.
        if (!isNiftiPath(*output)) throw Error(*output, "output name must end in .nii or .nii.gz");
        checkOutputs({{*input, "input"}}, {{*output, "output"}}, labels->force);
        FileInUse inUse(*input);
        const Volume v = loadVolume(*input);
        writeNifti(v, *output);
        for (const std::string& w : v.loadWarnings())
            std::fprintf(stderr, "marrow: warning: %s: %s\n", input->c_str(), w.c_str());
        std::printf("wrote %s: %s, %s\n", output->c_str(), scalarName(v.type()), v.geometry().describe().c_str());
    });
}

}  // namespace marrow::cli
