// Surface extraction by binary marching cubes, organised like flying edges
// (Schroeder et al., "Flying Edges", IEEE LDAV 2015) so threads never share output memory:
//   0. classify: one pass over the volume records, per voxel row, the first and last
//      inside voxel; a second pass copies the trimmed bounding box, padded by one outside
//      voxel on every side, into a 0/1 byte grid (padding closes the surface).
//   1. count: per cube row (TBB over slices), the vertices the row owns (crossing edges
//      leaving its lower corners along +x, +y, +z) and its triangles; rows outside the
//      trimmed x-span of their four voxel rows are skipped.
//   2. prefix sums give every row its first vertex and first triangle.
//   3. write: TBB over slabs of slices; each slab numbers the crossing edges of two
//      slices at a time in private id buffers, writes the vertices it owns and the
//      triangles of its cubes at their precomputed offsets.
// Vertices are shared (one per crossing edge). Work is O(bbox voxels) and output size;
// memory is the padded byte grid plus 6 slice-sized id buffers per thread.
// Case table and manifold guarantee: mc_case_table.h.
#include "seg/mesh/surface_extraction.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "io/error.h"
#include "seg/mesh/mc_case_table.h"

namespace marrow {
namespace {

constexpr int32_t kEmptyFirst = std::numeric_limits<int32_t>::max();

// The padded 0/1 grid around the trimmed bounding box of the inside voxels.
struct InsideGrid {
    std::array<int, 3> dims{0, 0, 0};         // padded size
    std::array<int64_t, 3> offset{0, 0, 0};   // original index of padded voxel (0,0,0)
    std::vector<uint8_t> voxels;
    std::vector<std::array<int32_t, 2>> span;  // per padded row (j,k): first/last inside i
    // Triangles come only from cubes whose lower corner is below this on every axis; the
    // cubes past it still number the crossing edges those triangles share (a window of a
    // larger grid, extractLabelWindow). Default: every cube.
    std::array<int, 3> emitLimit{std::numeric_limits<int>::max(), std::numeric_limits<int>::max(),
                                 std::numeric_limits<int>::max()};

    size_t rowIndex(int j, int k) const { return size_t(j) + size_t(dims[1]) * size_t(k); }
    const uint8_t* row(int j, int k) const { return voxels.data() + rowIndex(j, k) * size_t(dims[0]); }
};

// Builds the grid of voxels for which inside(linearIndex) holds; false when there are none.
template <class Inside>
bool buildInsideGrid(const ImageGeometry& g, const Inside& inside, InsideGrid& out) {
    const int nx = g.dim(0), ny = g.dim(1), nz = g.dim(2);
    std::vector<std::array<int32_t, 2>> span(size_t(ny) * nz);
    tbb::parallel_for(tbb::blocked_range<int>(0, nz), [&](const tbb::blocked_range<int>& r) {
        for (int k = r.begin(); k != r.end(); ++k)
            for (int j = 0; j < ny; ++j) {
                const size_t base = g.linearIndex(0, j, k);
                int first = 0, last = nx - 1;
                while (first < nx && !inside(base + first)) ++first;
                if (first == nx) {
                    span[size_t(j) + size_t(ny) * k] = {kEmptyFirst, -1};
                    continue;
                }
                while (!inside(base + last)) --last;
                span[size_t(j) + size_t(ny) * k] = {first, last};
            }
    });
    int lo[3] = {nx, ny, nz}, hi[3] = {-1, -1, -1};
    for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j) {
            const auto& s = span[size_t(j) + size_t(ny) * k];
            if (s[0] == kEmptyFirst) continue;
            lo[0] = std::min(lo[0], s[0]);
            hi[0] = std::max(hi[0], s[1]);
            lo[1] = std::min(lo[1], j);
            hi[1] = std::max(hi[1], j);
            lo[2] = std::min(lo[2], k);
            hi[2] = std::max(hi[2], k);
        }
    if (hi[0] < 0) return false;
    for (int a = 0; a < 3; ++a) {
        out.dims[a] = hi[a] - lo[a] + 3;
        out.offset[a] = lo[a] - 1;
    }
    const int px = out.dims[0], py = out.dims[1], pz = out.dims[2];
    out.voxels.assign(size_t(px) * py * pz, 0);
    out.span.assign(size_t(py) * pz, {kEmptyFirst, -1});
    tbb::parallel_for(tbb::blocked_range<int>(1, pz - 1), [&](const tbb::blocked_range<int>& r) {
        for (int pk = r.begin(); pk != r.end(); ++pk)
            for (int pj = 1; pj < py - 1; ++pj) {
                const int j = pj - 1 + lo[1], k = pk - 1 + lo[2];
                const auto s = span[size_t(j) + size_t(ny) * k];
                if (s[0] == kEmptyFirst) continue;
                uint8_t* dst = out.voxels.data() + out.rowIndex(pj, pk) * px - (lo[0] - 1);
                const size_t base = g.linearIndex(0, j, k);
                for (int i = s[0]; i <= s[1]; ++i) dst[i] = inside(base + i) ? 1 : 0;
                out.span[out.rowIndex(pj, pk)] = {s[0] - lo[0] + 1, s[1] - lo[0] + 1};
            }
    });
    return true;
}

// x-range [lo,hi] of the cubes of cube row (j,k) that can touch the surface; lo > hi if none.
std::array<int, 2> cubeSpan(const InsideGrid& grid, int j, int k) {
    int lo = kEmptyFirst, hi = -1;
    for (int dk = 0; dk < 2; ++dk)
        for (int dj = 0; dj < 2; ++dj) {
            const auto& s = grid.span[grid.rowIndex(j + dj, k + dk)];
            lo = std::min(lo, s[0]);
            hi = std::max(hi, s[1]);
        }
    if (hi < 0) return {1, 0};
    return {std::max(lo - 1, 0), std::min(hi, grid.dims[0] - 2)};
}

// Walks the cubes of one cube row, calling f(i, caseIndex).
template <class F>
void forEachCube(const InsideGrid& grid, int j, int k, const std::array<int, 2>& range, F&& f) {
    const uint8_t* r00 = grid.row(j, k);
    const uint8_t* r10 = grid.row(j + 1, k);
    const uint8_t* r01 = grid.row(j, k + 1);
    const uint8_t* r11 = grid.row(j + 1, k + 1);
    auto column = [&](int i) { return unsigned(r00[i] | (r10[i] << 2) | (r01[i] << 4) | (r11[i] << 6)); };
    // Runs of cubes entirely outside (case 0) or inside (255) add nothing: skip them 8 at a
    // time when the next 8 columns of all four rows are 0 (or all 1) bytes.
    auto uniform8 = [&](int at, uint64_t word) {
        uint64_t w[4];
        std::memcpy(&w[0], r00 + at, 8);
        std::memcpy(&w[1], r10 + at, 8);
        std::memcpy(&w[2], r01 + at, 8);
        std::memcpy(&w[3], r11 + at, 8);
        return w[0] == word && w[1] == word && w[2] == word && w[3] == word;
    };
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    unsigned left = column(range[0]);
    for (int i = range[0]; i <= range[1]; ++i) {
        while ((left == 0 || left == 0x55) && i + 8 <= range[1] && uniform8(i + 1, left ? kOnes : 0)) i += 8;
        const unsigned right = column(i + 1);
        f(i, left | (right << 1));
        left = right;
    }
}

// Vertices owned by a cube: its lower corner's crossing edges along +x, +y, +z.
inline unsigned ownedCrossings(unsigned cs) { return ((cs ^ (cs >> 1)) & 1) + ((cs ^ (cs >> 2)) & 1) + ((cs ^ (cs >> 4)) & 1); }

struct SliceIds {
    std::vector<uint32_t> axis[3];  // vertex id of the crossing edge leaving (i,j) along x, y, z
    void resize(size_t n) {
        for (auto& a : axis) a.resize(n);
    }
};

// Place(axis, i, j, k) -> fraction along the edge from padded voxel (i,j,k) in +axis.
template <class Place>
Mesh extractFromGrid(const InsideGrid& grid, const ImageGeometry& geometry, const Place& place,
                     const ProgressFn& progress) {
    const auto& table = mc::caseTable();
    const int px = grid.dims[0], py = grid.dims[1], pz = grid.dims[2];
    const size_t cubeRows = size_t(py - 1) * (pz - 1);
    auto cubeRow = [py](int j, int k) { return size_t(j) + size_t(py - 1) * size_t(k); };

    // Pass 1: counts per cube row.
    std::vector<uint64_t> vertBase(cubeRows + 1, 0), triBase(cubeRows + 1, 0);
    tbb::parallel_for(tbb::blocked_range<int>(0, pz - 1, 2), [&](const tbb::blocked_range<int>& r) {
        for (int k = r.begin(); k != r.end(); ++k)
            for (int j = 0; j < py - 1; ++j) {
                const auto range = cubeSpan(grid, j, k);
                uint64_t nv = 0, nt = 0;
                const int emitEnd = j < grid.emitLimit[1] && k < grid.emitLimit[2] ? grid.emitLimit[0] : -1;
                forEachCube(grid, j, k, range, [&](int i, unsigned cs) {
                    nv += ownedCrossings(cs);
                    if (i < emitEnd) nt += table[cs].triangleCount;
                });
                vertBase[cubeRow(j, k) + 1] = nv;
                triBase[cubeRow(j, k) + 1] = nt;
            }
    });
    for (size_t n = 0; n < cubeRows; ++n) {
        vertBase[n + 1] += vertBase[n];
        triBase[n + 1] += triBase[n];
    }
    if (vertBase.back() > std::numeric_limits<uint32_t>::max())
        throw Error("", "surface has too many vertices for 32-bit indices");
    reportProgress(progress, 0.4, "surface");

    Mesh mesh;
    mesh.vertices.resize(vertBase.back());
    mesh.triangles.resize(triBase.back());
    const bool flip = geometry.direction().determinant() < 0;  // reflection: swap winding
    const Vec3 shift{double(grid.offset[0]), double(grid.offset[1]), double(grid.offset[2])};

    // Per edge of a cube: which of the two slices, which axis array, offset from (i,j).
    struct EdgeRef { int slice, axis, delta; };
    std::array<EdgeRef, 12> edgeRef;
    for (int e = 0; e < 12; ++e) {
        const int a = mc::edgeAxis(e), u = mc::edgeU(e), v = mc::edgeV(e);
        if (a == 0) edgeRef[e] = {v, 0, u * px};
        else if (a == 1) edgeRef[e] = {v, 1, u};
        else edgeRef[e] = {0, 2, u + v * px};
    }

    tbb::enumerable_thread_specific<std::array<SliceIds, 2>> buffers([&] {
        std::array<SliceIds, 2> b;
        b[0].resize(size_t(px) * py);
        b[1].resize(size_t(px) * py);
        return b;
    });

    // Numbers the crossing edges owned by the cube rows of slice k; writes their vertices
    // when this slab owns them.
    auto numberSlice = [&](int k, SliceIds& ids, bool write) {
        if (k >= pz - 1) return;
        for (int j = 0; j < py - 1; ++j) {
            uint64_t id = vertBase[cubeRow(j, k)];
            const auto range = cubeSpan(grid, j, k);
            forEachCube(grid, j, k, range, [&](int i, unsigned cs) {
                const size_t at = size_t(j) * px + i;
                for (int a = 0; a < 3; ++a) {
                    if (!((cs ^ (cs >> (1 << a))) & 1)) continue;
                    ids.axis[a][at] = uint32_t(id);
                    if (write) {
                        Vec3 p{double(i), double(j), double(k)};
                        p[a] += place(a, i, j, k);
                        const Vec3 lps = geometry.indexToPatient(p + shift);
                        mesh.vertices[id] = {float(lps.x), float(lps.y), float(lps.z)};
                    }
                    ++id;
                }
            });
        }
    };

    tbb::parallel_for(tbb::blocked_range<int>(0, pz - 1, 8), [&](const tbb::blocked_range<int>& r) {
        auto& slices = buffers.local();
        int cur = 0;
        numberSlice(r.begin(), slices[cur], true);
        for (int k = r.begin(); k != r.end(); ++k) {
            numberSlice(k + 1, slices[1 - cur], k + 1 < r.end());
            const SliceIds* s[2] = {&slices[cur], &slices[1 - cur]};
            for (int j = 0; j < py - 1; ++j) {
                uint64_t t = triBase[cubeRow(j, k)];
                const auto range = cubeSpan(grid, j, k);
                const int emitEnd = j < grid.emitLimit[1] && k < grid.emitLimit[2] ? grid.emitLimit[0] : -1;
                forEachCube(grid, j, k, range, [&](int i, unsigned cs) {
                    if (i >= emitEnd) return;
                    const auto& entry = table[cs];
                    const size_t at = size_t(j) * px + i;
                    for (int n = 0; n < entry.triangleCount; ++n) {
                        uint32_t v[3];
                        for (int c = 0; c < 3; ++c) {
                            const EdgeRef& ref = edgeRef[entry.edges[3 * n + c]];
                            v[c] = s[ref.slice]->axis[ref.axis][at + ref.delta];
                        }
                        mesh.triangles[t++] = flip ? std::array<uint32_t, 3>{v[0], v[2], v[1]}
                                                   : std::array<uint32_t, 3>{v[0], v[1], v[2]};
                    }
                });
            }
            cur = 1 - cur;
        }
    });
    reportProgress(progress, 1.0, "surface");
    return mesh;
}

struct Midpoint {
    double operator()(int, int, int, int) const { return 0.5; }
};

}  // namespace

Mesh extractSurface(const Mask& mask, const ProgressFn& progress) {
    if (mask.voxels.size() != mask.geometry.voxelCount()) throw Error("", "mask size does not match its geometry");
    reportProgress(progress, 0.0, "surface");
    InsideGrid grid;
    const uint8_t* v = mask.voxels.data();
    if (!buildInsideGrid(mask.geometry, [v](size_t n) { return v[n] != 0; }, grid)) return {};
    return extractFromGrid(grid, mask.geometry, Midpoint{}, progress);
}

Mesh extractLabelSurface(const Volume& labels, int64_t label, const ProgressFn& progress) {
    if (labels.type() == ScalarType::Float32) throw Error("", "a label map must hold integer voxels, not float32");
    reportProgress(progress, 0.0, "surface");
    InsideGrid grid;
    const bool any = labels.visit([&](const auto* v) {
        return buildInsideGrid(labels.geometry(), [v, label](size_t n) { return int64_t(v[n]) == label; }, grid);
    });
    if (!any) return {};
    return extractFromGrid(grid, labels.geometry(), Midpoint{}, progress);
}

Mesh extractLabelWindow(const uint8_t* window, const std::array<int, 3>& cubes, const Index3& origin,
                        const ImageGeometry& geometry, uint8_t label) {
    if (cubes[0] < 1 || cubes[1] < 1 || cubes[2] < 1) return {};
    InsideGrid grid;
    grid.dims = {cubes[0] + 2, cubes[1] + 2, cubes[2] + 2};
    grid.offset = {origin[0], origin[1], origin[2]};
    grid.emitLimit = cubes;
    const int rowLength = grid.dims[0];
    const size_t rows = size_t(grid.dims[1]) * grid.dims[2];
    grid.voxels.resize(size_t(rowLength) * rows);
    grid.span.assign(rows, {kEmptyFirst, -1});
    bool any = false;
    for (size_t r = 0; r < rows; ++r) {
        const uint8_t* src = window + r * rowLength;
        uint8_t* dst = grid.voxels.data() + r * rowLength;
        auto& span = grid.span[r];
        for (int i = 0; i < rowLength; ++i) {
            dst[i] = src[i] == label;
            if (dst[i]) {
                span[0] = std::min(span[0], i);
                span[1] = i;
            }
        }
        any |= span[1] >= 0;
    }
    if (!any) return {};
    Mesh mesh = extractFromGrid(grid, geometry, Midpoint{}, {});
    // Vertices on the last layer's own edges belong to the next window.
    std::vector<uint32_t> remap(mesh.vertices.size(), UINT32_MAX);
    std::vector<std::array<float, 3>> kept;
    kept.reserve(mesh.vertices.size());
    for (auto& t : mesh.triangles)
        for (auto& v : t) {
            if (remap[v] == UINT32_MAX) {
                remap[v] = uint32_t(kept.size());
                kept.push_back(mesh.vertices[v]);
            }
            v = remap[v];
        }
    mesh.vertices = std::move(kept);
    return mesh;
}

Mesh extractIsoSurface(const Volume& volume, double level, const ProgressFn& progress) {
    if (!std::isfinite(level)) throw Error("", "iso-level is not a finite number");
    reportProgress(progress, 0.0, "surface");
    const ImageGeometry& g = volume.geometry();
    return volume.visit([&](const auto* v) -> Mesh {
        InsideGrid grid;
        if (!buildInsideGrid(g, [v, level](size_t n) { return double(v[n]) >= level; }, grid)) return {};
        // Interpolate where both ends are real voxels; against the padding, half-way.
        auto place = [&](int axis, int i, int j, int k) {
            Index3 a{i + grid.offset[0], j + grid.offset[1], k + grid.offset[2]};
            Index3 b = a;
            b[axis] += 1;
            if (!g.contains(a[0], a[1], a[2]) || !g.contains(b[0], b[1], b[2])) return 0.5;
            const double va = double(v[g.linearIndex(a[0], a[1], a[2])]);
            const double vb = double(v[g.linearIndex(b[0], b[1], b[2])]);
            const double t = (level - va) / (vb - va);
            // Keep vertices off the voxel centres: a voxel exactly at the level (common with
            // integer HU) would otherwise put the vertices of all its edges on one point and
            // leave zero-area triangles, which printers' repair tools count as defects.
            constexpr double kMinT = 0.02;
            return std::isfinite(t) ? std::clamp(t, kMinT, 1.0 - kMinT) : 0.5;
        };
        return extractFromGrid(grid, g, place, progress);
    });
}

}  // namespace marrow
