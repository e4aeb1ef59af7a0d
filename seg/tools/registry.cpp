#include "seg/tools/registry.h"

#include <cstring>

namespace marrow::tools {

namespace {

constexpr ToolInfo kTools[] = {
    {"threshold", "Threshold", "Voxels in an intensity (HU) range become the segment, optionally inside a box; live preview"},
    {"grow_from_seeds", "Grow from seeds", "Paint strokes in two or more segments: every voxel goes to the segment whose seeds reach it along the cheapest path; incremental preview"},
    {"grow", "Local threshold", "Click a voxel: the connected region in the HU range, not leaking through thin contacts"},
    {"remove_table", "Remove table", "Find the body and clear everything outside it (scan table, clothes)"},
    {"paint", "Paint / erase", "Sphere or disk brush, radius in mm, gap-free along the stroke"},
    {"scissors", "Scissors", "Lasso or rectangle in a slice or the 3D view: erase inside, erase outside, fill inside"},
    {"split_watershed", "Split segment", "Split touching bones along their necks: watershed on the distance map from clicked or automatic markers"},
    {"islands", "Islands", "Keep largest, keep the clicked island, remove small islands, split into segments"},
    {"smoothing", "Smoothing", "Closing, opening, dilate, erode, median (kernel in mm); fill holes per slice or in 3D"},
    {"slice_marking", "Slice marking", "Fill or erase a contour on a slice, then fill between the marked slices"},
    {"statistics", "Statistics", "Per segment: voxels, volume in mL, mean/min/max HU, bounding box in mm"},
};

}  // namespace

std::span<const ToolInfo> toolRegistry() { return kTools; }

const ToolInfo* findTool(const char* id) {
    for (const ToolInfo& t : kTools)
        if (std::strcmp(t.id, id) == 0) return &t;
    return nullptr;
}

}  // namespace marrow::tools
