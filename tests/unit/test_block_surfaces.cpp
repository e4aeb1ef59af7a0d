#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "seg/mesh/block_surfaces.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "seg/tools/paint.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

namespace {

using P3 = std::array<float, 3>;
using Tri = std::array<P3, 3>;

// Triangles as position triples, each rotated to start at its smallest corner (winding
// kept), sorted: two meshes with equal lists hold the same oriented triangles.
std::vector<Tri> canonicalTriangles(const Mesh& m) {
    std::vector<Tri> out;
    out.reserve(m.triangles.size());
    for (const auto& t : m.triangles) {
        Tri tri{m.vertices[t[0]], m.vertices[t[1]], m.vertices[t[2]]};
        const auto first = std::min_element(tri.begin(), tri.end()) - tri.begin();
        std::rotate(tri.begin(), tri.begin() + first, tri.end());
        out.push_back(tri);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Merges vertices at identical positions (the seams between block pieces).
Mesh weld(const Mesh& m) {
    Mesh out;
    std::map<P3, uint32_t> ids;
    for (const auto& t : m.triangles) {
        std::array<uint32_t, 3> w;
        for (int c = 0; c < 3; ++c) {
            const auto [it, added] = ids.try_emplace(m.vertices[t[c]], uint32_t(out.vertices.size()));
            if (added) out.vertices.push_back(m.vertices[t[c]]);
            w[c] = it->second;
        }
        out.triangles.push_back(w);
    }
    return out;
}

// Two labels on a grid that is no multiple of the block size: a sphere (label 1) crossing
// block faces and a box (label 2) touching the grid's low and high faces.
LabelMap twoShapes(const ImageGeometry& g) {
    Volume v(g, ScalarType::UInt8);
    uint8_t* p = v.data<uint8_t>();
    const Vec3 centre = g.indexToPatient({17.3, 15.6, 14.2});
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                uint8_t& l = p[g.linearIndex(i, j, k)];
                if (norm(g.indexToPatient({double(i), double(j), double(k)}) - centre) <= 9.0) l = 1;
                else if (i >= 30 && j <= 6 && k >= 3) l = 2;
            }
    return LabelMap::fromVolume(v);
}

void expectSameSurface(const BlockSurfaces& blocks, const LabelMap& map, Label id) {
    const Mesh whole = extractLabelSurface(map.toVolume(), id);
    const Mesh pieces = blocks.segmentMesh(id);
    ASSERT_FALSE(whole.triangles.empty());
    EXPECT_EQ(pieces.triangles.size(), whole.triangles.size());
    EXPECT_TRUE(canonicalTriangles(pieces) == canonicalTriangles(whole)) << "label " << int(id);
    const MeshReport a = analyzeMesh(weld(pieces)), b = analyzeMesh(whole);
    EXPECT_TRUE(a.manifold());
    EXPECT_EQ(a.vertices, b.vertices);
    EXPECT_EQ(a.eulerCharacteristic, b.eulerCharacteristic);
    EXPECT_NEAR(a.volumeMm3, b.volumeMm3, 1e-6 * b.volumeMm3);
    EXPECT_NEAR(a.areaMm2, b.areaMm2, 1e-6 * b.areaMm2);
}

}  // namespace

TEST(BlockSurfaces, UnionOfBlocksIsTheWholeVolumeSurface) {
    // Anisotropic spacing and an oblique direction: positions must still match bit for bit.
    Mat3 d;
    d.m = {{{0.6, -0.8, 0}, {0.8, 0.6, 0}, {0, 0, 1}}};
    const ImageGeometry g({41, 37, 30}, {0.8, 0.9, 1.3}, {-20, 5, 7}, d);
    const LabelMap map = twoShapes(g);
    for (int size : {8, 16, 64}) {
        BlockSurfaces blocks(size);
        blocks.rebuild(map);
        EXPECT_EQ(blocks.blockCount(), size_t((41 + size - 1) / size) * ((37 + size - 1) / size) * ((30 + size - 1) / size));
        expectSameSurface(blocks, map, 1);
        expectSameSurface(blocks, map, 2);
        EXPECT_EQ(blocks.segmentMesh(3).triangles.size(), 0u);
    }
}

TEST(BlockSurfaces, BlocksTouchingCoverTheCubesThatReadTheBox) {
    const LabelMap map(ImageGeometry({40, 35, 33}, {1, 1, 1}));
    BlockSurfaces blocks(16);  // grid 3 x 3 x 3
    blocks.rebuild(map);
    ASSERT_EQ(blocks.blockGrid(), (std::array<int, 3>{3, 3, 3}));
    // Voxel 16 is read by cubes 15 (block 0) and 16 (block 1).
    EXPECT_EQ(blocks.blocksTouching({{16, 0, 0}, {17, 1, 1}}), (std::vector<size_t>{0, 1}));
    // Voxel 17: only cubes of block 1 (16 and 17).
    EXPECT_EQ(blocks.blocksTouching({{17, 17, 17}, {18, 18, 18}}), (std::vector<size_t>{1 + 3 + 9}));
    // The last voxel: along x and y only the last block's cubes read it (38 and the padding
    // cube 39); along z it is block 2's first voxel (32), so block 1's cube 31 reads it too.
    EXPECT_EQ(blocks.blocksTouching({{39, 34, 32}, {40, 35, 33}}), (std::vector<size_t>{2 + 6 + 9, 2 + 6 + 18}));
    EXPECT_TRUE(blocks.blocksTouching({}).empty());
}

TEST(BlockSurfaces, BrushDabRemeshesOnlyTouchedBlocks) {
    const ImageGeometry g({48, 48, 40}, {1, 1, 1});
    EditDoc doc(g);
    const Label bone = doc.editor.addSegment("bone");
    doc.editor.apply(Modifier::of(filledBox({{4, 4, 4}, {44, 44, 36}})), EditMode::Set, bone);
    BlockSurfaces blocks(16);  // 3 x 3 x 3 blocks
    blocks.rebuild(doc.map);
    doc.map.takeDirtyBox();
    std::vector<std::vector<SurfacePiece>> before;
    std::vector<uint64_t> versions;
    for (size_t b = 0; b < blocks.blockCount(); ++b) {
        before.push_back(blocks.pieces(b));
        versions.push_back(blocks.blockVersion(b));
    }

    // A 4 mm dab of a new segment on the box's top face: voxels x, y 20..28 (block 1),
    // z 32..39 (block 2, and block 1's cubes at z 31 read voxel 32).
    const Label lesion = doc.editor.addSegment("lesion");
    tools::PaintParams p;
    p.radiusMm = 4;
    p.segment = lesion;
    tools::paintStroke(doc.editor, p, {g.indexToPatient({24, 24, 36})});
    const VoxelBox dirty = doc.map.takeDirtyBox();
    ASSERT_FALSE(dirty.empty());
    const std::vector<size_t> touched = blocks.update(doc.map, dirty);
    EXPECT_EQ(touched, (std::vector<size_t>{1 + 3 * 1 + 9 * 1, 1 + 3 * 1 + 9 * 2}));
    for (size_t b = 0; b < blocks.blockCount(); ++b) {
        const bool isTouched = std::find(touched.begin(), touched.end(), b) != touched.end();
        EXPECT_EQ(blocks.blockVersion(b) != versions[b], isTouched) << "block " << b;
        if (isTouched) continue;
        // An untouched block's surface is still what the edited map gives there.
        const auto fresh = meshBlock(doc.map, blocks.blockBox(b));
        ASSERT_EQ(fresh.size(), before[b].size()) << "block " << b;
        for (size_t n = 0; n < fresh.size(); ++n)
            EXPECT_EQ(fresh[n].mesh.triangles.size(), before[b][n].mesh.triangles.size()) << "block " << b;
    }
    // After the partial update both segments equal a whole-volume extraction.
    expectSameSurface(blocks, doc.map, bone);
    expectSameSurface(blocks, doc.map, lesion);
}

TEST(BlockSurfaces, CoarseSetsAreSmallerAndMeetWithoutCracks) {
    // A 20 mm ball over 8 blocks of 24^3: the coarse sets of all pieces, welded by position,
    // must still close (every edge shared by two triangles: no crack at a block face).
    const ImageGeometry g({48, 48, 48}, {1, 1, 1});
    Volume v(g, ScalarType::UInt8);
    for (int k = 0; k < 48; ++k)
        for (int j = 0; j < 48; ++j)
            for (int i = 0; i < 48; ++i)
                v.data<uint8_t>()[g.linearIndex(i, j, k)] = std::hypot(i - 23.7, j - 24.2, k - 23.9) <= 20 ? 1 : 0;
    const LabelMap map = LabelMap::fromVolume(v);
    BlockSurfaces blocks(24);
    blocks.rebuild(map);
    Mesh full, coarse;
    for (size_t b = 0; b < blocks.blockCount(); ++b)
        for (SurfacePiece p : blocks.pieces(b)) {
            ASSERT_TRUE(p.coarse.empty());  // made on request only
            addCoarseSet(p);
            ASSERT_FALSE(p.coarse.empty());
            for (Mesh* m : {&full, &coarse}) {
                const uint32_t base = uint32_t(m->vertices.size());
                m->vertices.insert(m->vertices.end(), p.mesh.vertices.begin(), p.mesh.vertices.end());
                for (const auto& t : m == &full ? p.mesh.triangles : p.coarse) {
                    for (uint32_t c : t) ASSERT_LT(c, p.mesh.vertices.size());
                    m->triangles.push_back({t[0] + base, t[1] + base, t[2] + base});
                }
            }
        }
    const MeshReport f = analyzeMesh(weld(full)), c = analyzeMesh(weld(coarse));
    EXPECT_TRUE(f.manifold());
    // No crack: every edge has a triangle on each side. (A collapse may pinch two sheets
    // into a fin, an edge with four triangles: harmless on screen, so not checked here.)
    EXPECT_EQ(c.boundaryEdges, 0u) << "the coarse pieces leave a crack";
    EXPECT_EQ(c.misorientedEdges, 0u);
    EXPECT_EQ(c.components, 1u);
    EXPECT_LT(double(c.triangles), 0.4 * double(f.triangles)) << c.triangles << " of " << f.triangles;
    EXPECT_NEAR(c.volumeMm3, f.volumeMm3, 0.02 * f.volumeMm3);
}

TEST(BlockSurfaces, NormalsShowNoSeamBetweenBlocks) {
    // Every vertex normal of the pieces equals the whole surface's area-weighted normal at
    // that position, also on block faces (where a block-local normal would differ).
    Mat3 d;
    d.m = {{{0.6, -0.8, 0}, {0.8, 0.6, 0}, {0, 0, 1}}};
    const ImageGeometry g({41, 37, 30}, {0.8, 0.9, 1.3}, {-20, 5, 7}, d);
    const LabelMap map = twoShapes(g);
    Mesh whole = extractLabelSurface(map.toVolume(), 1);
    computeNormals(whole);
    std::map<P3, P3> normalAt;
    for (size_t v = 0; v < whole.vertices.size(); ++v) normalAt[whole.vertices[v]] = whole.normals[v];
    BlockSurfaces blocks(8);
    blocks.rebuild(map);
    size_t checked = 0, onFaces = 0;
    double worst = 0;
    for (size_t b = 0; b < blocks.blockCount(); ++b)
        for (const SurfacePiece& p : blocks.pieces(b)) {
            if (p.label != 1) continue;
            ASSERT_EQ(p.mesh.normals.size(), p.mesh.vertices.size());
            for (size_t v = 0; v < p.mesh.vertices.size(); ++v) {
                const auto it = normalAt.find(p.mesh.vertices[v]);
                ASSERT_NE(it, normalAt.end());
                double diff = 0;
                for (int c = 0; c < 3; ++c) diff = std::max(diff, double(std::abs(p.mesh.normals[v][c] - it->second[c])));
                worst = std::max(worst, diff);
                ++checked;
                // On a block face: some index coordinate is a multiple of 8 (vertices sit on
                // voxel edges, so their other coordinates are whole or half voxels).
                const Vec3 x = g.patientToIndex({p.mesh.vertices[v][0], p.mesh.vertices[v][1], p.mesh.vertices[v][2]});
                for (double c : {x.x, x.y, x.z})
                    if (std::abs(c - 8 * std::round(c / 8)) < 0.6) {
                        ++onFaces;
                        break;
                    }
            }
        }
    EXPECT_GT(checked, 1000u);
    EXPECT_GT(onFaces, 100u);
    EXPECT_LT(worst, 1e-5) << "a piece's normal differs from the whole surface's";
}
