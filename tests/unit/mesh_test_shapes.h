#pragma once
// Voxelised shapes for the mesh tests: a voxel is set when its centre lies inside.
#include <cmath>

#include "io/geometry.h"
#include "seg/mask.h"

namespace marrow::test {

inline Mask sphereMask(const ImageGeometry& g, Vec3 centreMm, double radiusMm) {
    Mask m(g);
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i)
                m.at(i, j, k) = norm(g.indexToPatient({double(i), double(j), double(k)}) - centreMm) <= radiusMm;
    return m;
}

// Voxels lo..hi inclusive (index space).
inline Mask boxMask(const ImageGeometry& g, Index3 lo, Index3 hi) {
    Mask m(g);
    for (int64_t k = lo[2]; k <= hi[2]; ++k)
        for (int64_t j = lo[1]; j <= hi[1]; ++j)
            for (int64_t i = lo[0]; i <= hi[0]; ++i) m.at(i, j, k) = 1;
    return m;
}

}  // namespace marrow::test
