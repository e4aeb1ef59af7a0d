#pragma once
// LabeledVolume: a label map (integer voxels, one label number per voxel, 0 = background)
// with the names and colours of its labels, as read from or written to a file.
#include <string>
#include <vector>

#include "io/label_table.h"
#include "io/volume.h"

namespace marrow {

struct LabeledVolume {
    Volume labels;  // UInt8 or UInt16 after loading
    LabelTable table;
    // What the loader decided on the user's behalf, one line each: where the names came
    // from, casts of float maps, overlapping masks. The UI shows them; the CLI prints them.
    std::vector<std::string> notes;
};

// Turns any Volume into a UInt8/UInt16 label volume, never refusing:
//   - UInt8/UInt16 stay as they are (copied);
//   - integer values (any type) in [0, 65535] keep their values (UInt8 when max <= 255);
//   - a non-integral map within [0, 1] (probabilities) becomes 1 where value >= threshold;
//   - other fractional values round to the nearest integer; negatives become 0 and
//     values above 65535 become 65535.
// Each non-trivial cast adds one line to notes (when given). TBB-parallel.
Volume castToLabelVolume(const Volume& v, std::vector<std::string>* notes = nullptr,
                         double probabilityThreshold = 0.5);

// Label values present in the volume (> 0), ascending, with their voxel counts.
std::vector<std::pair<uint32_t, size_t>> labelHistogram(const Volume& labels);

}  // namespace marrow
