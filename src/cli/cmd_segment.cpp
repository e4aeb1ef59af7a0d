// marrow segment INPUT -o LABELS.nii[.gz] [...] [--stl OUT.stl]: the automatic bone
// pipeline (seg/segment_pipeline.h) from the command line, with a JSON report and,
// optionally, the segment's surface for printing (the same output steps as `marrow mesh`).
#include "src/cli/commands.h"
#include "src/cli/segment_job.h"

namespace marrow::cli {

void addSegmentCommand(CLI::App& app) {
    auto args = std::make_shared<SegmentJob>();  // the flags fill a SegmentJob (segment_job.h)
    auto* cmd = app.add_subcommand(
        "segment",
        "Segment bone: [remove table] -> threshold -> [keep island] -> [remove small islands] -> [fill holes] -> "
        "[closing] -> [median] -> [crop box], in that order; writes labels on the input's grid");
    cmd->add_option("input", args->input, "CT: a DICOM folder/file, .nii/.nii.gz, .nrrd, or 'phantom'")->required();
    cmd->add_option("-o,--output", args->output, "Label map to write (.nii or .nii.gz)")->required();
    cmd->add_flag("--remove-table", args->steps.removeTable, "Find the body and keep labels only inside it");
    cmd->add_option("--threshold", args->steps.threshold,
                    "HU range LO:HI (default 150:3071, bone), or 'auto' (bone threshold from the scan's histogram, HI 3071); "
                    "write --threshold=-1000:-500 for negative LO");
    auto* largest = cmd->add_flag("--keep-largest", args->steps.keepLargest, "Keep only the largest island");
    auto* at = cmd->add_option("--keep-at", args->steps.keepAt, "Keep only the island at X,Y,Z (LPS mm)");
    largest->excludes(at);
    cmd->add_option("--min-island-mm3", args->steps.minIslandMm3, "Remove islands smaller than N mm^3");
    cmd->add_option("--connectivity", args->steps.connectivity, "Island connectivity: 26 (default) or 6");
    cmd->add_flag("--fill-holes", args->steps.fillHoles, "Fill enclosed 3D cavities");
    cmd->add_option("--close-mm", args->steps.closeMm, "Closing with this kernel radius (mm)");
    cmd->add_option("--median-mm", args->steps.medianMm, "Median (majority) with this kernel radius (mm)");
    cmd->add_option("--crop-box", args->steps.cropBox, "Keep only x0,y0,z0,x1,y1,z1 (LPS mm), applied last");
    cmd->add_option("--report", args->report, "Write a JSON report (volume, per-step timings)");
    auto* stl = cmd->add_option("--stl", args->stl, "Also write the segment's surface as STL (LPS mm)");
    cmd->add_option("--smooth", args->steps.mesh.smooth, "With --stl: Taubin smoothing iterations (0: none)")
        ->check(CLI::Range(0, 1000))
        ->needs(stl);
    cmd->add_option("--decimate", args->steps.mesh.decimate, "With --stl: keep this fraction of triangles (0..1]")->needs(stl);
    cmd->add_flag("--force", args->force, "Allow an output to overwrite an input file");
    cmd->callback([args] { runSegmentJob(*args); });
}

}  // namespace marrow::cli
