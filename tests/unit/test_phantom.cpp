// The embedded phantom: determinism, anatomy at known LPS points, and exact agreement
// between the bone label map and the noiseless CT. Built at 128^3 (3.125 mm voxels)
// to stay fast; the anatomy is laid out in millimetres, independent of the grid.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "io/phantom.h"

using namespace marrow;

namespace {

uint64_t fnv1a(const Volume& v) {
    uint64_t h = 1469598103934665603ull;
    const auto* p = static_cast<const unsigned char*>(v.raw());
    for (size_t i = 0; i < v.byteSize(); ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

const Phantom& noiseless() {
    static const Phantom p = [] {
        PhantomOptions o;
        o.size = 128;
        o.noiseHu = 0;
        return makePhantom(o);
    }();
    return p;
}

const Phantom& noisy() {
    static const Phantom p = [] {
        PhantomOptions o;
        o.size = 128;
        return makePhantom(o);
    }();
    return p;
}

double huAt(const Volume& v, Vec3 lps) {
    const Index3 ijk = v.geometry().patientToNearestVoxel(lps);
    EXPECT_TRUE(v.geometry().contains(ijk[0], ijk[1], ijk[2]));
    return v.valueAt(ijk[0], ijk[1], ijk[2]);
}

}  // namespace

TEST(Phantom, GridIsCentredIdentityLps) {
    const ImageGeometry& g = noiseless().ct.geometry();
    EXPECT_EQ(g.dims(), (std::array<int, 3>{128, 128, 128}));
    EXPECT_DOUBLE_EQ(g.spacing().x, 400.0 / 128);
    EXPECT_DOUBLE_EQ(g.origin().x, -0.5 * 127 * 400.0 / 128);
    EXPECT_EQ(g.direction(), Mat3::identity());
    EXPECT_TRUE(noiseless().bones.geometry().sameGrid(g, 0));
    EXPECT_EQ(noiseless().ct.type(), ScalarType::Int16);
    EXPECT_EQ(noiseless().bones.type(), ScalarType::UInt8);
    EXPECT_EQ(noiseless().ct.modality(), "CT");
}

TEST(Phantom, DeterministicAndSeeded) {
    PhantomOptions o;
    o.size = 96;
    const Phantom a = makePhantom(o), b = makePhantom(o);
    EXPECT_EQ(std::memcmp(a.ct.raw(), b.ct.raw(), a.ct.byteSize()), 0);
    // Regression lock on the exact bytes: any change to the anatomy or the noise moves
    // these, and must be deliberate (update them and say why in the commit).
    EXPECT_EQ(fnv1a(a.ct), 2760747024487623619ull);
    EXPECT_EQ(fnv1a(a.bones), 362444524834327145ull);
    o.seed = 2;
    const Phantom c = makePhantom(o);
    EXPECT_NE(fnv1a(c.ct), fnv1a(a.ct));
    EXPECT_EQ(fnv1a(c.bones), fnv1a(a.bones));  // noise never touches the labels
}

TEST(Phantom, BoneLabelsMatchNoiselessCtExactly) {
    const Phantom& p = noiseless();
    const int16_t* ct = p.ct.data<int16_t>();
    const uint8_t* bone = p.bones.data<uint8_t>();
    size_t bones = 0;
    for (size_t i = 0; i < p.ct.voxelCount(); ++i) {
        ASSERT_EQ(bone[i], ct[i] >= 200 ? 1 : 0) << "voxel " << i << " HU " << ct[i];
        ASSERT_TRUE(ct[i] == 250 || ct[i] == 1000 || ct[i] == 1200 || ct[i] < 200) << ct[i];
        bones += bone[i];
    }
    // Bone is a few percent of the grid, not nothing and not everything.
    EXPECT_GT(bones, p.ct.voxelCount() / 200);
    EXPECT_LT(bones, p.ct.voxelCount() / 20);
    EXPECT_EQ(std::memcmp(noisy().bones.raw(), p.bones.raw(), p.bones.byteSize()), 0);
}

TEST(Phantom, NoiseIsMildAndCentred) {
    const int16_t* a = noiseless().ct.data<int16_t>();
    const int16_t* b = noisy().ct.data<int16_t>();
    double sum = 0, sum2 = 0;
    const size_t n = noiseless().ct.voxelCount();
    for (size_t i = 0; i < n; ++i) {
        const double d = double(b[i]) - a[i];
        sum += d;
        sum2 += d * d;
    }
    EXPECT_NEAR(sum / n, 0.0, 0.1);
    EXPECT_NEAR(std::sqrt(sum2 / n), 15.0, 0.3);  // PhantomOptions::noiseHu default
}

TEST(Phantom, AnatomyAtKnownPoints) {
    const Volume& ct = noiseless().ct;
    const Volume& noisyCt = noisy().ct;
    // Vertebral body at z = 5 mm (mid-vertebra): cancellous core, dense cortical rim.
    EXPECT_EQ(huAt(ct, {0, 35, 5}), 250);
    EXPECT_EQ(huAt(ct, {21, 35, 5}), 1200);
    EXPECT_GT(huAt(noisyCt, {21, 35, 5}), 700);
    // Disc at z = 10 mm (phase 0..6 of the 30 mm period).
    EXPECT_EQ(huAt(ct, {0, 35, 11}), 90);
    // Lungs in the upper half, both sides; the heart left-anterior.
    EXPECT_EQ(huAt(ct, {68, -7, 100}), -850);
    EXPECT_EQ(huAt(ct, {-68, -7, 100}), -850);
    EXPECT_LT(huAt(noisyCt, {-68, -7, 100}), -700);
    EXPECT_EQ(huAt(ct, {22, -35, 45}), 40);
    // Liver on the patient's right (-x), not mirrored on the left.
    EXPECT_EQ(huAt(ct, {-55, -5, -10}), 60);
    EXPECT_NE(huAt(ct, {55, -5, -10}), 60);
    // Femoral heads low in the pelvis, both sides.
    EXPECT_EQ(huAt(ct, {88, 5, -170}), 250);
    EXPECT_EQ(huAt(ct, {-88, 5, -170}), 250);
    // Subcutaneous fat in front of the belly, air outside.
    EXPECT_EQ(huAt(ct, {0, -15 - 110 + 10, -40}), -100);
    EXPECT_EQ(huAt(ct, {0, -180, 0}), -1000);
}

TEST(Phantom, TableBehindTheBackAcrossAnAirGap) {
    // Walk posteriorly (+y) from the spinous process along x = 0, z = 0: body, then an
    // air gap, then carbon shell, foam, (the 2 mm lower shell falls between 3.125 mm
    // voxel centres at this size), then air again.
    const Volume& ct = noiseless().ct;
    const ImageGeometry& g = ct.geometry();
    const Index3 start = g.patientToNearestVoxel({0, 60, 0});
    std::string runs;
    for (int64_t j = start[1]; j < g.dim(1); ++j) {
        const double hu = ct.valueAt(start[0], j, start[2]);
        const char c = hu == -1000 ? 'a' : hu == 150 ? 's' : hu == -900 ? 'f' : 'b';
        if (runs.empty() || runs.back() != c) runs += c;
    }
    EXPECT_TRUE(runs == "basfa" || runs == "basfsa") << runs;
}

TEST(Phantom, RibsSurroundTheChest) {
    // In the chest (z 20..185 mm), bone lies on both sides well away from the spine.
    const Phantom& p = noiseless();
    const ImageGeometry& g = p.bones.geometry();
    int left = 0, right = 0;
    for (int k = 0; k < g.dim(2); ++k) {
        const double z = g.indexToPatient({0, 0, double(k)}).z;
        if (z < 20 || z > 185) continue;
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                if (!p.bones.data<uint8_t>()[g.linearIndex(i, j, k)]) continue;
                const double x = g.indexToPatient({double(i), 0, 0}).x;
                left += x > 100;
                right += x < -100;
            }
    }
    EXPECT_GT(left, 100);
    EXPECT_GT(right, 100);
}

TEST(Phantom, RejectsBadOptions) {
    PhantomOptions o;
    o.size = 2;
    EXPECT_THROW(makePhantom(o), Error);
    o.size = 64;
    o.fieldOfViewMm = 0;
    EXPECT_THROW(makePhantom(o), Error);
}
