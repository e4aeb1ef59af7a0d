#include <gtest/gtest.h>

#include <algorithm>

#include "algo_test_util.h"
#include "seg/algo/morphology.h"

using namespace marrow;
using namespace marrow::test;

namespace {

// Closing by brute force on the mask padded with r voxels of background on every side.
Mask referenceClose(const Mask& m, std::array<int, 3> r) {
    const auto d = m.geometry.dims();
    Mask padded = makeMask(d[0] + 4 * r[0], d[1] + 4 * r[1], d[2] + 4 * r[2]);
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) padded.at(i + 2 * r[0], j + 2 * r[1], k + 2 * r[2]) = m.at(i, j, k);
    const Mask dil = referenceBoxFilter(padded, r, [](int c, int, int) { return c > 0; });
    const Mask ero = referenceBoxFilter(dil, r, [](int c, int, int full) { return c == full; });
    Mask out(m.geometry);
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) out.at(i, j, k) = ero.at(i + 2 * r[0], j + 2 * r[1], k + 2 * r[2]);
    return out;
}

}  // namespace

TEST(AlgoMorphology, ErodeCubeLeavesCore) {
    Mask m = makeMask(9, 9, 9);
    setBox(m, {2, 2, 2}, {6, 6, 6});
    Mask core = makeMask(9, 9, 9);
    setBox(core, {3, 3, 3}, {5, 5, 5});
    EXPECT_EQ(erode(m, 1.0).voxels, core.voxels);
    EXPECT_EQ(dilate(core, 1.0).voxels, m.voxels);
}

TEST(AlgoMorphology, AnisotropicSpacingGivesHalfWidthPerAxis) {
    // spacing (1, 1, 2.5) mm, radius 2 mm -> half-widths round(2/1)=2, 2, round(0.8)=1.
    Mask m = makeMask(9, 9, 9, {1, 1, 2.5});
    m.at(4, 4, 4) = 1;
    Mask expected = makeMask(9, 9, 9, {1, 1, 2.5});
    setBox(expected, {2, 2, 3}, {6, 6, 5});
    EXPECT_EQ(dilate(m, 2.0).voxels, expected.voxels);
    EXPECT_EQ(dilate(m, 0.4).voxels, m.voxels);  // rounds to zero: unchanged
}

TEST(AlgoMorphology, OutsideTheGridCountsAsBackground) {
    Mask full = makeMask(5, 5, 5);
    std::fill(full.voxels.begin(), full.voxels.end(), uint8_t(1));
    Mask inner = makeMask(5, 5, 5);
    setBox(inner, {1, 1, 1}, {3, 3, 3});
    EXPECT_EQ(erode(full, 1.0).voxels, inner.voxels);
    Mask corner = makeMask(5, 5, 5);
    corner.at(0, 0, 0) = 1;
    Mask clipped = makeMask(5, 5, 5);
    setBox(clipped, {0, 0, 0}, {1, 1, 1});
    EXPECT_EQ(dilate(corner, 1.0).voxels, clipped.voxels);
}

TEST(AlgoMorphology, CloseFillsOneVoxelGap) {
    Mask m = makeMask(11, 7, 7);
    setBox(m, {1, 2, 2}, {4, 4, 4});
    setBox(m, {6, 2, 2}, {9, 4, 4});  // gap at i = 5
    Mask expected = makeMask(11, 7, 7);
    setBox(expected, {1, 2, 2}, {9, 4, 4});
    EXPECT_EQ(close(m, 1.0).voxels, expected.voxels);
}

TEST(AlgoMorphology, CloseKeepsStructuresTouchingTheBorder) {
    Mask full = makeMask(6, 5, 4);
    std::fill(full.voxels.begin(), full.voxels.end(), uint8_t(1));
    EXPECT_EQ(close(full, 1.0).voxels, full.voxels);
    Mask slab = makeMask(6, 5, 4);
    setBox(slab, {0, 0, 0}, {5, 4, 1});  // lower half, touching five faces
    EXPECT_EQ(close(slab, 1.0).voxels, slab.voxels);
}

TEST(AlgoMorphology, OpenRemovesThinPartsKeepsThickOnes) {
    Mask m = makeMask(15, 9, 9);
    setBox(m, {1, 2, 2}, {5, 6, 6});   // 5^3 cube
    setBox(m, {6, 4, 4}, {13, 4, 4});  // 1-voxel rod
    Mask cube = makeMask(15, 9, 9);
    setBox(cube, {1, 2, 2}, {5, 6, 6});
    EXPECT_EQ(open(m, 1.0).voxels, cube.voxels);
}

TEST(AlgoMorphology, MedianRemovesSpeckAndFillsPinhole) {
    Mask m = makeMask(12, 9, 9);
    setBox(m, {1, 2, 2}, {5, 6, 6});
    m.at(3, 4, 4) = 0;   // pinhole inside the cube
    m.at(9, 4, 4) = 1;   // lone voxel
    Mask expected = makeMask(12, 9, 9);
    setBox(expected, {1, 2, 2}, {5, 6, 6});
    // Box corners see 8 of 27 set: the cube's 12 edges and 8 corners lose a voxel each? No:
    // an edge voxel sees 2*3*2 = 12 of 27 (< 14) and goes, a face voxel sees 18 and stays.
    for (int64_t k : {2, 6})
        for (int64_t j : {2, 6})
            for (int64_t i = 1; i <= 5; ++i) expected.at(i, j, k) = 0;
    for (int64_t k : {2, 6})
        for (int64_t i : {1, 5})
            for (int64_t j = 2; j <= 6; ++j) expected.at(i, j, k) = 0;
    for (int64_t j : {2, 6})
        for (int64_t i : {1, 5})
            for (int64_t k = 2; k <= 6; ++k) expected.at(i, j, k) = 0;
    EXPECT_EQ(median(m, 1.0).voxels, expected.voxels);
    // A full grid stays full: only in-grid voxels vote, so its edges keep their majority.
    Mask full = makeMask(4, 4, 4);
    std::fill(full.voxels.begin(), full.voxels.end(), uint8_t(1));
    EXPECT_EQ(median(full, 1.0).voxels, full.voxels);
}

TEST(AlgoMorphology, MatchesBruteForceOnRandomMasks) {
    const Mask m = randomMask(13, 11, 10, 0.45, 3);
    for (std::array<int, 3> r : {std::array<int, 3>{1, 1, 1}, {2, 1, 0}, {0, 3, 1}, {5, 1, 2}}) {
        Mask src = m;
        // Spacing chosen so that radius 6 mm gives half-widths r (a zero half-width: huge spacing).
        Vec3 sp;
        for (int a = 0; a < 3; ++a) sp[a] = r[a] ? 6.0 / r[a] : 100.0;
        src.geometry = ImageGeometry(m.geometry.dims(), sp);
        const auto dil = referenceBoxFilter(src, r, [](int c, int, int) { return c > 0; });
        const auto ero = referenceBoxFilter(src, r, [](int c, int, int full) { return c == full; });
        const auto med = referenceBoxFilter(src, r, [](int c, int inGrid, int) { return 2 * c > inGrid; });
        EXPECT_EQ(dilate(src, 6.0).voxels, dil.voxels) << r[0] << r[1] << r[2];
        EXPECT_EQ(erode(src, 6.0).voxels, ero.voxels) << r[0] << r[1] << r[2];
        EXPECT_EQ(median(src, 6.0).voxels, med.voxels) << r[0] << r[1] << r[2];
        EXPECT_EQ(close(src, 6.0).voxels, referenceClose(src, r).voxels) << r[0] << r[1] << r[2];
    }
}

TEST(AlgoMorphology, FillHoles3DFillsCavityNotOpenCup) {
    Mask hollow = makeMask(7, 7, 7);
    setBox(hollow, {1, 1, 1}, {5, 5, 5});
    setBox(hollow, {2, 2, 2}, {4, 4, 4}, 0);
    Mask solid = makeMask(7, 7, 7);
    setBox(solid, {1, 1, 1}, {5, 5, 5});
    EXPECT_EQ(fillHoles3D(hollow).voxels, solid.voxels);

    Mask cup = hollow;
    cup.at(3, 3, 5) = 0;  // a hole in the lid opens the cavity to the outside
    EXPECT_EQ(fillHoles3D(cup).voxels, cup.voxels);
    // A cavity reached from outside only through an edge-diagonal crack is still a cavity:
    // background connects by faces (6-connected). Thick walls so the crack is the only way.
    Mask thick = makeMask(9, 9, 9);
    setBox(thick, {0, 0, 0}, {8, 8, 8});
    setBox(thick, {3, 3, 3}, {5, 5, 5}, 0);
    Mask crack = thick;
    for (int64_t d = 0; d < 3; ++d) crack.at(2 - d, 2 - d, 4) = 0;  // (2,2,4),(1,1,4),(0,0,4)
    Mask expected = crack;
    expected.at(2, 2, 4) = 1;  // enclosed (its face neighbours are wall or cavity) and filled
    expected.at(1, 1, 4) = 1;
    setBox(expected, {3, 3, 3}, {5, 5, 5});
    EXPECT_EQ(fillHoles3D(crack).voxels, expected.voxels);
}

TEST(AlgoMorphology, FillHoles2DFillsRingsAlongEachAxis) {
    // A tube with open ends along axis a: per-slice fill across a closes it, 3D fill does not.
    for (int axis = 0; axis < 3; ++axis) {
        Mask tube = makeMask(8, 9, 10);
        Mask solid = makeMask(8, 9, 10);
        Index3 lo{1, 1, 1}, hi{6, 7, 8}, ilo{2, 2, 2}, ihi{5, 6, 7};
        lo[axis] = 0;
        hi[axis] = tube.geometry.dim(axis) - 1;
        ilo[axis] = lo[axis];
        ihi[axis] = hi[axis];
        setBox(tube, lo, hi);
        setBox(tube, ilo, ihi, 0);
        setBox(solid, lo, hi);
        EXPECT_EQ(fillHoles2D(tube, axis).voxels, solid.voxels) << "axis " << axis;
        EXPECT_EQ(fillHoles3D(tube).voxels, tube.voxels) << "axis " << axis;
        // Across another axis the slices show two bars, nothing enclosed.
        EXPECT_EQ(fillHoles2D(tube, (axis + 1) % 3).voxels, tube.voxels) << "axis " << axis;
    }
}

TEST(AlgoMorphology, SameResultWithOneAndTwoThreads) {
    const Mask m = randomMask(40, 36, 50, 0.5, 11);
    auto all = [&] {
        std::vector<uint8_t> v;
        for (const Mask& r : {close(m, 1.0), median(m, 2.0), erode(m, 1.0), fillHoles2D(m, 0), fillHoles3D(m)})
            v.insert(v.end(), r.voxels.begin(), r.voxels.end());
        return v;
    };
    EXPECT_EQ(withThreads(1, all), withThreads(2, all));
}
