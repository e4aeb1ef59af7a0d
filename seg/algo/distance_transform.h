#pragma once
// Internal to seg/algo: exact 2D Euclidean distance transforms in millimetres.
#include <cstdint>
#include <vector>

namespace marrow::detail {

// Signed distance of an nu x nv binary image (u fastest) with pixel spacing (su, sv) mm:
// for a set pixel minus the distance to the nearest unset pixel, for an unset pixel the
// distance to the nearest set pixel (so never 0). Where one side does not exist at all
// (empty or full image) the value is +/- `far`.
std::vector<float> signedDistance2D(const uint8_t* image, int nu, int nv, double su, double sv, double far);

}  // namespace marrow::detail
