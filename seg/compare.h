#pragma once
// Comparing two label maps on the same grid, label by label: how a teacher grades a
// student's segmentation and how a reviewer measures what a correction changed.
//
// Definitions (per label L; A_L = voxels of A equal to L, B_L likewise):
//   Dice       = 2 |A_L ∩ B_L| / (|A_L| + |B_L|)            (NaN when both are empty)
//   volumes    = voxel count * voxel volume, in millilitres (1 mL = 1000 mm^3);
//                difference = volume B - volume A
//   surface    = voxels of the set with at least one of their 6 face neighbours outside
//                the set (a voxel on the grid border counts its outside neighbour)
//   distances  = for every surface voxel of A, the Euclidean distance in mm between its
//                centre and the nearest surface-voxel centre of B (directed A->B), and the
//                same for B->A; spacing per axis is honoured (grid axes orthogonal)
//   HD95       = 95th percentile, nearest-rank, of the union (multiset) of both directed
//                distance sets: sort the n values ascending, take the ceil(0.95 n)-th
//   HD max     = the largest of those distances (classic symmetric Hausdorff distance)
// Both distances are 0 for identical sets, +infinity when exactly one set is empty and
// NaN when both are. Example (tests/unit/test_compare.cpp): a 10^3 cube against the same
// cube eroded by one voxel, 1 mm voxels: Dice = 1024/1512, HD95 = sqrt(2) mm, HD = sqrt(3) mm.
//
// Cost: one parallel pass for counts and bounding boxes, then per label two exact
// distance transforms (seg/distance_transform.h) restricted to the label's bounding box.
#include <cstdint>
#include <string>
#include <vector>

#include "io/label_table.h"
#include "io/volume.h"

namespace marrow {

struct LabelComparison {
    uint32_t label = 0;
    std::string name;
    size_t voxelsA = 0, voxelsB = 0, voxelsBoth = 0;
    double volumeAMl = 0, volumeBMl = 0, volumeDiffMl = 0;  // diff = B - A
    double dice = 0;
    double hd95Mm = 0, hdMaxMm = 0;
};

struct CompareOptions {
    std::vector<uint32_t> labels;  // labels to compare; empty = every label present in A or B
    bool distances = true;         // false: skip the Hausdorff distances (left NaN; fast Dice only)
};

// a and b: label volumes of any integer type (floats are cast as castToLabelVolume does).
// Throws marrow::Error (naming both geometries) when the grids differ. names supplies the
// label names in the result ("label N" for unknown ones).
std::vector<LabelComparison> compareLabelMaps(const Volume& a, const Volume& b, const LabelTable& names = {},
                                              const CompareOptions& options = {});

}  // namespace marrow
