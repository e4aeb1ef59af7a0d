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

}  // namespace marrow
