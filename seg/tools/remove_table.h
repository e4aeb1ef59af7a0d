#pragma once
// Remove table: one click finds the patient's body (the connected components of voxels
// >= minHu that hold bone and are not flat - torso and separated arms, not the table -
// holes filled; seg/algo/regions.h bodyMask) and erases every label
// outside it. The body mask is returned: the caller keeps it as the editable area of later
// edits (EditOptions::editableArea) and hands it to the 3D view to hide what lies outside
// (the scan table, clothes) - the step that takes four operations elsewhere.
#include "io/progress.h"
#include "seg/editor.h"

namespace marrow::tools {

struct RemoveTableParams {
    double minHu = -300;  // soft tissue and above
};

struct RemoveTableResult {
    EditResult edit;  // labels erased outside the body (often none yet)
    Mask body;        // on the volume's grid
};

RemoveTableResult removeTable(LabelMapEditor& editor, const Volume& ct, const RemoveTableParams& params = {},
                              const ProgressFn& progress = {});

}  // namespace marrow::tools
