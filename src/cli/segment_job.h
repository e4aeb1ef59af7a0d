#pragma once
// One `marrow segment` run as data, shared by `marrow segment` (from its flags) and
// `marrow batch` (from a pipeline JSON, once per study): the steps are parsed and run by
// the same code, so a pipeline file means exactly what the same flags mean to segment.
#include <string>

#include <nlohmann/json.hpp>

#include "seg/segment_pipeline.h"
#include "src/cli/mesh_output.h"

namespace marrow::cli {

// The pipeline steps as the user writes them (flags or JSON keys of the same names).
struct SegmentSteps {
    std::string threshold;  // "LO:HI" (empty: the pipeline's default)
    std::string keepAt;     // "X,Y,Z" in LPS mm
    std::string cropBox;    // "x0,y0,z0,x1,y1,z1" in LPS mm
    bool removeTable = false, keepLargest = false, fillHoles = false;
    double minIslandMm3 = 0, closeMm = 0, medianMm = 0;
    int connectivity = 26;
    bool stl = false;       // batch only: also write the surface (segment names the file with --stl)
    MeshPostOptions mesh;   // smoothing / decimation of the surface
};

// The pipeline options for steps; throws a one-line marrow::Error naming the option.
SegmentPipelineOptions pipelineOptions(const SegmentSteps& steps);

// A pipeline JSON object: the keys are segment's long flags without "--" ("threshold":
// "150:3071", "remove-table": true, "keep-largest", "keep-at", "min-island-mm3",
// "connectivity", "fill-holes", "close-mm", "median-mm", "crop-box", "stl": true,
// "smooth", "decimate"). Unknown keys and wrong types are refused (a typo must not
// silently drop a step). source names the file in messages.
SegmentSteps segmentStepsFromJson(const nlohmann::json& j, const std::string& source);

struct SegmentJob {
    std::string input, output, stl, report;  // stl / report: empty for none
    SegmentSteps steps;
    bool force = false;
    bool quiet = false;  // no per-file lines on stdout (batch runs studies in parallel)
};

// Checks the outputs (src/cli/output_guard.h), loads, runs the pipeline, writes the labels,
// the STL and the report (when named). Returns the report (also when none is written):
// input, series, warnings, steps, voxels, volume_ml, seconds. Throws marrow::Error.
nlohmann::json runSegmentJob(const SegmentJob& job);

}  // namespace marrow::cli
