#pragma once
// What a newly opened volume starts from, by what it holds. The rule (documented in README):
// a volume is CT-like (HU) when its Modality is "CT", or when it has no Modality (NIfTI, NRRD,
// phantom) and its 1st percentile is at or below -200 (a CT always holds air at about -1000 HU
// around the body; MR and PET values are >= 0). CT-like volumes get the soft-tissue window and
// the CT-Bone 3D preset; anything else gets a window over its 1st..99th percentile (from a
// histogram, not a sort), the MR-Default 3D preset, and its unit (or "value") instead of "HU".
#include <string>

#include "io/volume.h"
#include "src/render/presets.h"

namespace marrow::ui {

struct ModalityDefaults {
    bool hu = true;             // values are Hounsfield units
    std::string unit = "HU";    // what the readout and threshold panel call a value
    render::WindowLevel wl;     // the starting window/level
    std::string windowPreset;   // "" when wl is the percentile window
    std::string volumePreset;   // the starting 3D preset
};

// The p-th percentile (0..100) of the volume's values, from a 4096-bin histogram over
// [min, max]: exact to 1/4096 of the range.
double valuePercentile(const Volume& v, double p);
struct PercentileRange { double lo = 0, hi = 0; };
PercentileRange valuePercentiles(const Volume& v, double loPercent, double hiPercent);

ModalityDefaults modalityDefaults(const Volume& v);

}  // namespace marrow::ui
