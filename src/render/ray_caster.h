#pragma once
// The 3D view: ray casts the volume texture (shaders/raycast.frag.glsl) into an offscreen
// image, at a reduced resolution while the user interacts, draws the crosshair over it,
// and stretches the image onto the current viewport.
#include <memory>

#include "src/render/framebuffer.h"
#include "src/render/orbit_camera.h"
#include "src/render/presets.h"
#include "src/render/shader_program.h"
#include "src/render/transfer_function.h"
#include "src/render/volume_texture.h"

namespace marrow::render {

struct RaySettings {
    float stepVoxels = 1.0f;    // sample spacing in units of the smallest voxel spacing
    float resolution = 1.0f;    // image scale (e.g. 0.5 while interacting)
    bool skipEmpty = true;      // empty-space skipping with the brick grid
    bool linear = true;         // trilinear sampling; false = nearest voxel (faster)
    glm::vec3 clipLo{0.0f}, clipHi{1.0f};  // crop box, fractions of the volume along i, j, k
    bool showCrosshair = true;
    // SurfaceRenderer::depthTexture() when segment surfaces were drawn into the viewport
    // first: rays stop at them and the image is blended over them. 0: none.
    GLuint surfaceDepth = 0;
};

class RayCaster {
public:
    RayCaster();
    ~RayCaster();
    // Rebuilds the transfer-function texture and the volume's brick occupancy for it.
    void setTransferFunction(VolumeTexture& volume, const VolumePreset& preset,
                             const std::vector<OpacityPoint>& opacity, double shiftHu);
    // Draws into the current framebuffer at (x, y, width, height) in its pixels (GL origin
    // bottom-left). rerender = false reuses the last image (nothing in the 3D view changed).
    void draw(const VolumeTexture& volume, const OrbitCamera& camera, int x, int y, int width, int height,
              const RaySettings& settings, Vec3 crosshair, bool rerender = true);

    // Renders the image only (into the internal framebuffer); the benchmark times this.
    void renderImage(const VolumeTexture& volume, const OrbitCamera& camera, int width, int height,
                     const RaySettings& settings);

private:
    void drawCrosshair(const VolumeTexture& volume, const glm::mat4& viewProj, Vec3 crosshair);

    std::unique_ptr<ShaderProgram> rays_, blit_, lines_;
    TransferTexture transfer_;
    Framebuffer image_;
    GLuint vao_ = 0, lineVao_ = 0, lineVbo_ = 0, nearest_ = 0;
    GLuint farDepth_ = 0;  // 1x1 depth 1.0: "no surfaces" for uSurfaceDepth
    bool mip_ = false, shade_ = true;
    float minVisibleHu_ = -1024;
    glm::vec4 light_{0.1f, 0.9f, 0.2f, 10.0f};
};

}  // namespace marrow::render
