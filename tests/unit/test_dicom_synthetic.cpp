// DICOM reader on synthetic series written by the test itself (io/dicom_writer.h):
// exact geometry and voxels for int16/uint16/fractional rescale, oblique and tilted
// grids, reversed file order, two series in a folder, and every kind of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <tbb/global_control.h>

#include "dicom_fixtures.h"
#include "io/dicom_reader.h"
#include "io/error.h"

using namespace marrow;
using marrow::test::patternVolume;
using marrow::test::storedPattern;
using marrow::test::errorOf;
using marrow::test::hasWarning;
using marrow::test::TempDir;
using marrow::test::warningsOf;

namespace {

const ImageGeometry kAxial({8, 6, 5}, {0.7, 0.8, 2.5}, {10, -20, 30});

Mat3 rotation(double ax, double az) {  // rotation about x then z: a general oblique frame
    Mat3 rx, rz;
    rx.m = {{{1, 0, 0}, {0, std::cos(ax), -std::sin(ax)}, {0, std::sin(ax), std::cos(ax)}}};
    rz.m = {{{std::cos(az), -std::sin(az), 0}, {std::sin(az), std::cos(az), 0}, {0, 0, 1}}};
    return rz * rx;
}

void expectSameGrid(const ImageGeometry& got, const ImageGeometry& want) {
    ASSERT_EQ(got.dims(), want.dims());
    for (int a = 0; a < 3; ++a) {
        EXPECT_NEAR(got.spacing()[a], want.spacing()[a], 1e-6) << "axis " << a;
        EXPECT_NEAR(got.origin()[a], want.origin()[a], 1e-6) << "axis " << a;
        for (int b = 0; b < 3; ++b) EXPECT_NEAR(got.direction().m[a][b], want.direction().m[a][b], 1e-6);
    }
}

// Every voxel equals storedPattern * slope + intercept.
template <class T> void expectPattern(const Volume& v, double slope, double intercept, int offset = 0) {
    const auto& g = v.geometry();
    const T* p = v.data<T>();
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i)
                ASSERT_EQ(double(p[g.linearIndex(i, j, k)]), (storedPattern(i, j, k) + offset) * slope + intercept)
                    << "at " << i << "," << j << "," << k;
}

// Writes kAxial's pattern with the given options and checks a plain int16 round trip.
void expectInt16RoundTrip(const DicomWriteOptions& o) {
    TempDir dir;
    writeDicomSeries(patternVolume(kAxial), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), kAxial);
    expectPattern<int16_t>(v, 1, 0);
}

}  // namespace

TEST(DicomSynthetic, Int16CtGivesHuAndExactGeometry) {
    TempDir dir;
    DicomWriteOptions o;
    o.rescaleIntercept = -1000;
    writeDicomSeries(patternVolume(kAxial), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), kAxial);
    EXPECT_EQ(v.type(), ScalarType::Int16);
    EXPECT_EQ(v.modality(), "CT");
    EXPECT_EQ(v.meta.at("units"), "HU");
    expectPattern<int16_t>(v, 1, -1000);
    EXPECT_TRUE(warningsOf(v).empty());
}

TEST(DicomSynthetic, ImplicitVrReadsTheSame) {
    DicomWriteOptions o;
    o.explicitVr = false;
    expectInt16RoundTrip(o);
}

TEST(DicomSynthetic, Uint16MrKeepsItsFullRange) {
    TempDir dir;
    DicomWriteOptions o;
    o.modality = "MR";
    // offset 60000: values 59750..60594, beyond int16; MR must not be squeezed into HU.
    writeDicomSeries(patternVolume(kAxial, ScalarType::UInt16, 60000), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.type(), ScalarType::UInt16);
    EXPECT_EQ(v.modality(), "MR");
    EXPECT_EQ(v.meta.count("units"), 0u);
    expectPattern<uint16_t>(v, 1, 0, 60000);
}

TEST(DicomSynthetic, FractionalSlopeGivesFloat) {
    TempDir dir;
    DicomWriteOptions o;
    o.modality = "MR";
    o.rescaleSlope = 0.25;
    o.rescaleIntercept = 3;
    writeDicomSeries(patternVolume(kAxial), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.type(), ScalarType::Float32);
    expectPattern<float>(v, 0.25, 3);
}

TEST(DicomSynthetic, CtOutsideInt16IsClampedWithWarning) {
    TempDir dir;
    DicomWriteOptions o;
    o.rescaleIntercept = 32600;  // pattern max 544 -> 33144 > 32767
    writeDicomSeries(patternVolume(kAxial), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.valueAt(7, 5, 4), 32767);                            // 544 + 32600 clamped
    EXPECT_EQ(v.valueAt(0, 0, 0), storedPattern(0, 0, 0) + 32600);  // 32350 untouched
    EXPECT_TRUE(hasWarning(v, "clamped"));
}

TEST(DicomSynthetic, ObliqueOrientationIsExact) {
    TempDir dir;
    const ImageGeometry oblique({7, 5, 4}, {0.6, 0.9, 1.7}, {-3.25, 12.5, 100}, rotation(0.4, -0.9));
    writeDicomSeries(patternVolume(oblique), dir.path());
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), oblique);
    expectPattern<int16_t>(v, 1, 0);
    EXPECT_TRUE(warningsOf(v).empty());
}

TEST(DicomSynthetic, ReverseFileOrderStillSortsAlongTheNormal) {
    DicomWriteOptions o;
    o.reverseFileNames = true;  // slice0000.dcm holds the highest k
    expectInt16RoundTrip(o);
}

TEST(DicomSynthetic, SingleFileLoadsOneSlice) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    const Volume v = readDicomSeries(files[3]);
    EXPECT_EQ(v.geometry().dims(), (std::array<int, 3>{8, 6, 1}));
    EXPECT_NEAR(v.geometry().origin().z, 30 + 3 * 2.5, 1e-9);
    EXPECT_EQ(v.valueAt(2, 1, 0), storedPattern(2, 1, 3));
    EXPECT_TRUE(hasWarning(v, "single slice"));
}

TEST(DicomSynthetic, TwoSeriesInOneFolderListedAndPickable) {
    TempDir dir;
    DicomWriteOptions ct;
    ct.seriesUid = "1.2.3.4.1";
    ct.description = "small ct";
    ct.filePrefix = "a";
    const ImageGeometry small({8, 6, 3}, {1, 1, 1});
    writeDicomSeries(patternVolume(small), dir.path(), ct);
    DicomWriteOptions mr;
    mr.seriesUid = "1.2.3.4.2";
    mr.modality = "MR";
    mr.filePrefix = "b";
    writeDicomSeries(patternVolume(kAxial, ScalarType::UInt16, 300), dir / "sub", mr);  // recursive

    const auto series = scanDicom(dir.path());
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0].uid, "1.2.3.4.1");
    EXPECT_EQ(series[0].slices, 3);
    EXPECT_EQ(series[0].description, "small ct");
    EXPECT_EQ(series[0].transferSyntax, "1.2.840.10008.1.2.1");
    EXPECT_EQ(series[1].uid, "1.2.3.4.2");
    EXPECT_EQ(series[1].modality, "MR");
    EXPECT_EQ(series[1].slices, 5);
    EXPECT_EQ(series[1].rows, 6);
    EXPECT_EQ(series[1].columns, 8);
    // Default: the CT, although the MR has more slices.
    EXPECT_EQ(defaultSeriesIndex(series), 0);
    EXPECT_EQ(readDicomSeries(dir.path()).meta.at("series_uid"), "1.2.3.4.1");
    DicomLoadOptions byUid;
    byUid.seriesUid = "1.2.3.4.2";
    const Volume m = readDicomSeries(dir.path(), byUid);
    EXPECT_EQ(m.modality(), "MR");
    expectPattern<uint16_t>(m, 1, 0, 300);
    DicomLoadOptions byIndex;
    byIndex.seriesIndex = 1;
    EXPECT_EQ(readDicomSeries(dir.path(), byIndex).meta.at("series_uid"), "1.2.3.4.2");
    byIndex.seriesIndex = 2;
    EXPECT_NE(errorOf([&] { readDicomSeries(dir.path(), byIndex); }).find("out of range"), std::string::npos);
    byUid.seriesUid = "9.9";
    EXPECT_NE(errorOf([&] { readDicomSeries(dir.path(), byUid); }).find("no series with SeriesInstanceUID 9.9"),
              std::string::npos);
}

TEST(DicomSynthetic, MissingSliceWarnsAndKeepsTruePositions) {
    TempDir dir;
    const ImageGeometry g({4, 3, 6}, {1, 1, 2}, {0, 0, -10});
    const auto files = writeDicomSeries(patternVolume(g), dir.path());
    std::filesystem::remove(files[2]);
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), g);  // still 6 slices at their true z
    EXPECT_TRUE(hasWarning(v, "missing slices: 1 slice(s)"));
    EXPECT_EQ(v.valueAt(1, 1, 3), storedPattern(1, 1, 3));
    EXPECT_EQ(v.valueAt(3, 2, 5), storedPattern(3, 2, 5));
    // The gap is filled with the lowest value present (storedPattern(0,0,0) = -250).
    EXPECT_EQ(v.valueAt(2, 2, 2), -250);
}

TEST(DicomSynthetic, UnevenSpacingWarnsAndUsesMeanStep) {
    TempDir dir;
    DicomWriteOptions o;
    o.seriesUid = "1.2.3.5";
    o.filePrefix = "a";
    writeDicomSeries(patternVolume(ImageGeometry({4, 3, 3}, {1, 1, 2}, {0, 0, 0})), dir.path(), o);
    o.filePrefix = "b";
    writeDicomSeries(patternVolume(ImageGeometry({4, 3, 1}, {1, 1, 2}, {0, 0, 5.3})), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.geometry().dim(2), 4);
    EXPECT_NEAR(v.geometry().spacing().z, 5.3 / 3, 1e-9);
    EXPECT_TRUE(hasWarning(v, "uneven slice spacing"));
}

TEST(DicomSynthetic, GantryTiltKeepsShearedPositions) {
    TempDir dir;
    const double t = 12.0 * M_PI / 180;
    Mat3 sheared;  // rows along x, columns along y, slices stacked along (0, sin t, cos t)
    sheared.m = {{{1, 0, 0}, {0, 1, std::sin(t)}, {0, 0, std::cos(t)}}};
    const ImageGeometry g({5, 4, 4}, {0.5, 0.5, 3}, {1, 2, 3}, sheared);
    writeDicomSeries(patternVolume(g), dir.path());
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), g);
    EXPECT_TRUE(hasWarning(v, "gantry tilt of 12 degrees"));
    expectPattern<int16_t>(v, 1, 0);
}

TEST(DicomSynthetic, MixedSizesKeepTheMajority) {
    TempDir dir;
    DicomWriteOptions o;
    o.seriesUid = "1.2.3.6";
    o.filePrefix = "a";
    writeDicomSeries(patternVolume(kAxial), dir.path(), o);
    o.filePrefix = "b";
    writeDicomSeries(patternVolume(ImageGeometry({3, 3, 1}, {0.7, 0.8, 2.5}, {10, -20, 50})), dir.path(), o);
    const Volume v = readDicomSeries(dir.path());
    expectSameGrid(v.geometry(), kAxial);
    EXPECT_TRUE(hasWarning(v, "mixed image sizes"));
    expectPattern<int16_t>(v, 1, 0);
}

// A damaged slice in a folder is left out with a warning naming it; its k stays empty.
TEST(DicomSynthetic, TruncatedPixelDataSkipsTheSliceWithAWarningNamingIt) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    const auto size = std::filesystem::file_size(files[1]);
    std::filesystem::resize_file(files[1], size - 40);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.geometry().dims(), kAxial.dims());
    EXPECT_TRUE(hasWarning(v, "skipped damaged DICOM file " + files[1] + ": file ends at byte"));
    EXPECT_TRUE(hasWarning(v, "truncated"));
    EXPECT_TRUE(hasWarning(v, "missing slices: 1 slice(s)"));
    const std::string msg = errorOf([&] { readDicomSeries(files[1]); });
    EXPECT_EQ(msg.rfind(files[1] + ": damaged DICOM file: ", 0), 0u) << msg;
}

// GDCM asserts (aborts) on many of these cuts; the structure check must catch them all.
TEST(DicomSynthetic, CutAtAnyByteIsAnErrorNeverACrash) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(ImageGeometry({4, 3, 1}, {1, 1, 1})), dir / "src");
    std::ifstream in(files[0], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string cut = dir / "cut.dcm";
    int damaged = 0, cleanCuts = 0;
    for (size_t n = 132; n < bytes.size(); n += 3) {
        std::ofstream(cut, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(n));
        const std::string msg = errorOf([&] { readDicomSeries(cut); });
        // A cut between two elements leaves a valid file that lacks its pixel data.
        if (msg.rfind(cut + ": damaged DICOM file: file ends", 0) == 0) ++damaged;
        else if (msg == cut + ": no DICOM image found (1 DICOM files hold no pixel data)" ||
                 msg == cut + ": cannot read the image (damaged file or unsupported pixel data)")
            ++cleanCuts;
        else ADD_FAILURE() << "cut at " << n << ": " << msg;
    }
    EXPECT_GT(damaged, 5 * cleanCuts);
}

TEST(DicomSynthetic, FileCutInsideTheHeaderIsSkippedWithAWarningNamingIt) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(ImageGeometry({8, 6, 2}, {1, 1, 1})), dir.path());
    std::filesystem::resize_file(files[1], 200);  // inside the meta header
    const Volume v = readDicomSeries(dir.path());
    EXPECT_TRUE(hasWarning(v, "skipped damaged DICOM file " + files[1] + ": file ends"));
    const std::string msg = errorOf([&] { readDicomSeries(files[1]); });
    EXPECT_EQ(msg.rfind(files[1] + ": damaged DICOM file: file ends", 0), 0u) << msg;
}

TEST(DicomSynthetic, EmptyFolderIsAnError) {
    TempDir dir;
    EXPECT_EQ(errorOf([&] { scanDicom(dir.path()); }), dir.path() + ": folder is empty (no files to read)");
}

TEST(DicomSynthetic, NonDicomFilesAreAnError) {
    TempDir dir;
    std::ofstream(dir / "notes.txt") << "not a DICOM file\n";
    std::ofstream(dir / "zeros.bin") << std::string(1000, '\0');
    EXPECT_EQ(errorOf([&] { readDicomSeries(dir.path()); }), dir.path() + ": no DICOM files found (2 files checked)");
}

TEST(DicomSynthetic, MissingPathIsAnError) {
    EXPECT_EQ(errorOf([] { readDicomSeries("/nonexistent/marrow"); }), "/nonexistent/marrow: no such file or folder");
}

TEST(DicomSynthetic, RefusesWhenOverTheMemoryLimit) {
    TempDir dir;
    writeDicomSeries(patternVolume(kAxial), dir.path());
    DicomLoadOptions o;
    o.memoryLimitBytes = 1000;
    const std::string msg = errorOf([&] { readDicomSeries(dir.path(), o); });
    EXPECT_NE(msg.find("series needs about"), std::string::npos) << msg;
    o.memoryLimitBytes = size_t(1) << 20;  // 8*6*5*2 bytes + 4 slice buffers fit
    EXPECT_NO_THROW(readDicomSeries(dir.path(), o));
}

TEST(DicomSynthetic, ProgressIsMonotoneAndCancelStops) {
    TempDir dir;
    writeDicomSeries(patternVolume(kAxial), dir.path());
    std::vector<double> seen;
    DicomLoadOptions o;
    o.progress = [&](double f, const std::string&) {
        seen.push_back(f);
        return true;
    };
    readDicomSeries(dir.path(), o);
    ASSERT_GE(seen.size(), 5u);
    EXPECT_EQ(seen.back(), 1.0);
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]);
    o.progress = [](double f, const std::string&) { return f < 0.3; };
    EXPECT_THROW(readDicomSeries(dir.path(), o), Cancelled);
}

TEST(DicomSynthetic, SameVoxelsWithOneThread) {
    TempDir dir;
    const ImageGeometry g({16, 12, 9}, {1, 1, 1});
    writeDicomSeries(patternVolume(g), dir.path());
    const Volume parallel = readDicomSeries(dir.path());
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const Volume serial = readDicomSeries(dir.path());
    ASSERT_EQ(parallel.byteSize(), serial.byteSize());
    EXPECT_EQ(std::memcmp(parallel.raw(), serial.raw(), serial.byteSize()), 0);
}
