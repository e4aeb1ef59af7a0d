// The real TotalSegmentator NIfTI files load with the geometry their headers state.
// Expected numbers were read independently with nibabel 5.0.0 (Debian python3-nibabel):
// img.affine (RAS) with its first two rows negated to get LPS, img.shape, and
// np.asanyarray(img.dataobj) sums/min/max (as int64).
#include <gtest/gtest.h>

#include <cstdint>

#include "io/nifti_io.h"
#include "test_data.h"

using namespace marrow;

namespace {

struct Expected {
    const char* file;
    std::array<int, 3> dims;
    double spacing;        // isotropic in-plane and slice (all these files)
    Vec3 origin;           // LPS
    double dirX, dirY;     // direction diagonal entries for i and j (k is +1 in all files)
    ScalarType type;
    int64_t sum, min, max;
};

// nibabel: LPS affine = diag(dirX*s, dirY*s, s) + origin for each file.
const Expected kFiles[] = {
    {"example_ct.nii.gz", {122, 101, 112}, 3.0, {177.956329345703, -11.319000244141, 94.3017578125}, -1, -1,
     ScalarType::Int16, -496851173, -1207, 3382},
    {"example_ct_sm.nii.gz", {122, 101, 30}, 3.0, {177.956329345703, -11.319000244141, 94.3017578125}, -1, -1,
     ScalarType::Int16, -130894872, -1100, 1207},
    {"example_ct_cropped_1p5mm.nii.gz", {120, 126, 164}, 1.5, {-71.658203125, -255.658203125, 540.200012207031}, 1, 1,
     ScalarType::Int16, -497705824, -1078, 3343},
    {"example_mr_sm.nii.gz", {117, 91, 20}, 3.0, {-168.599639892578, -166.359436035156, 28.989641189575}, 1, 1,
     ScalarType::Int16, 41238711, -47, 833},
    {"example_seg.nii.gz", {122, 101, 30}, 3.0, {177.956329345703, -11.319000244141, 94.3017578125}, -1, -1,
     ScalarType::UInt8, 2734697, 0, 117},
};

void expectStats(const Volume& v, int64_t sum, int64_t lo, int64_t hi) {
    int64_t s = 0, mn = INT64_MAX, mx = INT64_MIN;
    v.visit([&](const auto* p) {
        for (size_t i = 0; i < v.voxelCount(); ++i) {
            const int64_t x = int64_t(p[i]);
            s += x;
            mn = std::min(mn, x);
            mx = std::max(mx, x);
        }
    });
    EXPECT_EQ(s, sum);
    EXPECT_EQ(mn, lo);
    EXPECT_EQ(mx, hi);
}

}  // namespace

TEST(NiftiReal, AllSharedFilesLoadWithHeaderGeometry) {
    for (const Expected& e : kFiles) {
        const std::string path = test::totalsegPath(e.file);
        MARROW_REQUIRE_SHARED(path);
        SCOPED_TRACE(e.file);
        const Volume v = readNifti(path);
        const ImageGeometry& g = v.geometry();
        EXPECT_EQ(g.dims(), e.dims);
        for (int a = 0; a < 3; ++a) EXPECT_DOUBLE_EQ(g.spacing()[a], e.spacing);
        // The header holds float32; nibabel printed the same float32 values as doubles.
        EXPECT_NEAR(g.origin().x, e.origin.x, 1e-9);
        EXPECT_NEAR(g.origin().y, e.origin.y, 1e-9);
        EXPECT_NEAR(g.origin().z, e.origin.z, 1e-9);
        Mat3 d;
        d.m = {{{e.dirX, 0, 0}, {0, e.dirY, 0}, {0, 0, 1}}};
        EXPECT_EQ(g.direction(), d);
        EXPECT_EQ(v.type(), e.type);
        expectStats(v, e.sum, e.min, e.max);
    }
}

TEST(NiftiReal, Int32CtBecomesInt16WithIdenticalValues) {
    const std::string path = test::totalsegPath("example_ct.nii.gz");
    MARROW_REQUIRE_SHARED(path);
    const Volume v = readNifti(path);  // stored as int32 (nibabel: get_data_dtype() == int32)
    ASSERT_EQ(v.type(), ScalarType::Int16);
    // nibabel: data[60,50,56] = 281, data[0,0,0] = -1023, data[121,100,111] = -997.
    EXPECT_EQ(v.valueAt(60, 50, 56), 281);
    EXPECT_EQ(v.valueAt(0, 0, 0), -1023);
    EXPECT_EQ(v.valueAt(121, 100, 111), -997);
    // example_ct_sm.nii.gz (int16) equals slices 82..111 of it voxel for voxel (nibabel).
    const std::string smPath = test::totalsegPath("example_ct_sm.nii.gz");
    MARROW_REQUIRE_SHARED(smPath);
    const Volume sm = readNifti(smPath);
    for (int k = 0; k < 30; ++k)
        for (int j = 0; j < 101; ++j)
            for (int i = 0; i < 122; ++i)
                ASSERT_EQ(sm.data<int16_t>()[sm.geometry().linearIndex(i, j, k)],
                          v.data<int16_t>()[v.geometry().linearIndex(i, j, k + 82)]);
}

TEST(NiftiReal, SegDicomHeaderGeometryInLps) {
    const std::string path = test::totalsegPath("example_seg_dicom.nii.gz");
    MARROW_REQUIRE_SHARED(path);
    const Volume v = readNifti(path);
    const ImageGeometry& g = v.geometry();
    // nibabel: sform (code 2) = [[-0.9765625,0,0,249.51171875],[0,0.9765625,0,-61.51171875],
    // [0,0,2,-804.5]]; LPS: i -> +x (Left), j -> -y (Anterior!), k -> +z.
    EXPECT_EQ(g.dims(), (std::array<int, 3>{512, 512, 20}));
    EXPECT_EQ(g.spacing(), (Vec3{0.9765625, 0.9765625, 2.0}));
    EXPECT_EQ(g.origin(), (Vec3{-249.51171875, 61.51171875, -804.5}));
    Mat3 d;
    d.m = {{{1, 0, 0}, {0, -1, 0}, {0, 0, 1}}};
    EXPECT_EQ(g.direction(), d);
    EXPECT_EQ(v.type(), ScalarType::UInt8);
    expectStats(v, 14229599, 0, 117);
    EXPECT_EQ(v.valueAt(256, 300, 10), 5);  // nibabel data[256,300,10]
    // TotalSegmentator's label table rides in extension 0 (Caret XML).
    EXPECT_EQ(v.meta.at("nifti.extension.0.code"), "0");
    EXPECT_NE(v.meta.at("nifti.extension.0").find("<![CDATA[spleen]]>"), std::string::npos);
}

TEST(NiftiReal, SegDicomCoversTheDicomSeriesGridWithJReversed) {
    // The DICOM series (pydicom 2.3.1 on example_ct_dicom/): ImageOrientationPatient
    // [1,0,0,0,1,0], first slice ImagePositionPatient (-249.51171875, -437.51171875, -804.5),
    // last -766.5, PixelSpacing 0.9765625, 512x512 -> identity direction, origin as given.
    const std::string path = test::totalsegPath("example_seg_dicom.nii.gz");
    MARROW_REQUIRE_SHARED(path);
    const ImageGeometry dicom({512, 512, 20}, {0.9765625, 0.9765625, 2.0}, {-249.51171875, -437.51171875, -804.5});
    const ImageGeometry g = readNifti(path).geometry();
    // Same physical box, same voxel centres, but the NIfTI's j axis runs anterior-wards:
    // NIfTI voxel (i, j, k) is DICOM voxel (i, 511 - j, k). A voxel-for-voxel overlay needs
    // that flip; sameGrid() is false as stored.
    EXPECT_FALSE(g.sameGrid(dicom, 1e-5));
    for (const Vec3 ijk : {Vec3{0, 0, 0}, Vec3{511, 511, 19}, Vec3{100, 37, 5}}) {
        const Vec3 p = g.indexToPatient(ijk);
        const Vec3 q = dicom.indexToPatient({ijk.x, 511 - ijk.y, ijk.z});
        EXPECT_EQ(p, q);
    }
    Mat3 flippedJ = g.direction();
    flippedJ.setColumn(1, g.direction().column(1) * -1.0);
    const ImageGeometry reoriented(g.dims(), g.spacing(), g.indexToPatient({0, 511, 0}), flippedJ);
    EXPECT_TRUE(reoriented.sameGrid(dicom, 1e-9));
}
