// NRRD / .seg.nrrd and label tables on hostile input: byte skip outside the data, gzip
// data shorter or longer than the header says, headers asking for more memory than
// there is, 100,000-layer segmentations, huge segment numbers, Latin-1 names.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <string>

#include "io/error.h"
#include "io/label_table.h"
#include "io/nrrd_io.h"
#include "io/platform_memory.h"
#include "io/seg_nrrd.h"
#include "nifti_test_util.h"

using namespace marrow;

namespace {

std::string gzip(const std::string& bytes) {
    uLongf size = compressBound(uLong(bytes.size()));
    std::string out(size, '\0');
    EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                        uLong(bytes.size()), 9),
              Z_OK);
    out.resize(size);
    return out;
}

std::string header(const std::string& sizes, const std::string& encoding, const std::string& extra = "") {
    const int dimension = sizes.find(' ', sizes.find(' ', sizes.find(' ') + 1) + 1) == std::string::npos ? 3 : 4;
    return "NRRD0004\ntype: uchar\ndimension: " + std::to_string(dimension) + "\nsizes: " + sizes +
           "\nencoding: " + encoding + "\n" + extra + "\n";
}

// parseNrrdImage(bytes) must throw an Error naming the file and containing problem.
void expectError(const std::string& bytes, const std::string& problem) {
    try {
        parseNrrdImage(bytes, "x.nrrd");
        ADD_FAILURE() << "expected an error containing '" << problem << "'";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("x.nrrd: ", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
    }
}

double secondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

// "byte skip: 4000000000" once zero-filled 4 GB before failing (gzip) or was cut to the
// file size (raw); a skip must stay inside the data.
TEST(NrrdBadInput, ByteSkipOutsideTheDataIsRefusedWithoutAllocating) {
    const std::string voxels(8, '\x05');
    const auto start = std::chrono::steady_clock::now();
    expectError(header("2 2 2", "gzip", "byte skip: 4000000000\n") + gzip(voxels), "byte skip");
    expectError(header("2 2 2", "raw", "byte skip: 4000000000\n") + voxels, "byte skip");
    expectError(header("2 2 2", "raw", "byte skip: 9\n") + voxels, "byte skip");
    expectError(header("2 2 2", "gzip", "byte skip: -1\n") + gzip(voxels), "byte skip");
    expectError(header("2 2 2", "raw", "byte skip: 12abc\n") + voxels, "byte skip");
    expectError(header("2 2 2", "raw", "byte skip: 99999999999999999999999\n") + voxels, "byte skip");
    EXPECT_LT(secondsSince(start), 1.0);
    // A skip inside the data is honoured: raw, gzip (skipped after inflating) and -1.
    for (const auto& file : {header("2 2 2", "raw", "byte skip: 3\n") + "abc" + voxels,
                             header("2 2 2", "gzip", "byte skip: 3\n") + gzip("abc" + voxels),
                             header("2 2 2", "raw", "byte skip: -1\n") + "abc" + voxels}) {
        const NrrdImage image = parseNrrdImage(file, "x.nrrd");
        ASSERT_EQ(image.layers.size(), 1u);
        EXPECT_EQ(image.layers[0].valueAt(1, 1, 1), 5);
    }
}

TEST(NrrdBadInput, GzipDataShorterIsTruncatedLongerIsIgnored) {
    std::string voxels(4096, '\0');
    for (size_t i = 0; i < voxels.size(); ++i) voxels[i] = char(i % 251);
    expectError(header("16 16 16", "gzip") + gzip(voxels.substr(0, 4000)), "truncated");
    const std::string longer = header("16 16 16", "gzip") + gzip(voxels + std::string(1 << 22, '\x09'));
    const NrrdImage image = parseNrrdImage(longer, "x.nrrd");
    EXPECT_EQ(image.layers[0].valueAt(15, 15, 15), 4095 % 251);
}

// Sizes whose voxels cannot fit in memory: refused from the header with the numbers.
TEST(NrrdBadInput, HugeSizesAreRefusedForMemory) {
    const auto start = std::chrono::steady_clock::now();
    for (const char* encoding : {"raw", "gzip"}) expectError(header("100000 100000 1000", encoding) + "abc", " available");
    expectError(header("100000 100000 1000", "raw") + "abc", "needs 9.1 TiB of memory, ");
    EXPECT_LT(secondsSince(start), 1.0);
}

TEST(NrrdBadInput, BadGeometryIsRefused) {
    const std::string voxels(8, '\x01');
    expectError(header("2 2 2", "raw", "space directions: (nan,0,0) (0,1,0) (0,0,1)\n") + voxels, "space direction");
    expectError(header("2 2 2", "raw", "space directions: (inf,0,0) (0,1,0) (0,0,1)\n") + voxels, "space direction");
    expectError(header("2 2 2", "raw", "space directions: (1,0,0) (1,0.001,0) (0,0,1)\n") + voxels, "perpendicular");
    expectError(header("2 2 2", "raw", "space directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (nan,0,0)\n") + voxels,
                "origin");
    expectError(header("2 2 2", "raw", "spacings: 1 0 1\n") + voxels, "spacing");
    expectError(header("2 2 2x", "raw") + voxels, "NRRD size '2x'");
}

// 100,000 layers of 2x2x2 voxels (a ~1 KB file): the flattening once built a 64K-entry
// table per layer (26 GB); now its work follows the voxels and segments.
TEST(NrrdBadInput, SegNrrdWithManyLayersLoadsQuickly) {
    constexpr int kLayers = 100000;
    std::string voxels(size_t(kLayers) * 8, '\0');
    voxels[0] = 1;                                // voxel 0 of layer 0
    voxels[size_t(7) * kLayers + kLayers - 1] = 1;  // voxel 7 of the last layer
    const std::string file =
        "NRRD0004\ntype: uchar\ndimension: 4\nsizes: " + std::to_string(kLayers) +
        " 2 2 2\nspace: left-posterior-superior\nspace directions: none (1,0,0) (0,1,0) (0,0,1)\n"
        "kinds: list domain domain domain\nencoding: gzip\n"
        "Segment0_Name:=first\nSegment0_Layer:=0\nSegment0_LabelValue:=1\n"
        "Segment1_Name:=last\nSegment1_Layer:=" + std::to_string(kLayers - 1) + "\nSegment1_LabelValue:=1\n\n" +
        gzip(voxels);
    EXPECT_LT(file.size(), 2000u);
    const auto start = std::chrono::steady_clock::now();
    const LabeledVolume lv = parseSegNrrd(file, "many.seg.nrrd");
    EXPECT_LT(secondsSince(start), 1.0);
    EXPECT_EQ(lv.labels.valueAt(0, 0, 0), 1);
    EXPECT_EQ(lv.labels.valueAt(1, 1, 1), 2);  // values shared across layers: renumbered
    EXPECT_EQ(lv.table.nameOf(2), "last");
}

// Segment numbers are parsed with range checks (Segment2147483647_Name overflowed n + 1).
TEST(NrrdBadInput, HugeSegmentNumbersAreCheckedNotOverflowed) {
    const std::string body = std::string(8, '\x01');
    const std::string base = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: raw\n";
    LabeledVolume lv = parseSegNrrd(base + "Segment2147483647_Name:=big\nSegment2147483647_LabelValue:=1\n\n" + body,
                                    "s.seg.nrrd");
    EXPECT_EQ(lv.table.nameOf(1), "big");
    for (const auto& [keys, problem] :
         {std::pair<std::string, std::string>{"Segment2147483647_Name:=big\n", "LabelValue '2147483648'"},
          {"Segment99999999999999999999_Name:=x\n", "too large"},
          {"Segment0_Name:=x\nSegment0_LabelValue:=99999999999999999999\n", "LabelValue"},
          {"Segment0_Name:=x\nSegment0_Layer:=-2147483648\n", "Layer"}}) {
        try {
            parseSegNrrd(base + keys + "\n" + body, "s.seg.nrrd");
            ADD_FAILURE() << keys;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
        }
    }
}

// Names are bytes: Latin-1 segment names and label tables load, as UTF-8.
TEST(NrrdBadInput, Latin1NamesLoadAsUtf8) {
    const std::string utf8 = "M\xc3\xbcller";
    const LabeledVolume lv = parseSegNrrd(
        "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 2 2 2\nencoding: raw\nSegment0_Name:=M\xfcller\n"
        "Segment0_LabelValue:=1\n\n" + std::string(8, '\x01'), "s.seg.nrrd");
    EXPECT_EQ(lv.table.nameOf(1), utf8);
    test::ScratchDir dir;
    const std::pair<const char*, std::string> files[] = {
        {"names.tsv", "1\tM\xfcller\n"},
        {"names.csv", "label,name\n1,M\xfcller\n"},
        {"names.txt", "    1   255    0    0        1  1  1    \"M\xfcller\"\n"}};
    for (const auto& [name, text] : files) {
        test::writeBytes(dir.file(name), std::vector<char>(text.begin(), text.end()));
        EXPECT_EQ(readLabelTable(dir.file(name)).nameOf(1), utf8) << name;
    }
}
