// Bad NIfTI input: every case is a marrow::Error "<path>: <problem>", never a crash or
// an exit from inside libnifti. Files are made by writing a good one and breaking it.
// NIfTI-1 header offsets used below: dim[8] at 40 (int16), datatype 70, bitpix 72,
// pixdim[8] at 76 (float32), vox_offset 108.
#include <gtest/gtest.h>
#include <zlib.h>

#include "io/nifti_io.h"
#include "nifti_test_util.h"
#include "test_data.h"

using namespace marrow;
using test::patch;

namespace {

// A valid 8x6x4 int16 .nii, as bytes.
std::vector<char> goodNii(const test::ScratchDir& dir) {
    Volume v(ImageGeometry({8, 6, 4}, {1, 1, 1}), ScalarType::Int16);
    for (size_t i = 0; i < v.voxelCount(); ++i) v.data<int16_t>()[i] = int16_t(i);
    writeNifti(v, dir.file("good.nii"));
    return test::readBytes(dir.file("good.nii"));
}

}  // namespace

TEST(NiftiBadInput, MissingFileAndFolder) {
    test::ScratchDir dir;
    test::expectNiftiError(dir.file("absent.nii.gz"), "no such file");
    std::filesystem::create_directory(dir.file("folder.nii"));
    test::expectNiftiError(dir.file("folder.nii"), "is a folder");
}

TEST(NiftiBadInput, GarbageBytes) {
    test::ScratchDir dir;
    std::vector<char> junk(4000);
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = char(i * 7 + 3);
    test::writeBytes(dir.file("junk.nii"), junk);
    test::expectNiftiError(dir.file("junk.nii"), "not a valid NIfTI file");
    test::writeBytes(dir.file("junk.nii.gz"), junk);
    test::expectNiftiError(dir.file("junk.nii.gz"), "not a gzip file");
    test::writeGzip(dir.file("gzjunk.nii.gz"), junk);
    test::expectNiftiError(dir.file("gzjunk.nii.gz"), "not a valid NIfTI file");
    test::writeBytes(dir.file("tiny.nii"), {'n', 'i', 'i'});
    test::expectNiftiError(dir.file("tiny.nii"), "too small to be a NIfTI file");
    test::writeBytes(dir.file("empty.nii.gz"), {});
    test::expectNiftiError(dir.file("empty.nii.gz"), "not a gzip file");
}

TEST(NiftiBadInput, TruncatedRealGzip) {
    const std::string real = test::totalsegPath("example_ct.nii.gz");
    MARROW_REQUIRE_SHARED(real);
    test::ScratchDir dir;
    std::vector<char> bytes = test::readBytes(real);
    for (size_t keep : {bytes.size() / 2, size_t(200), bytes.size() - 10}) {
        test::writeBytes(dir.file("cut.nii.gz"), std::vector<char>(bytes.begin(), bytes.begin() + long(keep)));
        SCOPED_TRACE(keep);
        try {
            readNifti(dir.file("cut.nii.gz"));
            ADD_FAILURE() << "truncated file loaded";
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).rfind(dir.file("cut.nii.gz") + ": ", 0), 0u) << e.what();
        }
    }
    test::writeBytes(dir.file("half.nii.gz"), std::vector<char>(bytes.begin(), bytes.begin() + long(bytes.size() / 2)));
    test::expectNiftiError(dir.file("half.nii.gz"), "truncated or corrupt");
}

TEST(NiftiBadInput, DimsDisagreeWithDataSize) {
    test::ScratchDir dir;
    std::vector<char> bytes = goodNii(dir);
    // Uncompressed, cut short: the size check catches it before reading.
    test::writeBytes(dir.file("short.nii"), std::vector<char>(bytes.begin(), bytes.end() - 10));
    test::expectNiftiError(dir.file("short.nii"), "need 384 bytes but the file holds 374");
    // Huge dims in a small .nii.gz: refused before anything is allocated (for memory).
    patch<int16_t>(bytes, 42, 30000);
    patch<int16_t>(bytes, 44, 30000);
    patch<int16_t>(bytes, 46, 30000);
    test::writeGzip(dir.file("huge.nii.gz"), bytes);
    test::expectNiftiError(dir.file("huge.nii.gz"), "(header dims 30000x30000x30000 INT16)");
    // Dims that fit in memory but not in what the compressed bytes can expand to.
    patch<int16_t>(bytes, 42, 1000);
    patch<int16_t>(bytes, 44, 1000);
    patch<int16_t>(bytes, 46, 100);
    test::writeGzip(dir.file("big.nii.gz"), bytes);
    test::expectNiftiError(dir.file("big.nii.gz"), "header dims 1000x1000x100 INT16 need 200000000 bytes but the file holds");
    // Plausible dims that the compressed data cannot fill: caught while reading.
    bytes = goodNii(dir);
    patch<int16_t>(bytes, 46, 40);
    test::writeGzip(dir.file("more.nii.gz"), bytes);
    test::expectNiftiError(dir.file("more.nii.gz"), "truncated or corrupt");
}

TEST(NiftiBadInput, ZeroOrNegativePixdim) {
    test::ScratchDir dir;
    for (float bad : {0.0f, -1.0f}) {
        std::vector<char> bytes = goodNii(dir);
        patch<float>(bytes, 76 + 4 * 2, bad);  // pixdim[2]
        test::writeBytes(dir.file("pixdim.nii"), bytes);
        test::expectNiftiError(dir.file("pixdim.nii"), "voxel size pixdim[2]");
    }
}

TEST(NiftiBadInput, UnsupportedDatatypes) {
    test::ScratchDir dir;
    const std::pair<int16_t, const char*> types[] = {{32, "COMPLEX64"}, {128, "RGB24"}, {2304, "RGBA32"}};
    for (const auto& [code, name] : types) {
        std::vector<char> bytes = goodNii(dir);
        patch<int16_t>(bytes, 70, code);
        test::writeBytes(dir.file("type.nii"), bytes);
        test::expectNiftiError(dir.file("type.nii"), std::string("unsupported NIfTI data type ") + name);
    }
}

TEST(NiftiBadInput, FourDimensionalTakesFirstVolumeAndWarns) {
    test::ScratchDir dir;
    std::vector<char> bytes = goodNii(dir);  // 384 bytes of voxels after the 352-byte prefix
    patch<int16_t>(bytes, 40, 4);  // dim[0] = 4
    patch<int16_t>(bytes, 48, 3);  // dim[4] = 3 volumes
    const std::vector<char> voxels(bytes.begin() + 352, bytes.end());
    for (int extra = 0; extra < 2; ++extra)  // volumes 2 and 3: all 7s
        for (size_t i = 0; i < voxels.size(); ++i) bytes.push_back(i % 2 == 0 ? 7 : 0);
    test::writeBytes(dir.file("4d.nii"), bytes);
    const Volume v = readNifti(dir.file("4d.nii"));
    EXPECT_EQ(v.geometry().dims(), (std::array<int, 3>{8, 6, 4}));
    for (size_t i = 0; i < v.voxelCount(); ++i) ASSERT_EQ(v.data<int16_t>()[i], int16_t(i));
    EXPECT_EQ(v.meta.at("warning.0"), "file holds 3 volumes; only the first was loaded");
}

TEST(NiftiBadInput, ScaledDataIsApplied) {
    test::ScratchDir dir;
    std::vector<char> bytes = goodNii(dir);
    patch<float>(bytes, 112, 2.0f);     // scl_slope
    patch<float>(bytes, 116, -1024.0f);  // scl_inter
    test::writeBytes(dir.file("scaled.nii"), bytes);
    Volume v = readNifti(dir.file("scaled.nii"));
    ASSERT_EQ(v.type(), ScalarType::Int16);  // integral results within int16
    EXPECT_EQ(v.valueAt(3, 0, 0), 3 * 2 - 1024);
    patch<float>(bytes, 112, 0.5f);
    test::writeBytes(dir.file("scaled.nii"), bytes);
    v = readNifti(dir.file("scaled.nii"));
    ASSERT_EQ(v.type(), ScalarType::Float32);  // fractional results
    EXPECT_FLOAT_EQ(float(v.valueAt(3, 0, 0)), 1.5f - 1024);
}
