#pragma once
// Display presets as data: window/level pairs and 3D Slicer's CT volume-rendering transfer
// functions. Numbers from ../shared/reference/presets.md (Slicer presets.xml @583e9b3 and
// VolumeDisplayPresets.json; VolView; InVesalius), copied exactly.
#include <string>
#include <vector>

namespace marrow::render {

struct WindowLevel {
    double window = 400, level = 40;  // HU
};

struct WindowPreset {
    const char* key;    // command-line name, e.g. "bone"
    const char* label;  // shown in the panel
    WindowLevel wl;
    const char* meaning;  // one line for the legend: what the window shows
};
const std::vector<WindowPreset>& windowPresets();
const WindowPreset* findWindowPreset(const std::string& key);

struct OpacityPoint { double hu, alpha; };
struct ColorPoint { double hu, r, g, b; };

struct VolumePreset {
    const char* key;    // "ct-bone"
    const char* label;  // "CT-Bone"
    std::vector<OpacityPoint> opacity;
    std::vector<ColorPoint> color;
    bool shade;
    double ambient, diffuse, specular, specularPower;
    bool mip;            // CT-MIP: maximum intensity projection
    double defaultShift; // HU; see the note on CT-Bone in volumePresets()
    const char* meaning;
};
const std::vector<VolumePreset>& volumePresets();
const VolumePreset* findVolumePreset(const std::string& key);

}  // namespace marrow::render
