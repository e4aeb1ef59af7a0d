#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "io/dicom_reader.h"
#include "io/label_table.h"
#include "io/nifti_io.h"
#include "seg/document.h"
#include "test_data.h"

using namespace marrow;

namespace {

// A 10x10x10 CT with a 2-label map written to a temporary NIfTI (label 1 the lower half,
// label 2 a 2x2x2 cube in the upper half).
struct Fixture {
    // One folder per test: ctest runs the tests of this file in parallel.
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                (std::string("marrow_document_") +
                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ImageGeometry g{{10, 10, 10}, {1, 1, 2}, {5, -3, 7}};
    Volume ct{g, ScalarType::Int16};
    std::string labelsPath = (dir / "labels.nii.gz").string();

    Fixture() {
        std::filesystem::create_directories(dir);
        Volume labels(g, ScalarType::UInt8);
        uint8_t* l = labels.data<uint8_t>();
        for (int k = 0; k < 10; ++k)
            for (int j = 0; j < 10; ++j)
                for (int i = 0; i < 10; ++i) {
                    uint8_t v = k < 5 ? 1 : 0;
                    if (i >= 2 && i < 4 && j >= 2 && j < 4 && k >= 6 && k < 8) v = 2;
                    l[g.linearIndex(i, j, k)] = v;
                }
        writeNifti(labels, labelsPath);
    }
    ~Fixture() { std::filesystem::remove_all(dir); }
};

}  // namespace

TEST(Document, ImportedLabelsStartLockedAndLoadingIsOneUndoStep) {
    Fixture f;
    Document doc;
    doc.setImage(f.ct, "ct");
    doc.loadLabels(f.labelsPath);
    ASSERT_EQ(doc.labels().segments().size(), 2u);
    for (const Segment& s : doc.labels().segments()) EXPECT_TRUE(s.locked) << s.name;
    EXPECT_EQ(doc.history().undoCount(), 1u);  // the load itself
    EXPECT_FALSE(doc.hasUnsavedEdits());        // what was loaded is on disk
    EXPECT_EQ(doc.labels().countLabel(1), 500u);
    EXPECT_EQ(doc.labels().countLabel(2), 8u);
    // A locked segment refuses edits.
    EXPECT_THROW(doc.editor().apply(Modifier::everywhere(f.g), EditMode::Set, 2), Error);
}

TEST(Document, DifferenceAndSaveChangeOnlyTheEditedLabel) {
    Fixture f;
    Document doc;
    doc.setImage(f.ct, "ct");
    doc.loadLabels(f.labelsPath);
    doc.editor().setSegmentLocked(2, false);
    // Grow segment 2 by one slab where it was background; label 1 stays locked.
    Mask grow(f.g);
    for (int i = 2; i < 4; ++i)
        for (int j = 2; j < 4; ++j) grow.at(i, j, 8) = 1;
    doc.editor().apply(Modifier::of(grow), EditMode::Set, 2);
    EXPECT_EQ(doc.labels().countLabel(2), 12u);
    const Volume diff = doc.difference();
    size_t added = 0, removed = 0;
    for (size_t n = 0; n < diff.voxelCount(); ++n) {
        added += diff.data<uint8_t>()[n] == 1;
        removed += diff.data<uint8_t>()[n] == 2;
    }
    EXPECT_EQ(added, 4u);
    EXPECT_EQ(removed, 0u);

    const std::string out = (f.dir / "saved.nii.gz").string();
    doc.saveLabels(out);
    const Volume before = readNifti(f.labelsPath), after = readNifti(out);
    ASSERT_TRUE(after.geometry().sameGrid(before.geometry(), 1e-5));
    size_t changed = 0;
    for (size_t n = 0; n < before.voxelCount(); ++n) {
        const uint8_t b = before.data<uint8_t>()[n], a = after.data<uint8_t>()[n];
        if (a != b) {
            ++changed;
            EXPECT_EQ(a, 2);
            EXPECT_EQ(b, 0);
        }
    }
    EXPECT_EQ(changed, 4u);
    // Undo brings the original back exactly.
    doc.editor().undo();
    EXPECT_EQ(doc.labels().countLabel(2), 8u);
}

TEST(Document, TotalSegmentatorLabelsLandOnTheDicomSeries) {
    const std::string dicom = test::totalsegPath("example_ct_dicom");
    const std::string seg = test::totalsegPath("example_seg_dicom.nii.gz");
    MARROW_REQUIRE_SHARED(dicom);
    MARROW_REQUIRE_SHARED(seg);
    Document doc;
    doc.setImage(readDicomSeries(dicom), dicom);
    doc.loadLabels(seg);  // stored with j flipped: placed exactly, no resampling request
    EXPECT_TRUE(doc.labels().geometry().sameGrid(doc.image().geometry()));
    // Names from the built-in TotalSegmentator table; liver (5) lies on soft-tissue HU.
    const Segment* liver = doc.labels().segment(5);
    ASSERT_NE(liver, nullptr);
    EXPECT_EQ(liver->name, "liver");
    const Mask m = doc.labels().segmentMask(5);
    double sum = 0;
    size_t n = 0;
    const int16_t* hu = doc.image().data<int16_t>();
    for (size_t v = 0; v < m.voxels.size(); ++v)
        if (m.voxels[v]) sum += hu[v], ++n;
    ASSERT_GT(n, 1000u);
    EXPECT_GT(sum / n, 20);
    EXPECT_LT(sum / n, 200);
}

// Issue 11: with TotalSegmentator's names loaded, "Add segment" gave id 2 = kidney_right
// (saved and reopened, the user's segment became a kidney), and 31 labels showed 10 colours.
TEST(Document, NewSegmentAfterTotalSegmentatorLabelsTakesAnUnnamedIdAndColoursDiffer) {
    const std::string dicom = test::totalsegPath("example_ct_dicom");
    const std::string seg = test::totalsegPath("example_seg_dicom.nii.gz");
    const std::string names = test::totalsegPath("labels_total.tsv");
    MARROW_REQUIRE_SHARED(dicom);
    MARROW_REQUIRE_SHARED(seg);
    MARROW_REQUIRE_SHARED(names);
    const LabelTable table = readLabelTable(names);
    ASSERT_EQ(table.size(), 117u);
    Document doc;
    doc.setImage(readDicomSeries(dicom), dicom);
    // The file's own table (its NIfTI extension cycles 10 colours), then the names file.
    for (const std::string& namesPath : {std::string(), names}) {
        SCOPED_TRACE("names file '" + namesPath + "'");
        LabelLoadOptions options;
        options.namesPath = namesPath;
        doc.loadLabels(seg, options);
        const auto loaded = doc.labels().segments();
        ASSERT_GT(loaded.size(), 20u);
        auto distance = [](Rgb a, Rgb b) {
            const double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
            return std::sqrt(dr * dr + dg * dg + db * db);
        };
        for (size_t a = 0; a < loaded.size(); ++a) {
            if (a > 0) EXPECT_GT(distance(loaded[a].color, loaded[a - 1].color), 40) << loaded[a].name;
            for (size_t b = a + 1; b < loaded.size(); ++b)
                EXPECT_NE(loaded[a].color, loaded[b].color) << loaded[a].name << " / " << loaded[b].name;
        }
        const Label added = doc.editor().addSegment("my bone");
        EXPECT_EQ(table.find(added), nullptr) << "id " << int(added) << " is " << table.nameOf(added);
        // With the new segment undone, the next id still avoids the table.
        doc.editor().undo();
        EXPECT_EQ(table.find(doc.labels().nextFreeId()), nullptr);
    }
}

// Loading a label map over unsaved edits used to clear the history: the edits were gone.
TEST(Document, LoadingLabelsOverEditsCanBeUndone) {
    Fixture f;
    Document doc;
    doc.setImage(f.ct, "ct");
    const Label id = doc.editor().addSegment("mine");
    Mask painted(f.g);
    for (int i = 0; i < 10; ++i) painted.at(i, 9, 9) = 1;
    doc.editor().apply(Modifier::of(painted), EditMode::Set, id);
    EXPECT_TRUE(doc.hasUnsavedEdits());
    const Volume before = doc.labels().toVolume();
    const std::vector<Segment> tableBefore = doc.labels().segments();
    doc.loadLabels(f.labelsPath);
    EXPECT_EQ(doc.labels().countLabel(2), 8u);
    EXPECT_FALSE(doc.hasUnsavedEdits());
    doc.editor().undo();
    EXPECT_TRUE(doc.hasUnsavedEdits());
    EXPECT_EQ(doc.labels().segments(), tableBefore);
    const Volume after = doc.labels().toVolume();
    ASSERT_EQ(after.byteSize(), before.byteSize());
    EXPECT_EQ(std::memcmp(after.raw(), before.raw(), before.byteSize()), 0);
    doc.editor().redo();
    EXPECT_FALSE(doc.hasUnsavedEdits());
    EXPECT_EQ(doc.labels().countLabel(1), 500u);
}
