#include "src/cli/label_colour.h"

#include <algorithm>
#include <cmath>

namespace marrow::cli {

std::array<float, 3> labelColour(int64_t label) {
    // Fractional part in [0, 1) also for negative labels (fmod keeps the sign, which
    // made the sector index negative: an out-of-bounds read, found by UBSan).
    const double turns = double(label) * 0.618033988749895;
    const double h = (turns - std::floor(turns)) * 6.0;
    const int sector = std::clamp(int(h), 0, 5);  // 6.0 can come out of rounding
    const double x = 1.0 - std::abs(std::fmod(h, 2.0) - 1.0);
    const double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
    const auto& c = rgb[sector];
    return {float(0.35 + 0.6 * c[0]), float(0.35 + 0.6 * c[1]), float(0.35 + 0.6 * c[2])};
}

}  // namespace marrow::cli
