#pragma once
// BlockSurfaces: the surfaces of every segment of a LabelMap, kept as independent pieces
// per block of voxels, so that after an edit only the blocks the edit touched are
// re-meshed (a brush dab re-meshes one to eight 64^3 blocks instead of the whole volume).
//
// Contract:
//  - Block b covers voxels [b*S, (b+1)*S) (S = blockSize, clipped to the grid) and owns the
//    marching cubes whose lower corner lies in that range; the first block on an axis also
//    owns the cube at -1 and the last one the cube at dim-1 (against the outside padding).
//    So the pieces of a segment over all blocks are exactly the triangles of
//    extractLabelSurface, with bit-identical vertices: welded by position they form the same
//    closed, manifold surface. Each piece is open where the surface crosses a block face.
//  - Pieces carry area-weighted normals that see the triangles on both sides of a block
//    face, so they equal the whole surface's normals (no shading seam between blocks).
//  - Reads the label map (const methods only); do not call while an editor writes to it.
//  - TBB-parallel over blocks.
#include <cstdint>
#include <utility>
#include <vector>

#include "io/mesh.h"
#include "seg/label_map.h"

namespace marrow {

// The surface piece of one segment inside one block.
struct SurfacePiece {
    Label label = 0;
    Mesh mesh;  // vertices in LPS mm, normals set
    // A coarser triangle set over the same vertices, for drawing while the view moves
    // (software OpenGL pays per triangle): about kCoarseRatio of the triangles, simplified
    // with the piece's border locked so neighbouring blocks still meet without cracks.
    // Empty until addCoarseSet (it costs several times the meshing, so the viewer makes it
    // on a worker or when the view first moves).
    std::vector<std::array<uint32_t, 3>> coarse;
};
constexpr double kCoarseRatio = 0.25;
constexpr float kCoarseErrorMm = 1.0f;  // the most a coarse surface strays from the full one

// Meshes every segment present in the cubes of `block` (a BlockSurfaces block box), with
// normals (no coarse set).
std::vector<SurfacePiece> meshBlock(const LabelMap& map, const VoxelBox& block);
// Fills piece.coarse (meshoptimizer's edge collapses, border vertices locked, stopping at
// kCoarseErrorMm). A piece may come out with fins (two sheets pinched into one edge):
// harmless on screen; never cracks at the border.
void addCoarseSet(SurfacePiece& piece);

class BlockSurfaces {
public:
    static constexpr int kDefaultBlockSize = 64;  // a multiple of LabelMap::kTileSize reads whole tiles

    explicit BlockSurfaces(int blockSize = kDefaultBlockSize) : blockSize_(blockSize) {}

    // Meshes every block of map (forgets what was there).
    void rebuild(const LabelMap& map);
    // Re-meshes the blocks whose cubes read a voxel of `changed` (an edit's dirty box) and
    // returns their indices (ascending). An empty box changes nothing. Needs rebuild first
    // (on a map with another grid it rebuilds).
    std::vector<size_t> update(const LabelMap& map, const VoxelBox& changed);

    // The blocks whose cubes read a voxel of box.
    std::vector<size_t> blocksTouching(const VoxelBox& box) const;

    // The same in steps, for meshing on another thread: reset to map's grid (every block
    // empty), mesh the blocks' boxes anywhere (meshBlock), store the pieces back here.
    void reset(const ImageGeometry& grid);
    bool sameGrid(const ImageGeometry& grid) const;
    void store(size_t block, std::vector<SurfacePiece> pieces);

    size_t blockCount() const { return pieces_.size(); }
    const std::array<int, 3>& blockGrid() const { return grid_; }
    VoxelBox blockBox(size_t block) const;
    const std::vector<SurfacePiece>& pieces(size_t block) const { return pieces_[block]; }
    // Bumps each time the block is re-meshed (renderers re-upload when it changes).
    uint64_t blockVersion(size_t block) const { return versions_[block]; }
    size_t triangleCount(Label id) const;

    // One segment's pieces concatenated (seam vertices repeated, no welding).
    Mesh segmentMesh(Label id) const;

private:
    int blockSize_;
    std::array<int64_t, 3> dims_{0, 0, 0};
    std::array<int, 3> grid_{0, 0, 0};
    std::vector<std::vector<SurfacePiece>> pieces_;
    std::vector<uint64_t> versions_;
    uint64_t nextVersion_ = 1;
};

}  // namespace marrow
