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

}  // namespace marrow
