#pragma once
// The bone-like mask of the mesh benchmarks: on a 512x512x400 CT grid (0.7 x 0.7 x 1 mm), a
// cortical shell (hollow elliptic cylinder with windows, the pelvis/skull wall), 15 pairs of
// ribs (elliptic tori) and a spine of vertebral bodies with holes; about 2 M triangles, like
// the bone mask of a torso CT. Vertebral body n (k in [26n - 13, 26n + 7)) is a disc of
// radius 22 voxels centred on voxel (255.5, 375.5).
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "seg/label_map.h"
#include "seg/mask.h"

namespace marrow::bench {

inline Mask boneLikeMask() {
    ImageGeometry g({512, 512, 400}, {0.7, 0.7, 1.0}, {-179, -179, -200});
    Mask m(g);
    const double cx = 255.5, cy = 255.5;
    tbb::parallel_for(tbb::blocked_range<int>(0, 400), [&](const tbb::blocked_range<int>& r) {
        for (int k = r.begin(); k != r.end(); ++k) {
            const double ribPhase = std::fmod(k, 26.0);
            const bool ribSlab = k > 30 && k < 370 && ribPhase < 14;
            const double rz = ribPhase - 7;  // z offset from the rib's centre plane
            for (int j = 0; j < 512; ++j)
                for (int i = 0; i < 512; ++i) {
                    const double x = i - cx, y = j - cy;
                    // Cortical shell: between two ellipses, 6 voxels thick, with windows.
                    const double e = std::sqrt(x * x / (230.0 * 230.0) + y * y / (200.0 * 200.0));
                    bool bone = k < 150 && e > 0.97 && e < 1.0 && (e > 0.985 || std::sin(0.05 * k) * std::cos(0.1 * x) < 0.6);
                    // Ribs: elliptic torus of tube radius 5 voxels.
                    if (ribSlab) {
                        const double ang = std::atan2(y / 150.0, x / 180.0);
                        const double px = 180 * std::cos(ang), py = 150 * std::sin(ang);
                        const double d2 = (x - px) * (x - px) + (y - py) * (y - py) + rz * rz;
                        bone = bone || (d2 < 25 && y < 100);
                    }
                    // Vertebral bodies: discs of radius 22 with a canal, 20 of 26 slices.
                    const double sx = x, sy = y - 120;
                    const double s2 = sx * sx + sy * sy;
                    if (std::fmod(k + 13, 26.0) < 20 && s2 < 22 * 22 && (sx * sx + (sy + 32) * (sy + 32)) > 9 * 9)
                        bone = true;
                    m.at(i, j, k) = bone;
                }
        }
    });
    return m;
}

// The same mask as label 1 of a LabelMap (what the viewer edits and meshes).
inline LabelMap boneLikeLabelMap() {
    const Mask bone = boneLikeMask();
    Volume labels(bone.geometry, ScalarType::UInt8);
    std::copy(bone.voxels.begin(), bone.voxels.end(), labels.data<uint8_t>());
    return LabelMap::fromVolume(labels);
}

}  // namespace marrow::bench
