#pragma once
// Marching-cubes case table for a binary inside/outside classification of a cube's 8
// corners, generated at start-up from one rule instead of typed in (the classic Lorensen
// table is known to leave holes across ambiguous faces).
//
// Conventions: corner c sits at (c&1, (c>>1)&1, (c>>2)&1); case bit c is set when corner c
// is inside. Edge e = 4*axis + u + 2*v runs along `axis` with the other two coordinates
// (in increasing axis order) equal to u and v.
//
// Rule on every face: each crossing where the walk (counter-clockwise seen from outside
// the cube) goes from outside to inside is joined to the next inside-to-outside crossing,
// so diagonal inside corners of an ambiguous face are always separated. Both cubes beside
// a face see the same rule, so their face segments match and the surface is closed. Each
// cycle of segments is triangulated without any diagonal lying in a cube face (such a
// diagonal could be repeated by the neighbouring cube and make an edge with four
// triangles), so every mesh edge has exactly two triangles. Triangles are
// counter-clockwise seen from outside the inside region (right-handed index space).
#include <array>
#include <cstdint>

namespace marrow::mc {

constexpr int kMaxTriangles = 12;

struct CaseEntry {
    uint8_t triangleCount = 0;
    std::array<uint8_t, 3 * kMaxTriangles> edges{};  // 3 edge indices per triangle
};

// The 256 cases, built once (thread-safe static initialisation).
const std::array<CaseEntry, 256>& caseTable();

inline int edgeAxis(int edge) { return edge >> 2; }
inline int edgeU(int edge) { return edge & 1; }
inline int edgeV(int edge) { return (edge >> 1) & 1; }

}  // namespace marrow::mc
