// LabelTable: built-in TotalSegmentator table, readers (TSV/CSV, ITK-SNAP, NIfTI XML),
// TSV writer, colours, bone group and search.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/error.h"
#include "io/label_table.h"
#include "io/labeled_volume.h"
#include "test_data.h"

using namespace marrow;

namespace {
std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("marrow_labels_" + std::to_string(::getpid()) + "_" + name)).string();
}
void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
}  // namespace

TEST(LabelTable, BuiltInTotalSegmentatorHas117Classes) {
    const LabelTable t = LabelTable::totalSegmentator();
    EXPECT_EQ(t.size(), 117u);
    EXPECT_EQ(t.nameOf(1), "spleen");
    EXPECT_EQ(t.nameOf(5), "liver");
    EXPECT_EQ(t.nameOf(25), "sacrum");
    EXPECT_EQ(t.nameOf(51), "heart");
    EXPECT_EQ(t.nameOf(91), "skull");
    EXPECT_EQ(t.nameOf(117), "costal_cartilages");
    EXPECT_EQ(t.nameOf(118), "label 118");
    EXPECT_EQ(t.valueOf("Vertebrae_L1"), 31u);
}

TEST(LabelTable, BuiltInMatchesSharedReferenceTsv) {
    const std::string path = test::totalsegPath("labels_total.tsv");
    MARROW_REQUIRE_SHARED(path);
    const LabelTable ref = readLabelTable(path);
    const LabelTable builtIn = LabelTable::totalSegmentator();
    ASSERT_EQ(ref.size(), 117u);
    for (const auto& e : ref.entries()) EXPECT_EQ(builtIn.nameOf(e.value), e.name) << "label " << e.value;
}

TEST(LabelTable, BoneGroupAndSearch) {
    EXPECT_TRUE(isBone("vertebrae_L1"));
    EXPECT_TRUE(isBone("rib_left_3"));
    EXPECT_TRUE(isBone("hip_right"));
    EXPECT_TRUE(isBone("Femur Left"));
    EXPECT_TRUE(isBone("costal_cartilages"));
    EXPECT_FALSE(isBone("liver"));
    EXPECT_FALSE(isBone("iliac_artery_left"));
    EXPECT_FALSE(isBone("distribution"));  // no whole word "rib"
    EXPECT_FALSE(isBone("ship"));
    const LabelTable t = LabelTable::totalSegmentator();
    // 25 sacrum, 26..50 vertebrae, 69..78 humerus..hip, 91 skull, 92..115 ribs, 116 sternum, 117 costal cartilages.
    EXPECT_EQ(t.bones().size(), 1u + 25u + 10u + 1u + 24u + 1u + 1u);
    EXPECT_EQ(t.search("kidney"), (std::vector<uint32_t>{2, 3, 23, 24}));
    EXPECT_EQ(t.search("LUNG_LOWER"), (std::vector<uint32_t>{11, 14}));
    EXPECT_EQ(t.search("").size(), 117u);
}

TEST(LabelTable, GeneratedColoursAreStableAndDistinct) {
    const LabelTable t = LabelTable::totalSegmentator();
    EXPECT_EQ(t.colorOf(5), LabelTable::totalSegmentator().colorOf(5));
    EXPECT_EQ(t.colorOf(5), colourFor(5, "liver"));
    std::set<std::tuple<int, int, int>> seen;
    for (uint32_t v = 1; v <= 117; ++v) {
        if (isBone(t.nameOf(v))) continue;
        const Rgb c = t.colorOf(v);
        seen.insert({c.r, c.g, c.b});
    }
    EXPECT_EQ(seen.size(), 117u - t.bones().size());
    // Consecutive non-bone labels differ clearly (sum of channel differences > 60).
    const Rgb a = t.colorOf(1), b = t.colorOf(2);
    EXPECT_GT(std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b), 60);
}

// Issue 11: spleen and rib_left_6 were the same green and bones took 5 shades, so 117
// labels showed as a few colours. Now every colour differs, neighbouring ids (ribs,
// vertebrae in a row) differ clearly, and none looks like the "added" overlay green.
TEST(LabelTable, TotalSegmentatorColoursAreAllDistinctAndNeighboursDifferClearly) {
    const LabelTable t = LabelTable::totalSegmentator();
    auto distance = [](Rgb a, Rgb b) {
        const double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
        return std::sqrt(dr * dr + dg * dg + db * db);
    };
    std::set<std::tuple<int, int, int>> seen;
    for (uint32_t v = 1; v <= 117; ++v) {
        const Rgb c = t.colorOf(v);
        seen.insert({c.r, c.g, c.b});
        EXPECT_GT(distance(c, Rgb{40, 230, 40}), 100) << t.nameOf(v);
        if (v > 1) EXPECT_GT(distance(c, t.colorOf(v - 1)), 40) << t.nameOf(v - 1) << " / " << t.nameOf(v);
    }
    EXPECT_EQ(seen.size(), 117u);
    // Bones stay bone-like: warm (red >= green >= blue).
    for (uint32_t v : t.bones()) {
        const Rgb c = t.colorOf(v);
        EXPECT_TRUE(c.r >= c.g && c.g >= c.b) << t.nameOf(v);
    }
}

TEST(LabelTable, ReadsTsvCsvWithAndWithoutHeader) {
    const LabelTable tsv = parseDelimitedLabels("label\tname\tr\tg\tb\n1\tliver\t200\t100\t50\n2\tspleen\n", "x.tsv");
    ASSERT_EQ(tsv.size(), 2u);
    EXPECT_EQ(tsv.nameOf(1), "liver");
    EXPECT_EQ(tsv.colorOf(1), (Rgb{200, 100, 50}));
    EXPECT_TRUE(tsv.find(1)->colorGiven);
    EXPECT_FALSE(tsv.find(2)->colorGiven);
    const LabelTable csv = parseDelimitedLabels("# comment\n0,background\n7,\"left kidney\",0.5,1.0,0.0\n", "x.csv");
    ASSERT_EQ(csv.size(), 1u);  // 0 is background
    EXPECT_EQ(csv.nameOf(7), "left kidney");
    EXPECT_EQ(csv.colorOf(7), (Rgb{128, 255, 0}));
    EXPECT_THROW(parseDelimitedLabels("1\tliver\nbad\tline\n", "x.tsv"), Error);
    EXPECT_THROW(parseDelimitedLabels("", "empty.tsv"), Error);
}

TEST(LabelTable, ReadsItkSnapLabelDescription) {
    const std::string text =
        "################################################\n"
        "# ITK-SnAP Label Description File\n"
        "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
        "    0     0    0    0        0  0  0    \"Clear Label\"\n"
        "    1   255    0    0        1  1  1    \"Liver tumour\"\n"
        "   12     0  128  255      0.5  1  0    \"Vertebra L1\"\n";
    const std::string path = tempPath("snap.txt");
    writeText(path, text);
    const LabelTable t = readLabelTable(path);
    std::filesystem::remove(path);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t.nameOf(1), "Liver tumour");
    EXPECT_EQ(t.colorOf(12), (Rgb{0, 128, 255}));
    EXPECT_EQ(t.source, path);
}

TEST(LabelTable, ReadsTotalSegmentatorNiftiXml) {
    // Shape of what TotalSegmentator's add_label_map_to_nifti writes.
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> <CaretExtension>  <Date><![CDATA[2013-07-14T05:45:09]]></Date>   "
        "<VolumeInformation Index=\"0\">   <LabelTable>\n"
        "<Label Key=\"1\" Red=\"0.0\" Green=\"1.0\" Blue=\"0.0\" Alpha=\"1\"><![CDATA[spleen]]></Label>\n"
        "<Label Key=\"5\" Red=\"1.0\" Green=\"0.0\" Blue=\"0.5\" Alpha=\"1\"><![CDATA[liver & more]]></Label>\n"
        "  </LabelTable>  <StudyMetaDataLinkSet>  </StudyMetaDataLinkSet>  "
        "<VolumeType><![CDATA[Label]]></VolumeType>   </VolumeInformation></CaretExtension>\n";
    std::map<std::string, std::string> meta{{"nifti.extension.0", xml}, {"nifti.extension.0.code", "0"}};
    const auto t = labelTableFromNiftiMeta(meta);
    ASSERT_TRUE(t.has_value());
    ASSERT_EQ(t->size(), 2u);
    EXPECT_EQ(t->nameOf(1), "spleen");
    EXPECT_EQ(t->colorOf(1), (Rgb{0, 255, 0}));
    EXPECT_EQ(t->nameOf(5), "liver & more");
    EXPECT_EQ(t->colorOf(5), (Rgb{255, 0, 128}));
    EXPECT_FALSE(parseNiftiLabelXml("<other/>").has_value());
    // Our own XML writer reads back identically.
    const auto again = parseNiftiLabelXml(formatNiftiLabelXml(*t));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *t);
}

TEST(LabelTable, TsvWriteReadRoundTrip) {
    LabelTable t;
    t.set(3, "kidney left", Rgb{1, 2, 3});
    t.set(300, "custom");
    const std::string path = tempPath("names.tsv");
    writeLabelTableTsv(t, path);
    const LabelTable back = readLabelTable(path);
    std::filesystem::remove(path);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back.nameOf(3), "kidney left");
    EXPECT_EQ(back.colorOf(3), (Rgb{1, 2, 3}));
    EXPECT_EQ(back.nameOf(300), "custom");
    EXPECT_EQ(back.colorOf(300), t.colorOf(300));
}

TEST(LabelCast, ProbabilityMapThresholdedAtHalf) {
    Volume v(ImageGeometry({4, 1, 1}, {1, 1, 1}), ScalarType::Float32);
    float* p = v.data<float>();
    p[0] = 0.1f, p[1] = 0.5f, p[2] = 0.49f, p[3] = 0.97f;
    std::vector<std::string> notes;
    const Volume l = castToLabelVolume(v, &notes);
    ASSERT_EQ(l.type(), ScalarType::UInt8);
    EXPECT_EQ(l.data<uint8_t>()[0], 0);
    EXPECT_EQ(l.data<uint8_t>()[1], 1);
    EXPECT_EQ(l.data<uint8_t>()[2], 0);
    EXPECT_EQ(l.data<uint8_t>()[3], 1);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("probability"), std::string::npos);
}

TEST(LabelCast, IntegralFloatsAndWideIntsKeepTheirValues) {
    Volume v(ImageGeometry({3, 1, 1}, {1, 1, 1}), ScalarType::Float32);
    v.data<float>()[0] = 0, v.data<float>()[1] = 2, v.data<float>()[2] = 300;
    std::vector<std::string> notes;
    const Volume l = castToLabelVolume(v, &notes);
    ASSERT_EQ(l.type(), ScalarType::UInt16);
    EXPECT_EQ(l.data<uint16_t>()[2], 300);
    EXPECT_TRUE(notes.empty());
    Volume s(ImageGeometry({2, 1, 1}, {1, 1, 1}), ScalarType::Int16);
    s.data<int16_t>()[0] = -5, s.data<int16_t>()[1] = 117;
    const Volume ls = castToLabelVolume(s, &notes);
    ASSERT_EQ(ls.type(), ScalarType::UInt8);
    EXPECT_EQ(ls.data<uint8_t>()[0], 0);
    EXPECT_EQ(ls.data<uint8_t>()[1], 117);
    EXPECT_EQ(notes.size(), 1u);  // negative values clamped
}

// Found by fuzz_labels: an index beyond uint32 was cast (undefined behaviour) and accepted.
TEST(LabelTable, ItkSnapRefusesIndicesNoLabelMapCanHold) {
    for (const char* idx : {"1e20", "4294967296", "-1"}) {
        const std::string text = std::string("    1 255 0 0 1 1 1 \"liver\"\n   ") + idx + " 0 255 0 1 1 1 \"big\"\n";
        EXPECT_THROW(parseItkSnapLabels(text, "snap.txt"), Error) << idx;
    }
    EXPECT_EQ(parseItkSnapLabels("4294967295 0 0 0 1 1 1 \"top\"\n", "snap.txt").maxValue(), 4294967295u);
}

TEST(LabelTable, ItkSnapWriterReadsBack) {
    LabelTable t;
    t.set(1, "Liver \"big\"", Rgb{10, 20, 30});
    t.set(42, "rib_left_3");
    const std::string text = formatItkSnapLabels(t);
    EXPECT_NE(text.find("   42 "), std::string::npos);
    const LabelTable back = parseItkSnapLabels(text, "snap.txt");
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back.nameOf(1), "Liver 'big'");
    EXPECT_EQ(back.colorOf(1), (Rgb{10, 20, 30}));
    EXPECT_EQ(back.nameOf(42), "rib_left_3");
    EXPECT_EQ(back.colorOf(42), t.colorOf(42));
}
