// Block-wise segment surfaces (block_surfaces.h). Per block: copy the labels of the
// block's cubes plus one more cube on every side (and the outside padding at the grid's
// faces) into a dense window, list the labels present, run extractLabelWindow once per
// label, compute normals on that piece and keep the triangles of the block's own cubes.
// Work per block is O((S+4)^3 * labels present); an all-background block (no allocated
// tile) costs a tile lookup. Blocks run in parallel (TBB).
#include "seg/mesh/block_surfaces.h"

#include <meshoptimizer.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bitset>
#include <cmath>

#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"

namespace marrow {

void addCoarseSet(SurfacePiece& piece) {
    const Mesh& mesh = piece.mesh;
    piece.coarse.assign(mesh.triangles.size(), {});
    if (mesh.triangles.empty()) return;
    const float scale = meshopt_simplifyScale(mesh.vertices.data()->data(), mesh.vertices.size(), sizeof(float) * 3);
    const size_t target = std::max<size_t>(1, size_t(double(mesh.triangles.size()) * kCoarseRatio)) * 3;
    const size_t n = meshopt_simplify(piece.coarse.data()->data(), mesh.triangles.data()->data(),
                                      mesh.triangles.size() * 3, mesh.vertices.data()->data(), mesh.vertices.size(),
                                      sizeof(float) * 3, target, scale > 0 ? kCoarseErrorMm / scale : 0.0f,
                                      meshopt_SimplifyLockBorder);
    piece.coarse.resize(n / 3);
}

std::vector<SurfacePiece> meshBlock(const LabelMap& map, const VoxelBox& block) {
    const ImageGeometry& g = map.geometry();
    // Owned cube corners [first, block.hi): the first block also owns the cube at -1.
    Index3 first;
    std::array<int, 3> cubes;
    for (int a = 0; a < 3; ++a) {
        first[a] = block.lo[a] == 0 ? -1 : block.lo[a];
        cubes[a] = int(block.hi[a] - first[a]);
    }
    const VoxelBox window{first, {first[0] + cubes[0] + 2, first[1] + cubes[1] + 2, first[2] + cubes[2] + 2}};
    const VoxelBox inGrid = window.intersect(VoxelBox::of(g));
    const auto tiles = map.tilesIn(inGrid);
    if (std::all_of(tiles.begin(), tiles.end(), [&](size_t t) { return map.tile(t) == nullptr; })) return {};

    // Normals must not depend on where the blocks are cut: a vertex on a block face would
    // average only this block's triangles, a visible shading seam. So the labels are read one
    // cube further on every side, normals are computed on that larger piece, and then only
    // the block's own cubes' triangles are kept (their vertices bit-identical as before).
    const Index3 efirst{first[0] - 1, first[1] - 1, first[2] - 1};
    const std::array<int, 3> ecubes{cubes[0] + 2, cubes[1] + 2, cubes[2] + 2};
    const VoxelBox ewindow{efirst, {efirst[0] + ecubes[0] + 2, efirst[1] + ecubes[1] + 2, efirst[2] + ecubes[2] + 2}};
    const VoxelBox einGrid = ewindow.intersect(VoxelBox::of(g));
    const std::array<int64_t, 3> size{ewindow.extent(0), ewindow.extent(1), ewindow.extent(2)};
    std::vector<uint8_t> labels(size_t(size[0] * size[1] * size[2]), 0);
    std::bitset<256> present;
    for (int64_t k = einGrid.lo[2]; k < einGrid.hi[2]; ++k)
        for (int64_t j = einGrid.lo[1]; j < einGrid.hi[1]; ++j) {
            uint8_t* row = labels.data() + size_t(((k - efirst[2]) * size[1] + (j - efirst[1])) * size[0] - efirst[0]);
            for (int64_t i = einGrid.lo[0]; i < einGrid.hi[0]; ++i) {
                const Label v = map.at(i, j, k);
                row[i] = v;
                present.set(v);
            }
        }
    // A triangle lies in its marching cube; its centroid is at least 1/6 voxel inside it
    // (vertices sit on the cube's edges, never all on one face), so floor() finds the cube.
    const auto owned = [&](const Mesh& m, const std::array<uint32_t, 3>& t) {
        Vec3 c{};
        for (uint32_t v : t) c = c + Vec3{m.vertices[v][0], m.vertices[v][1], m.vertices[v][2]};
        const Vec3 idx = g.patientToIndex(c * (1.0 / 3.0));
        const double at[3] = {idx.x, idx.y, idx.z};
        for (int a = 0; a < 3; ++a) {
            const int64_t cube = int64_t(std::floor(at[a]));
            if (cube < first[a] || cube >= first[a] + cubes[a]) return false;
        }
        return true;
    };
    std::vector<SurfacePiece> out;
    for (int label = 1; label < 256; ++label) {
        if (!present.test(size_t(label))) continue;
        SurfacePiece piece{Label(label), extractLabelWindow(labels.data(), ecubes, efirst, g, uint8_t(label))};
        if (piece.mesh.triangles.empty()) continue;
        computeNormals(piece.mesh);
        auto& tris = piece.mesh.triangles;
        tris.erase(std::remove_if(tris.begin(), tris.end(), [&](const auto& t) { return !owned(piece.mesh, t); }),
                   tris.end());
        if (tris.empty()) continue;
        removeUnusedVertices(piece.mesh);  // normals follow
        out.push_back(std::move(piece));
    }
    return out;
}

VoxelBox BlockSurfaces::blockBox(size_t block) const {
    const size_t bx = block % size_t(grid_[0]), by = (block / size_t(grid_[0])) % size_t(grid_[1]),
                 bz = block / (size_t(grid_[0]) * size_t(grid_[1]));
    const int64_t s = blockSize_;
    VoxelBox b{{int64_t(bx) * s, int64_t(by) * s, int64_t(bz) * s}, {}};
    for (int a = 0; a < 3; ++a) b.hi[a] = std::min(b.lo[a] + s, dims_[a]);
    return b;
}

void BlockSurfaces::reset(const ImageGeometry& g) {
    for (int a = 0; a < 3; ++a) {
        dims_[a] = g.dim(a);
        grid_[a] = int((dims_[a] + blockSize_ - 1) / blockSize_);
    }
    const size_t n = size_t(grid_[0]) * grid_[1] * grid_[2];
    pieces_.assign(n, {});
    versions_.assign(n, 0);
}

bool BlockSurfaces::sameGrid(const ImageGeometry& g) const {
    return !pieces_.empty() && dims_ == std::array<int64_t, 3>{g.dim(0), g.dim(1), g.dim(2)};
}

void BlockSurfaces::store(size_t block, std::vector<SurfacePiece> pieces) {
    pieces_[block] = std::move(pieces);
    versions_[block] = nextVersion_++;
}

void BlockSurfaces::rebuild(const LabelMap& map) {
    reset(map.geometry());
    tbb::parallel_for(size_t(0), pieces_.size(), [&](size_t b) { pieces_[b] = meshBlock(map, blockBox(b)); });
    for (auto& v : versions_) v = nextVersion_++;
}

std::vector<size_t> BlockSurfaces::blocksTouching(const VoxelBox& box) const {
    std::vector<size_t> out;
    if (box.empty() || pieces_.empty()) return out;
    // Voxel v is read by the cubes with lower corner v-1 and v; corner -1 is block 0's.
    int lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
        lo[a] = int(std::max<int64_t>(box.lo[a] - 1, 0) / blockSize_);
        hi[a] = std::min(int((std::min(box.hi[a], dims_[a]) - 1) / blockSize_), grid_[a] - 1);
    }
    for (int z = lo[2]; z <= hi[2]; ++z)
        for (int y = lo[1]; y <= hi[1]; ++y)
            for (int x = lo[0]; x <= hi[0]; ++x)
                out.push_back(size_t(x) + size_t(grid_[0]) * (size_t(y) + size_t(grid_[1]) * size_t(z)));
    return out;
}

std::vector<size_t> BlockSurfaces::update(const LabelMap& map, const VoxelBox& changed) {
    if (!sameGrid(map.geometry())) {
        rebuild(map);
        std::vector<size_t> all(pieces_.size());
        for (size_t b = 0; b < all.size(); ++b) all[b] = b;
        return all;
    }
    const std::vector<size_t> touched = blocksTouching(changed);
    tbb::parallel_for(size_t(0), touched.size(),
                      [&](size_t n) { pieces_[touched[n]] = meshBlock(map, blockBox(touched[n])); });
    for (size_t b : touched) versions_[b] = nextVersion_++;
    return touched;
}

size_t BlockSurfaces::triangleCount(Label id) const {
    size_t n = 0;
    for (const auto& block : pieces_)
        for (const auto& p : block)
            if (p.label == id) n += p.mesh.triangles.size();
    return n;
}

Mesh BlockSurfaces::segmentMesh(Label id) const {
    Mesh out;
    for (const auto& block : pieces_)
        for (const auto& p : block) {
            if (p.label != id) continue;
            const uint32_t base = uint32_t(out.vertices.size());
            out.vertices.insert(out.vertices.end(), p.mesh.vertices.begin(), p.mesh.vertices.end());
            out.normals.insert(out.normals.end(), p.mesh.normals.begin(), p.mesh.normals.end());
            for (const auto& t : p.mesh.triangles) out.triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
        }
    return out;
}

}  // namespace marrow
