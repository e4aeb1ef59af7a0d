#pragma once
// The mesh output steps shared by `marrow mesh` and `marrow segment --stl`: optional
// post-processing (largest piece, Taubin smoothing, decimation, normals) and, per surface,
// the report line users read before printing (triangles, file size, closed / manifold).
#include <span>

#include "io/mesh.h"
#include "io/mesh_writers.h"

namespace marrow::cli {

struct MeshPostOptions {
    bool keepLargest = false;
    int smooth = 0;         // Taubin iterations (0: none)
    double decimate = 1.0;  // fraction of triangles kept, (0, 1]
};

// Throws marrow::Error (naming the option) when decimate is outside (0, 1] or smooth < 0.
void validateMeshPostOptions(const MeshPostOptions& options);
// Applies the options in order (largest piece, smoothing, decimation) and computes vertex
// normals for formats that carry them (not STL).
void postProcessMesh(Mesh& mesh, const MeshPostOptions& options, MeshFormat format);
// Prints "<name> <triangles> triangles <size> closed yes|NO manifold yes|NO <n> part(s)
// volume <v> mm3"; returns whether the surface is a 2-manifold.
bool printMeshReport(const Mesh& mesh, MeshFormat format, MeshFrame frame);
// Writes the file and prints "wrote <path> (<format>, <n> segment(s), <frame> millimetres, <size>)".
void writeMeshFileAndReport(const std::string& path, std::span<const Mesh> meshes, MeshFormat format, MeshFrame frame);

}  // namespace marrow::cli
