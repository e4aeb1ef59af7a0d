#include "io/cielab.h"

#include <algorithm>
#include <cmath>

namespace marrow {
namespace {
constexpr double kWhite[3] = {0.95047, 1.0, 1.08883};  // D65

double toLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double toGamma(double c) { return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055; }
double labF(double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; }
double labFInverse(double f) { return f * f * f > 216.0 / 24389 ? f * f * f : (116 * f - 16) * 27 / 24389; }
uint16_t scaled(double v, double lo, double hi) {
    return uint16_t(std::lround(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535));
}
}  // namespace

std::array<uint16_t, 3> rgbToDicomLab(Rgb rgb) {
    const double r = toLinear(rgb.r / 255.0), g = toLinear(rgb.g / 255.0), b = toLinear(rgb.b / 255.0);
    const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
    const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
    const double fx = labF(x / kWhite[0]), fy = labF(y / kWhite[1]), fz = labF(z / kWhite[2]);
    return {scaled(116 * fy - 16, 0, 100), scaled(500 * (fx - fy), -128, 127), scaled(200 * (fy - fz), -128, 127)};
}

Rgb dicomLabToRgb(const std::array<uint16_t, 3>& lab) {
    const double l = lab[0] / 65535.0 * 100, a = lab[1] / 65535.0 * 255 - 128, bb = lab[2] / 65535.0 * 255 - 128;
    const double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
    const double x = kWhite[0] * labFInverse(fx), y = kWhite[1] * labFInverse(fy), z = kWhite[2] * labFInverse(fz);
    const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
    const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
    const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
    auto channel = [](double c) { return uint8_t(std::lround(std::clamp(toGamma(std::max(c, 0.0)), 0.0, 1.0) * 255)); };
    return {channel(r), channel(g), channel(b)};
}

}  // namespace marrow
