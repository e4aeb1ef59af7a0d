// DICOM-SEG writer and reader on synthetic data: a small oblique DICOM series written
// with io/dicom_writer.h, a label map with two named, coloured labels on its grid.
// The odd slice size (13 x 11 = 143 pixels) makes frames start mid-byte in the packed
// pixel data, so a packing or unpacking slip shows.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "io/cielab.h"
#include "io/dicom_reader.h"
#include "io/dicom_seg_reader.h"
#include "io/dicom_seg_writer.h"
#include "io/label_io.h"
#include "io/load.h"
#include "seg/document.h"
#include "tests/unit/dicom_fixtures.h"
#include "tests/unit/test_data.h"

namespace marrow {
namespace {
using test::errorOf;
using test::TempDir;

ImageGeometry obliqueGrid() {
    Mat3 d;
    const double c = std::cos(0.3), s = std::sin(0.3);
    d.setColumn(0, {c, s, 0});
    d.setColumn(1, {-s, c, 0});
    d.setColumn(2, {0, 0, 1});
    return ImageGeometry({13, 11, 6}, {0.8, 0.7, 2.5}, {-40.25, 12.5, -300}, d);
}

// Labels 3 ("femur") in slices 1..3 and 300 ("pelvis", beyond uint8) in slices 2..5;
// slice 0 is empty, so it gets no frame.
LabeledVolume twoLabels(const ImageGeometry& g) {
    LabeledVolume lv;
    lv.labels = Volume(g, ScalarType::UInt16, true);
    auto* p = lv.labels.data<uint16_t>();
    for (int k = 1; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                if (k <= 3 && i < 5 && (i + j + k) % 3 != 0) p[g.linearIndex(i, j, k)] = 3;
                if (k >= 2 && i >= 6 && j > 2) p[g.linearIndex(i, j, k)] = 300;
            }
    lv.table.set(3, "femur", Rgb{230, 220, 170});
    lv.table.set(300, "pelvis", Rgb{20, 90, 200});
    return lv;
}

struct Fixture {
    TempDir dir;
    Volume ct;
    LabeledVolume labels;
    Fixture() {
        writeDicomSeries(test::patternVolume(obliqueGrid()), dir / "ct");
        ct = readDicomSeries(dir / "ct");
        labels = twoLabels(ct.geometry());
    }
};

void expectSameLabels(const LabeledVolume& a, const LabeledVolume& b) {
    ASSERT_TRUE(a.labels.geometry().sameGrid(b.labels.geometry(), 1e-4)) << b.labels.geometry().describe();
    for (size_t n = 0; n < a.labels.voxelCount(); ++n) {
        const int64_t i = int64_t(n % size_t(a.labels.geometry().dim(0)));
        const int64_t j = int64_t(n / size_t(a.labels.geometry().dim(0)) % size_t(a.labels.geometry().dim(1)));
        const int64_t k = int64_t(n / (size_t(a.labels.geometry().dim(0)) * size_t(a.labels.geometry().dim(1))));
        ASSERT_EQ(a.labels.valueAt(i, j, k), b.labels.valueAt(i, j, k)) << "voxel " << i << "," << j << "," << k;
    }
    ASSERT_EQ(a.table.size(), b.table.size());
    for (const LabelEntry& e : a.table.entries()) {
        const LabelEntry* r = b.table.find(e.value);
        ASSERT_NE(r, nullptr) << e.value;
        EXPECT_EQ(r->name, e.name);
        EXPECT_LE(std::abs(int(r->color.r) - int(e.color.r)), 1) << e.name;
        EXPECT_LE(std::abs(int(r->color.g) - int(e.color.g)), 1) << e.name;
        EXPECT_LE(std::abs(int(r->color.b) - int(e.color.b)), 1) << e.name;
    }
}

TEST(DicomSeg, ReaderKeepsTheSourceIdentity) {
    Fixture f;
    EXPECT_FALSE(f.ct.meta.at("study_uid").empty());
    EXPECT_FALSE(f.ct.meta.at("frame_of_reference_uid").empty());
    EXPECT_EQ(f.ct.meta.at("sop_class_uid"), "1.2.840.10008.5.1.4.1.1.2");
    const std::string& sops = f.ct.meta.at("sop_instance_uids");
    EXPECT_EQ(std::count(sops.begin(), sops.end(), '\\'), 5);
    EXPECT_EQ(sops.find("\\\\"), std::string::npos);  // no slice without its UID
}

TEST(DicomSeg, RoundTripIsExactOnTheReferenceGrid) {
    Fixture f;
    const DicomSegWriteResult r = writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm");
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(r.segments, 2u);
    EXPECT_EQ(r.frames, 3u + 4u);  // femur slices 1..3, pelvis 2..5
    EXPECT_TRUE(isDicomSegFile(f.dir / "seg.dcm"));
    const LabeledVolume back = readDicomSeg(f.dir / "seg.dcm", &f.ct.geometry());
    expectSameLabels(f.labels, back);
    // Through the one dispatch, as `marrow info/convert/compare` and the viewer read it.
    EXPECT_EQ(inputKind(f.dir / "seg.dcm"), InputKind::DicomSeg);
    LabelMapReadOptions read;
    read.referenceGrid = &f.ct.geometry();
    expectSameLabels(f.labels, loadLabelMap(f.dir / "seg.dcm", read));
}

TEST(DicomSeg, WithoutReferenceTheGridSpansTheFrames) {
    Fixture f;
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm");
    const LabeledVolume own = readDicomSeg(f.dir / "seg.dcm");
    const ImageGeometry& g = own.labels.geometry();
    ASSERT_EQ(g.dim(2), 5);  // slices 1..5 of the CT
    const Vec3 o = f.ct.geometry().indexToPatient(Vec3{0, 0, 1});
    EXPECT_NEAR(norm(g.origin() - o), 0, 1e-3);
    for (int k = 0; k < 5; ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i)
                ASSERT_EQ(own.labels.valueAt(i, j, k), f.labels.labels.valueAt(i, j, k + 1));
}

// The viewer's "Load labels" and "Export DICOM-SEG" go through the Document: a SEG whose
// frames cover only some slices lands on the image's grid, and exporting it gives it back.
TEST(DicomSeg, DocumentLoadsAndExportsASeg) {
    Fixture f;
    // The editor stores labels up to 255: pelvis becomes 30.
    for (size_t n = 0; n < f.labels.labels.voxelCount(); ++n)
        if (f.labels.labels.data<uint16_t>()[n] == 300) f.labels.labels.data<uint16_t>()[n] = 30;
    f.labels.table.remove(300);
    f.labels.table.set(30, "pelvis", Rgb{20, 90, 200});
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm");
    Document doc;
    doc.setImage(f.ct, f.dir / "ct");
    LabelLoadOptions load;
    load.lockImported = false;
    doc.loadLabels(f.dir / "seg.dcm", load);
    EXPECT_TRUE(doc.exportDicomSeg(f.dir / "again.dcm").empty());
    const LabeledVolume back = readDicomSeg(f.dir / "again.dcm", &f.ct.geometry());
    LabeledVolume expected = f.labels;
    expected.labels = castToLabelVolume(f.labels.labels);  // uint8, as the editor exports
    expectSameLabels(expected, back);
}

TEST(DicomSeg, AllSlicesWritesAFramePerSliceAndSegment) {
    Fixture f;
    DicomSegWriteOptions o;
    o.allSlices = true;
    o.algorithmType = "AUTOMATIC";
    o.algorithmName = "TotalSegmentator";
    EXPECT_EQ(writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm", o).frames, 12u);
    expectSameLabels(f.labels, readDicomSeg(f.dir / "seg.dcm", &f.ct.geometry()));
}

// Overlapping segments (a label map never has them, other tools' SEGs may): the first
// segment keeps the voxel and a note counts the others. Made by setting every bit of
// pelvis's frame at slice 1 in an all-slices SEG, over femur's voxels there.
TEST(DicomSeg, OverlapsKeepTheFirstSegmentWithANote) {
    Fixture f;
    DicomSegWriteOptions o;
    o.allSlices = true;
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm", o);
    std::fstream file(f.dir / "seg.dcm", std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(0, std::ios::end);
    const size_t plane = 13 * 11, bytes = (12 * plane + 7) / 8 + 1;  // 12 frames, padded to even
    const std::streamoff pixelStart = std::streamoff(file.tellg()) - std::streamoff(bytes);
    for (size_t bit = 7 * plane; bit < 8 * plane; ++bit) {  // frame 8: pelvis (segment 2), slice 1
        file.seekg(pixelStart + std::streamoff(bit / 8));
        char c = 0;
        file.get(c);
        file.seekp(pixelStart + std::streamoff(bit / 8));
        file.put(char(uint8_t(c) | (1u << (bit % 8))));
    }
    file.close();
    const LabeledVolume back = readDicomSeg(f.dir / "seg.dcm", &f.ct.geometry());
    size_t femur = 0;
    for (int j = 0; j < 11; ++j)
        for (int i = 0; i < 13; ++i) {
            const double was = f.labels.labels.valueAt(i, j, 1);
            femur += was == 3;
            EXPECT_EQ(back.labels.valueAt(i, j, 1), was == 3 ? 3 : 300) << i << "," << j;
        }
    ASSERT_EQ(back.notes.size(), 2u);
    EXPECT_NE(back.notes[1].find("overlap at " + std::to_string(femur) + " voxels"), std::string::npos) << back.notes[1];
}

TEST(DicomSeg, ANiftiSourceGetsNewUidsAndAWarning) {
    Fixture f;
    Volume nifti(f.ct.geometry(), ScalarType::Int16, true);  // geometry only, no DICOM meta
    const DicomSegWriteResult r = writeDicomSeg(f.labels, nifti, f.dir / "seg.dcm");
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("new study"), std::string::npos);
    expectSameLabels(f.labels, readDicomSeg(f.dir / "seg.dcm", &f.ct.geometry()));
}

TEST(DicomSeg, GridMismatchNamesFileAndProblem) {
    Fixture f;
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm");
    const ImageGeometry& c = f.ct.geometry();
    const ImageGeometry spacing(c.dims(), {0.9, 0.7, 2.5}, c.origin(), c.direction());
    EXPECT_NE(errorOf([&] { readDicomSeg(f.dir / "seg.dcm", &spacing); }).find("pixel spacing"), std::string::npos);
    const ImageGeometry shifted(c.dims(), c.spacing(), c.origin() + Vec3{0.3, 0, 0}, c.direction());
    const std::string e = errorOf([&] { readDicomSeg(f.dir / "seg.dcm", &shifted); });
    EXPECT_EQ(e.rfind(f.dir / "seg.dcm", 0), 0u) << e;
    EXPECT_NE(e.find("does not lie on a slice"), std::string::npos) << e;
    const ImageGeometry fewer({c.dim(0), c.dim(1), 3}, c.spacing(), c.origin(), c.direction());
    EXPECT_NE(errorOf([&] { readDicomSeg(f.dir / "seg.dcm", &fewer); }).find("does not lie"), std::string::npos);
    // The writer refuses labels that are not on the reference's grid.
    EXPECT_NE(errorOf([&] { writeDicomSeg(f.labels, Volume(spacing, ScalarType::Int16), f.dir / "x.dcm"); }),
              "(no error)");
}

// Truncated and corrupted files: one-line marrow::Error, never a crash (run under ASan
// in the sanitizer build).
TEST(DicomSeg, DamagedFilesGiveOneLineErrors) {
    Fixture f;
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm");
    std::ifstream in(f.dir / "seg.dcm", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string bad = f.dir / "bad.dcm";
    auto check = [&](const std::string& content, const std::string& what) {
        std::ofstream(bad, std::ios::binary | std::ios::trunc).write(content.data(), std::streamsize(content.size()));
        const std::string e = errorOf([&] { readDicomSeg(bad, &f.ct.geometry()); });
        EXPECT_NE(e, "(no error)") << what;
        EXPECT_EQ(e.find('\n'), std::string::npos) << what << ": " << e;
        EXPECT_EQ(e.rfind(bad, 0), 0u) << what << ": " << e;
        // The dispatch gives an error too (as DICOM or as SEG), never a crash.
        EXPECT_NE(errorOf([&] { loadLabelMap(bad); }), "(no error)") << what;
    };
    for (size_t cut : {size_t(0), size_t(100), size_t(132), bytes.size() / 3, bytes.size() / 2, bytes.size() - 40})
        check(bytes.substr(0, cut), "cut at " + std::to_string(cut));
    // Rows raised from 11 to 255: the pixel data is then too short for the frames.
    std::string rows = bytes;
    const std::string rowsTag("\x28\x00\x10\x00US\x02\x00\x0b\x00", 10);
    const size_t at = rows.find(rowsTag);
    ASSERT_NE(at, std::string::npos);
    rows[at + 8] = char(0xff);
    check(rows, "Rows 255");
}

// dciodvfy (dicom3tools) checks the file against the Segmentation IOD: no "Error" lines.
// Its warnings here are about DICOMDIR fields (Patient ID, Study ID...) that the synthetic
// source series leaves empty; they are type 2 (present, may be empty) in the IOD itself.
TEST(DicomSeg, PassesDciodvfy) {
    if (std::system("command -v dciodvfy >/dev/null 2>&1") != 0) {
        if (test::underCi()) FAIL() << "dciodvfy (Debian package dicom3tools) missing under CI";
        GTEST_SKIP() << "dciodvfy not installed (apt-get install dicom3tools)";
    }
    Fixture f;
    DicomSegWriteOptions o;
    o.algorithmType = "SEMIAUTOMATIC";
    o.contentCreatorName = "Doe^Jane";
    writeDicomSeg(f.labels, f.ct, f.dir / "seg.dcm", o);
    FILE* pipe = ::popen(("dciodvfy '" + (f.dir / "seg.dcm") + "' 2>&1").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string report;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe)) report += buf;
    ::pclose(pipe);
    std::printf("dciodvfy:\n%s", report.c_str());  // the warnings, for the log
    EXPECT_NE(report.find("Segmentation"), std::string::npos) << report;  // it recognised the IOD
    EXPECT_EQ(report.find("Error"), std::string::npos) << report;
}

TEST(DicomSeg, CieLabRoundTripWithinRounding) {
    for (int r = 0; r < 256; r += 17)
        for (int g = 0; g < 256; g += 15)
            for (int b = 0; b < 256; b += 51) {
                const Rgb c{uint8_t(r), uint8_t(g), uint8_t(b)};
                const Rgb back = dicomLabToRgb(rgbToDicomLab(c));
                EXPECT_LE(std::abs(int(back.r) - r), 1);
                EXPECT_LE(std::abs(int(back.g) - g), 1);
                EXPECT_LE(std::abs(int(back.b) - b), 1);
            }
    // White is L* 100, a* = b* = 0 (scaled: 65535, 32896, 32896 as dcmqi writes it).
    const auto white = rgbToDicomLab(Rgb{255, 255, 255});
    EXPECT_EQ(white[0], 65535);
    EXPECT_NEAR(white[1], 128.0 / 255 * 65535, 2);
}

}  // namespace
}  // namespace marrow
