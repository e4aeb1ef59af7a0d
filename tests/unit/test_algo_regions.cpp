#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "algo_test_util.h"
#include "seg/algo/regions.h"

using namespace marrow;
using namespace marrow::test;

namespace {

template <class T>
Volume makeVolume(std::array<int, 3> dims, T fill, Mat3 direction = {}) {
    Volume v(ImageGeometry(dims, {1, 1, 1}, {}, direction), scalarTypeOf<T>(), false);
    std::fill(v.data<T>(), v.data<T>() + v.voxelCount(), fill);
    return v;
}

double sq(double x) { return x * x; }

}  // namespace

TEST(AlgoRegions, ThresholdIsInclusiveAndRoundsBoundsInward) {
    Volume v = makeVolume<int16_t>({5, 2, 1}, 0);
    int16_t* d = v.data<int16_t>();
    const int16_t values[10] = {-1, 0, 1, 100, 101, -32768, 32767, 50, 99, 100};
    std::copy(values, values + 10, d);
    const Mask m = thresholdMask(v, -0.5, 100.2);  // integers 0..100
    EXPECT_EQ(m.voxels, (MaskVoxels{0, 1, 1, 1, 0, 0, 0, 1, 1, 1}));
    EXPECT_EQ(thresholdMask(v, 100, 100).voxels, (MaskVoxels{0, 0, 0, 1, 0, 0, 0, 0, 0, 1}));
    EXPECT_EQ(thresholdMask(v, -1e9, 1e9).count(), 10u);
    EXPECT_EQ(thresholdMask(v, 40000, 50000).count(), 0u);  // beyond int16
    EXPECT_EQ(thresholdMask(v, 5, 4).count(), 0u);
    EXPECT_EQ(thresholdMask(v, 0.2, 0.8).count(), 0u);  // no integer inside
    // Inside a box only: voxels (1..3, 0, 0).
    EXPECT_EQ(thresholdMask(v, -1e9, 1e9, {1, 0, 0}, {3, 0, 5}).voxels,
              (MaskVoxels{0, 1, 1, 1, 0, 0, 0, 0, 0, 0}));
    Mask reused(ImageGeometry({5, 2, 1}, {1, 1, 1}));
    std::fill(reused.voxels.begin(), reused.voxels.end(), uint8_t(1));
    thresholdMaskInto(reused, v, -0.5, 100.2);
    EXPECT_EQ(reused.voxels, m.voxels);
    thresholdMaskInto(reused, v, 5, 4);
    EXPECT_EQ(reused.count(), 0u);
}

TEST(AlgoRegions, ThresholdFloatHonoursExactBoundsAndNaN) {
    Volume v = makeVolume<float>({4, 1, 1}, 0.f);
    float* d = v.data<float>();
    d[0] = 0.1f;
    d[1] = std::nextafter(0.1f, 1.f);
    d[2] = std::numeric_limits<float>::quiet_NaN();
    d[3] = 2.5f;
    EXPECT_EQ(thresholdMask(v, double(0.1f), 2.5).voxels, (MaskVoxels{1, 1, 0, 1}));
    EXPECT_EQ(thresholdMask(v, double(0.1f) + 1e-12, 2.4999).voxels, (MaskVoxels{0, 1, 0, 0}));
    Volume u8 = makeVolume<uint8_t>({3, 1, 1}, uint8_t(200));
    EXPECT_EQ(thresholdMask(u8, -5, 300).count(), 3u);
}

TEST(AlgoRegions, SuperiorInferiorAxisFollowsDirection) {
    EXPECT_EQ(superiorInferiorAxis(ImageGeometry({2, 2, 2}, {1, 1, 1})), 2);
    Mat3 sagittal;  // i runs S-I, k runs L-R
    sagittal.m = {{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}};
    EXPECT_EQ(superiorInferiorAxis(ImageGeometry({2, 2, 2}, {1, 1, 1}, {}, sagittal)), 0);
    Mat3 coronal;  // j runs S-I (tilted)
    const double c = std::cos(0.2), s = std::sin(0.2);
    coronal.m = {{{1, 0, 0}, {0, s, c}, {0, c, -s}}};
    EXPECT_EQ(superiorInferiorAxis(ImageGeometry({2, 2, 2}, {1, 1, 1}, {}, coronal)), 1);
}

// A torso (ellipse of soft tissue, lungs, a bone) running along the S-I axis, an airway
// through its whole length, and a table under it across an air gap.
TEST(AlgoRegions, BodyMaskExcludesTableAndFillsLungsAndAirway) {
    for (int siAxis : {2, 0}) {
        Mat3 dir;
        if (siAxis == 0) dir.m = {{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}};
        std::array<int, 3> dims{40, 40, 40};
        dims[size_t(siAxis)] = 12;
        Volume ct = makeVolume<int16_t>(dims, int16_t(-1000), dir);
        Mask expected(ct.geometry());
        const int uAxis = siAxis == 2 ? 0 : 2;  // in-plane axes (u across, j always front-back)
        for (int w = 0; w < 12; ++w)
            for (int j = 0; j < 40; ++j)
                for (int u = 0; u < 40; ++u) {
                    Index3 p{0, 0, 0};
                    p[size_t(siAxis)] = w;
                    p[1] = j;
                    p[size_t(uAxis)] = u;
                    const size_t n = ct.geometry().linearIndex(p[0], p[1], p[2]);
                    int16_t& hu = ct.data<int16_t>()[n];
                    const bool body = sq((u - 20) / 15.0) + sq((j - 15) / 11.0) <= 1;
                    if (body) {
                        expected.voxels[n] = 1;
                        hu = 40;
                        if (sq(u - 13) + sq(j - 15) <= 16 || sq(u - 27) + sq(j - 15) <= 16) hu = -850;  // lungs
                        if (sq(u - 20) + sq(j - 21) <= 4) hu = 900;                                      // spine
                        if (u == 20 && j >= 8 && j <= 10) hu = -1000;                                    // airway
                    }
                    if (j >= 29 && j <= 31 && u >= 2 && u <= 37) hu = 300;  // table, 2 voxels of air above it
                }
        const Mask body = bodyMask(ct);
        EXPECT_EQ(body.voxels, expected.voxels) << "S-I axis " << siAxis;
    }
}

// A torso and two arms lying apart from it (each with a bone rod), a table under them
// (dense 400 HU shells around foam: it holds "bone" density but is thin and wide) and a
// cable (soft tissue, no bone). The body is torso + both arms; without bone in the arms
// only the largest island (the torso) is the body.
TEST(AlgoRegions, BodyMaskKeepsSeparateArmsAndDropsTable) {
    for (bool armBones : {true, false}) {
        Volume ct = makeVolume<int16_t>({120, 60, 20}, int16_t(-1000));
        Mask torso(ct.geometry()), arms(ct.geometry());
        for (int k = 0; k < 20; ++k)
            for (int j = 0; j < 60; ++j)
                for (int i = 0; i < 120; ++i) {
                    const size_t n = ct.geometry().linearIndex(i, j, k);
                    int16_t& hu = ct.data<int16_t>()[n];
                    const double armL = sq(i - 14) + sq(j - 25), armR = sq(i - 106) + sq(j - 25);
                    if (sq((i - 60) / 30.0) + sq((j - 25) / 18.0) <= 1) {
                        torso.voxels[n] = 1;
                        hu = sq(i - 60) + sq(j - 35) <= 25 ? 700 : 40;  // spine: 1580 mm3 of bone
                    } else if (armL <= 100 || armR <= 100) {
                        arms.voxels[n] = 1;
                        hu = (armBones && (armL <= 25 || armR <= 25)) ? 700 : 30;  // humerus
                    }
                    if (j >= 48 && j <= 52 && i >= 2 && i <= 117)
                        hu = (j == 48 || j == 52 || i == 2 || i == 117) ? 400 : -900;  // table
                    if (i >= 56 && i <= 58 && j >= 55 && j <= 57) hu = 40;                // cable
                }
        Mask expected = torso;
        if (armBones)
            for (size_t n = 0; n < expected.voxels.size(); ++n) expected.voxels[n] |= arms.voxels[n];
        EXPECT_EQ(bodyMask(ct).voxels, expected.voxels) << "arm bones " << armBones;
    }
}

// A head (skull, brain) with an ear resting in a curved head holder: a 4 mm plastic
// shell (200 HU, a cylinder wider than the head) around the back of the head, touching
// it where the back of the head rests on it, on a 4 mm thick leg, and the table
// below across an air gap. The holder is one component with the head; the body must still
// be the head and the ear, keeping at most the holder next to the contact (within the
// opening radius + one voxel, box corners included, of the thick head + holder union
// there: shape alone cannot tell it from skin), nothing of the holder farther than 16
// voxels from the head or in the 6 slices at either end of the shell.
// Run at 1.5 mm (found on the CT's own grid) and 0.8 mm (a 512x512 CT's pixels: found
// on a grid of twice the spacing): the same checks hold, in voxels.
TEST(AlgoRegions, BodyMaskCutsOffCurvedHeadHolderAndKeepsTheEar) {
  for (double spacing : {1.5, 0.8}) {
    Volume ct(ImageGeometry({110, 110, 70}, {spacing, spacing, spacing}), ScalarType::Int16, false);
    std::fill_n(ct.data<int16_t>(), ct.voxelCount(), int16_t(-1000));
    Mask head(ct.geometry()), ear(ct.geometry()), holder(ct.geometry()), table(ct.geometry());
    for (int k = 0; k < 70; ++k)
        for (int j = 0; j < 110; ++j)
            for (int i = 0; i < 110; ++i) {
                const size_t n = ct.geometry().linearIndex(i, j, k);
                int16_t& hu = ct.data<int16_t>()[n];
                const double r = std::sqrt(sq(i - 55) + sq(j - 50) + sq(k - 35));
                const double axial = std::sqrt(sq(i - 55) + sq(j - 47));  // from the holder's axis
                if (r <= 30) {
                    head.voxels[n] = 1;
                    hu = r >= 26 ? 800 : 30;
                } else if (i >= 80 && i <= 96 && j >= 48 && j <= 51 && k >= 28 && k <= 42) {
                    ear.voxels[n] = 1;  // 4 mm thin, 0.7 mL
                    hu = 30;
                } else if ((axial >= 33.5 && axial <= 37.5 && j >= 60) || (i >= 53 && i <= 56 && j > 80 && j <= 95)) {
                    holder.voxels[n] = 1;  // shell + base, all slices
                    hu = 200;
                } else if (j >= 100 && j <= 102) {
                    table.voxels[n] = 1;
                    hu = 300;
                }
            }
    const Mask body = bodyMask(ct);
    size_t headMissing = 0, earMissing = 0, farHolderKept = 0, holderKept = 0, holderVoxels = 0, tableKept = 0;
    for (int k = 0; k < 70; ++k)
        for (int j = 0; j < 110; ++j)
            for (int i = 0; i < 110; ++i) {
                const size_t n = ct.geometry().linearIndex(i, j, k);
                const double r = std::sqrt(sq(i - 55) + sq(j - 50) + sq(k - 35));
                headMissing += head.voxels[n] && !body.voxels[n];
                earMissing += ear.voxels[n] && !body.voxels[n];
                tableKept += table.voxels[n] && body.voxels[n];
                holderVoxels += holder.voxels[n];
                holderKept += holder.voxels[n] && body.voxels[n];
                farHolderKept += holder.voxels[n] && body.voxels[n] && (r > 46 || k < 6 || k > 64);
            }
    EXPECT_EQ(headMissing, 0u);
    EXPECT_EQ(earMissing, 0u);
    EXPECT_EQ(tableKept, 0u);
    EXPECT_EQ(farHolderKept, 0u);
    // The broad contact band (the head's curve follows the shell's for +-24 voxels) stays;
    // before the support rule the whole holder was body.
    EXPECT_LT(double(holderKept), 0.7 * double(holderVoxels)) << holderKept << " of " << holderVoxels << " holder voxels kept";
  }
}

// Two spheres in range joined by a 1-voxel rod; 1 mm voxels.
TEST(AlgoRegions, GrowRegionMinimumDiameterStopsAtThinNeck) {
    Volume v = makeVolume<int16_t>({40, 21, 21}, int16_t(0));
    Mask sphereA(v.geometry()), sphereB(v.geometry()), rod(v.geometry());
    for (int k = 0; k < 21; ++k)
        for (int j = 0; j < 21; ++j)
            for (int i = 0; i < 40; ++i) {
                const size_t n = v.geometry().linearIndex(i, j, k);
                const double r2 = sq(j - 10) + sq(k - 10);
                if (r2 + sq(i - 8) <= 36) sphereA.voxels[n] = 1;
                else if (r2 + sq(i - 31) <= 36) sphereB.voxels[n] = 1;
                else if (j == 10 && k == 10 && i > 8 && i < 31) rod.voxels[n] = 1;
                if (sphereA.voxels[n] || sphereB.voxels[n] || rod.voxels[n]) v.data<int16_t>()[n] = 500;
            }
    const Index3 seed{8, 10, 10};
    Mask all(v.geometry());
    for (size_t n = 0; n < all.voxels.size(); ++n) all.voxels[n] = sphereA.voxels[n] | sphereB.voxels[n] | rod.voxels[n];
    EXPECT_EQ(growRegion(v, seed, 300, 3000).voxels, all.voxels);

    // 3 mm: opening box half-width round(1.5) = 2 voxels. The opened sphere reaches i = 13
    // on the rod's axis (no 5x5x5 box inside the sphere covers its tip at i = 14), so the
    // 2-voxel dilation restores the tip and the first rod voxel (i = 15); never sphere B.
    const Mask grown = growRegion(v, seed, 300, 3000, 3.0);
    Mask expected = sphereA;
    expected.at(15, 10, 10) = 1;
    for (size_t n = 0; n < grown.voxels.size(); ++n)
        EXPECT_EQ(grown.voxels[n], expected.voxels[n]) << "voxel " << n % 40 << "," << n / 40 % 21 << "," << n / 840;

    EXPECT_EQ(growRegion(v, {20, 10, 10}, 300, 3000, 3.0).count(), 0u);  // seed on the rod: thinner than 3 mm
    EXPECT_EQ(growRegion(v, {20, 10, 10}, 300, 3000).voxels, all.voxels);
    EXPECT_EQ(growRegion(v, {0, 0, 0}, 300, 3000).count(), 0u);           // seed out of range
    EXPECT_EQ(growRegion(v, {-3, 0, 0}, 300, 3000).count(), 0u);          // seed outside
}

TEST(AlgoRegions, InterpolateDisksGrowMonotonically) {
    Mask m = makeMask(41, 41, 11);
    for (int j = 0; j < 41; ++j)
        for (int i = 0; i < 41; ++i) {
            const double r2 = sq(i - 20) + sq(j - 20);
            m.at(i, j, 0) = r2 <= 16;    // radius 4
            m.at(i, j, 10) = r2 <= 196;  // radius 14
            m.at(i, j, 3) = 1;           // unmarked slice content is ignored
        }
    const Mask out = interpolateSlices(m, {10, 0}, 2);
    size_t previous = 0;
    for (int k = 0; k <= 10; ++k) {
        size_t area = 0;
        for (int j = 0; j < 41; ++j)
            for (int i = 0; i < 41; ++i) {
                area += out.at(i, j, k);
                if (k > 0 && out.at(i, j, k - 1)) {
                    EXPECT_TRUE(out.at(i, j, k)) << "slices must nest";
                }
                if (k == 0 || k == 10) {
                    EXPECT_EQ(out.at(i, j, k), m.at(i, j, k));
                }
            }
        EXPECT_GT(area, previous) << "slice " << k;
        previous = area;
        // The boundary along +i sits at radius 4 + k: that voxel is set, the one 2 further is not.
        EXPECT_TRUE(out.at(20 + 4 + k - 1, 20, k)) << k;
        EXPECT_FALSE(out.at(std::min(40, 20 + 4 + k + 1), 20, k) && k < 10) << k;
    }
    size_t area5 = 0;
    for (int j = 0; j < 41; ++j)
        for (int i = 0; i < 41; ++i) area5 += out.at(i, j, 5);
    EXPECT_NEAR(std::sqrt(double(area5) / M_PI), 9.0, 1.0);
}

TEST(AlgoRegions, InterpolateIdenticalShapesCopiesThem) {
    // An L shape on slices 1 and 6 along axis 0, anisotropic in-plane spacing.
    Mask m = makeMask(9, 12, 10, {1, 0.7, 2.0});
    auto lShape = [](int j, int k) { return (j >= 2 && j <= 9 && k >= 2 && k <= 3) || (j >= 2 && j <= 3 && k >= 2 && k <= 8); };
    for (int k = 0; k < 10; ++k)
        for (int j = 0; j < 12; ++j) m.at(1, j, k) = m.at(6, j, k) = lShape(j, k);
    const Mask out = interpolateSlices(m, {1, 6}, 0);
    for (int k = 0; k < 10; ++k)
        for (int j = 0; j < 12; ++j)
            for (int i = 0; i < 9; ++i) EXPECT_EQ(out.at(i, j, k), (i >= 1 && i <= 6) ? uint8_t(lShape(j, k)) : 0) << i << j << k;
}

TEST(AlgoRegions, InterpolateDisjointShapesSlideBetweenThem) {
    Mask m = makeMask(40, 40, 11);
    for (int j = 0; j < 40; ++j)
        for (int i = 0; i < 40; ++i) {
            m.at(i, j, 0) = sq(i - 8) + sq(j - 8) <= 9;
            m.at(i, j, 10) = sq(i - 30) + sq(j - 30) <= 9;
        }
    const Mask out = interpolateSlices(m, {0, 10}, 2);
    for (int k = 1; k < 10; ++k) {
        double area = 0, ci = 0, cj = 0;
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i)
                if (out.at(i, j, k)) {
                    ++area;
                    ci += i;
                    cj += j;
                }
        ASSERT_GT(area, 0) << "slice " << k;
        EXPECT_NEAR(area, 29, 10) << "slice " << k;  // the disk keeps its size (29 voxels)
        EXPECT_NEAR(ci / area, 8 + 2.2 * k, 1.0) << "slice " << k;
        EXPECT_NEAR(cj / area, 8 + 2.2 * k, 1.0) << "slice " << k;
    }
}

TEST(AlgoRegions, InterpolateTowardsEmptySliceShrinks) {
    Mask m = makeMask(30, 30, 7);
    for (int j = 0; j < 30; ++j)
        for (int i = 0; i < 30; ++i) m.at(i, j, 0) = sq(i - 15) + sq(j - 15) <= 100;
    const Mask out = interpolateSlices(m, {0, 6}, 2);
    size_t previous = SIZE_MAX;
    for (int k = 0; k <= 6; ++k) {
        size_t area = 0;
        for (int j = 0; j < 30; ++j)
            for (int i = 0; i < 30; ++i) area += out.at(i, j, k);
        EXPECT_LE(area, previous);
        previous = area;
    }
    EXPECT_EQ(previous, 0u);
}

TEST(AlgoRegions, SameResultWithOneAndTwoThreads) {
    Volume v = makeVolume<int16_t>({30, 28, 26}, int16_t(0));
    std::mt19937 rng(5);
    for (size_t n = 0; n < v.voxelCount(); ++n) v.data<int16_t>()[n] = int16_t(int(rng() % 2000) - 1000);
    const Mask marked = randomMask(30, 28, 26, 0.5, 9);
    auto all = [&] {
        std::vector<uint8_t> r;
        for (const Mask& m : {bodyMask(v, 0), growRegion(v, {5, 5, 5}, -1000, 600, 2.0), interpolateSlices(marked, {2, 9, 20}, 1)})
            r.insert(r.end(), m.voxels.begin(), m.voxels.end());
        return r;
    };
    EXPECT_EQ(withThreads(1, all), withThreads(2, all));
}
