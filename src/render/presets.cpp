#include "src/render/presets.h"

namespace marrow::render {

const std::vector<WindowPreset>& windowPresets() {
    // Slicer VolumeDisplayPresets.json and VolView WLPresetsCT (presets.md section 2b).
    static const std::vector<WindowPreset> presets = {
        {"bone", "Bone", {1000, 400}, "-100..900 HU: cortical bone white, marrow grey"},
        {"soft-tissue", "Soft tissue", {350, 40}, "-135..215 HU: fat dark, muscle and organs grey"},
        {"abdomen", "Abdomen", {350, 40}, "-135..215 HU: liver, kidneys, bowel wall"},
        {"lung", "Lung", {1500, -600}, "-1350..150 HU: lung parenchyma and airways"},
        {"brain", "Brain", {80, 40}, "0..80 HU: grey and white matter"},
        {"air", "Air", {1000, -426}, "-926..74 HU: air spaces"},
        {"mediastinum", "Mediastinum", {350, 25}, "-150..200 HU (InVesalius)"},
    };
    return presets;
}

const WindowPreset* findWindowPreset(const std::string& key) {
    for (const auto& p : windowPresets())
        if (key == p.key) return &p;
    return nullptr;
}

const std::vector<VolumePreset>& volumePresets() {
    // Slicer presets.xml (presets.md section 2a).
    // CT-Bone keeps Slicer's opacities, colours and lighting kind but places them on the HU
    // axis of clinical CT, where bone reads lower than in Slicer's sub-millimetre examples:
    // a 1.5-3 mm voxel averages cortex with marrow and soft tissue (example_ct, 3 mm: bone
    // voxels > 200 HU have median 313 HU, 90th percentile 621 HU). Slicer's own curve
    // (opacity ramp -16..641 HU, ivory at 641) drew that bone dark red and translucent, and
    // its ramp from -16 HU turns a trunk's soft tissue into an opaque block. Here the
    // opacity ramp runs 200..400 HU (Slicer's 0 -> 0.715686), so soft tissue and the table
    // (< 200 HU) stay transparent and bone is opaque within a few mm; the colour runs from
    // Slicer's dark red (100 HU) through its ivory (300 HU) to white (700 HU), so what is
    // visible is ivory; lighting uses Slicer's CT-Bones ambient 0.2 / diffuse 1.0 with
    // CT-Bone's specular 0.2, power 10 (CT-Bone's 0.1 / 0.9 left lit bone below grey 200).
    // The shift slider moves the interior points of both curves together, as in Slicer.
    static const std::vector<VolumePreset> presets = {
        {"ct-bone", "CT-Bone",
         {{-3024, 0}, {200, 0}, {400, 0.715686}, {3071, 0.705882}},
         {{-3024, 0, 0, 0}, {100, 0.729412, 0.254902, 0.301961}, {300, 0.905882, 0.815686, 0.552941},
          {700, 1, 1, 1}, {3071, 1, 1, 1}},
         true, 0.2, 1.0, 0.2, 10, false, 0, "bone opaque and ivory, soft tissue hidden (shift moves the ramp)"},
        {"ct-aaa", "CT-AAA",
         {{-3024, 0}, {143.556, 0}, {166.222, 0.686275}, {214.389, 0.696078}, {419.736, 0.833333}, {3071, 0.803922}},
         {{-3024, 0, 0, 0}, {143.556, 0.615686, 0.356863, 0.184314}, {166.222, 0.882353, 0.603922, 0.290196},
          {214.389, 1, 1, 1}, {419.736, 1, 0.937033, 0.954531}, {3071, 0.827451, 0.658824, 1}},
         true, 0.1, 0.9, 0.2, 10, false, 0, "contrast-filled vessels (>144 HU) and bone"},
        {"ct-soft-tissue", "CT-Soft-Tissue",
         {{-2048, 0}, {-167.01, 0}, {-160, 1}, {240, 1}, {3661, 1}},
         {{-2048, 0, 0, 0}, {-167.01, 0, 0, 0}, {-160, 0.0556356, 0.0556356, 0.0556356}, {240, 1, 1, 1}, {3661, 1, 1, 1}},
         false, 0.2, 1, 0, 1, false, 0, "everything above -160 HU opaque: the skin surface"},
        {"ct-lung", "CT-Lung",
         {{-1000, 0}, {-600, 0}, {-599, 0.15}, {-400, 0.15}, {-399, 0}, {2952, 0}},
         {{-1000, 0.3, 0.3, 1}, {-600, 0, 0, 1}, {-530, 0.134704, 0.781726, 0.0724558},
          {-460, 0.929244, 1, 0.109473}, {-400, 0.888889, 0.254949, 0.0240258}, {2952, 1, 0.3, 0.3}},
         true, 0.2, 1, 0, 1, false, 0, "-599..-400 HU: lung parenchyma, translucent"},
        {"ct-muscle", "CT-Muscle",
         {{-3024, 0}, {-155.407, 0}, {217.641, 0.676471}, {419.736, 0.833333}, {3071, 0.803922}},
         {{-3024, 0, 0, 0}, {-155.407, 0.54902, 0.25098, 0.14902}, {217.641, 0.882353, 0.603922, 0.290196},
          {419.736, 1, 0.937033, 0.954531}, {3071, 0.827451, 0.658824, 1}},
         true, 0.1, 0.9, 0.2, 10, false, 0, "ramp from -155 HU: muscle red-brown, bone white"},
        {"ct-mip", "CT-MIP",
         {{-3024, 0}, {-637.62, 0}, {700, 1}, {3071, 1}},
         {{-3024, 0, 0, 0}, {-637.62, 1, 1, 1}, {700, 1, 1, 1}, {3071, 1, 1, 1}},
         true, 0.1, 0.9, 0.2, 10, true, 0, "brightest voxel along each ray (-638..700 HU ramp)"},
        // Slicer's MR-Default (presets.xml; not in shared/reference/presets.md, whose tables are
        // CT only): a gentle ramp over 20..1024 for MR signal values, which have no HU scale.
        {"mr-default", "MR-Default",
         {{0, 0}, {20, 0}, {40, 0.15}, {120, 0.3}, {220, 0.375}, {1024, 0.5}},
         {{0, 0, 0, 0}, {20, 0.168627, 0, 0}, {40, 0.403922, 0.145098, 0.0784314},
          {120, 0.780392, 0.607843, 0.380392}, {220, 0.847059, 0.835294, 0.788235}, {1024, 1, 1, 1}},
         true, 0.2, 1.0, 0, 1, false, 0, "MR signal 20..1024: a translucent ramp (no HU scale)"},
    };
    return presets;
}

const VolumePreset* findVolumePreset(const std::string& key) {
    for (const auto& p : volumePresets())
        if (key == p.key) return &p;
    return nullptr;
}

}  // namespace marrow::render
