#include "src/render/slice_renderer.h"

namespace marrow::render {

namespace {
glm::vec3 toGlm(Vec3 v) { return {float(v.x), float(v.y), float(v.z)}; }
}  // namespace

SliceRenderer::SliceRenderer() : program_(std::make_unique<ShaderProgram>("quad.vert.glsl", "mpr.frag.glsl")) {
    glGenVertexArrays(1, &vao_);
}

SliceRenderer::~SliceRenderer() {
    if (vao_) glDeleteVertexArrays(1, &vao_);
}

void SliceRenderer::draw(const VolumeTexture& volume, ViewAxis axis, const SliceViewport& vp, Vec3 crosshair,
                         WindowLevel wl, const SliceOverlays& overlays) {
    const LabelTexture* labels = overlays.labels;
    const LabelOverlayStyle& style = overlays.style;
    if (!volume.valid()) return;
    const SliceFrame f = sliceFrame(axis);
    const double halfW = 0.5 * vp.width / vp.pixelsPerMm, halfH = 0.5 * vp.height / vp.pixelsPerMm;
    const ShaderProgram& p = *program_;
    p.use();
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_3D, volume.texture());
    p.set("uVolume", 0);
    p.set("uPatientToTex", volume.patientToTexture());
    p.set("uRight", toGlm(f.right));
    p.set("uDown", toGlm(f.down));
    p.set("uNormal", toGlm(f.normal));
    p.set("uDepth", float(dot(crosshair, f.normal)));
    p.set("uPlaneRect", glm::vec4(vp.centerA - halfW, vp.centerA + halfW, vp.centerB - halfH, vp.centerB + halfH));
    const double width = std::max(wl.window, 1.0);
    p.set("uWindow", glm::vec2(float(wl.level - 0.5 * width), float(width)));
    const bool overlay = labels && labels->valid();
    p.set("uHasLabels", overlay ? 1 : 0);
    // Samplers of different types must not share a unit, even when unused.
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_3D, overlay ? labels->texture() : 0);
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, overlay ? labels->colorTexture() : 0);
    p.set("uLabels", 1);
    p.set("uLabelColors", 2);
    if (overlay) {
        p.set("uPatientToLabelTex", labels->patientToTexture());
        p.set("uLabelOpacity", style.opacity);
        p.set("uOutline", style.outline ? 1 : 0);
        p.set("uMmPerPixel", glm::vec2(float(1.0 / vp.pixelsPerMm)));
    }
    const bool mask = overlays.mask && overlays.mask->valid();
    p.set("uHasMask", mask ? 1 : 0);
    glActiveTexture(GL_TEXTURE3);
    glBindTexture(GL_TEXTURE_3D, mask ? overlays.mask->texture() : 0);
    glActiveTexture(GL_TEXTURE4);
    glBindTexture(GL_TEXTURE_2D, mask ? overlays.mask->colorTexture() : 0);
    p.set("uMask", 3);
    p.set("uMaskColors", 4);
    if (mask) p.set("uPatientToMaskTex", overlays.mask->patientToTexture());
    const ThresholdPreview& pv = overlays.preview;
    p.set("uPreview", pv.active ? 1 : 0);
    if (pv.active) {
        p.set("uPreviewRange", glm::vec2(pv.lo, pv.hi));
        p.set("uPreviewColor", pv.color);
    }
    glBindVertexArray(vao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glActiveTexture(GL_TEXTURE0);
    MARROW_GL_CHECK("draw slice");
}

}  // namespace marrow::render
