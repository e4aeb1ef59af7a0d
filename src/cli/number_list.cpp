#include "src/cli/number_list.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "io/error.h"

namespace marrow::cli {

std::vector<double> parseNumbers(const std::string& text, char sep, size_t n, const std::string& option,
                                 const char* shape) {
    std::vector<double> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, sep)) {
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || end != part.c_str() + part.size() || !std::isfinite(v))
            throw Error("", option + ": expected " + shape + ", got '" + text + "'");
        out.push_back(v);
    }
    if (out.size() != n || (!text.empty() && text.back() == sep))
        throw Error("", option + ": expected " + shape + ", got '" + text + "'");
    return out;
}

std::vector<Vec3> parsePoints(const std::string& text, const std::string& option) {
    std::vector<Vec3> out;
    std::stringstream ss(text);
    std::string point;
    while (std::getline(ss, point, ';')) {
        const auto v = parseNumbers(point, ',', 3, option, "x,y,z;x,y,z... in mm");
        out.push_back({v[0], v[1], v[2]});
    }
    if (out.empty() || text.back() == ';') throw Error("", option + ": expected x,y,z;x,y,z... in mm, got '" + text + "'");
    return out;
}

}  // namespace marrow::cli
