#pragma once
// VolumeTexture: the scalar volume on the GPU, uploaded once.
//
// Stored as GL_R16_SNORM (texel = value / 32767), which llvmpipe and every GL 3.3 driver
// can filter trilinearly (integer textures cannot be filtered; platform.md section 3).
// Values are clamped to int16, which holds CT in HU. If a dimension exceeds
// GL_MAX_3D_TEXTURE_SIZE the volume is block-averaged by an integer factor and message()
// says so; geometry() is then the coarser grid's geometry (still exact in LPS mm).
#include <array>
#include <string>

#include <glm/glm.hpp>

#include "io/volume.h"
#include "src/render/brick_grid.h"
#include "src/render/gl.h"

namespace marrow::render {

class VolumeTexture {
public:
    VolumeTexture() = default;
    ~VolumeTexture();
    VolumeTexture(const VolumeTexture&) = delete;
    VolumeTexture& operator=(const VolumeTexture&) = delete;

    // maxSize: 0 = ask the driver (GL_MAX_3D_TEXTURE_SIZE).
    void upload(const Volume& volume, int maxSize = 0);
    void setLinear(bool linear);  // trilinear vs nearest sampling

    bool valid() const { return texture_ != 0; }
    GLuint texture() const { return texture_; }
    GLuint occupancyTexture() const { return occupancy_; }
    const ImageGeometry& geometry() const { return geometry_; }
    const BrickGrid& bricks() const { return bricks_; }
    const std::string& message() const { return message_; }
    // LPS mm -> texture coordinates in [0,1]^3 (voxel centres at (i + 0.5) / dim).
    glm::mat4 patientToTexture() const { return patientToTexture_; }
    // Per brick, BrickGrid::emptyDistance bytes (0 = occupied; the ray caster's skipping).
    void setOccupancy(const std::vector<uint8_t>& bytes);

private:
    GLuint texture_ = 0, occupancy_ = 0;
    ImageGeometry geometry_;
    BrickGrid bricks_;
    std::string message_;
    glm::mat4 patientToTexture_{1.0f};
};

// The matrix LPS mm -> [0,1]^3 texture coordinates of a grid (exposed for tests and the
// label overlay, which uses the label map's own grid).
glm::mat4 patientToTextureMatrix(const ImageGeometry& g);

// Values of any scalar type clamped to int16, optionally block-averaged by factor
// (factor 1 = copy). The returned geometry is the (possibly coarser) grid.
std::vector<int16_t> toInt16Grid(const Volume& v, int factor, ImageGeometry& geometryOut);

}  // namespace marrow::render
