#pragma once
// LabelTexture: a label map (uint8 labels, 0 = none) on the GPU for the MPR overlay, with a
// 256-entry colour table (RGBA; alpha = the segment's opacity). The label map keeps its own
// grid: the shader maps patient mm into it, so it need not match the CT's grid.
#include <array>
#include <vector>

#include <glm/glm.hpp>

#include "io/volume.h"
#include "seg/label_map.h"
#include "src/render/gl.h"

namespace marrow::render {

using LabelColors = std::array<std::array<uint8_t, 4>, 256>;
// A distinct colour per label (label 0 transparent); stable across runs.
LabelColors defaultLabelColors();
// Each segment's colour (alpha 0 when hidden); entries without a segment are transparent.
LabelColors segmentColors(const LabelMap& map);

class LabelTexture {
public:
    LabelTexture() = default;
    ~LabelTexture();
    LabelTexture(const LabelTexture&) = delete;
    LabelTexture& operator=(const LabelTexture&) = delete;

    // Values outside 0..255 are clamped (uint8 label maps are uploaded as they are).
    void upload(const Volume& labels);
    // The whole label map (after loading), then only an edited box (LabelMap::takeDirtyBox).
    void upload(const LabelMap& map);
    void updateBox(const LabelMap& map, const VoxelBox& box);
    // Only box of a UInt8 volume uploaded before with upload(labels) (the mask overlay).
    void updateBox(const Volume& labels, const VoxelBox& box);
    void setColors(const LabelColors& colors);
    bool valid() const { return texture_ != 0; }
    GLuint texture() const { return texture_; }
    GLuint colorTexture() const { return colors_; }
    glm::mat4 patientToTexture() const { return patientToTexture_; }

private:
    GLuint texture_ = 0, colors_ = 0;
    glm::mat4 patientToTexture_{1.0f};
};

}  // namespace marrow::render
