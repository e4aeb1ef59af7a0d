#pragma once
// Mesh: an indexed triangle surface in LPS patient millimetres, as seg/ meshing
// produces it and io/ writers consume it. Triangles wind counter-clockwise seen from
// outside (normals point out of the segment).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace marrow {

struct Mesh {
    std::string name;                         // segment name, written into files that can hold it
    std::array<float, 3> color{0.9f, 0.85f, 0.75f};  // linear RGB 0..1
    std::vector<std::array<float, 3>> vertices;      // LPS mm
    std::vector<std::array<float, 3>> normals;       // optional, one per vertex, unit length
    std::vector<std::array<uint32_t, 3>> triangles;
};

}  // namespace marrow
