#pragma once
// Run-length-coded difference between two versions of one LabelMap tile: the payload of
// an undo record. Only voxels that changed are stored, as runs of equal (before, after)
// pairs after a skip over unchanged voxels:
//     repeat { varint skip; varint count; Label before; Label after }
// A 10 mm brush dab on an empty tile costs about one run per touched row (a few hundred
// bytes); a tile that did not change costs nothing (no TileDiff at all).
// Decoding writes either side, so undo and redo restore bit-exactly.
#include <cstdint>
#include <vector>

#include "seg/label_map.h"

namespace marrow {

struct TileDiff {
    uint32_t tile = 0;           // tile index in the LabelMap
    std::vector<uint8_t> runs;   // the encoded runs (never empty)
};

struct TileDiffStats {
    size_t changedVoxels = 0;
    VoxelBox changedLocal;  // changed voxels' box in tile-local coordinates (0..31)
};

// Encodes after-vs-before for one tile; before or after may be nullptr (all zero).
// Returns an empty vector when nothing changed.
std::vector<uint8_t> encodeTileDiff(const Label* before, const Label* after, TileDiffStats* stats = nullptr);

// Whether runs decode within one tile (every run inside the 32^3 voxels, no number or
// label past the end): for runs read from a file (the recovery journal), before applying.
bool isValidTileDiff(const std::vector<uint8_t>& runs);

// Writes the "before" (undo) or "after" (redo) values of every run into tile.
void applyTileDiff(const std::vector<uint8_t>& runs, Label* tile, bool useAfter);

}  // namespace marrow
