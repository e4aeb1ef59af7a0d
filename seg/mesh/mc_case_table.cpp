// Builds the binary marching-cubes case table (see mc_case_table.h for the rule).
// Per case: 6 faces -> oriented segments -> cycles -> triangulation with no in-face
// diagonal (a small recursive search; polygons have at most 12 vertices). Runs once, ~0.1 ms.
#include "seg/mesh/mc_case_table.h"

#include <stdexcept>
#include <vector>

namespace marrow::mc {
namespace {

struct Corner { int x[3]; };

Corner cornerPos(int c) { return {{c & 1, (c >> 1) & 1, (c >> 2) & 1}}; }
int cornerIndex(const int x[3]) { return x[0] + 2 * x[1] + 4 * x[2]; }

// The other two axes of `axis`, increasing.
void otherAxes(int axis, int& o1, int& o2) {
    o1 = axis == 0 ? 1 : 0;
    o2 = axis == 2 ? 1 : 2;
}

int edgeBetween(int c0, int c1) {
    const Corner a = cornerPos(c0), b = cornerPos(c1);
    int axis = 0;
    while (a.x[axis] == b.x[axis]) ++axis;
    int o1, o2;
    otherAxes(axis, o1, o2);
    return 4 * axis + a.x[o1] + 2 * a.x[o2];
}

// Face id = 2*axis + side. An edge lies on two faces of the cube.
bool shareFace(int e1, int e2) {
    auto faces = [](int e, int out[2]) {
        int o1, o2;
        otherAxes(edgeAxis(e), o1, o2);
        out[0] = 2 * o1 + edgeU(e);
        out[1] = 2 * o2 + edgeV(e);
    };
    int f1[2], f2[2];
    faces(e1, f1);
    faces(e2, f2);
    return f1[0] == f2[0] || f1[0] == f2[1] || f1[1] == f2[0] || f1[1] == f2[1];
}

// Corners of face (axis, side) counter-clockwise seen from outside the cube.
std::array<int, 4> faceCorners(int axis, int side) {
    const int p = (axis + 1) % 3, q = (axis + 2) % 3;  // p x q = +axis
    const int square[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    std::array<int, 4> out{};
    for (int n = 0; n < 4; ++n) {
        const int m = side == 1 ? n : 3 - n;  // reversed when seen from the -axis side
        int x[3];
        x[axis] = side;
        x[p] = square[m][0];
        x[q] = square[m][1];
        out[n] = cornerIndex(x);
    }
    return out;
}

// Triangulates poly[lo..hi] (cyclic order kept) using no diagonal whose ends share a face.
bool triangulate(const std::vector<int>& poly, int lo, int hi, std::vector<int>& tris) {
    if (hi - lo < 2) return true;
    for (int k = lo + 1; k < hi; ++k) {
        if (k != lo + 1 && shareFace(poly[lo], poly[k])) continue;
        if (k != hi - 1 && shareFace(poly[k], poly[hi])) continue;
        const size_t mark = tris.size();
        tris.insert(tris.end(), {poly[lo], poly[k], poly[hi]});
        if (triangulate(poly, lo, k, tris) && triangulate(poly, k, hi, tris)) return true;
        tris.resize(mark);
    }
    return false;
}

CaseEntry buildCase(int cs) {
    auto inside = [cs](int c) { return (cs >> c) & 1; };
    int next[12];
    for (int& n : next) n = -1;
    for (int axis = 0; axis < 3; ++axis) {
        for (int side = 0; side < 2; ++side) {
            const auto fc = faceCorners(axis, side);
            for (int n = 0; n < 4; ++n) {
                // Edge n (corner n -> n+1) going outside -> inside starts a segment that ends
                // at the next inside -> outside edge.
                if (inside(fc[n]) || !inside(fc[(n + 1) % 4])) continue;
                int m = (n + 1) % 4;
                while (!(inside(fc[m]) && !inside(fc[(m + 1) % 4]))) m = (m + 1) % 4;
                const int from = edgeBetween(fc[n], fc[(n + 1) % 4]);
                const int to = edgeBetween(fc[m], fc[(m + 1) % 4]);
                if (next[from] != -1) throw std::logic_error("mc table: vertex with two successors");
                next[from] = to;
            }
        }
    }
    CaseEntry entry;
    std::vector<int> tris;
    bool used[12] = {};
    for (int start = 0; start < 12; ++start) {
        if (next[start] < 0 || used[start]) continue;
        std::vector<int> poly;
        for (int e = start; !used[e]; e = next[e]) {
            used[e] = true;
            poly.push_back(e);
            if (next[e] < 0) throw std::logic_error("mc table: open cycle");
        }
        if (!triangulate(poly, 0, int(poly.size()) - 1, tris))
            throw std::logic_error("mc table: no triangulation without in-face diagonals");
    }
    if (tris.size() > entry.edges.size()) throw std::logic_error("mc table: too many triangles");
    entry.triangleCount = uint8_t(tris.size() / 3);
    for (size_t n = 0; n < tris.size(); ++n) entry.edges[n] = uint8_t(tris[n]);
    return entry;
}

}  // namespace

const std::array<CaseEntry, 256>& caseTable() {
    static const std::array<CaseEntry, 256> table = [] {
        std::array<CaseEntry, 256> t;
        for (int cs = 0; cs < 256; ++cs) t[cs] = buildCase(cs);
        return t;
    }();
    return table;
}

}  // namespace marrow::mc
