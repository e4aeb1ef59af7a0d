// NIfTI header fields checked as stored in the file (libnifti repairs some of them before
// we see them): vox_offset, dims, qform/sform, the memory a header asks for, Latin-1
// text, and libnifti's own stderr output. Files are a good one with one field broken.
// NIfTI-1 offsets: dim[8] at 40 (int16), datatype 70, pixdim 76, vox_offset 108,
// descrip 148, qform_code 252, sform_code 254, quatern_b 256, qoffset_x 268, srow_x 280.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

#include "io/nifti_io.h"
#include "io/platform_memory.h"
#include "nifti_test_util.h"

using namespace marrow;
using test::patch;

namespace {

constexpr size_t kDim = 40, kDatatype = 70, kBitpix = 72, kVoxOffset = 108, kDescrip = 148, kQformCode = 252,
                 kSformCode = 254, kQuaternB = 256, kQoffsetX = 268, kSrowX = 280;

// A valid 8x6x4 int16 .nii (voxel i holds i), oblique so that a wrong frame shows.
std::vector<char> goodNii(const test::ScratchDir& dir) {
    Volume v(ImageGeometry({8, 6, 4}, {0.5, 0.75, 2.0}, {10, -20, 30}), ScalarType::Int16);
    for (size_t i = 0; i < v.voxelCount(); ++i) v.data<int16_t>()[i] = int16_t(i);
    writeNifti(v, dir.file("good.nii"));
    return test::readBytes(dir.file("good.nii"));
}

Volume readPatched(const test::ScratchDir& dir, const std::vector<char>& bytes) {
    test::writeBytes(dir.file("patched.nii"), bytes);
    return readNifti(dir.file("patched.nii"));
}

}  // namespace

// libnifti clamps a vox_offset below the header to 348 (data then read 4 bytes early)
// and casts inf/NaN/1e30 to garbage; each must be refused, .nii and .nii.gz alike.
TEST(NiftiHeaderChecks, VoxOffsetOutsideHeaderOrFileIsRefused) {
    test::ScratchDir dir;
    const float inf = std::numeric_limits<float>::infinity();
    for (float bad : {-4.0f, 0.0f, 344.0f, 352.5f, inf, -inf, std::nanf(""), 1e30f, 1e9f, 1100.0f}) {
        SCOPED_TRACE(bad);
        std::vector<char> bytes = goodNii(dir);
        patch<float>(bytes, kVoxOffset, bad);
        test::writeBytes(dir.file("off.nii"), bytes);
        test::expectNiftiError(dir.file("off.nii"), "vox_offset");
        if (bad == 1e9f || bad == 1100.0f) continue;  // inside what a .gz could expand to
        test::writeGzip(dir.file("off.nii.gz"), bytes);
        test::expectNiftiError(dir.file("off.nii.gz"), "vox_offset");
    }
    // 348: data right after the header, no extender: valid, voxels read from 348.
    std::vector<char> bytes = goodNii(dir);
    bytes.erase(bytes.begin() + 348, bytes.begin() + 352);
    patch<float>(bytes, kVoxOffset, 348.0f);
    const Volume v = readPatched(dir, bytes);
    for (size_t i = 0; i < v.voxelCount(); ++i) ASSERT_EQ(v.data<int16_t>()[i], int16_t(i));
}

TEST(NiftiHeaderChecks, ZeroDimsAsStoredAreRefused) {
    test::ScratchDir dir;
    const std::pair<int, int16_t> cases[] = {{0, 0}, {0, -1}, {0, 8}, {3, 0}, {2, -5}, {1, 0}};
    for (const auto& [index, value] : cases) {
        SCOPED_TRACE(index);
        std::vector<char> bytes = goodNii(dir);
        patch<int16_t>(bytes, kDim + 2 * size_t(index), value);
        test::writeBytes(dir.file("dim.nii"), bytes);
        test::expectNiftiError(dir.file("dim.nii"), "dim[" + std::to_string(index) + "] = " + std::to_string(value));
        test::writeGzip(dir.file("dim.nii.gz"), bytes);
        test::expectNiftiError(dir.file("dim.nii.gz"), "dim[" + std::to_string(index) + "] = " + std::to_string(value));
    }
    // dim[4] = 0 in a 4D header: no volume at all.
    std::vector<char> bytes = goodNii(dir);
    patch<int16_t>(bytes, kDim, 4);
    patch<int16_t>(bytes, kDim + 8, 0);
    test::writeBytes(dir.file("dim4.nii"), bytes);
    test::expectNiftiError(dir.file("dim4.nii"), "dim[4] = 0");
}

TEST(NiftiHeaderChecks, DimsPastDim0AreIgnoredAndExtraDimsWarn) {
    test::ScratchDir dir;
    // A 2D image (dim[0] = 2): dim[3] is not part of the grid, one slice.
    std::vector<char> bytes = goodNii(dir);
    patch<int16_t>(bytes, kDim, 2);
    Volume v = readPatched(dir, bytes);
    EXPECT_EQ(v.geometry().dims(), (std::array<int, 3>{8, 6, 1}));
    // dim[0] = 5 with dim[4] = 1, dim[5] = 2 (e.g. a vector image): first volume, warned.
    bytes = goodNii(dir);
    patch<int16_t>(bytes, kDim, 5);
    patch<int16_t>(bytes, kDim + 8, 1);
    patch<int16_t>(bytes, kDim + 10, 2);
    bytes.resize(bytes.size() + 384);
    v = readPatched(dir, bytes);
    EXPECT_EQ(v.geometry().dims(), (std::array<int, 3>{8, 6, 4}));
    EXPECT_EQ(v.meta.at("warning.0"), "file holds 2 volumes; only the first was loaded");
}

TEST(NiftiHeaderChecks, BrokenQformOrSformIsRefusedOrPassedOverWithAWarning) {
    test::ScratchDir dir;
    const std::vector<char> good = goodNii(dir);
    const ImageGeometry want = readPatched(dir, good).geometry();
    const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
    // The qform alone places the voxels (sform_code 0): a NaN quaternion, an infinite
    // offset or a non-rotation are errors (libnifti made them origin 0 / identity).
    for (auto [offset, value, problem] : {std::tuple{kQuaternB, nan, "qform"}, std::tuple{kQoffsetX + 4, inf, "qform"},
                                          std::tuple{kQuaternB, 1.5f, "not a rotation"}}) {
        std::vector<char> bytes = good;
        patch<int16_t>(bytes, kSformCode, 0);
        patch<float>(bytes, offset, value);
        test::writeBytes(dir.file("q.nii"), bytes);
        test::expectNiftiError(dir.file("q.nii"), problem);
    }
    // The sform alone (qform_code 0) with a NaN or inf: refused.
    for (float value : {nan, inf}) {
        std::vector<char> bytes = good;
        patch<int16_t>(bytes, kQformCode, 0);
        patch<float>(bytes, kSrowX + 12, value);
        test::writeBytes(dir.file("s.nii"), bytes);
        test::expectNiftiError(dir.file("s.nii"), "sform");
    }
    // Both present, one broken: NIfTI's other transform is used, with a warning.
    std::vector<char> bytes = good;
    patch<float>(bytes, kSrowX + 4, nan);
    Volume v = readPatched(dir, bytes);
    EXPECT_NEAR(v.geometry().origin().x, want.origin().x, 1e-4);
    EXPECT_NE(v.meta.at("warning.0").find("the qform places the voxels"), std::string::npos);
    bytes = good;
    patch<float>(bytes, kQuaternB, nan);
    v = readPatched(dir, bytes);
    EXPECT_NEAR(v.geometry().origin().z, want.origin().z, 1e-4);
    EXPECT_NE(v.meta.at("warning.0").find("the sform places the voxels"), std::string::npos);
    // Code 0 means "not used": garbage there is not looked at (pixdim frame).
    bytes = good;
    patch<int16_t>(bytes, kQformCode, 0);
    patch<int16_t>(bytes, kSformCode, 0);
    patch<float>(bytes, kQuaternB, nan);
    patch<float>(bytes, kSrowX, inf);
    v = readPatched(dir, bytes);
    EXPECT_EQ(v.geometry().spacing(), want.spacing());
    EXPECT_EQ(v.meta.count("warning.0"), 0u);
    // A sform whose axes are nearly parallel is not an image grid.
    bytes = good;
    patch<float>(bytes, kSrowX + 4, -0.5f * 0.99f);  // column 1 almost along column 0
    patch<float>(bytes, kSrowX + 16 + 4, 0.01f);
    test::writeBytes(dir.file("skew.nii"), bytes);
    test::expectNiftiError(dir.file("skew.nii"), "perpendicular");
}

TEST(NiftiHeaderChecks, NaNOrNonPositivePixdimIsRefused) {
    test::ScratchDir dir;
    for (float bad : {std::nanf(""), std::numeric_limits<float>::infinity(), 0.0f, -2.0f}) {
        std::vector<char> bytes = goodNii(dir);
        patch<float>(bytes, 76 + 4 * 3, bad);
        test::writeBytes(dir.file("p.nii"), bytes);
        test::expectNiftiError(dir.file("p.nii"), "voxel size pixdim[3]");
    }
}

// A header claiming 4096^3 voxels: refused from the header, quickly, with how much it
// needs and how much there is (it was std::bad_alloc without a file name).
TEST(NiftiHeaderChecks, HugeHeaderIsRefusedForMemoryBeforeAllocating) {
    test::ScratchDir dir;
    for (const auto& [type, bitpix, needs] : {std::tuple<int16_t, int16_t, double>{64, 64, 768.0},  // FLOAT64
                                              std::tuple<int16_t, int16_t, double>{4, 16, 128.0}}) {  // INT16
        if (double(availableMemoryBytes()) >= needs * double(1ull << 30)) continue;  // a machine that could
        std::vector<char> bytes = goodNii(dir);
        for (int a = 1; a <= 3; ++a) patch<int16_t>(bytes, kDim + 2 * size_t(a), 4096);
        patch<int16_t>(bytes, kDatatype, type);
        patch<int16_t>(bytes, kBitpix, bitpix);
        for (bool gz : {false, true}) {
            const std::string path = dir.file(gz ? "huge.nii.gz" : "huge.nii");
            if (gz) test::writeGzip(path, bytes);
            else test::writeBytes(path, bytes);
            const auto start = std::chrono::steady_clock::now();
            test::expectNiftiError(path, "needs " + std::to_string(int(needs)) + " GiB of memory, ");
            test::expectNiftiError(path, " available (header dims 4096x4096x4096");
            EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
        }
    }
}

TEST(NiftiHeaderChecks, GzipDataLongerThanTheHeaderSaysIsIgnored) {
    test::ScratchDir dir;
    std::vector<char> bytes = goodNii(dir);
    bytes.resize(bytes.size() + (1 << 20), 7);
    test::writeGzip(dir.file("long.nii.gz"), bytes);
    const Volume v = readNifti(dir.file("long.nii.gz"));
    for (size_t i = 0; i < v.voxelCount(); ++i) ASSERT_EQ(v.data<int16_t>()[i], int16_t(i));
}

// Text fields are bytes; a Latin-1 descrip loads and is kept as UTF-8.
TEST(NiftiHeaderChecks, Latin1DescripLoadsAsUtf8) {
    test::ScratchDir dir;
    std::vector<char> bytes = goodNii(dir);
    const char latin1[] = "M\xfcller \xe9t\xe9";
    std::memcpy(bytes.data() + kDescrip, latin1, sizeof latin1);
    const Volume v = readPatched(dir, bytes);
    EXPECT_EQ(v.meta.at("description"), "M\xc3\xbcller \xc3\xa9t\xc3\xa9");
    std::memcpy(bytes.data() + kDescrip, "caf\xc3\xa9", 6);  // already UTF-8: unchanged
    EXPECT_EQ(readPatched(dir, bytes).meta.at("description"), "caf\xc3\xa9");
}

// libnifti's own messages ("** ERROR: nifti_convert_n1hdr2nim: bad datatype") were a
// second, confusing stderr line: everything it would complain about is checked first.
TEST(NiftiHeaderChecks, LibniftiPrintsNothing) {
    test::ScratchDir dir;
    const std::pair<size_t, int16_t> patches[] = {{kDatatype, 77}, {kDim, 0}, {kDim, 2}, {kDim + 6, -1}};
    for (const auto& [offset, value] : patches) {
        std::vector<char> bytes = goodNii(dir);
        patch<int16_t>(bytes, offset, value);
        test::writeBytes(dir.file("quiet.nii"), bytes);
        testing::internal::CaptureStderr();
        try {
            readNifti(dir.file("quiet.nii"));
        } catch (const Error&) {
        }
        EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << offset << " " << value;
    }
}

// A .nii without the "n+1" magic was read by libnifti as ANALYZE 7.5, which ignores the
// qform/sform bytes: the image loaded at origin 0 with unit axes, exit 0 (fuzz corpus
// nifti.magic_wrong). A single-file image cannot be an ANALYZE pair, so it is refused.
TEST(NiftiHeaderChecks, SingleFileWithoutNiftiMagicIsRefused) {
    test::ScratchDir dir;
    for (const char* bad : {"xyz", "n+2", "\0\0\0"}) {
        SCOPED_TRACE(bad);
        std::vector<char> bytes = goodNii(dir);
        std::memcpy(bytes.data() + 344, bad, 4);
        test::writeBytes(dir.file("magic.nii"), bytes);
        test::expectNiftiError(dir.file("magic.nii"), "magic");
    }
}
