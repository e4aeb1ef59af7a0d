#pragma once
// The viewer's mesh export (the Export dialog, the bone sequence's last step and the
// headless --export-stl): one file per chosen segment, "<folder>/<stem>_<segment>.<ext>",
// made the way `marrow mesh` makes it (surface at the voxel boundary, then the CLI's
// post-processing: largest piece, Taubin smoothing, decimation, normals), LPS mm.
// It runs on the background job: progress goes through a ProgressFn, and a cancel (or an
// error) leaves no file behind: every file is written to a temporary name first and all
// are renamed only when the last one is complete (io/atomic_file.h), so existing files of
// the same names stay untouched.
#include <string>
#include <vector>

#include "io/mesh_writers.h"
#include "io/progress.h"
#include "seg/document.h"
#include "src/cli/mesh_output.h"

namespace marrow::ui {

struct MeshExportOptions {
    std::string folder;  // created when missing
    std::string stem;    // file name prefix, e.g. the image's name
    MeshFormat format = MeshFormat::Stl;
    cli::MeshPostOptions post{.smooth = 10};  // the viewer's default: lightly smoothed
    std::vector<Label> segments;              // empty: every visible segment
};

const char* meshFormatExtension(MeshFormat format);  // ".stl", ".obj", ".ply", ".gltf", ".glb"
// "<folder>/<stem>_<segment name, unsafe characters as _><ext>"
std::string meshExportPath(const MeshExportOptions& options, const Segment& segment);

// Meshes and writes the chosen, non-empty segments; returns one report line per file
// ("<path>: <n> triangles, <MB>, closed yes|NO, manifold yes|NO"), or one line saying
// nothing had voxels. Progress is monotone over [0, 1]. Throws marrow::Cancelled when
// progress asks to stop, marrow::Error on a bad option or a folder that cannot be written;
// either way no file of this export exists afterwards.
std::vector<std::string> exportSegmentMeshes(const Document& doc, const MeshExportOptions& options,
                                             const ProgressFn& progress = {});

}  // namespace marrow::ui
