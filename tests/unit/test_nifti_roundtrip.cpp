// NIfTI write -> read round trips: every scalar type, .nii and .nii.gz, oblique and
// flipped (negative determinant) geometries. Voxels must come back byte-identical and
// the grid identical within float32 header precision (sameGrid tol 1e-5 mm).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "io/nifti_io.h"
#include "nifti_test_util.h"

using namespace marrow;

namespace {

Mat3 rotation(Vec3 axis, double angle) {
    const double n = norm(axis);
    const double x = axis.x / n, y = axis.y / n, z = axis.z / n, c = std::cos(angle), s = std::sin(angle), t = 1 - c;
    Mat3 r;
    r.m = {{{t * x * x + c, t * x * y - s * z, t * x * z + s * y},
            {t * x * y + s * z, t * y * y + c, t * y * z - s * x},
            {t * x * z - s * y, t * y * z + s * x, t * z * z + c}}};
    return r;
}

// Fills with a pattern that reaches both ends of the type's range.
Volume patterned(ScalarType t, const ImageGeometry& g) {
    Volume v(g, t);
    v.visit([&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        for (size_t i = 0; i < v.voxelCount(); ++i) {
            if constexpr (std::is_same_v<T, float>) p[i] = float(i) * 0.37f - 12.5f;
            else if constexpr (std::is_same_v<T, int32_t>) p[i] = int32_t(i * 7919 % 400000) - 200000;
            else p[i] = T(i * 2654435761u);  // wraps through the whole integer range
        }
        if constexpr (std::is_same_v<T, int16_t>) p[0] = -32768, p[1] = 32767;
    });
    return v;
}

void expectRoundTrip(const Volume& v, const std::string& path) {
    writeNifti(v, path);
    const Volume back = readNifti(path);
    EXPECT_EQ(back.type(), v.type()) << path;
    EXPECT_TRUE(back.geometry().sameGrid(v.geometry(), 1e-5))
        << "wrote " << v.geometry().describe() << "\nread  " << back.geometry().describe();
    ASSERT_EQ(back.byteSize(), v.byteSize());
    EXPECT_EQ(std::memcmp(back.raw(), v.raw(), v.byteSize()), 0) << path;
}

}  // namespace

TEST(NiftiRoundTrip, AllTypesBothCompressions) {
    test::ScratchDir dir;
    const ImageGeometry g({7, 5, 3}, {0.5, 0.75, 2.5}, {-10.25, 20.5, -30.125});
    for (ScalarType t : {ScalarType::UInt8, ScalarType::Int16, ScalarType::UInt16, ScalarType::Int32, ScalarType::Float32}) {
        const Volume v = patterned(t, g);
        expectRoundTrip(v, dir.file(std::string("v_") + scalarName(t) + ".nii"));
        expectRoundTrip(v, dir.file(std::string("v_") + scalarName(t) + ".nii.gz"));
    }
}

TEST(NiftiRoundTrip, ObliqueGeometry) {
    test::ScratchDir dir;
    const ImageGeometry g({9, 8, 6}, {0.8, 1.1, 3.0}, {-87.3, 42.9, 15.7}, rotation({1, 2, 3}, 0.4));
    const Volume v = patterned(ScalarType::Int16, g);
    expectRoundTrip(v, dir.file("oblique.nii"));
    expectRoundTrip(v, dir.file("oblique.nii.gz"));
}

TEST(NiftiRoundTrip, FlippedAxesKeepVoxelOrder) {
    test::ScratchDir dir;
    // det < 0: i runs to the patient's right, like example_seg_dicom's flipped j.
    Mat3 flipI;
    flipI.m = {{{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    Mat3 flipJK;  // det > 0 but two axes reversed
    flipJK.m = {{{1, 0, 0}, {0, -1, 0}, {0, 0, -1}}};
    const Mat3 obliqueFlipped = rotation({0, 1, 1}, 0.25) * flipI;
    for (const Mat3& d : {flipI, flipJK, obliqueFlipped}) {
        const ImageGeometry g({6, 7, 4}, {1.5, 0.9, 2.0}, {100.5, -60.25, 33.0}, d);
        const Volume v = patterned(ScalarType::UInt8, g);
        expectRoundTrip(v, dir.file("flipped.nii.gz"));
        // Voxel (0,0,0) is still at the origin and (1,0,0) one step along column 0.
        const Volume back = readNifti(dir.file("flipped.nii.gz"));
        const Vec3 p = back.geometry().indexToPatient({1, 0, 0});
        const Vec3 want = g.origin() + g.direction().column(0) * 1.5;
        EXPECT_NEAR(p.x, want.x, 1e-5);
        EXPECT_NEAR(p.y, want.y, 1e-5);
        EXPECT_NEAR(p.z, want.z, 1e-5);
        EXPECT_NEAR(back.geometry().direction().determinant(), d.determinant(), 1e-6);
    }
}

TEST(NiftiRoundTrip, Int32WithinInt16RangeComesBackAsInt16) {
    // The reader narrows integer data to the smallest type holding its range.
    test::ScratchDir dir;
    const ImageGeometry g({4, 4, 2}, {1, 1, 1});
    Volume v(g, ScalarType::Int32);
    for (size_t i = 0; i < v.voxelCount(); ++i) v.data<int32_t>()[i] = int32_t(i) * 100 - 1024;
    writeNifti(v, dir.file("small.nii"));
    const Volume back = readNifti(dir.file("small.nii"));
    ASSERT_EQ(back.type(), ScalarType::Int16);
    for (size_t i = 0; i < v.voxelCount(); ++i) EXPECT_EQ(back.data<int16_t>()[i], int32_t(i) * 100 - 1024);
}

TEST(NiftiRoundTrip, DescriptionAndExtensionsSurvive) {
    test::ScratchDir dir;
    Volume v(ImageGeometry({3, 3, 3}, {1, 1, 1}), ScalarType::UInt8);
    v.meta["description"] = "label map";
    const std::string xml = "<LabelTable><Label Key=\"1\">spleen</Label></LabelTable>";
    v.meta["nifti.extension.0"] = xml;
    v.meta["nifti.extension.0.code"] = "0";
    writeNifti(v, dir.file("ext.nii.gz"));
    const Volume back = readNifti(dir.file("ext.nii.gz"));
    EXPECT_EQ(back.meta.at("description"), "label map");
    EXPECT_EQ(back.meta.at("nifti.extension.0.code"), "0");
    // Padded to a multiple of 16 bytes with NULs (NIfTI rule); the text itself is intact.
    const std::string& got = back.meta.at("nifti.extension.0");
    ASSERT_GE(got.size(), xml.size());
    EXPECT_EQ(got.substr(0, xml.size()), xml);
    EXPECT_EQ(got.find_first_not_of('\0', xml.size()), std::string::npos);
    EXPECT_EQ(back.meta.at("source"), dir.file("ext.nii.gz"));
}

TEST(NiftiRoundTrip, WriteRefusesWrongExtensionAndLeavesNoFile) {
    test::ScratchDir dir;
    Volume v(ImageGeometry({2, 2, 2}, {1, 1, 1}), ScalarType::UInt8);
    try {
        writeNifti(v, dir.file("out.png"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("out.png: output name must end in .nii or .nii.gz"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("out.png")));
    EXPECT_THROW(writeNifti(v, dir.file("no/such/folder/x.nii")), Error);
}
