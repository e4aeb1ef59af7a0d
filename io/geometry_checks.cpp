#include "io/geometry_checks.h"

#include <cmath>
#include <cstdio>
#include <numbers>

#include "io/error.h"

namespace marrow {

void checkAxesPerpendicular(const Mat3& direction, const std::string& what, const std::string& path,
                            std::vector<std::string>* notes) {
    double worst = 0;  // largest |cos| between two axes
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b) {
            const double c = dot(direction.column(a), direction.column(b));
            worst = std::isfinite(c) ? std::max(worst, std::abs(c)) : 1.0;
        }
    const double skew = 90.0 - std::acos(std::min(worst, 1.0)) * 180.0 / std::numbers::pi;
    if (skew <= 0.06) return;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s's index axes are %.2f degrees from perpendicular", what.c_str(), skew);
    if (skew > kMaxSkewDegrees) throw Error(path, std::string(buf) + ": not an image grid");
    if (notes) notes->push_back(std::string(buf) + " (sheared grid); positions between voxel centres are approximate");
}

}  // namespace marrow
