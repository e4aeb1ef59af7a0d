#include "src/render/surface_renderer.h"

#include <algorithm>
#include <memory>

namespace marrow::render {

SurfaceRenderer::SurfaceRenderer()
    : surface_(std::make_unique<ShaderProgram>("surface.vert.glsl", "surface.frag.glsl")),
      blit_(std::make_unique<ShaderProgram>("quad.vert.glsl", "blit.frag.glsl")) {
    glGenVertexArrays(1, &quadVao_);
}

SurfaceRenderer::~SurfaceRenderer() {
    clear();
    glDeleteVertexArrays(1, &quadVao_);
}

void SurfaceRenderer::release(GpuBlock& b) {
    glDeleteVertexArrays(1, &b.vao);
    glDeleteBuffers(1, &b.vbo);
    glDeleteBuffers(1, &b.ebo);
    b = {};
}

void SurfaceRenderer::clear() {
    for (auto& [index, b] : blocks_) release(b);
    blocks_.clear();
}

size_t SurfaceRenderer::triangleCount() const {
    size_t n = 0;
    for (const auto& [index, b] : blocks_) n += b.triangles;
    return n;
}

void SurfaceRenderer::setBlock(size_t block, const std::vector<SurfacePiece>& pieces) {
    if (auto it = blocks_.find(block); it != blocks_.end()) {
        release(it->second);
        blocks_.erase(it);
    }
    if (pieces.empty()) return;
    // One buffer per block: interleaved position + normal, the pieces' indices one after
    // the other (each piece one draw range in its segment's colour, its coarse set after it).
    GpuBlock b;
    std::vector<float> vertices;
    std::vector<uint32_t> indices;
    for (const SurfacePiece& p : pieces) {
        const uint32_t base = uint32_t(vertices.size() / 6);
        for (size_t v = 0; v < p.mesh.vertices.size(); ++v) {
            const auto& pos = p.mesh.vertices[v];
            const auto n = v < p.mesh.normals.size() ? p.mesh.normals[v] : std::array<float, 3>{0, 0, 1};
            vertices.insert(vertices.end(), {pos[0], pos[1], pos[2], n[0], n[1], n[2]});
        }
        Range r{p.label, GLsizei(indices.size()), GLsizei(3 * p.mesh.triangles.size()), 0, 0};
        for (const auto& t : p.mesh.triangles) indices.insert(indices.end(), {t[0] + base, t[1] + base, t[2] + base});
        r.coarseFirst = GLsizei(indices.size());
        r.coarseCount = GLsizei(3 * p.coarse.size());
        for (const auto& t : p.coarse) indices.insert(indices.end(), {t[0] + base, t[1] + base, t[2] + base});
        b.ranges.push_back(r);
        b.triangles += p.mesh.triangles.size();
    }
    glGenVertexArrays(1, &b.vao);
    glGenBuffers(1, &b.vbo);
    glGenBuffers(1, &b.ebo);
    glBindVertexArray(b.vao);
    glBindBuffer(GL_ARRAY_BUFFER, b.vbo);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(vertices.size() * sizeof(float)), vertices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, b.ebo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(indices.size() * sizeof(uint32_t)), indices.data(),
                 GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 6 * sizeof(float),
                          reinterpret_cast<const void*>(3 * sizeof(float)));
    glBindVertexArray(0);
    MARROW_GL_CHECK("surface upload");
    blocks_.emplace(block, std::move(b));
}

void SurfaceRenderer::render(const OrbitCamera& camera, int width, int height, const LabelColors& colors,
                             bool coarse) {
    GLint previousFbo = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previousFbo);
    target_.resize(width, height);
    target_.bind();
    glClearColor(0, 0, 0, 1);
    glClearDepth(1.0);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    if (cullBackFaces_) {
        glEnable(GL_CULL_FACE);
        glCullFace(GL_BACK);
        glFrontFace(GL_CCW);
    }
    surface_->use();
    surface_->set("uViewProj", camera.viewProjection(float(target_.width()) / float(target_.height())));
    surface_->set("uEye", camera.eye());
    lastDrawn_ = 0;
    for (const auto& [index, b] : blocks_) {
        glBindVertexArray(b.vao);
        for (const Range& r : b.ranges) {
            const auto& c = colors[r.label];
            if (c[3] == 0) continue;  // hidden segment
            surface_->set("uColor", glm::vec3(c[0], c[1], c[2]) / 255.0f);
            // A piece too small to simplify has an empty coarse set: draw it whole.
            const bool useCoarse = coarse && r.coarseCount > 0;
            lastDrawn_ += size_t(useCoarse ? r.coarseCount : r.count) / 3;
            glDrawElements(GL_TRIANGLES, useCoarse ? r.coarseCount : r.count, GL_UNSIGNED_INT,
                           reinterpret_cast<const void*>(size_t(useCoarse ? r.coarseFirst : r.first) * sizeof(uint32_t)));
        }
    }
    glBindVertexArray(0);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previousFbo));
    MARROW_GL_CHECK("surface render");
}

void SurfaceRenderer::blit(int x, int y, int width, int height) const {
    if (!target_.colorTexture()) return;
    glViewport(x, y, width, height);
    blit_->use();
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, target_.colorTexture());
    blit_->set("uImage", 0);
    glBindVertexArray(quadVao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
}

}  // namespace marrow::render
