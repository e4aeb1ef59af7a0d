// `marrow info PATH`: a JSON summary of a volume (geometry in LPS mm, value statistics,
// load warnings) and, for DICOM input, the list of series found under PATH.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/dicom_reader.h"
#include "io/load.h"
#include "io/volume_stats.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/json_text.h"

namespace marrow::cli {

namespace {

struct InfoArgs {
    std::string path;
    bool seriesOnly = false;
    std::string seriesUid;
    int seriesIndex = -1;
    std::vector<std::string> voxels;  // "i,j,k" each
};

bool isDicomInput(const std::string& path) { return inputKind(path) == InputKind::Dicom; }

nlohmann::json seriesJson(const std::vector<DicomSeriesInfo>& series) {
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        list.push_back({{"index", i},
                        {"uid", s.uid},
                        {"modality", s.modality},
                        {"description", s.description},
                        {"slices", s.slices},
                        {"rows", s.rows},
                        {"columns", s.columns},
                        {"transfer_syntax", s.transferSyntax}});
    }
    return list;
}

nlohmann::json vec(const Vec3& v) { return {v.x, v.y, v.z}; }

// Values at given voxel indices, with their LPS position: lets scripts compare voxels
// against an independent decoder without a second tool.
nlohmann::json voxelsJson(const Volume& v, const std::vector<std::string>& specs) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& spec : specs) {
        long long i = 0, j = 0, k = 0;
        char tail = 0;
        if (std::sscanf(spec.c_str(), "%lld,%lld,%lld%c", &i, &j, &k, &tail) != 3)
            throw Error(spec, "--voxel takes I,J,K (three integers)");
        if (!v.geometry().contains(i, j, k)) throw Error(spec, "voxel is outside the volume " + v.geometry().describe());
        list.push_back({{"ijk", {i, j, k}},
                        {"lps", vec(v.geometry().indexToPatient({double(i), double(j), double(k)}))},
                        {"value", v.valueAt(i, j, k)}});
    }
    return list;
}

void runInfo(const InfoArgs& a) {
    FileInUse inUse(a.path);
    nlohmann::json out;
    out["path"] = a.path;
    std::vector<DicomSeriesInfo> series;
    if (isDicomInput(a.path)) {
        std::error_code ec;
        if (!std::filesystem::exists(a.path, ec)) throw Error(a.path, "no such file or folder");
        series = scanDicom(a.path);
        out["series"] = seriesJson(series);
        out["default_series"] = defaultSeriesIndex(series);
    }
    if (a.seriesOnly) {
        if (!isDicomInput(a.path)) throw Error(a.path, "--series lists DICOM series; this input is not DICOM");
        std::printf("%s\n", jsonText(out).c_str());
        return;
    }

    LoadOptions options;
    options.seriesUid = a.seriesUid;
    options.seriesIndex = a.seriesIndex;
    const Volume v = loadVolume(a.path, options);
    const ImageGeometry& g = v.geometry();
    out["dims"] = {g.dim(0), g.dim(1), g.dim(2)};
    out["spacing"] = vec(g.spacing());
    out["origin"] = vec(g.origin());
    // Row-major 3x3; column c is the LPS direction of index axis c (i, j, k).
    out["direction"] = {vec({g.direction().m[0][0], g.direction().m[0][1], g.direction().m[0][2]}),
                        vec({g.direction().m[1][0], g.direction().m[1][1], g.direction().m[1][2]}),
                        vec({g.direction().m[2][0], g.direction().m[2][1], g.direction().m[2][2]})};
    out["frame"] = "LPS";
    out["modality"] = v.modality();
    out["scalar_type"] = scalarName(v.type());
    auto units = v.meta.find("units");
    out["units"] = units == v.meta.end() ? "" : units->second;

    const VolumeStats s = computeVolumeStats(v);
    nlohmann::json values = {{"min", s.min}, {"max", s.max}, {"mean", s.mean}, {"exact_percentiles", s.exact}};
    for (size_t q = 0; q < kStatsPercentiles.size(); ++q)
        values["p" + std::to_string(int(kStatsPercentiles[q]))] = s.percentiles[q];
    out["values"] = values;

    nlohmann::json warnings = nlohmann::json::array(), meta = nlohmann::json::object();
    for (const std::string& text : v.loadWarnings()) warnings.push_back(text);
    for (const auto& [key, value] : v.meta)
        if (key.rfind("warning.", 0) != 0) meta[key] = value;
    if (!a.voxels.empty()) out["voxels"] = voxelsJson(v, a.voxels);
    out["warnings"] = warnings;
    out["meta"] = meta;
    std::printf("%s\n", jsonText(out).c_str());
}

}  // namespace

void addInfoCommand(CLI::App& app) {
    auto args = std::make_shared<InfoArgs>();
    auto* cmd = app.add_subcommand("info", "Print a JSON summary of a volume (DICOM folder or file, NIfTI, NRRD, .seg.nrrd, mask folder, phantom)");
    cmd->add_option("path", args->path, "DICOM folder or file, .nii/.nii.gz, .nrrd, .seg.nrrd, mask folder, or 'phantom'")->required();
    cmd->add_flag("--series", args->seriesOnly, "Only list the DICOM series found under PATH");
    cmd->add_option("--series-uid", args->seriesUid, "Load the DICOM series with this SeriesInstanceUID");
    cmd->add_option("--series-index", args->seriesIndex, "Load the DICOM series with this index in the list");
    cmd->add_option("--voxel", args->voxels, "Also print the value at voxel I,J,K (repeatable)");
    cmd->callback([args] { runInfo(*args); });
}

}  // namespace marrow::cli
