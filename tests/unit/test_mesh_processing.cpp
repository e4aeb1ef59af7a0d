#include <gtest/gtest.h>

#include "io/error.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "tests/unit/mesh_test_shapes.h"

using namespace marrow;

namespace {

Mesh sphereMesh(double radius, Vec3 centre = {0, 0, 0}, double spacing = 0.5) {
    const int n = int(2 * radius / spacing) + 6;
    const double o = -0.5 * (n - 1) * spacing;
    ImageGeometry g({n, n, n}, {spacing, spacing, spacing}, Vec3{o, o, o} + centre);
    return extractSurface(test::sphereMask(g, centre, radius));
}

double radialSpread(const Mesh& m, Vec3 c) {  // standard deviation of |v - c|
    double s = 0, s2 = 0;
    for (const auto& v : m.vertices) {
        const double d = norm(Vec3{v[0], v[1], v[2]} - c);
        s += d, s2 += d * d;
    }
    const double n = double(m.vertices.size());
    return std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n)));
}

Mesh tetrahedron() {
    Mesh m;
    m.vertices = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    m.triangles = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}};
    return m;
}

}  // namespace

TEST(MeshProcessing, ReportOfTetrahedronIsExact) {
    const MeshReport r = analyzeMesh(tetrahedron());
    EXPECT_TRUE(r.manifold());
    EXPECT_EQ(r.vertices, 4u);
    EXPECT_EQ(r.edges, 6u);
    EXPECT_EQ(r.eulerCharacteristic, 2);
    EXPECT_NEAR(r.volumeMm3, 1.0 / 6.0, 1e-9);
    EXPECT_NEAR(r.areaMm2, 1.5 + std::sqrt(3.0) / 2, 1e-6);
    EXPECT_EQ(r.boundsHi, (Vec3{1, 1, 1}));
}

TEST(MeshProcessing, ReportFindsHolesFlipsAndNonManifoldEdges) {
    Mesh open = tetrahedron();
    open.triangles.pop_back();
    MeshReport r = analyzeMesh(open);
    EXPECT_EQ(r.boundaryEdges, 3u);
    EXPECT_FALSE(r.closed());

    Mesh flipped = tetrahedron();
    std::swap(flipped.triangles[3][1], flipped.triangles[3][2]);
    r = analyzeMesh(flipped);
    EXPECT_TRUE(r.closed());
    EXPECT_EQ(r.misorientedEdges, 3u);
    EXPECT_FALSE(r.manifold());

    Mesh fin = tetrahedron();
    fin.vertices.push_back({1, 1, 1});
    fin.triangles.push_back({1, 2, 4});  // a third triangle on edge 1-2
    r = analyzeMesh(fin);
    EXPECT_EQ(r.nonManifoldEdges, 1u);

    Mesh bad = tetrahedron();
    bad.triangles.push_back({0, 1, 9});
    EXPECT_THROW(analyzeMesh(bad), Error);
}

TEST(MeshProcessing, TaubinSmoothingKeepsVolumeAndRemovesStaircase) {
    Mesh m = sphereMesh(10.0, {0.1, -0.07, 0.03});
    const MeshReport before = analyzeMesh(m);
    const double spreadBefore = radialSpread(m, {0.1, -0.07, 0.03});
    smoothMesh(m, {.iterations = 20});
    const MeshReport after = analyzeMesh(m);
    EXPECT_TRUE(after.manifold());
    EXPECT_EQ(after.eulerCharacteristic, 2);
    EXPECT_NEAR(after.volumeMm3 / before.volumeMm3, 1.0, 0.01);
    EXPECT_LT(radialSpread(m, {0.1, -0.07, 0.03}), 0.5 * spreadBefore);
}

TEST(MeshProcessing, DecimationReachesRatioAndStaysClosed) {
    Mesh m = sphereMesh(10.0);
    smoothMesh(m, {.iterations = 10});
    const MeshReport before = analyzeMesh(m);
    decimateMesh(m, 0.25);
    const MeshReport after = analyzeMesh(m);
    EXPECT_LE(after.triangles, before.triangles / 4 + 2);
    EXPECT_GE(after.triangles, before.triangles / 5);
    EXPECT_TRUE(after.closed());
    EXPECT_EQ(after.vertices, m.vertices.size());  // unused vertices removed
    EXPECT_NEAR(after.volumeMm3 / before.volumeMm3, 1.0, 0.02);
    EXPECT_THROW(decimateMesh(m, 0.0), Error);
    EXPECT_THROW(decimateMesh(m, 1.5), Error);
}

TEST(MeshProcessing, NormalsAreUnitAndOutward) {
    Mesh m = sphereMesh(6.0, {3, 4, 5});
    smoothMesh(m, {.iterations = 5});
    computeNormals(m);
    ASSERT_EQ(m.normals.size(), m.vertices.size());
    for (size_t v = 0; v < m.vertices.size(); ++v) {
        const Vec3 n{m.normals[v][0], m.normals[v][1], m.normals[v][2]};
        EXPECT_NEAR(norm(n), 1.0, 1e-5);
        const Vec3 out = Vec3{m.vertices[v][0], m.vertices[v][1], m.vertices[v][2]} - Vec3{3, 4, 5};
        EXPECT_GT(dot(n, out) / norm(out), 0.8);
    }
}

TEST(MeshProcessing, KeepLargestComponentDropsSmallPieces) {
    ImageGeometry g({40, 20, 20}, {1, 1, 1});
    Mask mask = test::sphereMask(g, {10, 10, 10}, 6);
    const Mask small = test::sphereMask(g, {30, 10, 10}, 3);
    for (size_t n = 0; n < mask.voxels.size(); ++n) mask.voxels[n] |= small.voxels[n];
    Mesh m = extractSurface(mask);
    const MeshReport big = analyzeMesh(extractSurface(test::sphereMask(g, {10, 10, 10}, 6)));
    EXPECT_EQ(analyzeMesh(m).components, 2u);
    EXPECT_EQ(keepLargestComponent(m), 1u);
    const MeshReport r = analyzeMesh(m);
    EXPECT_EQ(r.components, 1u);
    EXPECT_EQ(r.triangles, big.triangles);
    EXPECT_NEAR(r.volumeMm3, big.volumeMm3, 1e-6 * big.volumeMm3);
    EXPECT_EQ(m.vertices.size(), r.vertices);
}
