// marrow phantom OUT.nii.gz|--dicom FOLDER [--labels L.nii.gz] [--size N] [--seed S] [--noise-hu H]: writes the
// embedded procedural torso (int16 HU) and optionally its exact bone label map (uint8),
// named: "1 bone" in the header's label table and in "<stem>.tsv" beside it (without the
// names, a reader would fall back to the TotalSegmentator table and call label 1 "spleen").
#include <cstdio>
#include <string>

#include "io/dicom_writer.h"
#include "io/label_io.h"
#include "io/load.h"
#include "io/nifti_io.h"
#include "io/phantom.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/output_guard.h"

namespace marrow::cli {

namespace {

// The joined-bones phantom (io/phantom.h): CT, and labels "1 bone" for the union of both balls
// and the neck; the ball centres on stdout ("centre A: x,y,z") for the split's markers.
template <class Args>
void writeJoinedBones(const Args& args) {
    JoinedBonesOptions o;
    o.seed = args.options.seed;
    const JoinedBonesPhantom p = makeJoinedBonesPhantom(o);
    writeNifti(p.ct, args.output);
    std::printf("wrote %s: %s\n", args.output.c_str(), p.ct.geometry().describe().c_str());
    std::printf("centre A: %g,%g,%g\ncentre B: %g,%g,%g\n", p.centreAMm.x, p.centreAMm.y, p.centreAMm.z, p.centreBMm.x,
                p.centreBMm.y, p.centreBMm.z);
    if (args.labels.empty()) return;
    LabeledVolume bones;
    bones.labels = Volume(p.truth.geometry(), ScalarType::UInt8);
    const uint8_t* t = p.truth.data<uint8_t>();
    uint8_t* b = bones.labels.template data<uint8_t>();
    for (size_t v = 0; v < p.truth.geometry().voxelCount(); ++v) b[v] = t[v] != 0;
    bones.table.set(1, "bone");
    for (const auto& file : writeLabelMap(args.labels, bones)) std::printf("wrote %s: bone labels (1 = bone)\n", file.c_str());
}

}  // namespace

void addPhantomCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("phantom", "Write the procedural CT torso phantom as NIfTI");
    struct Args {
        std::string output, labels;
        PhantomOptions options;
        bool joinedBones = false;
        bool dicom = false;
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("output", args->output, "output CT .nii or .nii.gz")->required();
    cmd->add_option("--labels", args->labels, "also write the bone label map here (.nii/.nii.gz)");
    cmd->add_option("--size", args->options.size, "voxels per axis (cubic grid, 400 mm field of view)")
        ->check(CLI::Range(8, 1024));
    cmd->add_option("--seed", args->options.seed, "noise seed");
    cmd->add_flag("--joined-bones", args->joinedBones,
                  "instead: two bone balls (radius 7 and 13 mm) joined by a neck, for `marrow split`; prints their centres");
    cmd->add_option("--noise-hu", args->options.noiseHu, "noise standard deviation in HU (0: none)")
        ->check(CLI::Range(0.0, 1000.0));
    cmd->add_flag("--dicom", args->dicom, "write the CT as a DICOM series into the folder OUTPUT instead");
    cmd->callback([args] {
        if (!args->dicom && !isNiftiPath(args->output)) throw Error(args->output, "output name must end in .nii or .nii.gz");
        if (!args->labels.empty() && !isNiftiPath(args->labels))
            throw Error(args->labels, "output name must end in .nii or .nii.gz");
        checkOutputs({}, {{args->output, "CT output"}, {args->labels, "--labels output"},
                          {labelMapSidecar(args->labels), "label names output"}}, false);
        FileInUse making(args->output);  // an out-of-memory error names the file being made
        if (args->joinedBones) {
            writeJoinedBones(*args);
            return;
        }
        const Phantom p = makePhantom(args->options);
        if (args->dicom) writeDicomSeries(p.ct, args->output, {.description = "marrow phantom"});
        else writeNifti(p.ct, args->output);
        std::printf("wrote %s: %s\n", args->output.c_str(), p.ct.geometry().describe().c_str());
        if (!args->labels.empty()) {
            LabeledVolume bones;
            bones.labels = p.bones;
            bones.table.set(1, "bone");
            for (const auto& file : writeLabelMap(args->labels, bones))
                std::printf("wrote %s: bone labels (1 = bone)\n", file.c_str());
        }
    });
}

}  // namespace marrow::cli
