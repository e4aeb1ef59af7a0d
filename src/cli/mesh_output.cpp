#include "src/cli/mesh_output.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include "io/error.h"
#include "seg/mesh/mesh_processing.h"

namespace marrow::cli {
namespace {

std::string megabytes(uint64_t bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f MB", double(bytes) / 1e6);
    return b;
}

}  // namespace

void validateMeshPostOptions(const MeshPostOptions& o) {
    if (!(o.decimate > 0 && o.decimate <= 1)) throw Error("", "--decimate must be in (0, 1]");
    if (o.smooth < 0) throw Error("", "--smooth must be a non-negative number of iterations");
}

void postProcessMesh(Mesh& m, const MeshPostOptions& o, MeshFormat format) {
    if (o.keepLargest) keepLargestComponent(m);
    if (o.smooth > 0) smoothMesh(m, {.iterations = o.smooth});
    if (o.decimate < 1) decimateMesh(m, o.decimate);
    if (format != MeshFormat::Stl) computeNormals(m);  // STL carries face normals only
}

bool printMeshReport(const Mesh& m, MeshFormat format, MeshFrame frame) {
    const MeshReport r = analyzeMesh(m);
    std::printf("%-12s %9zu triangles  %10s  closed %-3s manifold %-3s  %d part(s)  volume %.1f mm3\n", m.name.c_str(),
                r.triangles, megabytes(estimateMeshFileSize(std::span(&m, 1), format, frame)).c_str(),
                r.closed() ? "yes" : "NO", r.manifold() ? "yes" : "NO", int(r.components), r.volumeMm3);
    return r.manifold();
}

void writeMeshFileAndReport(const std::string& path, std::span<const Mesh> meshes, MeshFormat format, MeshFrame frame) {
    writeMeshes(path, meshes, {frame});
    std::printf("wrote %s (%s, %zu segment(s), %s millimetres, %s)\n", path.c_str(), meshFormatName(format), meshes.size(),
                meshFrameName(frame), megabytes(std::filesystem::file_size(path)).c_str());
}

}  // namespace marrow::cli
