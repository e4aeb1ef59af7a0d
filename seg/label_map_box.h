#pragma once
// Reading a box of a LabelMap into a dense buffer (the label texture's dirty-box upload).
#include "seg/label_map.h"

namespace marrow {

// The labels of box (clipped to the grid) into out, i fastest, box-local: whole tile rows
// at a time, tiles in parallel. Same as at() voxel by voxel, several times faster.
void copyLabelBox(const LabelMap& map, const VoxelBox& box, Label* out);

}  // namespace marrow
