#include "src/render/volume_texture.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include <glm/gtc/matrix_inverse.hpp>

namespace marrow::render {

glm::mat4 patientToTextureMatrix(const ImageGeometry& g) {
    const auto m = g.indexToPatientMatrix();  // row-major, index -> LPS
    glm::dmat4 indexToPatient(1.0);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) indexToPatient[c][r] = m[r * 4 + c];  // glm is column-major
    // texture = (index + 0.5) / dims
    glm::dmat4 indexToTex(1.0);
    for (int a = 0; a < 3; ++a) {
        indexToTex[a][a] = 1.0 / g.dim(a);
        indexToTex[3][a] = 0.5 / g.dim(a);
    }
    return glm::mat4(indexToTex * glm::inverse(indexToPatient));
}

std::vector<int16_t> toInt16Grid(const Volume& v, int factor, ImageGeometry& geometryOut) {
    const ImageGeometry& g = v.geometry();
    const auto& d = g.dims();
    std::array<int, 3> nd{};
    for (int a = 0; a < 3; ++a) nd[a] = (d[a] + factor - 1) / factor;
    std::vector<int16_t> out(size_t(nd[0]) * nd[1] * nd[2]);
    v.visit([&](const auto* src) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(src)>>;
        if (factor == 1) {  // the common case: a straight clamped copy
            if constexpr (std::is_same_v<T, int16_t>) {
                std::memcpy(out.data(), src, out.size() * sizeof(int16_t));  // CT: no conversion at all
            } else if constexpr (std::is_unsigned_v<T>) {  // integers need no rounding (startup, issue 12)
                for (size_t n = 0; n < out.size(); ++n) out[n] = int16_t(std::min<uint64_t>(src[n], 32767));
            } else if constexpr (std::is_integral_v<T>) {
                for (size_t n = 0; n < out.size(); ++n)
                    out[n] = int16_t(std::clamp<int64_t>(int64_t(src[n]), -32768, 32767));
            } else {
                for (size_t n = 0; n < out.size(); ++n)
                    out[n] = int16_t(std::clamp(std::round(double(src[n])), -32768.0, 32767.0));
            }
            return;
        }
        for (int k = 0; k < nd[2]; ++k)
            for (int j = 0; j < nd[1]; ++j)
                for (int i = 0; i < nd[0]; ++i) {
                    double sum = 0;
                    int n = 0;
                    for (int kk = k * factor; kk < std::min(d[2], (k + 1) * factor); ++kk)
                        for (int jj = j * factor; jj < std::min(d[1], (j + 1) * factor); ++jj)
                            for (int ii = i * factor; ii < std::min(d[0], (i + 1) * factor); ++ii) {
                                sum += double(src[g.linearIndex(ii, jj, kk)]);
                                ++n;
                            }
                    const double mean = std::round(sum / n);
                    out[size_t(i) + size_t(nd[0]) * (size_t(j) + size_t(nd[1]) * k)] =
                        int16_t(std::clamp(mean, -32768.0, 32767.0));
                }
    });
    if (factor == 1) {
        geometryOut = g;
    } else {
        // The first coarse voxel's centre is the centre of the first factor^3 block.
        const double shift = 0.5 * (factor - 1);
        const Vec3 origin = g.indexToPatient({shift, shift, shift});
        geometryOut = ImageGeometry(nd, g.spacing() * double(factor), origin, g.direction());
    }
    return out;
}

VolumeTexture::~VolumeTexture() {
    if (texture_) glDeleteTextures(1, &texture_);
    if (occupancy_) glDeleteTextures(1, &occupancy_);
}

void VolumeTexture::upload(const Volume& volume, int maxSize) {
    if (maxSize <= 0) glGetIntegerv(GL_MAX_3D_TEXTURE_SIZE, &maxSize);
    const auto& d = volume.geometry().dims();
    const int largest = std::max({d[0], d[1], d[2]});
    const int factor = std::max(1, (largest + maxSize - 1) / maxSize);
    message_.clear();
    if (factor > 1) {
        message_ = "volume " + std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]) +
                   " exceeds the GPU's 3D texture limit of " + std::to_string(maxSize) +
                   "; shown downsampled by " + std::to_string(factor) + " (readouts stay exact)";
    }
    std::vector<int16_t> voxels = toInt16Grid(volume, factor, geometry_);
    const auto& nd = geometry_.dims();
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_3D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage3D(GL_TEXTURE_3D, 0, GL_R16_SNORM, nd[0], nd[1], nd[2], 0, GL_RED, GL_SHORT, voxels.data());
    for (GLenum wrap : {GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R})
        glTexParameteri(GL_TEXTURE_3D, wrap, GL_CLAMP_TO_EDGE);
    setLinear(true);
    patientToTexture_ = patientToTextureMatrix(geometry_);
    bricks_ = BrickGrid::build(voxels.data(), nd);
    setOccupancy(std::vector<uint8_t>(bricks_.minValue.size(), 0));  // 0: occupied, nothing skipped
    MARROW_GL_CHECK("upload volume");
}

void VolumeTexture::setLinear(bool linear) {
    if (!texture_) return;
    glBindTexture(GL_TEXTURE_3D, texture_);
    const GLint f = linear ? GL_LINEAR : GL_NEAREST;
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, f);
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, f);
}

void VolumeTexture::setOccupancy(const std::vector<uint8_t>& bytes) {
    if (!occupancy_) glGenTextures(1, &occupancy_);
    glBindTexture(GL_TEXTURE_3D, occupancy_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage3D(GL_TEXTURE_3D, 0, GL_R8, bricks_.bricks[0], bricks_.bricks[1], bricks_.bricks[2], 0, GL_RED,
                 GL_UNSIGNED_BYTE, bytes.data());
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    for (GLenum wrap : {GL_TEXTURE_WRAP_S, GL_TEXTURE_WRAP_T, GL_TEXTURE_WRAP_R})
        glTexParameteri(GL_TEXTURE_3D, wrap, GL_CLAMP_TO_EDGE);
    MARROW_GL_CHECK("upload occupancy");
}

}  // namespace marrow::render
