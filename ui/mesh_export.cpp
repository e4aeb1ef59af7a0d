#include "ui/mesh_export.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <span>

#include "io/atomic_file.h"
#include "io/error.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"

namespace marrow::ui {
namespace fs = std::filesystem;

namespace {

struct PlannedFile {
    std::string path;
    Mesh mesh;
};

// Share of the progress bar the writing takes (meshing dominates).
constexpr double kMeshingShare = 0.9;

// Writes files[i..] each to a temporary name, and renames them only after the last one is
// complete: a cancel or an error anywhere removes every temporary file (writeFileAtomically
// cleans up on the way out) and no target is touched.
void writeAllOrNothing(std::vector<PlannedFile>& files, size_t i, const ProgressFn& progress) {
    if (i == files.size()) return;
    writeFileAtomically(files[i].path, [&](const std::string& tmp) {
        reportProgress(progress, kMeshingShare + (1 - kMeshingShare) * double(i) / double(files.size()),
                       "writing " + fs::path(files[i].path).filename().string());
        writeMeshes(tmp, std::span(&files[i].mesh, 1), {MeshFrame::Lps});
        writeAllOrNothing(files, i + 1, progress);
    });
}

std::vector<Label> chosenSegments(const LabelMap& map, const MeshExportOptions& o) {
    if (!o.segments.empty()) return o.segments;
    std::vector<Label> ids;
    for (const Segment& s : map.segments())
        if (s.visible) ids.push_back(s.id);
    return ids;
}

}  // namespace

const char* meshFormatExtension(MeshFormat format) {
    switch (format) {
        case MeshFormat::Stl: return ".stl";
        case MeshFormat::Obj: return ".obj";
        case MeshFormat::Ply: return ".ply";
        case MeshFormat::Gltf: return ".gltf";
        case MeshFormat::Glb: return ".glb";
    }
    return ".stl";
}

std::string meshExportPath(const MeshExportOptions& o, const Segment& seg) {
    std::string safe = seg.name.empty() ? "segment" + std::to_string(seg.id) : seg.name;
    for (char& c : safe)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    return (fs::path(o.folder) / (o.stem + "_" + safe + meshFormatExtension(o.format))).string();
}

std::vector<std::string> exportSegmentMeshes(const Document& doc, const MeshExportOptions& o, const ProgressFn& progress) {
    cli::validateMeshPostOptions(o.post);
    std::error_code ec;
    fs::create_directories(o.folder, ec);
    if (!fs::is_directory(o.folder)) throw Error(o.folder, "cannot create the mesh output folder");
    const LabelMap& map = doc.labels();
    const std::vector<Label> ids = chosenSegments(map, o);
    std::vector<PlannedFile> files;
    for (size_t n = 0; n < ids.size(); ++n) {
        const Segment* seg = map.segment(ids[n]);
        if (!seg) throw Error("", "no segment " + std::to_string(ids[n]) + " to export");
        const double from = kMeshingShare * double(n) / double(ids.size());
        const double span = kMeshingShare / double(ids.size());
        const std::string stage = "meshing " + seg->name;
        reportProgress(progress, from, stage);
        // The extraction reports its own [0, 1]; mapped onto this segment's share.
        Mesh mesh = extractSurface(map.segmentMask(seg->id), [&](double f, const std::string&) {
            return !progress || progress(from + 0.8 * span * f, stage);
        });
        if (mesh.triangles.empty()) continue;
        mesh.name = seg->name;
        reportProgress(progress, from + 0.8 * span, "smoothing " + seg->name);
        cli::postProcessMesh(mesh, o.post, o.format);
        files.push_back({meshExportPath(o, *seg), std::move(mesh)});
    }
    writeAllOrNothing(files, 0, progress);
    reportProgress(progress, 1.0, "done");
    std::vector<std::string> report;
    for (const PlannedFile& f : files) {
        const MeshReport r = analyzeMesh(f.mesh);
        char line[512];
        std::snprintf(line, sizeof line, "%s: %zu triangles, %.1f MB, closed %s, manifold %s", f.path.c_str(), r.triangles,
                      double(fs::file_size(f.path, ec)) / 1e6, r.closed() ? "yes" : "NO", r.manifold() ? "yes" : "NO");
        report.push_back(line);
    }
    if (report.empty()) report.push_back("nothing to export: no chosen segment has voxels");
    return report;
}

}  // namespace marrow::ui
