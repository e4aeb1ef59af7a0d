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

class SliceRenderer {
public:
    SliceRenderer();
    ~SliceRenderer();
    // labels may be null (no overlay).
    void draw(const VolumeTexture& volume, ViewAxis axis, const SliceViewport& vp, Vec3 crosshair, WindowLevel wl,
              const LabelTexture* labels, const LabelOverlayStyle& style);

private:
    std::unique_ptr<ShaderProgram> program_;
    GLuint vao_ = 0;
};

}  // namespace marrow::render
