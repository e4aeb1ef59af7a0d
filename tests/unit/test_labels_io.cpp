// readLabelMap / writeLabelMap / findLabelMapBeside: names sources, formats, the mask
// folder, and the real TotalSegmentator outputs in ../shared/data/totalseg.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/dicom_reader.h"
#include "io/error.h"
#include "io/label_geometry.h"
#include "io/label_io.h"
#include "io/nifti_io.h"
#include "io/seg_nrrd.h"
#include "test_data.h"

using namespace marrow;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("marrow_labelio_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

void touch(const std::string& p) { std::ofstream(p) << "x"; }

bool hasNote(const LabeledVolume& lv, const std::string& needle) {
    for (const auto& n : lv.notes)
        if (n.find(needle) != std::string::npos) return true;
    return false;
}

Volume smallMask(const ImageGeometry& g, std::initializer_list<size_t> on, ScalarType t = ScalarType::UInt8) {
    Volume v(g, t, true);
    for (size_t i : on) v.visit([i](auto* p) { p[i] = 1; });
    return v;
}
}  // namespace

TEST(LabelIo, PathStems) {
    EXPECT_EQ(labelPathStem("/d/CT.nii.gz"), "/d/CT");
    EXPECT_EQ(labelPathStem("/d/CT.NII"), "/d/CT");
    EXPECT_EQ(labelPathStem("/d/CT.seg.nrrd"), "/d/CT");
    EXPECT_EQ(labelPathStem("/d/series/"), "/d/series");
}

TEST(LabelIo, FindsLabelMapsBesideTheImage) {
    TempDir dir;
    touch(dir / "CT.nii.gz");
    EXPECT_TRUE(findLabelMapBeside(dir / "CT.nii.gz").empty());
    touch(dir / "CT_seg.nii.gz");
    touch(dir / "CT.seg.nrrd");
    touch(dir / "CT-label.nii.gz");
    fs::create_directories(dir / "segmentations");
    EXPECT_EQ(findLabelMapBeside(dir / "CT.nii.gz"),
              (std::vector<std::string>{dir / "CT.seg.nrrd", dir / "CT_seg.nii.gz", dir / "CT-label.nii.gz"}));
    touch(dir / "segmentations/liver.nii.gz");  // a folder counts once it holds masks
    EXPECT_EQ(findLabelMapBeside(dir / "CT.nii.gz").back(), dir / "segmentations");
    // A DICOM folder "example_ct_dicom" finds "example_seg_dicom.nii.gz".
    fs::create_directories(dir / "example_ct_dicom");
    touch(dir / "example_seg_dicom.nii.gz");
    EXPECT_EQ(findLabelMapBeside(dir / "example_ct_dicom").front(), dir / "example_seg_dicom.nii.gz");
}

TEST(LabelIo, SegNrrdThroughReadLabelMapAndNamesOverride) {
    TempDir dir;
    LabeledVolume lv;
    lv.labels = smallMask(ImageGeometry({3, 3, 3}, {1, 1, 1}), {0, 13, 26});
    lv.table.set(1, "tumour", Rgb{255, 0, 0});
    writeLabelMap(dir / "m.seg.nrrd", lv);
    const LabeledVolume back = readLabelMap(dir / "m.seg.nrrd");
    EXPECT_EQ(back.table.nameOf(1), "tumour");
    EXPECT_EQ(back.labels.valueAt(1, 1, 1), 1);
    std::ofstream(dir / "names.tsv") << "1\tlesion\n";
    EXPECT_EQ(readLabelMap(dir / "m.seg.nrrd", dir / "names.tsv").table.nameOf(1), "lesion");
    EXPECT_THROW(writeLabelMap(dir / "m.png", lv), Error);
    EXPECT_THROW(readLabelMap(dir / "missing.nii.gz"), Error);
}

TEST(LabelIo, ProbabilityNrrdIsThresholdedAndNamedFromSiblingTsv) {
    TempDir dir;
    Volume p(ImageGeometry({4, 1, 1}, {1, 1, 1}), ScalarType::Float32, true);
    p.data<float>()[1] = 0.75f;
    p.data<float>()[2] = 0.25f;
    writeNrrd(p, {}, dir / "prob.nrrd");
    std::ofstream(dir / "prob.tsv") << "label\tname\n1\tnodule\n";
    const LabeledVolume lv = readLabelMap(dir / "prob.nrrd");
    ASSERT_EQ(lv.labels.type(), ScalarType::UInt8);
    EXPECT_EQ(lv.labels.valueAt(1, 0, 0), 1);
    EXPECT_EQ(lv.labels.valueAt(2, 0, 0), 0);
    EXPECT_EQ(lv.table.nameOf(1), "nodule");
    EXPECT_TRUE(hasNote(lv, "thresholded at 0.5"));
    EXPECT_TRUE(hasNote(lv, "prob.tsv"));
}

TEST(LabelIo, UnnamedMapFallsBackToBuiltInTableOnlyWhenValuesFit) {
    TempDir dir;
    Volume v(ImageGeometry({3, 1, 1}, {1, 1, 1}), ScalarType::UInt8, true);
    v.data<uint8_t>()[0] = 5;
    v.data<uint8_t>()[1] = 117;
    writeNrrd(v, {}, dir / "ts.nrrd");
    const LabeledVolume ts = readLabelMap(dir / "ts.nrrd");
    EXPECT_EQ(ts.table.nameOf(5), "liver");
    EXPECT_EQ(ts.table.nameOf(117), "costal_cartilages");
    EXPECT_TRUE(hasNote(ts, "built-in TotalSegmentator"));
    v.data<uint8_t>()[2] = 200;
    writeNrrd(v, {}, dir / "other.nrrd");
    const LabeledVolume other = readLabelMap(dir / "other.nrrd");
    EXPECT_EQ(other.table.nameOf(5), "label 5");
    EXPECT_EQ(other.table.size(), 3u);
    EXPECT_FALSE(hasNote(other, "built-in"));
}

// ---- Needs the NIfTI reader/writer (io/nifti_io.cpp) ----

TEST(LabelIo, MaskFolderWithTotalSegmentatorNames) {
    TempDir dir;
    const ImageGeometry g({4, 2, 1}, {1, 1, 1});
    fs::create_directories(dir / "segmentations");
    writeNifti(smallMask(g, {0, 1}), dir / "segmentations/liver.nii.gz");
    writeNifti(smallMask(g, {1, 2}), dir / "segmentations/spleen.nii.gz");
    writeNifti(smallMask(g, {}), dir / "segmentations/aorta.nii.gz");
    const LabeledVolume lv = readLabelMap(dir / "segmentations");
    const uint8_t* p = lv.labels.data<uint8_t>();
    // Built-in values: spleen 1, liver 5, aorta 52; spleen comes first so it wins voxel 1.
    EXPECT_EQ(p[0], 5);
    EXPECT_EQ(p[1], 1);
    EXPECT_EQ(p[2], 1);
    EXPECT_EQ(p[3], 0);
    EXPECT_EQ(lv.table.nameOf(52), "aorta");
    EXPECT_EQ(lv.table.size(), 3u);
    EXPECT_TRUE(hasNote(lv, "1 voxels lie in more than one mask"));
}

TEST(LabelIo, MaskFolderWithOtherNamesIsAlphabeticalAndCastsProbabilities) {
    TempDir dir;
    const ImageGeometry g({3, 1, 1}, {1, 1, 1});
    Volume prob(g, ScalarType::Float32, true);
    prob.data<float>()[2] = 0.9f;
    prob.data<float>()[1] = 0.2f;
    writeNifti(prob, dir / "zeta_lesion.nii.gz");
    writeNifti(smallMask(g, {0}), dir / "Alpha.nii");
    const LabeledVolume lv = readLabelMap(dir.path.string());
    EXPECT_EQ(lv.table.nameOf(1), "Alpha");
    EXPECT_EQ(lv.table.nameOf(2), "zeta_lesion");
    EXPECT_EQ(lv.labels.valueAt(0, 0, 0), 1);
    EXPECT_EQ(lv.labels.valueAt(1, 0, 0), 0);
    EXPECT_EQ(lv.labels.valueAt(2, 0, 0), 2);
    // A mask on another grid is refused, naming the file.
    writeNifti(smallMask(ImageGeometry({2, 1, 1}, {1, 1, 1}), {0}), dir / "beta.nii.gz");
    try {
        readLabelMap(dir.path.string());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("beta.nii.gz: label map grid"), std::string::npos) << e.what();
    }
}

TEST(LabelIo, ExampleSegOverExampleCtSmHasTotalSegmentatorNames) {
    const std::string seg = test::totalsegPath("example_seg.nii.gz"), ct = test::totalsegPath("example_ct_sm.nii.gz");
    MARROW_REQUIRE_SHARED(seg);
    const LabeledVolume lv = readLabelMap(seg);
    EXPECT_EQ(lv.labels.type(), ScalarType::UInt8);
    EXPECT_TRUE(hasNote(lv, "NIfTI header extension")) << (lv.notes.empty() ? "" : lv.notes[0]);
    // Counts from the file (nibabel np.unique): 41 labels; 5 liver 38634, 86 autochthon_left 7050.
    const auto hist = labelHistogram(lv.labels);
    EXPECT_EQ(hist.size(), 41u);
    const LabelTable builtIn = LabelTable::totalSegmentator();
    for (const auto& [value, count] : hist) EXPECT_EQ(lv.table.nameOf(value), builtIn.nameOf(value)) << value;
    EXPECT_EQ(lv.table.nameOf(5), "liver");
    EXPECT_EQ(lv.table.nameOf(86), "autochthon_left");
    EXPECT_EQ(lv.table.nameOf(114), "rib_right_11");
    EXPECT_EQ(std::find(hist.begin(), hist.end(), std::pair<uint32_t, size_t>{5, 38634}) != hist.end(), true);
    EXPECT_EQ(std::find(hist.begin(), hist.end(), std::pair<uint32_t, size_t>{86, 7050}) != hist.end(), true);
    EXPECT_NO_THROW(checkSameGrid(readNifti(ct).geometry(), lv.labels.geometry(), seg));
    EXPECT_EQ(findLabelMapBeside(test::totalsegPath("example_ct_dicom")).front(), test::totalsegPath("example_seg_dicom.nii.gz"));
}

TEST(LabelIo, ExampleSegDicomLandsOnTheDicomSeries) {
    const std::string seg = test::totalsegPath("example_seg_dicom.nii.gz"), dicom = test::totalsegPath("example_ct_dicom");
    MARROW_REQUIRE_SHARED(seg);
    MARROW_REQUIRE_SHARED(dicom);
    LabeledVolume lv = readLabelMap(seg);
    const Volume ct = readDicomSeries(dicom);
    // NIfTI rows run anterior-first, DICOM rows posterior-first: same voxel centres, so the
    // map is reordered exactly (no interpolation, no resample request needed).
    EXPECT_TRUE(sameVoxelCentres(ct.geometry(), lv.labels.geometry()));
    lv.labels = placeOnGrid(std::move(lv.labels), ct.geometry(), false, seg, &lv.notes);
    EXPECT_TRUE(hasNote(lv, "reordered"));
    ASSERT_TRUE(lv.labels.geometry().sameGrid(ct.geometry(), 1e-6));
    EXPECT_EQ(lv.table.nameOf(1), "spleen");
    EXPECT_EQ(lv.table.nameOf(117), "costal_cartilages");
    // The overlay is right voxel for voxel only if tissue under each label looks like it:
    // mean HU of spleen and liver is soft tissue, of ribs and vertebrae is bone.
    std::map<uint32_t, std::pair<double, size_t>> hu;
    const uint8_t* l = lv.labels.data<uint8_t>();
    for (size_t i = 0; i < ct.voxelCount(); ++i)
        if (l[i]) {
            hu[l[i]].first += ct.data<int16_t>()[i];
            hu[l[i]].second += 1;
        }
    EXPECT_EQ(hu[1].second, 130634u);
    EXPECT_EQ(hu[117].second, 15441u);
    auto mean = [&](uint32_t v) { return hu[v].first / double(hu[v].second); };
    EXPECT_GT(mean(1), 20);   // spleen
    EXPECT_LT(mean(1), 90);
    EXPECT_GT(mean(5), 20);   // liver
    EXPECT_LT(mean(5), 90);
    EXPECT_GT(mean(32), 180);  // vertebrae_T12
    EXPECT_GT(mean(110), 180);  // rib_right_7
}

TEST(LabelIo, EditOfOneLabelSavedAndReadChangesOnlyThatLabel) {
    const std::string seg = test::totalsegPath("example_seg.nii.gz");
    MARROW_REQUIRE_SHARED(seg);
    TempDir dir;
    const LabeledVolume original = readLabelMap(seg);
    LabeledVolume edited = original;
    // The edit: erase the liver (5) left of column 60 and paint it into background there.
    const auto& d = edited.labels.geometry().dims();
    uint8_t* p = edited.labels.data<uint8_t>();
    size_t erased = 0, painted = 0;
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < 60; ++i) {
                uint8_t& v = p[edited.labels.geometry().linearIndex(i, j, k)];
                if (v == 5) v = 0, ++erased;
                else if (v == 0 && j == 50 && k == 15) v = 5, ++painted;
            }
    ASSERT_GT(erased, 0u);
    ASSERT_GT(painted, 0u);
    edited.table.set(5, "liver (corrected)", edited.table.colorOf(5));
    const auto written = writeLabelMap(dir / "edited.nii.gz", edited);
    EXPECT_EQ(written, (std::vector<std::string>{dir / "edited.nii.gz", dir / "edited.tsv"}));
    const LabeledVolume back = readLabelMap(dir / "edited.nii.gz");
    // Names come back from the rewritten header extension; the TSV beside it agrees.
    EXPECT_TRUE(hasNote(back, "NIfTI header extension"));
    EXPECT_EQ(readLabelTable(dir / "edited.tsv").nameOf(5), "liver (corrected)");
    EXPECT_TRUE(back.labels.geometry().sameGrid(original.labels.geometry(), 1e-9));
    ASSERT_EQ(back.labels.type(), ScalarType::UInt8);
    const uint8_t* a = original.labels.data<uint8_t>();
    const uint8_t* b = back.labels.data<uint8_t>();
    size_t changed = 0;
    for (size_t i = 0; i < original.labels.voxelCount(); ++i) {
        if (a[i] != b[i]) {
            ++changed;
            EXPECT_TRUE(a[i] == 5 || b[i] == 5) << "voxel " << i << " changed from " << int(a[i]) << " to " << int(b[i]);
        }
    }
    EXPECT_EQ(changed, erased + painted);
    EXPECT_EQ(std::memcmp(b, p, edited.labels.byteSize()), 0);
    EXPECT_EQ(back.table.nameOf(5), "liver (corrected)");
    EXPECT_EQ(back.table.colorOf(5), original.table.colorOf(5));
    EXPECT_EQ(back.table.nameOf(1), "spleen");
    EXPECT_EQ(back.table.size(), original.table.size());
}

TEST(LabelIo, NiftiToSegNrrdAndBackKeepsNamesColoursAndVoxels) {
    const std::string seg = test::totalsegPath("example_seg.nii.gz");
    MARROW_REQUIRE_SHARED(seg);
    TempDir dir;
    const LabeledVolume original = readLabelMap(seg);
    writeLabelMap(dir / "s.seg.nrrd", original);
    const LabeledVolume viaNrrd = readLabelMap(dir / "s.seg.nrrd");
    writeLabelMap(dir / "s.nii.gz", viaNrrd);
    const LabeledVolume back = readLabelMap(dir / "s.nii.gz");
    for (const LabeledVolume* lv : {&viaNrrd, &back}) {
        EXPECT_TRUE(lv->labels.geometry().sameGrid(original.labels.geometry(), 1e-6));
        ASSERT_EQ(lv->labels.byteSize(), original.labels.byteSize());
        EXPECT_EQ(std::memcmp(lv->labels.raw(), original.labels.raw(), original.labels.byteSize()), 0);
        EXPECT_EQ(lv->table, original.table);
    }
}

// Saving a map whose every segment was deleted writes a names file with only its header;
// it must reopen (it was refused: "no label names found"), while a names file with no
// header and no rows is still an error.
TEST(LabelIo, EmptyLabelMapSavedWithItsNamesFileReopens) {
    TempDir dir;
    LabeledVolume empty;
    empty.labels = Volume(ImageGeometry({4, 3, 2}, {1, 1, 2}), ScalarType::UInt8, true);
    writeLabelMap(dir / "empty.nii.gz", empty);
    ASSERT_TRUE(fs::exists(dir / "empty.tsv"));
    const LabeledVolume back = readLabelMap(dir / "empty.nii.gz");
    EXPECT_EQ(back.labels.voxelCount(), 24u);
    EXPECT_TRUE(back.table.empty());
    std::ofstream(dir / "junk.tsv") << "hello world\n";
    EXPECT_THROW(readLabelMap(dir / "empty.nii.gz", dir / "junk.tsv"), Error);
}
