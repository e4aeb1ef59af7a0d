#pragma once
// Draws one MPR slice into the current GL viewport (which must match vp's size).
#include <memory>

#include "src/render/label_texture.h"
#include "src/render/presets.h"
#include "src/render/shader_program.h"
#include "src/render/slice_geometry.h"
#include "src/render/volume_texture.h"

namespace marrow::render {

struct LabelOverlayStyle {
    float opacity = 0.5f;  // fill opacity (times the segment's own alpha)
    bool outline = false;  // outline instead of fill
};

// A live threshold preview drawn by the shader itself: pixels whose voxel (nearest, not
// interpolated, so it matches the threshold command exactly) lies in [lo, hi] are tinted.
// Costs nothing to move, so the range can follow a slider every frame.
struct ThresholdPreview {
    bool active = false;
    float lo = 150, hi = 3071;                      // inclusive, volume units (HU)
    glm::vec4 color{0.1f, 0.9f, 0.3f, 0.45f};     // tint and its opacity
};

// What is drawn over the grey image, in this order: the segments, a second mask overlay
// (its own grid and colour table, fill only: a difference map, a scratch mask), then the
// threshold preview. Any pointer may be null.
struct SliceOverlays {
    const LabelTexture* labels = nullptr;
    LabelOverlayStyle style;
    const LabelTexture* mask = nullptr;  // drawn with its colour table's alpha
    ThresholdPreview preview;
};

class SliceRenderer {
public:
    SliceRenderer();
    ~SliceRenderer();
    void draw(const VolumeTexture& volume, ViewAxis axis, const SliceViewport& vp, Vec3 crosshair, WindowLevel wl,
              const SliceOverlays& overlays);

private:
    std::unique_ptr<ShaderProgram> program_;
    GLuint vao_ = 0;
};

}  // namespace marrow::render
