#pragma once
// Transfer function tables: a volume preset (piecewise-linear opacity and colour over HU)
// plus Slicer's shift, sampled at 1 HU steps over [kLowHu, kLowHu + kSize) into RGBA.
// Slicer's "Shift" moves every interior point (not the first or last) of both curves by
// the same HU (presets.md 2a). Below kLowHu is air for every CT preset we ship.
#include <array>
#include <vector>

#include "src/render/gl.h"
#include "src/render/presets.h"

namespace marrow::render {

struct TransferTable {
    static constexpr int kLowHu = -1024;
    static constexpr int kSize = 4096;  // 1 HU per entry, up to 3071 HU (12-bit CT max)
    std::vector<std::array<float, 4>> rgba;  // kSize entries; alpha per 1 mm of ray

    // Does any HU have opacity? For BrickGrid::occupancy (dilated by one entry because
    // the GPU interpolates between neighbouring entries).
    std::vector<bool> visible() const;
};

// Linear interpolation of a piecewise-linear curve, flat beyond its ends.
double evaluateOpacity(const std::vector<OpacityPoint>& points, double hu);
std::array<double, 3> evaluateColor(const std::vector<ColorPoint>& points, double hu);

// opacity/color with the shift applied to interior points.
TransferTable buildTransferTable(const std::vector<OpacityPoint>& opacity, const std::vector<ColorPoint>& color,
                                 double shiftHu);

// The table as a kSize x 1 RGBA float texture (linear filtering).
class TransferTexture {
public:
    ~TransferTexture();
    void upload(const TransferTable& table);
    GLuint texture() const { return texture_; }
    // In the shader: u = hu * scale + offset lands on entry centres.
    static float scale() { return 1.0f / TransferTable::kSize; }
    static float offset() { return (0.5f - TransferTable::kLowHu) / TransferTable::kSize; }

private:
    GLuint texture_ = 0;
};

}  // namespace marrow::render
