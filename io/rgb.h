#pragma once
// An 8-bit sRGB colour, shared by label tables (io/) and segments (seg/).
#include <cstdint>

namespace marrow {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb&, const Rgb&) = default;
};

}  // namespace marrow
