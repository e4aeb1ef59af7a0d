// The Segments panel's actions on a small synthetic TotalSegmentator-like label map, with
// exact voxel counts: filters, lock all others, unlock all, merge, split by islands, the
// per-segment statistics and the difference overlay against the loaded labels.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/nifti_io.h"
#include "ui/edit_actions.h"
#include "ui/segment_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

// 20 x 10 x 10 voxels of 1 mm (2000 voxels, 0.001 mL each). Along i:
//   [0,5) label 1 spleen (500), [5,10) label 5 liver (500), [10,12) background,
//   [12,14) label 25 sacrum (200) and, three slices apart, i = 17, j < 5 (50): two islands,
//   i = 19, k < 2: label 27 vertebrae_L5 (20). Everything else is background (730).
// Names come from the built-in TotalSegmentator table (values within 1..117, no TSV).
const ImageGeometry kGrid({20, 10, 10}, {1, 1, 1});

Label labelAt(int i, int j, int k) {
    if (i < 5) return 1;
    if (i < 10) return 5;
    if (i == 12 || i == 13 || (i == 17 && j < 5)) return 25;
    if (i == 19 && k < 2) return 27;
    return 0;
}

class SegmentActions : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("marrow_segactions_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        Volume labels(kGrid, ScalarType::UInt8);
        for (int k = 0; k < 10; ++k)
            for (int j = 0; j < 10; ++j)
                for (int i = 0; i < 20; ++i) labels.data<uint8_t>()[kGrid.linearIndex(i, j, k)] = labelAt(i, j, k);
        path_ = (dir_ / "ai.nii.gz").string();
        writeNifti(labels, path_);
        s.doc = std::make_unique<Document>();
        s.doc->setImage(Volume(kGrid, ScalarType::Int16), "ct");
        ASSERT_TRUE(loadLabelsOnto(s, path_)) << s.message;
    }
    void TearDown() override { fs::remove_all(dir_); }

    size_t count(Label id) const { return s.doc->labels().countLabel(id); }
    // Undo steps since SetUp's load (loading the label map is the first step).
    size_t stepsAfterLoad() const { return s.doc->history().undoCount() - 1; }
    bool locked(Label id) const { return s.doc->labels().segment(id)->locked; }
    // Paints segment id over the whole volume, as a brush would (locked voxels stay).
    void paintEverywhere(Label id) {
        s.doc->editor().apply(Modifier::everywhere(kGrid), EditMode::Set, id);
    }

    ViewerState s;
    fs::path dir_;
    std::string path_;
};

TEST_F(SegmentActions, LoadedLabelsAreNamedLockedAndFilteredByNameAndBones) {
    ASSERT_EQ(s.doc->labels().segments().size(), 4u);
    EXPECT_EQ(s.doc->labels().segment(5)->name, "liver");
    for (Label id : {1, 5, 25, 27}) EXPECT_TRUE(locked(Label(id))) << int(id);
    EXPECT_EQ(s.edit.segment, 1);
    EXPECT_EQ(filterSegments(*s.doc, "", false), (std::vector<Label>{1, 5, 25, 27}));
    EXPECT_EQ(filterSegments(*s.doc, "LIV", false), (std::vector<Label>{5}));
    EXPECT_EQ(filterSegments(*s.doc, "", true), (std::vector<Label>{25, 27}));
    EXPECT_EQ(filterSegments(*s.doc, "vert", true), (std::vector<Label>{27}));
    EXPECT_EQ(filterSegments(*s.doc, "vert", false), (std::vector<Label>{27}));
    EXPECT_TRUE(filterSegments(*s.doc, "kidney", false).empty());

    showBonesOnly(s.doc->labels());
    EXPECT_FALSE(s.doc->labels().segment(1)->visible);
    EXPECT_TRUE(s.doc->labels().segment(25)->visible);
    EXPECT_TRUE(s.doc->labels().segment(27)->visible);
    showAllSegments(s.doc->labels(), true);
    for (Label id : {1, 5, 25, 27}) EXPECT_TRUE(s.doc->labels().segment(Label(id))->visible);
    EXPECT_EQ(stepsAfterLoad(), 0u);  // visibility is not an edit
}

TEST_F(SegmentActions, LockAllOthersIsOneUndoStepAndProtectsTheOthers) {
    lockAllOthers(*s.doc, 5);
    EXPECT_FALSE(locked(5));
    for (Label id : {1, 25, 27}) EXPECT_TRUE(locked(Label(id)));
    EXPECT_EQ(stepsAfterLoad(), 1u);

    paintEverywhere(5);  // only the 730 background voxels can take the liver
    EXPECT_EQ(count(5), 1230u);
    EXPECT_EQ(count(1), 500u);
    EXPECT_EQ(count(25), 250u);
    EXPECT_EQ(count(27), 20u);

    undoEdit(s);  // the paint
    EXPECT_EQ(count(5), 500u);
    undoEdit(s);  // the lock change, all at once
    for (Label id : {1, 5, 25, 27}) EXPECT_TRUE(locked(Label(id)));
    EXPECT_EQ(stepsAfterLoad(), 0u);

    unlockAll(*s.doc);
    for (Label id : {1, 5, 25, 27}) EXPECT_FALSE(locked(Label(id)));
    EXPECT_EQ(stepsAfterLoad(), 1u);
    lockAllOthers(*s.doc, 1);  // from all unlocked: 5, 25, 27 lock, 1 stays unlocked
    EXPECT_FALSE(locked(1));
    for (Label id : {5, 25, 27}) EXPECT_TRUE(locked(Label(id)));
    EXPECT_EQ(stepsAfterLoad(), 2u);
}

TEST_F(SegmentActions, MergeMovesEveryVoxelAndIsUndoable) {
    mergeSegmentJob(s, 27, 25);
    auto out = s.job.wait();
    pollEditJob(s);
    EXPECT_FALSE(out.ok);  // both are locked, as imported
    EXPECT_NE(out.message.find("locked"), std::string::npos) << out.message;
    EXPECT_EQ(count(27), 20u);

    unlockAll(*s.doc);
    mergeSegmentJob(s, 27, 25);
    out = s.job.wait();
    pollEditJob(s);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.message, "merged 20 voxels into sacrum");
    EXPECT_EQ(count(25), 270u);
    EXPECT_EQ(s.doc->labels().segment(27), nullptr);
    EXPECT_EQ(s.edit.segment, 25);
    undoEdit(s);
    EXPECT_EQ(count(25), 250u);
    EXPECT_EQ(count(27), 20u);
}

TEST_F(SegmentActions, RelabelGivesTheSegmentAnotherValue) {
    unlockAll(*s.doc);
    s.edit.segment = 27;
    relabelSegmentJob(s, 27, 5);  // taken by liver: refused before any job starts
    EXPECT_FALSE(s.busy());
    EXPECT_EQ(s.message, "relabel: value 5 is taken by 'liver'");
    relabelSegmentJob(s, 27, 200);
    const auto out = s.job.wait();
    pollEditJob(s);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.message, "'vertebrae_L5' now has the value 200");
    EXPECT_EQ(count(200), 20u);
    EXPECT_EQ(count(27), 0u);
    EXPECT_EQ(s.edit.segment, 200);  // the selection follows
    undoEdit(s);
    EXPECT_EQ(count(27), 20u);
    EXPECT_EQ(s.doc->labels().segment(200), nullptr);
}

TEST_F(SegmentActions, SplitByIslandsMakesTheSmallerIslandANewSegment) {
    unlockAll(*s.doc);
    splitByIslandsJob(s, 25);
    const auto out = s.job.wait();
    pollEditJob(s);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.message, "split into 2 segments (1 new)");
    EXPECT_EQ(count(25), 200u);
    ASSERT_EQ(s.doc->labels().segments().size(), 5u);
    const Label added = s.doc->labels().segments().back().id;
    EXPECT_EQ(count(added), 50u);
    undoEdit(s);
    EXPECT_EQ(count(25), 250u);
    EXPECT_EQ(s.doc->labels().segments().size(), 4u);
}

TEST_F(SegmentActions, DeleteErasesTheSegment) {
    s.doc->editor().setSegmentLocked(27, false);
    s.edit.segment = 27;
    deleteSegmentJob(s, 27);
    const auto out = s.job.wait();
    pollEditJob(s);
    ASSERT_TRUE(out.ok) << out.message;
    EXPECT_EQ(s.doc->labels().segment(27), nullptr);
    EXPECT_EQ(s.edit.segment, 0);
    EXPECT_EQ(s.doc->labels().toVolume().data<uint8_t>()[kGrid.linearIndex(19, 0, 0)], 0);
}

TEST_F(SegmentActions, StatisticsCompareNowWithTheLoadedOriginal) {
    SegmentStats st = segmentStats(s, 5);
    EXPECT_TRUE(st.hasOriginal);
    EXPECT_TRUE(st.fresh);
    EXPECT_EQ(st.nowVoxels, 500u);
    EXPECT_EQ(st.originalVoxels, 500u);
    EXPECT_DOUBLE_EQ(st.nowMl, 0.5);
    lockAllOthers(*s.doc, 5);
    paintEverywhere(5);
    st = segmentStats(s, 5);
    EXPECT_EQ(st.nowVoxels, 1230u);
    EXPECT_EQ(st.originalVoxels, 500u);
    EXPECT_DOUBLE_EQ(st.nowMl, 1.23);
    EXPECT_DOUBLE_EQ(st.originalMl, 0.5);
    st = segmentStats(s, 1);
    EXPECT_EQ(st.nowVoxels, 500u);
    EXPECT_EQ(st.originalVoxels, 500u);
}

TEST_F(SegmentActions, DifferenceOverlayCountsAddedAndRemovedAndFollowsEdits) {
    const DifferenceOverlayState& d = s.segmentsUi.difference;
    EXPECT_FALSE(updateDifferenceOverlay(s));  // off: nothing to do
    s.segmentsUi.difference.enabled = true;
    EXPECT_TRUE(updateDifferenceOverlay(s));
    EXPECT_EQ(d.added, 0u);
    EXPECT_EQ(d.removed, 0u);
    EXPECT_TRUE(s.maskOverlayDirty);
    EXPECT_EQ(s.maskOverlay.geometry().dims(), kGrid.dims());
    EXPECT_EQ(s.maskColors[1], (std::array<uint8_t, 4>{40, 230, 40, 200}));
    EXPECT_EQ(s.maskColors[2], (std::array<uint8_t, 4>{255, 0, 255, 200}));
    s.maskOverlayDirty = false;
    EXPECT_FALSE(updateDifferenceOverlay(s));  // cached: the labels did not change

    lockAllOthers(*s.doc, 5);  // moves the label map's version: recomputed, still no change
    EXPECT_TRUE(updateDifferenceOverlay(s));
    EXPECT_EQ(d.added, 0u);
    EXPECT_EQ(d.removed, 0u);
}

TEST_F(SegmentActions, DifferenceOverlayAfterPaintAndErase) {
    s.segmentsUi.difference.enabled = true;
    lockAllOthers(*s.doc, 5);
    paintEverywhere(5);  // +730 liver over background
    BoxMask cut(VoxelBox{{5, 0, 0}, {7, 10, 10}});
    std::fill(cut.bits.begin(), cut.bits.end(), 1);
    s.doc->editor().apply(Modifier::of(cut), EditMode::Erase, 5);  // -200 of the original liver
    ASSERT_TRUE(updateDifferenceOverlay(s));
    const DifferenceOverlayState& d = s.segmentsUi.difference;
    EXPECT_EQ(d.added, 730u);
    EXPECT_EQ(d.removed, 200u);
    const uint8_t* p = s.maskOverlay.data<uint8_t>();
    EXPECT_EQ(p[kGrid.linearIndex(10, 0, 0)], 1);  // background that became liver
    EXPECT_EQ(p[kGrid.linearIndex(5, 3, 3)], 2);   // liver erased
    EXPECT_EQ(p[kGrid.linearIndex(8, 3, 3)], 0);   // liver untouched
    EXPECT_EQ(p[kGrid.linearIndex(0, 0, 0)], 0);   // locked spleen untouched

    s.segmentsUi.difference.enabled = false;  // unticked: the overlay goes away
    s.maskOverlayDirty = false;
    updateDifferenceOverlay(s);
    EXPECT_TRUE(s.maskOverlay.empty());
    EXPECT_TRUE(s.maskOverlayDirty);
}

TEST_F(SegmentActions, ALabelMapThatDoesNotFitIsRefusedAndTheDocumentKept) {
    Volume other(ImageGeometry({8, 8, 8}, {1, 1, 1}), ScalarType::UInt8);
    other.data<uint8_t>()[0] = 3;
    const std::string path = (dir_ / "other.nii.gz").string();
    writeNifti(other, path);
    EXPECT_FALSE(loadLabelsOnto(s, path));
    EXPECT_NE(s.message.find("other.nii.gz"), std::string::npos) << s.message;
    EXPECT_EQ(count(5), 500u);
    EXPECT_EQ(s.doc->labels().segments().size(), 4u);
}

}  // namespace
