#pragma once
// A fixed, distinguishable colour per label value for mesh files (golden-angle hues),
// defined for every int64 label: negative ones and any beyond a table included.
#include <array>
#include <cstdint>

namespace marrow::cli {

// RGB in [0.35, 0.95] each.
std::array<float, 3> labelColour(int64_t label);

}  // namespace marrow::cli
