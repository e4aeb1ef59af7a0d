// .nii.gz written as independent gzip members (deflated in parallel) and read through
// libdeflate: bit-exact round trips, a stream any gzip reader (zlib here, nibabel in
// tests/cli/nifti_gz_nibabel.sh) decompresses to the plain .nii, the header in a member of
// its own (so the voxels inflate straight into the Volume), foreign single-member files,
// and damage inside a middle member found.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

#include "io/gzip_members.h"
#include "io/nifti_io.h"
#include "nifti_test_util.h"

using namespace marrow;

namespace {

// 13 MiB of int16 with a CT-like mix of runs and noise: several 4 MiB members.
Volume ctLike() {
    Volume v(ImageGeometry({256, 256, 100}, {0.7, 0.7, 1.25}, {-90, -90, 40}), ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    uint32_t x = 12345;
    for (size_t i = 0; i < v.voxelCount(); ++i) {
        x = x * 1664525u + 1013904223u;
        p[i] = (i / 300) % 3 == 0 ? int16_t(-1000) : int16_t(int(x >> 20) - 2048);
    }
    return v;
}

// All of a gzip file's output (every member), through zlib's streaming reader.
std::vector<char> gunzipAll(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    std::vector<char> out;
    if (!f) return out;
    char buf[1 << 16];
    for (int n; (n = gzread(f, buf, sizeof buf)) > 0;) out.insert(out.end(), buf, buf + n);
    gzclose(f);
    return out;
}

// Output sizes of the members, walking them with zlib's inflate (gzip wrapper, one member each).
std::vector<size_t> memberSizes(const std::vector<char>& file) {
    std::vector<size_t> sizes;
    size_t at = 0;
    std::vector<unsigned char> sink(1 << 20);
    while (at < file.size()) {
        z_stream z{};
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) break;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file.data() + at));
        z.avail_in = uInt(file.size() - at);
        int r = Z_OK;
        while (r == Z_OK) {
            z.next_out = sink.data();
            z.avail_out = uInt(sink.size());
            r = inflate(&z, Z_NO_FLUSH);
        }
        sizes.push_back(z.total_out);
        at += z.total_in;
        inflateEnd(&z);
        if (r != Z_STREAM_END) break;
    }
    return sizes;
}

}  // namespace

TEST(NiftiGzipMembers, RoundTripIsBitExactAndAnyGzipReaderAgrees) {
    test::ScratchDir dir;
    const Volume v = ctLike();
    writeNifti(v, dir.file("ct.nii.gz"));
    writeNifti(v, dir.file("ct.nii"));
    const Volume back = readNifti(dir.file("ct.nii.gz"));
    ASSERT_EQ(back.type(), ScalarType::Int16);
    ASSERT_EQ(back.byteSize(), v.byteSize());
    EXPECT_EQ(std::memcmp(back.raw(), v.raw(), v.byteSize()), 0);
    EXPECT_TRUE(back.geometry().sameGrid(v.geometry(), 1e-5));
    // zlib, reading the members as one stream, yields exactly the .nii.
    EXPECT_EQ(gunzipAll(dir.file("ct.nii.gz")), test::readBytes(dir.file("ct.nii")));
}

TEST(NiftiGzipMembers, HeaderIsAMemberOfItsOwnAndVoxelsAreCut) {
    test::ScratchDir dir;
    const Volume v = ctLike();
    writeNifti(v, dir.file("ct.nii.gz"));
    const std::vector<size_t> sizes = memberSizes(test::readBytes(dir.file("ct.nii.gz")));
    ASSERT_GE(sizes.size(), 4u);  // header + 13 MiB in 4 MiB pieces
    EXPECT_EQ(sizes[0], 352u);    // 348-byte header + 4-byte extender, no extensions
    size_t total = 0;
    for (size_t s : sizes) total += s;
    EXPECT_EQ(total, 352 + v.byteSize());
}

TEST(NiftiGzipMembers, ForeignSingleMemberFileReads) {
    // zlib writes one member holding header and voxels (as nibabel and gzip do).
    test::ScratchDir dir;
    const Volume v = ctLike();
    writeNifti(v, dir.file("ct.nii"));
    test::writeGzip(dir.file("one.nii.gz"), test::readBytes(dir.file("ct.nii")));
    ASSERT_EQ(memberSizes(test::readBytes(dir.file("one.nii.gz"))).size(), 1u);
    const Volume back = readNifti(dir.file("one.nii.gz"));
    ASSERT_EQ(back.byteSize(), v.byteSize());
    EXPECT_EQ(std::memcmp(back.raw(), v.raw(), v.byteSize()), 0);
}

TEST(NiftiGzipMembers, DamageInAMiddleMemberIsFound) {
    test::ScratchDir dir;
    writeNifti(ctLike(), dir.file("ct.nii.gz"));
    std::vector<char> bytes = test::readBytes(dir.file("ct.nii.gz"));
    bytes[bytes.size() / 2] ^= 0x55;
    test::writeBytes(dir.file("bad.nii.gz"), bytes);
    test::expectNiftiError(dir.file("bad.nii.gz"), "truncated or corrupt");
    bytes = test::readBytes(dir.file("ct.nii.gz"));
    bytes.resize(bytes.size() - 3);  // the last member's length field cut
    test::writeBytes(dir.file("cut.nii.gz"), bytes);
    test::expectNiftiError(dir.file("cut.nii.gz"), "truncated or corrupt");
}

TEST(NiftiGzipMembers, RangeSkipsAndStopsAnywhere) {
    // inflateGzipRange across member edges: any [skip, skip + n) equals the plain bytes.
    test::ScratchDir dir;
    std::vector<std::byte> data(size_t(9) << 20);
    for (size_t i = 0; i < data.size(); ++i) data[i] = std::byte((i * 131) >> 7);
    writeGzipMembers(dir.file("d.gz"), {std::span<const std::byte>(data).first(100), std::span<const std::byte>(data).subspan(100)}, 1);
    for (const auto& [skip, n] : std::vector<std::pair<size_t, size_t>>{
             {0, data.size()}, {100, data.size() - 100}, {50, 5u << 20}, {(4u << 20) + 7, 3}, {data.size() - 1, 1}}) {
        std::vector<std::byte> out(n);
        ASSERT_EQ(inflateGzipRange(dir.file("d.gz"), skip, out), GzipInflate::Done) << skip << " " << n;
        EXPECT_EQ(std::memcmp(out.data(), data.data() + skip, n), 0) << skip << " " << n;
    }
    std::vector<std::byte> tooMuch(data.size() + 1);
    EXPECT_EQ(inflateGzipRange(dir.file("d.gz"), 0, tooMuch), GzipInflate::Corrupt);
}

TEST(NiftiGzipMembers, MemberLengthFieldThatLiesIsNotTrusted) {
    // Our members give their length in a gzip extra field ("MR", bytes 16..19) so that they
    // inflate in parallel; a wrong one must not misplace data: the members are then inflated
    // one after the other (the gzip framing alone), which still reads the file exactly.
    test::ScratchDir dir;
    const Volume v = ctLike();
    writeNifti(v, dir.file("ct.nii.gz"));
    std::vector<char> bytes = test::readBytes(dir.file("ct.nii.gz"));
    ASSERT_EQ(std::string(bytes.data() + 12, 2), "MR");
    uint32_t headerMember = 0;
    std::memcpy(&headerMember, bytes.data() + 16, 4);
    ASSERT_LT(headerMember, bytes.size());
    ASSERT_EQ(std::string(bytes.data() + headerMember + 12, 2), "MR");  // the next member follows
    const uint32_t lie = headerMember + 1000;
    std::memcpy(bytes.data() + headerMember + 16, &lie, 4);  // the first voxel member's length
    test::writeBytes(dir.file("lie.nii.gz"), bytes);
    const Volume back = readNifti(dir.file("lie.nii.gz"));
    ASSERT_EQ(back.byteSize(), v.byteSize());
    EXPECT_EQ(std::memcmp(back.raw(), v.raw(), v.byteSize()), 0);
}
