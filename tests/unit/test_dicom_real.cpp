// DICOM reader on the real TotalSegmentator CT sample (20 slices, JPEG 2000 lossless).
// Expected values: geometry from the headers (SliceThickness is 3 mm, the position step
// 2 mm), HU from an independent decode (pydicom + gdcmraw, see
// tests/cli/info_matches_pydicom.sh). k counts slices sorted along the normal (+z), so
// k = 0 is z = -804.5, the last file in name order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "io/dicom_reader.h"
#include "io/volume_stats.h"
#include "test_data.h"

using namespace marrow;

namespace {
std::string sample() { return test::totalsegPath("example_ct_dicom"); }
}  // namespace

TEST(DicomReal, SeriesListing) {
    MARROW_REQUIRE_SHARED(sample());
    const auto series = scanDicom(sample());
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].modality, "CT");
    EXPECT_EQ(series[0].description, "CT Body 3.0");
    EXPECT_EQ(series[0].slices, 20);
    EXPECT_EQ(series[0].rows, 512);
    EXPECT_EQ(series[0].columns, 512);
    EXPECT_EQ(series[0].transferSyntax, "1.2.840.10008.1.2.4.90");
    EXPECT_EQ(series[0].uid, "");  // the sample's SeriesInstanceUID is blank
}

TEST(DicomReal, GeometryAndHu) {
    MARROW_REQUIRE_SHARED(sample());
    const Volume v = readDicomSeries(sample());
    const ImageGeometry& g = v.geometry();
    EXPECT_EQ(g.dims(), (std::array<int, 3>{512, 512, 20}));
    EXPECT_EQ(g.spacing(), (Vec3{0.9765625, 0.9765625, 2.0}));  // exact: all binary fractions
    EXPECT_EQ(g.origin(), (Vec3{-249.51171875, -437.51171875, -804.5}));
    EXPECT_EQ(g.direction(), Mat3::identity());
    EXPECT_EQ(v.type(), ScalarType::Int16);
    EXPECT_EQ(v.meta.at("units"), "HU");
    EXPECT_EQ(v.meta.at("slice_thickness"), "3");
    EXPECT_EQ(v.valueAt(256, 256, 0), 86);
    EXPECT_EQ(v.valueAt(100, 100, 5), -994);
    EXPECT_EQ(v.valueAt(300, 200, 10), -6);
    EXPECT_EQ(v.valueAt(256, 300, 19), 145);
    const VolumeStats s = computeVolumeStats(v);
    EXPECT_EQ(s.min, -1024);
    EXPECT_EQ(s.max, 1839);
    for (const auto& [key, value] : v.meta) EXPECT_NE(key.rfind("warning.", 0), 0u) << value;
}

TEST(DicomReal, OneFileIsOneSliceAtItsPosition) {
    MARROW_REQUIRE_SHARED(sample());
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(sample())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    const Volume v = readDicomSeries(files.back());  // last in name order = lowest z
    EXPECT_EQ(v.geometry().dims(), (std::array<int, 3>{512, 512, 1}));
    EXPECT_EQ(v.geometry().origin().z, -804.5);
    EXPECT_EQ(v.valueAt(256, 256, 0), 86);
}
