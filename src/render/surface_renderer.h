#pragma once
// SurfaceRenderer: the segments' surfaces in the 3D view (shaders/surface.*.glsl), kept on
// the GPU block by block as seg/mesh/block_surfaces.h produces them, so an edit re-uploads
// only the blocks it re-meshed. Renders into its own colour + depth image; the ray caster
// reads the depth (RaySettings::surfaceDepth) to stop at the surfaces, then blends over.
#include <cstddef>
#include <unordered_map>
#include <vector>

#include "seg/mesh/block_surfaces.h"
#include "src/render/framebuffer.h"
#include "src/render/label_texture.h"
#include "src/render/orbit_camera.h"
#include "src/render/shader_program.h"

namespace marrow::render {

class SurfaceRenderer {
public:
    SurfaceRenderer();
    ~SurfaceRenderer();
    SurfaceRenderer(const SurfaceRenderer&) = delete;
    SurfaceRenderer& operator=(const SurfaceRenderer&) = delete;

    // Replaces block `block`'s surfaces (no pieces: the block is dropped).
    void setBlock(size_t block, const std::vector<SurfacePiece>& pieces);
    void clear();
    size_t triangleCount() const;
    size_t lastDrawnTriangles() const { return lastDrawn_; }  // by the last render()
    // Off: both sides are drawn (for a camera inside a surface, and for checks).
    void setBackFaceCulling(bool on) { cullBackFaces_ = on; }

    // Draws every piece whose label has colours[label] alpha > 0, in that colour, into the
    // offscreen image (width x height pixels, cleared to the 3D view's black). Back faces are
    // culled (as 3D Slicer's models do by default): the surfaces are closed and wound
    // counter-clockwise seen from outside, so from a camera outside them a back face is always
    // behind a front face; culling halves llvmpipe's raster work (bench_surface_draw).
    // coarse: each piece's coarse triangle set (SurfacePiece::coarse), while the view moves.
    void render(const OrbitCamera& camera, int width, int height, const LabelColors& colors, bool coarse = false);
    // Window depth (0..1, 1 = nothing) of the last render(), for the ray caster.
    GLuint depthTexture() const { return target_.depthTexture(); }
    // Stretches the last image onto (x, y, width, height) of the bound framebuffer.
    void blit(int x, int y, int width, int height) const;

private:
    struct Range {
        Label label;
        GLsizei first, count;              // indices of the full surface
        GLsizei coarseFirst, coarseCount;  // and of its coarse set (same vertices)
    };
    struct GpuBlock {
        GLuint vao = 0, vbo = 0, ebo = 0;
        std::vector<Range> ranges;
        size_t triangles = 0;
    };
    void release(GpuBlock& b);

    std::unique_ptr<ShaderProgram> surface_, blit_;
    std::unordered_map<size_t, GpuBlock> blocks_;
    // Nearest: the ray caster reads the depth per pixel; the image is blitted 1:1.
    Framebuffer target_{true, false};
    GLuint quadVao_ = 0;
    bool cullBackFaces_ = true;
    size_t lastDrawn_ = 0;
};

}  // namespace marrow::render
