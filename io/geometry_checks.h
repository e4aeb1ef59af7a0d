#pragma once
// Checks shared by the readers on the direction a header gives its index axes.
#include <string>
#include <vector>

#include "io/geometry.h"

namespace marrow {

// direction's columns are unit index axes. Perpendicular within 0.06 degrees: fine.
// Up to kMaxSkewDegrees off: accepted (the grid is sheared, e.g. a tilted gantry) with a
// note in notes saying by how much. More: Error(path, "<what> ... not perpendicular"),
// since such an affine is a corrupt header, not a scan.
inline constexpr double kMaxSkewDegrees = 45.0;
void checkAxesPerpendicular(const Mat3& direction, const std::string& what, const std::string& path,
                            std::vector<std::string>* notes);

}  // namespace marrow
