#include "src/render/label_texture.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "seg/label_map_box.h"
#include "src/render/volume_texture.h"

namespace marrow::render {

LabelColors defaultLabelColors() {
    LabelColors c{};
    for (int n = 1; n < 256; ++n) {
        // Golden-angle hue steps keep neighbouring label numbers far apart in colour.
        const double h = std::fmod(n * 137.508, 360.0) / 60.0;
        const double x = 1 - std::abs(std::fmod(h, 2.0) - 1);
        double r = 0, g = 0, b = 0;
        switch (int(h)) {
            case 0: r = 1; g = x; break;
            case 1: r = x; g = 1; break;
            case 2: g = 1; b = x; break;
            case 3: g = x; b = 1; break;
            case 4: r = x; b = 1; break;
            default: r = 1; b = x; break;
        }
        c[n] = {uint8_t(60 + 195 * r), uint8_t(60 + 195 * g), uint8_t(60 + 195 * b), 255};
    }
    return c;
}

LabelColors segmentColors(const LabelMap& map) {
    LabelColors c{};
    for (const Segment& seg : map.segments())
        c[seg.id] = {seg.color.r, seg.color.g, seg.color.b, uint8_t(seg.visible ? 255 : 0)};
    return c;
}

LabelTexture::~LabelTexture() {
    if (texture_) glDeleteTextures(1, &texture_);
    if (colors_) glDeleteTextures(1, &colors_);
}

void LabelTexture::upload(const Volume& labels) {
    const ImageGeometry& g = labels.geometry();
    std::vector<uint8_t> bytes;  // a converted copy, unless the volume already is uint8
    if (labels.type() != ScalarType::UInt8) {
        bytes.resize(labels.voxelCount());
        labels.visit([&](const auto* src) {
            for (size_t n = 0; n < bytes.size(); ++n) bytes[n] = uint8_t(std::clamp(double(src[n]), 0.0, 255.0));
        });
    }
    const uint8_t* data = bytes.empty() ? labels.data<uint8_t>() : bytes.data();
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_3D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage3D(GL_TEXTURE_3D, 0, GL_R8UI, g.dim(0), g.dim(1), g.dim(2), 0, GL_RED_INTEGER, GL_UNSIGNED_BYTE,
                 data);
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_3D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    patientToTexture_ = patientToTextureMatrix(g);
    if (!colors_) setColors(defaultLabelColors());
    MARROW_GL_CHECK("upload labels");
}

void LabelTexture::upload(const LabelMap& map) {
    upload(map.toVolume(ScalarType::UInt8));
    setColors(segmentColors(map));
}

void LabelTexture::updateBox(const LabelMap& map, const VoxelBox& box) {
    if (!texture_ || box.empty()) return;
    std::vector<uint8_t> bytes(size_t(box.count()));
    static_assert(sizeof(Label) == 1, "the label texture holds uint8 labels");
    copyLabelBox(map, box, bytes.data());
    glBindTexture(GL_TEXTURE_3D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage3D(GL_TEXTURE_3D, 0, GLint(box.lo[0]), GLint(box.lo[1]), GLint(box.lo[2]), GLsizei(box.extent(0)),
                    GLsizei(box.extent(1)), GLsizei(box.extent(2)), GL_RED_INTEGER, GL_UNSIGNED_BYTE, bytes.data());
    MARROW_GL_CHECK("update labels");
}

void LabelTexture::updateBox(const Volume& labels, const VoxelBox& box) {
    const VoxelBox b = box.intersect(VoxelBox::of(labels.geometry()));
    if (!texture_ || b.empty() || labels.type() != ScalarType::UInt8) return;
    // The box's rows packed (a brush dab: a few kB), rather than GL_UNPACK_ROW_LENGTH
    // strides over the whole volume.
    const ImageGeometry& g = labels.geometry();
    std::vector<uint8_t> bytes(size_t(b.count()));
    uint8_t* out = bytes.data();
    for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
        for (int64_t j = b.lo[1]; j < b.hi[1]; ++j, out += b.extent(0))
            std::memcpy(out, labels.data<uint8_t>() + g.linearIndex(b.lo[0], j, k), size_t(b.extent(0)));
    glBindTexture(GL_TEXTURE_3D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage3D(GL_TEXTURE_3D, 0, GLint(b.lo[0]), GLint(b.lo[1]), GLint(b.lo[2]), GLsizei(b.extent(0)),
                    GLsizei(b.extent(1)), GLsizei(b.extent(2)), GL_RED_INTEGER, GL_UNSIGNED_BYTE, bytes.data());
    MARROW_GL_CHECK("update mask overlay");
}

void LabelTexture::setColors(const LabelColors& colors) {
    if (!colors_) glGenTextures(1, &colors_);
    glBindTexture(GL_TEXTURE_2D, colors_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, colors.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    MARROW_GL_CHECK("upload label colours");
}

}  // namespace marrow::render
