#pragma once
// Surface extraction: a closed, manifold, indexed triangle mesh around a voxel region,
// in LPS patient millimetres.
//
// Contract:
//  - The surface passes half-way between inside and outside voxel centres (iso-level 0.5
//    of the 0/1 field) for masks and labels; for extractIsoSurface it interpolates the
//    level linearly along each voxel edge. The grid is padded with outside voxels, so a
//    region touching the volume border is still closed there (half a voxel out).
//  - Every edge has exactly two triangles, triangles are counter-clockwise seen from
//    outside (outward normals), also when the direction matrix is a reflection.
//  - Vertices go through geometry.indexToPatient (direction cosines included).
//  - An empty region gives an empty mesh. Normals are not computed (mesh_processing.h).
// Progress stages: "surface" (fractions 0..1); a false return cancels (throws Cancelled).
#include <cstdint>

#include "io/mesh.h"
#include "io/progress.h"
#include "io/volume.h"
#include "seg/mask.h"

namespace marrow {

// Surface of the set voxels of a mask.
Mesh extractSurface(const Mask& mask, const ProgressFn& progress = {});

// Surface of the voxels equal to `label` in an integer label volume (uint8/int16/uint16/int32).
// Throws marrow::Error for a float volume.
Mesh extractLabelSurface(const Volume& labels, int64_t label, const ProgressFn& progress = {});

// Surface of the voxels with value >= level (e.g. bone at 150 HU), linearly interpolated.
Mesh extractIsoSurface(const Volume& volume, double level, const ProgressFn& progress = {});

// The piece of a label surface inside a window, for meshing a label map block by block
// (block_surfaces.h). The window holds (cubes[a] + 2) labels along each axis a, i fastest;
// its voxel (0,0,0) is voxel `origin` of geometry (origin may be -1 and the window may reach
// past the grid: the caller fills such voxels with 0, like the padding above). Emits the
// triangles of the marching cubes whose lower corner is origin + (0..cubes-1) on each axis:
// exactly the triangles extractLabelSurface emits for those cubes, with bit-identical
// vertex positions (so pieces of neighbouring windows meet exactly). The window's last
// layer only completes the crossing edges those cubes share. Vertices are shared inside the
// window only; the piece is open where the surface leaves the window.
Mesh extractLabelWindow(const uint8_t* window, const std::array<int, 3>& cubes, const Index3& origin,
                        const ImageGeometry& geometry, uint8_t label);

}  // namespace marrow
