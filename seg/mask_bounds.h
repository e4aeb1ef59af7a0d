#pragma once
// The box that holds a mask's set voxels (remove table's crop box for the 3D view).
#include "seg/label_map.h"
#include "seg/mask.h"

namespace marrow {

// The smallest box holding every set voxel; empty when none is set. Scans whole rows
// (std::find from both ends), not voxel by voxel.
VoxelBox maskBounds(const Mask& mask);

}  // namespace marrow
