#include <gtest/gtest.h>

#include <random>

#include "io/error.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "tests/unit/mesh_test_shapes.h"

using namespace marrow;

namespace {

void expectClosedManifold(const MeshReport& r) {
    EXPECT_EQ(r.boundaryEdges, 0u);
    EXPECT_EQ(r.nonManifoldEdges, 0u);
    EXPECT_EQ(r.misorientedEdges, 0u);
    EXPECT_EQ(r.degenerateTriangles, 0u);
    EXPECT_EQ(3 * r.triangles, 2 * r.edges);  // every edge exactly two triangles
}

// Every triangle's normal points away from `centre` (a star-shaped, convex-ish region).
size_t inwardTriangles(const Mesh& m, Vec3 centre) {
    size_t bad = 0;
    for (const auto& t : m.triangles) {
        auto p = [&](int c) { return Vec3{m.vertices[t[c]][0], m.vertices[t[c]][1], m.vertices[t[c]][2]}; };
        const Vec3 n = cross(p(1) - p(0), p(2) - p(0));
        bad += dot(n, (p(0) + p(1) + p(2)) * (1.0 / 3) - centre) <= 0;
    }
    return bad;
}

Mat3 rotation(double ax, double az) {
    Mat3 rx, rz;
    rx.m = {{{1, 0, 0}, {0, std::cos(ax), -std::sin(ax)}, {0, std::sin(ax), std::cos(ax)}}};
    rz.m = {{{std::cos(az), -std::sin(az), 0}, {std::sin(az), std::cos(az), 0}, {0, 0, 1}}};
    return rz * rx;
}

}  // namespace

// Acceptance: a 20 mm (diameter) sphere at 0.5 mm voxels.
TEST(SurfaceExtraction, SphereIsClosedManifoldGenusZeroWithVoxelVolume) {
    ImageGeometry g({48, 48, 48}, {0.5, 0.5, 0.5}, {-12, -12, -12});
    const Vec3 centre{0.1, -0.07, 0.03};
    const Mask mask = test::sphereMask(g, centre, 10.0);
    const Mesh mesh = extractSurface(mask);
    const MeshReport r = analyzeMesh(mesh);
    expectClosedManifold(r);
    EXPECT_EQ(r.eulerCharacteristic, 2);
    EXPECT_EQ(r.components, 1u);
    const double voxelVolume = double(mask.count()) * g.voxelVolumeMm3();
    const double analytic = 4.0 / 3.0 * M_PI * 1000.0;
    EXPECT_NEAR(r.volumeMm3 / voxelVolume, 1.0, 0.01);
    EXPECT_NEAR(r.volumeMm3 / analytic, 1.0, 0.02);
    EXPECT_EQ(inwardTriangles(mesh, centre), 0u);
    // Vertices lie on voxel edges half-way: within half a voxel (0.25 mm) of the true sphere.
    for (const auto& v : mesh.vertices) EXPECT_NEAR(norm(Vec3{v[0], v[1], v[2]} - centre), 10.0, 0.5);
}

// A box of a x b x c voxels: faces sit exactly on the voxel boundaries; each of the 12
// edges loses a prism of 1/8 voxel per unit length and each corner 5/48 of a voxel, so
// volume = abc - (a+b+c-3)/2 - 5/6 voxels, exactly.
TEST(SurfaceExtraction, BoxHasExactVolumeAndBounds) {
    ImageGeometry g({12, 10, 9}, {0.7, 1.1, 2.5}, {-30, 40, 12});
    const Mask mask = test::boxMask(g, {2, 1, 3}, {8, 7, 6});  // 7 x 7 x 4 voxels
    const Mesh mesh = extractSurface(mask);
    const MeshReport r = analyzeMesh(mesh);
    expectClosedManifold(r);
    EXPECT_EQ(r.eulerCharacteristic, 2);
    const double voxels = 7.0 * 7 * 4 - (7 + 7 + 4 - 3) / 2.0 - 5.0 / 6.0;
    EXPECT_NEAR(r.volumeMm3, voxels * g.voxelVolumeMm3(), 1e-3);
    EXPECT_NEAR(r.boundsLo.x, -30 + 0.7 * 1.5, 1e-4);
    EXPECT_NEAR(r.boundsHi.x, -30 + 0.7 * 8.5, 1e-4);
    EXPECT_NEAR(r.boundsLo.y, 40 + 1.1 * 0.5, 1e-4);
    EXPECT_NEAR(r.boundsHi.y, 40 + 1.1 * 7.5, 1e-4);
    EXPECT_NEAR(r.boundsLo.z, 12 + 2.5 * 2.5, 1e-4);
    EXPECT_NEAR(r.boundsHi.z, 12 + 2.5 * 6.5, 1e-4);
}

TEST(SurfaceExtraction, RegionTouchingTheBorderIsClosedByPadding) {
    ImageGeometry g({5, 4, 3}, {1, 1, 1});
    Mask mask(g);
    std::fill(mask.voxels.begin(), mask.voxels.end(), 1);
    const MeshReport r = analyzeMesh(extractSurface(mask));
    expectClosedManifold(r);
    EXPECT_NEAR(r.volumeMm3, 60 - (5 + 4 + 3 - 3) / 2.0 - 5.0 / 6.0, 1e-4);
    EXPECT_NEAR(r.boundsLo.x, -0.5, 1e-6);
    EXPECT_NEAR(r.boundsHi.z, 2.5, 1e-6);
}

// Oblique and mirrored (det = -1) directions: still outward, same volume as axis-aligned.
TEST(SurfaceExtraction, ObliqueAndFlippedGeometryKeepOutwardNormals) {
    const double expected = analyzeMesh(extractSurface(test::sphereMask(ImageGeometry({24, 24, 24}, {1, 1, 1}), {11.5, 11.2, 11.7}, 7.0))).volumeMm3;
    Mat3 mirror = rotation(0.4, 0.9);
    for (int r = 0; r < 3; ++r) mirror.m[r][2] = -mirror.m[r][2];
    ASSERT_LT(mirror.determinant(), 0);
    for (const Mat3& d : {rotation(0.4, 0.9), mirror}) {
        ImageGeometry g({24, 24, 24}, {1, 1, 1}, {5, -3, 8}, d);
        const Vec3 centre = g.indexToPatient({11.5, 11.2, 11.7});
        const Mesh mesh = extractSurface(test::sphereMask(g, centre, 7.0));
        const MeshReport r = analyzeMesh(mesh);
        expectClosedManifold(r);
        EXPECT_NEAR(r.volumeMm3, expected, 1e-3 * expected);
        EXPECT_GT(r.volumeMm3, 0);
        EXPECT_EQ(inwardTriangles(mesh, centre), 0u);
    }
}

// Ambiguous configurations: voxels touching only along an edge or at a corner stay separate
// closed surfaces, and random noise (every case of the table) stays manifold.
TEST(SurfaceExtraction, AmbiguousConfigurationsStayManifold) {
    ImageGeometry g({4, 4, 4}, {1, 1, 1});
    Mask edge(g);
    edge.at(1, 1, 1) = edge.at(2, 2, 1) = 1;
    MeshReport r = analyzeMesh(extractSurface(edge));
    expectClosedManifold(r);
    EXPECT_EQ(r.components, 2u);
    EXPECT_EQ(r.eulerCharacteristic, 4);
    EXPECT_NEAR(r.volumeMm3, 2.0 / 6.0, 1e-6);  // each voxel: an octahedron of 1/6

    Mask corner(g);
    corner.at(1, 1, 1) = corner.at(2, 2, 2) = 1;
    r = analyzeMesh(extractSurface(corner));
    expectClosedManifold(r);
    EXPECT_EQ(r.components, 2u);

    std::mt19937 rng(7);
    for (int trial = 0; trial < 4; ++trial) {
        ImageGeometry gn({14, 13, 12}, {1, 1, 1});
        Mask noise(gn);
        for (auto& v : noise.voxels) v = int(rng() % 100) < 35 + 10 * trial;
        r = analyzeMesh(extractSurface(noise));
        expectClosedManifold(r);
        EXPECT_GT(r.volumeMm3, 0);
    }
}

TEST(SurfaceExtraction, LabelSurfaceMatchesMaskSurface) {
    ImageGeometry g({20, 18, 16}, {0.8, 0.8, 1.5}, {1, 2, 3});
    const Mask sphere = test::sphereMask(g, g.indexToPatient({9, 8, 7}), 5.0);
    Volume labels(g, ScalarType::UInt16);
    auto* v = labels.data<uint16_t>();
    for (size_t n = 0; n < sphere.voxels.size(); ++n) v[n] = sphere.voxels[n] ? 300 : (n % 7 == 0 ? 2 : 0);
    const Mesh a = extractLabelSurface(labels, 300), b = extractSurface(sphere);
    ASSERT_EQ(a.triangles.size(), b.triangles.size());
    EXPECT_EQ(a.vertices, b.vertices);
    EXPECT_EQ(a.triangles, b.triangles);
    EXPECT_TRUE(extractLabelSurface(labels, 5).triangles.empty());
    Volume f(g, ScalarType::Float32);
    EXPECT_THROW(extractLabelSurface(f, 1), Error);
}

TEST(SurfaceExtraction, IsoSurfaceInterpolatesTheLevel) {
    // value = 100 * (8 - distance): the level 0 is a sphere of radius 8 mm.
    ImageGeometry g({24, 24, 24}, {1, 1, 1}, {-11.5, -11.5, -11.5});
    Volume vol(g, ScalarType::Int16);
    for (int k = 0; k < 24; ++k)
        for (int j = 0; j < 24; ++j)
            for (int i = 0; i < 24; ++i) {
                const Vec3 p = g.indexToPatient({double(i), double(j), double(k)});
                vol.data<int16_t>()[g.linearIndex(i, j, k)] = int16_t(std::lround(100 * (8 - norm(p))));
            }
    const Mesh mesh = extractIsoSurface(vol, 0.0);
    const MeshReport r = analyzeMesh(mesh);
    expectClosedManifold(r);
    EXPECT_EQ(r.eulerCharacteristic, 2);
    EXPECT_NEAR(r.volumeMm3, 4.0 / 3.0 * M_PI * 512, 0.01 * 4.0 / 3.0 * M_PI * 512);
    for (const auto& v : mesh.vertices) EXPECT_NEAR(norm(Vec3{v[0], v[1], v[2]}), 8.0, 0.1);
    EXPECT_TRUE(extractIsoSurface(vol, 2000).triangles.empty());
}

TEST(SurfaceExtraction, EmptyMaskGivesEmptyMesh) {
    const Mask mask(ImageGeometry({3, 3, 3}, {1, 1, 1}));
    const Mesh m = extractSurface(mask);
    EXPECT_TRUE(m.vertices.empty());
    EXPECT_TRUE(m.triangles.empty());
}
