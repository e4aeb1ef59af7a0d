#pragma once
// The embedded phantom: a deterministic procedural CT of a torso (skin, fat, muscle,
// organs, lungs, spine with cortical/cancellous bone, ribs, pelvis, a scan table) with
// mild noise, and its exact ground-truth bone label map. Same bytes on every machine.
#include "io/volume.h"

namespace marrow {

struct PhantomOptions {
    int size = 256;           // voxels along each axis (cubic grid)
    double fieldOfViewMm = 400;  // edge length in mm; spacing = fov / size
    unsigned seed = 1;        // noise seed
    double noiseHu = 15;      // noise standard deviation in HU (0: none)
};

struct Phantom {
    Volume ct;     // int16 HU, modality CT
    Volume bones;  // uint8: 0 background, 1 bone (cortical or cancellous)
};

Phantom makePhantom(const PhantomOptions& options = {});

// Two bones that touch through a neck, for the watershed split: ball A (radius radiusAMm)
// and ball B (radiusBMm) on the i axis, gapMm apart surface to surface, joined by a cylinder
// of radius neckRadiusMm along their axis, in soft tissue. Spacing may be anisotropic; the
// grid holds the balls with marginMm around them. truth: 0 outside, 1 in ball A, 2 in ball B,
// 3 in the neck (the cylinder outside both balls); `bones` of Phantom is truth != 0.
struct JoinedBonesOptions {
    Vec3 spacingMm{0.7, 0.7, 1.2};
    double radiusAMm = 7, radiusBMm = 13, gapMm = 4, neckRadiusMm = 2.5, marginMm = 4;
    double boneHu = 700, softTissueHu = 40, noiseHu = 20;
    unsigned seed = 1;
};
struct JoinedBonesPhantom {
    Volume ct;     // int16 HU
    Volume truth;  // uint8, see above
    Vec3 centreAMm{}, centreBMm{};  // LPS
};
JoinedBonesPhantom makeJoinedBonesPhantom(const JoinedBonesOptions& options = {});

}  // namespace marrow
