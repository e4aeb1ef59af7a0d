#pragma once
// Connected components of a binary Mask (seg/mask.h). Islands are 26-connected unless
// told otherwise. All functions are TBB-parallel and deterministic (same result with
// any thread count). They label runs (stretches along i), not voxels: transient memory
// is 12 bytes per run + 4 per row (3.7 MB, 0.04x the mask, on a 512x512x400 bone mask);
// it could only pass 4x the mask for masks that alternate voxel by voxel along i.
#include <cstddef>
#include <cstdint>

#include "io/volume.h"
#include "seg/mask.h"

namespace marrow {

enum class Connectivity { Six = 6, TwentySix = 26 };

// Keeps only the largest island (ties: the one whose first voxel comes first in memory).
Mask keepLargestComponent(const Mask& mask, Connectivity c = Connectivity::TwentySix);
// Keeps only the island containing seed; an all-zero mask when seed is unset or outside.
Mask keepComponentAt(const Mask& mask, Index3 seed, Connectivity c = Connectivity::TwentySix);
// Removes islands with fewer than minVoxels voxels.
Mask removeSmallComponents(const Mask& mask, size_t minVoxels, Connectivity c = Connectivity::TwentySix);
// Labels islands 1..n by decreasing size (ties by first voxel in memory), at most
// maxComponents of them (smaller ones become 0; the cap is at most 65535). Returns a
// UInt16 volume on mask.geometry. componentCount receives the number of islands found,
// including those beyond the cap.
Volume splitComponents(const Mask& mask, int maxComponents, Connectivity c = Connectivity::TwentySix,
                       int* componentCount = nullptr);

}  // namespace marrow
