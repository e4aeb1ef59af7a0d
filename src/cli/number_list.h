#pragma once
// Parsing of the numeric option values the commands take ("LO:HI", "x,y,z", "x,y,z;x,y,z").
#include <string>
#include <vector>

#include "io/geometry.h"

namespace marrow::cli {

// Exactly n finite numbers separated by sep ("1.5,-2,3"); throws a one-line marrow::Error
// "<option>: expected <shape>, got '<text>'".
std::vector<double> parseNumbers(const std::string& text, char sep, size_t n, const std::string& option,
                                 const char* shape);

// One or more LPS points "x,y,z;x,y,z" (mm); throws like parseNumbers.
std::vector<Vec3> parsePoints(const std::string& text, const std::string& option);

}  // namespace marrow::cli
