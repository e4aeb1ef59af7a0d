#include "src/render/ray_caster.h"

#include <algorithm>
#include <cmath>

namespace marrow::render {

RayCaster::RayCaster()
    : rays_(std::make_unique<ShaderProgram>("quad.vert.glsl", "raycast.frag.glsl")),
      blit_(std::make_unique<ShaderProgram>("quad.vert.glsl", "blit.frag.glsl")),
      lines_(std::make_unique<ShaderProgram>("lines.vert.glsl", "lines.frag.glsl")) {
    glGenVertexArrays(1, &vao_);
    glGenVertexArrays(1, &lineVao_);
    glGenBuffers(1, &lineVbo_);
    glGenSamplers(1, &nearest_);
    for (GLenum f : {GL_TEXTURE_MIN_FILTER, GL_TEXTURE_MAG_FILTER}) glSamplerParameteri(nearest_, f, GL_NEAREST);
    for (GLenum w : {GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R})
        glSamplerParameteri(nearest_, w, GL_CLAMP_TO_EDGE);
    const uint8_t far = 255;
    glGenTextures(1, &farDepth_);
    glBindTexture(GL_TEXTURE_2D, farDepth_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, 1, 1, 0, GL_RED, GL_UNSIGNED_BYTE, &far);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindVertexArray(lineVao_);
    glBindBuffer(GL_ARRAY_BUFFER, lineVbo_);
    glBufferData(GL_ARRAY_BUFFER, 6 * 3 * sizeof(float), nullptr, GL_DYNAMIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);
}

RayCaster::~RayCaster() {
    glDeleteVertexArrays(1, &vao_);
    glDeleteVertexArrays(1, &lineVao_);
    glDeleteBuffers(1, &lineVbo_);
    glDeleteSamplers(1, &nearest_);
    glDeleteTextures(1, &farDepth_);
}

void RayCaster::setTransferFunction(VolumeTexture& volume, const VolumePreset& preset,
                                    const std::vector<OpacityPoint>& opacity, double shiftHu) {
    const TransferTable table = buildTransferTable(opacity, preset.color, shiftHu);
    transfer_.upload(table);
    mip_ = preset.mip;
    shade_ = preset.shade;
    light_ = {float(preset.ambient), float(preset.diffuse), float(preset.specular), float(preset.specularPower)};
    const std::vector<bool> visible = table.visible();
    const auto first = std::find(visible.begin(), visible.end(), true);
    // Nothing visible: a threshold above every value; else the first visible entry
    // (visible() already carries one entry of margin for interpolation).
    minVisibleHu_ = first == visible.end() ? 1e9f : float(TransferTable::kLowHu + (first - visible.begin()));
    if (first == visible.begin()) minVisibleHu_ = -1e9f;  // the table's low end extends below
    if (volume.valid())
        volume.setOccupancy(volume.bricks().emptyDistance(volume.bricks().occupancy(visible, TransferTable::kLowHu)));
}

void RayCaster::draw(const VolumeTexture& volume, const OrbitCamera& camera, int x, int y, int width, int height,
                     const RaySettings& settings, Vec3 crosshair, bool rerender) {
    if (!volume.valid() || width < 1 || height < 1) return;
    GLint previousFbo = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previousFbo);
    if (rerender || image_.width() == 0) renderImage(volume, camera, width, height, settings);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previousFbo));
    glViewport(x, y, width, height);
    blit_->use();
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, image_.colorTexture());
    blit_->set("uImage", 0);
    glBindVertexArray(vao_);
    // Over surfaces the image carries the rays' opacity (premultiplied colour).
    if (settings.surfaceDepth) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    }
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glDisable(GL_BLEND);
    // The crosshair goes over the cached image, so moving it never re-casts the volume.
    if (settings.showCrosshair)
        drawCrosshair(volume, camera.viewProjection(float(width) / float(height)), crosshair);
    glBindVertexArray(0);
    MARROW_GL_CHECK("ray cast");
}

void RayCaster::renderImage(const VolumeTexture& volume, const OrbitCamera& camera, int width, int height,
                            const RaySettings& settings) {
    const float scale = std::clamp(settings.resolution, 0.05f, 1.0f);
    image_.resize(int(std::lround(width * scale)), int(std::lround(height * scale)));
    image_.bind();
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);

    const glm::mat4 viewProj = camera.viewProjection(float(width) / float(height));
    const ImageGeometry& g = volume.geometry();
    const glm::mat4 toTex = volume.patientToTexture();
    const auto& d = g.dims();
    const glm::vec3 size{float(d[0]), float(d[1]), float(d[2])};
    const double minSpacing = std::min({g.spacing().x, g.spacing().y, g.spacing().z});

    const ShaderProgram& p = *rays_;
    p.use();
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_3D, volume.texture());
    // Nearest-voxel sampling costs about 40% less on llvmpipe (bench/RESULTS.md, ray caster):
    // a sampler object overrides the texture's own filter for this draw only.
    glBindSampler(0, settings.linear ? 0 : nearest_);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_3D, volume.occupancyTexture());
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_2D, transfer_.texture());
    p.set("uVolume", 0);
    p.set("uOccupancy", 1);
    p.set("uTransfer", 2);
    glActiveTexture(GL_TEXTURE3);
    glBindTexture(GL_TEXTURE_2D, settings.surfaceDepth ? settings.surfaceDepth : farDepth_);
    p.set("uSurfaceDepth", 3);
    glActiveTexture(GL_TEXTURE0);
    p.set("uTransferMap", glm::vec2(TransferTexture::scale(), TransferTexture::offset()));
    p.set("uInvViewProj", glm::inverse(viewProj));
    p.set("uPatientToTex", toTex);
    p.set("uVolumeSize", size);
    p.set("uBrickScale", size / float(BrickGrid::kBrickSize));
    const auto& bricks = volume.bricks().bricks;
    p.set("uBrickCount", glm::ivec3(bricks[0], bricks[1], bricks[2]));
    p.set("uClipLo", glm::clamp(settings.clipLo, 0.0f, 1.0f));
    p.set("uClipHi", glm::clamp(settings.clipHi, 0.0f, 1.0f));
    p.set("uStepMm", float(minSpacing * std::max(0.1f, settings.stepVoxels)));
    p.set("uSkipEmpty", settings.skipEmpty && !mip_ ? 1 : 0);
    p.set("uMinVisibleHu", minVisibleHu_);
    p.set("uMip", mip_ ? 1 : 0);
    p.set("uShade", shade_ ? 1 : 0);
    p.set("uLight", light_);
    p.set("uTexToPatientDir", glm::transpose(glm::mat3(toTex)));
    glBindVertexArray(vao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindSampler(0, 0);
}

void RayCaster::drawCrosshair(const VolumeTexture& volume, const glm::mat4& viewProj, Vec3 c) {
    // Three lines through the crosshair, each spanning the volume's bounds on its axis.
    Vec3 lo, hi;
    volume.geometry().patientBounds(lo, hi);
    const float v[18] = {float(lo.x), float(c.y), float(c.z), float(hi.x), float(c.y), float(c.z),
                         float(c.x), float(lo.y), float(c.z), float(c.x), float(hi.y), float(c.z),
                         float(c.x), float(c.y), float(lo.z), float(c.x), float(c.y), float(hi.z)};
    glBindBuffer(GL_ARRAY_BUFFER, lineVbo_);
    glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof v, v);
    lines_->use();
    lines_->set("uViewProj", viewProj);
    lines_->set("uColor", glm::vec4(1.0f, 0.85f, 0.1f, 1.0f));
    glBindVertexArray(lineVao_);
    glDrawArrays(GL_LINES, 0, 6);
}

}  // namespace marrow::render
