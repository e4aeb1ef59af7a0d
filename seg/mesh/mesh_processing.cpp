// Mesh post-processing: Taubin smoothing (TBB over vertices, Jacobi updates), meshoptimizer
// decimation (steps that keep the mesh manifold), normals, components, and the
// closed/manifold/volume report.
// Edge checks group each edge's triangle sides under its lower vertex (a CSR of 3F
// entries), so the report costs O(F) plus tiny per-vertex sorts, no global sort or hash.
#include "seg/mesh/mesh_processing.h"

#include <meshoptimizer.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "io/error.h"

namespace marrow {
namespace {

// Compressed rows: entries of vertex v are items[start[v] .. start[v+1]).
template <class T>
struct Csr {
    std::vector<uint32_t> start;
    std::vector<T> items;
};

inline bool degenerate(const std::array<uint32_t, 3>& t) { return t[0] == t[1] || t[1] == t[2] || t[0] == t[2]; }

using Triangles = std::vector<std::array<uint32_t, 3>>;

// Each triangle side a->b stored under min(a,b) as (max << 1) | (a > b).
Csr<uint64_t> edgeSidesByLowerVertex(const Triangles& triangles, size_t vertexCount) {
    Csr<uint64_t> csr;
    csr.start.assign(vertexCount + 1, 0);
    for (const auto& t : triangles) {
        if (degenerate(t)) continue;
        for (int c = 0; c < 3; ++c) ++csr.start[std::min(t[c], t[(c + 1) % 3]) + 1];
    }
    std::partial_sum(csr.start.begin(), csr.start.end(), csr.start.begin());
    csr.items.resize(csr.start.back());
    std::vector<uint32_t> cursor(csr.start.begin(), csr.start.end() - 1);
    for (const auto& t : triangles) {
        if (degenerate(t)) continue;
        for (int c = 0; c < 3; ++c) {
            const uint32_t a = t[c], b = t[(c + 1) % 3];
            csr.items[cursor[std::min(a, b)]++] = (uint64_t(std::max(a, b)) << 1) | (a > b ? 1 : 0);
        }
    }
    return csr;
}

// Sorts vertex v's row of `sides` and calls f(other, sides, backward) once per edge
// (v, other): how many triangle sides run along it, and how many of them run other -> v.
template <class F>
void forEachEdgeOf(Csr<uint64_t>& sides, size_t v, F&& f) {
    auto b = sides.items.begin() + sides.start[v], e = sides.items.begin() + sides.start[v + 1];
    std::sort(b, e);
    for (auto g = b; g != e;) {
        auto h = g;
        int backward = 0;
        while (h != e && (*h >> 1) == (*g >> 1)) backward += int(*h++ & 1);
        f(uint32_t(*g >> 1), long(h - g), backward);
        g = h;
    }
}

// Unique neighbours of every vertex.
Csr<uint32_t> vertexNeighbours(const Mesh& mesh) {
    Csr<uint32_t> csr;
    const size_t nv = mesh.vertices.size();
    csr.start.assign(nv + 1, 0);
    for (const auto& t : mesh.triangles)
        for (int c = 0; c < 3; ++c) csr.start[t[c] + 1] += 2;
    std::partial_sum(csr.start.begin(), csr.start.end(), csr.start.begin());
    csr.items.resize(csr.start.back());
    std::vector<uint32_t> cursor(csr.start.begin(), csr.start.end() - 1);
    for (const auto& t : mesh.triangles)
        for (int c = 0; c < 3; ++c) {
            csr.items[cursor[t[c]]++] = t[(c + 1) % 3];
            csr.items[cursor[t[c]]++] = t[(c + 2) % 3];
        }
    // Sort and unique each row in place, then compact the rows.
    tbb::parallel_for(tbb::blocked_range<size_t>(0, nv, 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t v = r.begin(); v != r.end(); ++v) {
            auto b = csr.items.begin() + csr.start[v], e = csr.items.begin() + csr.start[v + 1];
            std::sort(b, e);
            const auto last = std::unique(b, e);
            std::fill(last, e, UINT32_MAX);
        }
    });
    size_t out = 0;
    for (size_t v = 0; v < nv; ++v) {
        const size_t b = csr.start[v], e = csr.start[v + 1];
        csr.start[v] = uint32_t(out);
        for (size_t n = b; n < e && csr.items[n] != UINT32_MAX; ++n)
            if (csr.items[n] != v) csr.items[out++] = csr.items[n];  // a degenerate triangle's self-edge
    }
    csr.start[nv] = uint32_t(out);
    csr.items.resize(out);
    return csr;
}

struct UnionFind {
    std::vector<uint32_t> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    uint32_t find(uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(uint32_t a, uint32_t b) {
        a = find(a), b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

UnionFind componentsOf(const Mesh& mesh) {
    UnionFind uf(mesh.vertices.size());
    for (const auto& t : mesh.triangles) {
        uf.unite(t[0], t[1]);
        uf.unite(t[1], t[2]);
    }
    return uf;
}

void checkIndices(const Mesh& mesh) {
    const size_t nv = mesh.vertices.size();
    for (const auto& t : mesh.triangles)
        if (t[0] >= nv || t[1] >= nv || t[2] >= nv) throw Error("", "mesh triangle refers to a missing vertex");
}

}  // namespace

void smoothMesh(Mesh& mesh, const SmoothOptions& options) {
    if (options.iterations <= 0 || mesh.triangles.empty()) return;
    checkIndices(mesh);
    const double mu = 1.0 / (options.passBand - 1.0 / options.lambda);
    const Csr<uint32_t> nb = vertexNeighbours(mesh);
    std::vector<std::array<float, 3>> other(mesh.vertices.size());
    auto step = [&](const std::vector<std::array<float, 3>>& in, std::vector<std::array<float, 3>>& out, double f) {
        tbb::parallel_for(tbb::blocked_range<size_t>(0, in.size(), 8192), [&](const tbb::blocked_range<size_t>& r) {
            for (size_t v = r.begin(); v != r.end(); ++v) {
                const uint32_t b = nb.start[v], e = nb.start[v + 1];
                if (b == e) {
                    out[v] = in[v];
                    continue;
                }
                double s[3] = {0, 0, 0};
                for (uint32_t n = b; n < e; ++n)
                    for (int a = 0; a < 3; ++a) s[a] += in[nb.items[n]][a];
                for (int a = 0; a < 3; ++a) out[v][a] = float(in[v][a] + f * (s[a] / (e - b) - in[v][a]));
            }
        });
    };
    for (int it = 0; it < options.iterations; ++it) {
        step(mesh.vertices, other, options.lambda);
        step(other, mesh.vertices, mu);
    }
    mesh.normals.clear();
}

void removeUnusedVertices(Mesh& mesh) {
    checkIndices(mesh);
    std::vector<uint32_t> remap(mesh.vertices.size(), UINT32_MAX);
    for (const auto& t : mesh.triangles)
        for (uint32_t v : t) remap[v] = 0;
    uint32_t next = 0;
    const bool withNormals = mesh.normals.size() == mesh.vertices.size();
    for (size_t v = 0; v < remap.size(); ++v) {
        if (remap[v] == UINT32_MAX) continue;
        remap[v] = next;
        mesh.vertices[next] = mesh.vertices[v];
        if (withNormals) mesh.normals[next] = mesh.normals[v];
        ++next;
    }
    mesh.vertices.resize(next);
    if (withNormals) mesh.normals.resize(next);
    for (auto& t : mesh.triangles)
        for (uint32_t& v : t) v = remap[v];
}

// One meshopt_simplify call on `triangles` (indices into mesh's vertices) towards
// targetTriangles; the result indexes the same vertex buffer.
static Triangles simplifyTriangles(const Mesh& mesh, const Triangles& triangles, size_t targetTriangles, float relError,
                                   unsigned options) {
    const size_t indexCount = triangles.size() * 3;
    Triangles out(triangles.size());
    if (triangles.empty()) return out;
    const size_t n = meshopt_simplify(out.data()->data(), triangles.data()->data(), indexCount,
                                      mesh.vertices.data()->data(), mesh.vertices.size(), sizeof(float) * 3,
                                      std::max<size_t>(3, targetTriangles * 3), relError, options, nullptr);
    out.resize(n / 3);
    return out;
}

// Vertices of the edges that are not shared by exactly two oppositely wound triangles
// (degenerate triangles count as bad at their vertices).
static std::vector<uint32_t> nonManifoldVertices(const Triangles& triangles, size_t vertexCount) {
    Csr<uint64_t> sides = edgeSidesByLowerVertex(triangles, vertexCount);
    std::vector<uint32_t> out;
    for (const auto& t : triangles)
        if (degenerate(t)) out.insert(out.end(), t.begin(), t.end());
    for (size_t v = 0; v < vertexCount; ++v)
        forEachEdgeOf(sides, v, [&](uint32_t other, long n, int backward) {
            if (n != 2 || backward != 1) out.insert(out.end(), {uint32_t(v), other});
        });
    return out;
}

// One simplification step of a closed manifold `triangles` towards `stepGoal` that stays
// manifold. meshoptimizer's edge collapses do not check the link condition: where the
// surface is topologically tight (a thin tube or handle a few edges round, a small closed
// piece) a collapse can pinch it into an edge with four triangles. Then the triangles
// around the pinched vertices (one ring of this step's input, two for pinches that come
// back) are kept as they are and the rest is simplified again, its border (the cut)
// locked, at the same ratio, so the two parts join exactly and the kept rings cost only
// their own triangles. Repeated
// while new pinches appear (a few rounds); if that fails the step returns its input.
// The kept rings are free again in the next step, on the coarser mesh.
static Triangles manifoldSimplifyStep(const Mesh& mesh, const Triangles& triangles, size_t stepGoal, float relError) {
    Triangles result = simplifyTriangles(mesh, triangles, stepGoal, relError, 0);
    std::vector<uint32_t> bad = nonManifoldVertices(result, mesh.vertices.size());
    if (bad.empty()) return result;
    const double ratio = double(stepGoal) / double(triangles.size());
    std::vector<uint8_t> frozen(mesh.vertices.size(), 0);
    for (int round = 0; round < 8; ++round) {
        for (uint32_t v : bad) frozen[v] = 2;
        if (round >= 1)  // pinches that come back: keep one more ring around them
            for (const auto& t : triangles)
                if (frozen[t[0]] == 2 || frozen[t[1]] == 2 || frozen[t[2]] == 2)
                    for (uint32_t v : t) frozen[v] = std::max<uint8_t>(frozen[v], 1);
        for (uint32_t v : bad) frozen[v] = 1;
        Triangles kept, free;
        for (const auto& t : triangles)
            (frozen[t[0]] || frozen[t[1]] || frozen[t[2]] ? kept : free).push_back(t);
        result = simplifyTriangles(mesh, free, size_t(double(free.size()) * ratio), relError, meshopt_SimplifyLockBorder);
        result.insert(result.end(), kept.begin(), kept.end());
        bad = nonManifoldVertices(result, mesh.vertices.size());
        if (bad.empty()) return result;
    }
    return triangles;
}

void decimateMesh(Mesh& mesh, double targetRatio, double maxErrorMm) {
    if (!(targetRatio > 0 && targetRatio <= 1)) throw Error("", "decimation ratio must be in (0, 1]");
    if (mesh.triangles.empty() || targetRatio == 1) return;
    checkIndices(mesh);
    // meshoptimizer's error is relative to the extent of the vertex buffer it is given.
    auto relativeError = [&] {
        const float scale = meshopt_simplifyScale(mesh.vertices.data()->data(), mesh.vertices.size(), sizeof(float) * 3);
        return scale > 0 ? float(std::min(maxErrorMm / scale, 1e30)) : 0.f;
    };
    const size_t goal = std::max<size_t>(1, size_t(double(mesh.triangles.size()) * targetRatio));
    if (!nonManifoldVertices(mesh.triangles, mesh.vertices.size()).empty()) {  // nothing to keep: one plain pass
        mesh.triangles = simplifyTriangles(mesh, mesh.triangles, goal, relativeError(), 0);
    } else {
        // Steps of at most halving, each on the previous step's manifold result: a pinch
        // only keeps one ring of the current (coarser) mesh for one step, and a step that
        // kept rings leaves the shortfall to the next.
        double reach = 1;  // fraction of the way to the step goal; halved when a step stalls
        for (int step = 0; step < 32 && mesh.triangles.size() > goal + goal / 100 && reach > 0.1; ++step) {
            const size_t n = mesh.triangles.size();
            const size_t stepGoal = n - size_t(reach * double(n - std::max(goal, n / 2)));
            Triangles next = manifoldSimplifyStep(mesh, mesh.triangles, stepGoal, relativeError());
            const bool stalled = next.size() + n / 200 >= n;
            if (next.size() < n) {
                mesh.triangles = std::move(next);
                removeUnusedVertices(mesh);  // later steps work on the smaller vertex buffer
            }
            reach = stalled ? reach / 2 : std::min(1.0, reach * 2);
        }
    }
    mesh.normals.clear();
    removeUnusedVertices(mesh);
}

void computeNormals(Mesh& mesh) {
    checkIndices(mesh);
    std::vector<std::array<double, 3>> acc(mesh.vertices.size(), {0, 0, 0});
    for (const auto& t : mesh.triangles) {
        const auto &p = mesh.vertices[t[0]], &q = mesh.vertices[t[1]], &r = mesh.vertices[t[2]];
        const Vec3 n = cross(Vec3{q[0] - p[0], q[1] - p[1], q[2] - p[2]}, Vec3{r[0] - p[0], r[1] - p[1], r[2] - p[2]});
        for (uint32_t v : t)
            for (int a = 0; a < 3; ++a) acc[v][a] += n[a];  // |n| = 2 * area: area weighting
    }
    mesh.normals.resize(mesh.vertices.size());
    for (size_t v = 0; v < acc.size(); ++v) {
        const double len = std::sqrt(acc[v][0] * acc[v][0] + acc[v][1] * acc[v][1] + acc[v][2] * acc[v][2]);
        const double s = len > 0 ? 1.0 / len : 0.0;
        mesh.normals[v] = {float(acc[v][0] * s), float(acc[v][1] * s), float(acc[v][2] * s)};
    }
}

size_t keepLargestComponent(Mesh& mesh) {
    if (mesh.triangles.empty()) return 0;
    checkIndices(mesh);
    UnionFind uf = componentsOf(mesh);
    std::vector<uint32_t> triCount(mesh.vertices.size(), 0);
    for (const auto& t : mesh.triangles) ++triCount[uf.find(t[0])];
    const size_t best = size_t(std::max_element(triCount.begin(), triCount.end()) - triCount.begin());
    const size_t components = size_t(std::count_if(triCount.begin(), triCount.end(), [](uint32_t c) { return c > 0; }));
    std::erase_if(mesh.triangles, [&](const std::array<uint32_t, 3>& t) { return uf.find(t[0]) != best; });
    removeUnusedVertices(mesh);
    return components - 1;
}

MeshReport analyzeMesh(const Mesh& mesh) {
    checkIndices(mesh);
    MeshReport rep;
    rep.triangles = mesh.triangles.size();
    if (mesh.triangles.empty()) return rep;
    std::vector<uint8_t> used(mesh.vertices.size(), 0);
    for (const auto& t : mesh.triangles) {
        used[t[0]] = used[t[1]] = used[t[2]] = 1;
        rep.degenerateTriangles += degenerate(t);
    }
    rep.boundsLo = {1e300, 1e300, 1e300};
    rep.boundsHi = {-1e300, -1e300, -1e300};
    for (size_t v = 0; v < used.size(); ++v) {
        if (!used[v]) continue;
        ++rep.vertices;
        for (int a = 0; a < 3; ++a) {
            rep.boundsLo[a] = std::min(rep.boundsLo[a], double(mesh.vertices[v][a]));
            rep.boundsHi[a] = std::max(rep.boundsHi[a], double(mesh.vertices[v][a]));
        }
    }

    // Edges: group the sides under each lower vertex; a side list is 2 entries per edge
    // on a good mesh, so these sorts are tiny.
    Csr<uint64_t> sides = edgeSidesByLowerVertex(mesh.triangles, mesh.vertices.size());
    struct EdgeCounts { size_t edges = 0, boundary = 0, nonManifold = 0, misoriented = 0; };
    const EdgeCounts ec = tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, mesh.vertices.size(), 4096), EdgeCounts{},
        [&](const tbb::blocked_range<size_t>& r, EdgeCounts acc) {
            for (size_t v = r.begin(); v != r.end(); ++v)
                forEachEdgeOf(sides, v, [&](uint32_t, long n, int backward) {
                    ++acc.edges;
                    if (n == 1) ++acc.boundary;
                    else if (n > 2) ++acc.nonManifold;
                    else if (backward != 1) ++acc.misoriented;
                });
            return acc;
        },
        [](EdgeCounts a, const EdgeCounts& b) {
            a.edges += b.edges, a.boundary += b.boundary, a.nonManifold += b.nonManifold, a.misoriented += b.misoriented;
            return a;
        });
    rep.edges = ec.edges;
    rep.boundaryEdges = ec.boundary;
    rep.nonManifoldEdges = ec.nonManifold;
    rep.misorientedEdges = ec.misoriented;
    rep.eulerCharacteristic = int64_t(rep.vertices) - int64_t(rep.edges) + int64_t(rep.triangles);

    UnionFind uf = componentsOf(mesh);
    for (size_t v = 0; v < used.size(); ++v) rep.components += used[v] && uf.find(uint32_t(v)) == v;

    // Volume and area about the box centre (keeps the float products well conditioned).
    const Vec3 c = 0.5 * (rep.boundsLo + rep.boundsHi);
    auto at = [&](uint32_t v) { return Vec3{mesh.vertices[v][0] - c.x, mesh.vertices[v][1] - c.y, mesh.vertices[v][2] - c.z}; };
    struct Sums { double volume = 0, area = 0; };
    const Sums s = tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, mesh.triangles.size(), 16384), Sums{},
        [&](const tbb::blocked_range<size_t>& r, Sums acc) {
            for (size_t n = r.begin(); n != r.end(); ++n) {
                const auto& t = mesh.triangles[n];
                const Vec3 p = at(t[0]), q = at(t[1]), w = at(t[2]);
                acc.volume += dot(p, cross(q, w)) / 6.0;
                acc.area += 0.5 * norm(cross(q - p, w - p));
            }
            return acc;
        },
        [](Sums a, const Sums& b) { return Sums{a.volume + b.volume, a.area + b.area}; });
    rep.volumeMm3 = s.volume;
    rep.areaMm2 = s.area;
    return rep;
}

}  // namespace marrow
