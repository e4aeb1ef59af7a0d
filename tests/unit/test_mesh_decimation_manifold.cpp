// Decimation must keep a closed manifold surface manifold (meshoptimizer's collapses can
// pinch a thin tube into an edge with four triangles; mesh_processing.cpp keeps the
// triangles around such pinches for one step) and still meet the asked ratio. Found on
// the real CT's bone: iso 150 HU of the 3 mm crop, 20 Taubin iterations, then half the
// triangles, gave "closed yes, manifold no"; the first fix then kept 0.96 of the
// triangles when 0.1 was asked.
#include <gtest/gtest.h>

#include "io/load.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "tests/unit/test_data.h"

using namespace marrow;

TEST(MeshDecimation, SmoothedRealBoneStaysManifold) {
    const std::string path = test::totalsegPath("example_ct_sm.nii.gz");
    MARROW_REQUIRE_SHARED(path);
    Mesh smoothed = extractIsoSurface(loadVolume(path), 150);
    smoothMesh(smoothed, {20});
    const MeshReport before = analyzeMesh(smoothed);
    ASSERT_TRUE(before.manifold());
    ASSERT_GT(before.triangles, 20000u);
    for (double ratio : {0.5, 0.2}) {
        SCOPED_TRACE("ratio " + std::to_string(ratio));
        Mesh mesh = smoothed;
        decimateMesh(mesh, ratio);
        const MeshReport after = analyzeMesh(mesh);
        EXPECT_TRUE(after.manifold()) << after.nonManifoldEdges << " non-manifold, " << after.boundaryEdges << " open, "
                                      << after.misorientedEdges << " misoriented edges";
        // The pinches are kept only for one step: the ratio is met within 10%.
        EXPECT_NEAR(double(after.triangles) / (double(before.triangles) * ratio), 1.0, 0.10)
            << after.triangles << " of " << before.triangles;
        // Measured: -1.6% at 0.5, -8.4% at 0.2 (no error bound: thin 3 mm-voxel bone erodes).
        EXPECT_NEAR(after.volumeMm3 / before.volumeMm3, 1.0, ratio == 0.5 ? 0.03 : 0.12);
    }
}

TEST(MeshDecimation, PlainSphereReachesTheRatio) {
    ImageGeometry g({40, 40, 40}, {0.5, 0.5, 0.5}, {-10, -10, -10});
    Mask m(g);
    for (int k = 0; k < 40; ++k)
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i) m.at(i, j, k) = norm(g.indexToPatient({double(i), double(j), double(k)})) <= 8;
    Mesh mesh = extractSurface(m);
    const size_t n = mesh.triangles.size();
    decimateMesh(mesh, 0.5);
    const MeshReport r = analyzeMesh(mesh);
    EXPECT_TRUE(r.manifold());
    EXPECT_EQ(r.eulerCharacteristic, 2);
    EXPECT_NEAR(double(r.triangles) / double(n), 0.5, 0.02);
}
