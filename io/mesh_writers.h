#pragma once
// Mesh export: binary STL, OBJ (+ .mtl for colours), binary little-endian PLY, glTF/GLB.
//
// Input meshes are in LPS millimetres (io/mesh.h). The file gets LPS (default) or RAS
// (x and y negated; two sign flips keep handedness, so the winding stays outward), always
// in millimetres, and says which in the STL header, OBJ/PLY comments or glTF
// asset.extras ({"coordinateSystem":"LPS","units":"mm"}; note glTF's own convention is
// metres with +Y up, so a viewer may show the part 1000x large: printers and slicers
// expect millimetres). Several meshes go into one file: STL concatenates their triangles,
// OBJ writes one object each, PLY one vertex/face list with per-vertex colours, glTF one
// node, mesh and material (the segment colour) each, named after the segment.
// Every write is atomic (io/atomic_file.h); errors are marrow::Error "<path>: <problem>".
#include <cstdint>
#include <span>
#include <string>

#include "io/mesh.h"

namespace marrow {

enum class MeshFormat { Stl, Obj, Ply, Gltf, Glb };
enum class MeshFrame { Lps, Ras };

struct MeshWriteOptions {
    MeshFrame frame = MeshFrame::Lps;
};

// By extension (case-insensitive): .stl .obj .ply .gltf .glb; throws marrow::Error otherwise.
MeshFormat meshFormatFromPath(const std::string& path);
const char* meshFormatName(MeshFormat format);
const char* meshFrameName(MeshFrame frame);  // "LPS" / "RAS"

// Size in bytes the file will have: exact for STL and PLY, an estimate for OBJ (text:
// lines of a sample are formatted, within a few per cent) and glTF/GLB (the JSON part is estimated, the binary part is exact).
uint64_t estimateMeshFileSize(std::span<const Mesh> meshes, MeshFormat format, MeshFrame frame = MeshFrame::Lps);

// Writes all meshes into one file of the format its extension names.
void writeMeshes(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& options = {});

}  // namespace marrow
