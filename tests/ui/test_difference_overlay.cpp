// The "show changes vs. loaded labels" overlay kept up to date incrementally: after a brush
// dab (also while the stroke is open), an edit command run as a job, undo and redo, the
// overlay and its counts equal a full recompute (Document::difference), and only the box
// that changed is marked for upload; a reload or a replaced overlay takes the full path.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "io/nifti_io.h"
#include "ui/edit_actions.h"
#include "ui/segment_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

// 64 x 48 x 40 voxels of 1 mm (several 32-voxel tiles). Loaded labels: 1 where i < 30,
// 2 where i >= 40 and k < 20, background elsewhere.
const ImageGeometry kGrid({64, 48, 40}, {1, 1, 1});

class DifferenceOverlay : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("marrow_diffoverlay_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
        Volume labels(kGrid, ScalarType::UInt8);
        for (int k = 0; k < 40; ++k)
            for (int j = 0; j < 48; ++j)
                for (int i = 0; i < 64; ++i)
                    labels.data<uint8_t>()[kGrid.linearIndex(i, j, k)] = i < 30 ? 1 : (i >= 40 && k < 20 ? 2 : 0);
        path_ = (dir_ / "ai.nii.gz").string();
        writeNifti(labels, path_);
        s.doc = std::make_unique<Document>();
        s.doc->setImage(Volume(kGrid, ScalarType::Int16), "ct");
        ASSERT_TRUE(loadLabelsOnto(s, path_)) << s.message;
        unlockAll(*s.doc);
        s.segmentsUi.difference.enabled = true;
        ASSERT_TRUE(updateDifferenceOverlay(s));  // the first time: a full pass
        EXPECT_TRUE(s.maskOverlayDirty);
        takeUploads();
    }
    void TearDown() override { fs::remove_all(dir_); }

    // What the frame loop's upload does with the flags.
    void takeUploads() {
        s.maskOverlayDirty = false;
        s.maskOverlayDirtyBox = {};
    }
    // The overlay and its counts are those of a full recompute.
    void expectFullRecompute(const char* when) {
        const Volume full = s.doc->difference();
        ASSERT_EQ(s.maskOverlay.voxelCount(), full.voxelCount()) << when;
        EXPECT_EQ(std::memcmp(s.maskOverlay.raw(), full.raw(), full.voxelCount()), 0) << when;
        size_t added = 0, removed = 0;
        for (size_t n = 0; n < full.voxelCount(); ++n) {
            added += full.data<uint8_t>()[n] == 1;
            removed += full.data<uint8_t>()[n] == 2;
        }
        EXPECT_EQ(s.segmentsUi.difference.added, added) << when;
        EXPECT_EQ(s.segmentsUi.difference.removed, removed) << when;
    }
    // A 5 mm disk dab on axial slice k at (i, j), pressed and released.
    void dab(Tool tool, int i, int j, int k, bool release = true) {
        s.edit.tool = tool;
        s.edit.radiusMm = 5;
        s.edit.sphere = false;
        const Vec3 p = kGrid.indexToPatient({double(i), double(j), double(k)});
        brushInput(s, render::ViewAxis::Axial, p, true, true);
        if (release) brushInput(s, render::ViewAxis::Axial, p, false, false);
    }
    uint8_t code(int i, int j, int k) const { return s.maskOverlay.data<uint8_t>()[kGrid.linearIndex(i, j, k)]; }

    ViewerState s;
    fs::path dir_;
    std::string path_;
};

}  // namespace

TEST_F(DifferenceOverlay, ABrushDabUpdatesOnlyItsBoxAndEqualsAFullRecompute) {
    expectFullRecompute("loaded");
    EXPECT_EQ(s.segmentsUi.difference.added, 0u);
    s.edit.segment = 1;
    dab(Tool::Brush, 35, 20, 10, /*release=*/false);  // over background: added
    ASSERT_TRUE(s.edit.stroke);
    ASSERT_TRUE(updateDifferenceOverlay(s));  // while the stroke is open
    EXPECT_FALSE(s.maskOverlayDirty);         // no full upload
    // A disk of radius 5 mm around (35, 20) on slice 10: i in [30, 40], j in [15, 25].
    EXPECT_EQ(s.maskOverlayDirtyBox, (VoxelBox{{30, 15, 10}, {41, 26, 11}}));
    EXPECT_EQ(code(35, 20, 10), 1);
    EXPECT_EQ(code(35, 20, 11), 0);
    expectFullRecompute("during the stroke");
    brushInput(s, render::ViewAxis::Axial, kGrid.indexToPatient({35, 20, 10}), false, false);
    EXPECT_FALSE(updateDifferenceOverlay(s));  // finishing the stroke changed no voxel: nothing to do
    takeUploads();

    dab(Tool::Eraser, 27, 10, 30);  // erases label 1 (i < 30) and nothing else there
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_FALSE(s.maskOverlayDirty);
    EXPECT_EQ(s.maskOverlayDirtyBox, (VoxelBox{{22, 5, 30}, {30, 16, 31}}));
    EXPECT_EQ(code(27, 10, 30), 2);
    expectFullRecompute("after the eraser");
    EXPECT_GT(s.segmentsUi.difference.removed, 0u);
    takeUploads();

    undoEdit(s);  // the eraser's voxels are label 1 again
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_EQ(s.maskOverlayDirtyBox, (VoxelBox{{22, 5, 30}, {30, 16, 31}}));
    EXPECT_EQ(code(27, 10, 30), 0);
    EXPECT_EQ(s.segmentsUi.difference.removed, 0u);
    expectFullRecompute("after undo");
    undoEdit(s);  // the brush
    ASSERT_TRUE(updateDifferenceOverlay(s));
    expectFullRecompute("after the second undo");
    EXPECT_EQ(s.segmentsUi.difference.added, 0u);
    redoEdit(s);
    ASSERT_TRUE(updateDifferenceOverlay(s));
    expectFullRecompute("after redo");
    EXPECT_EQ(code(35, 20, 10), 1);
    EXPECT_FALSE(s.maskOverlayDirty);
}

TEST_F(DifferenceOverlay, AnEditCommandOnTheJobAndItsUndoAreCovered) {
    mergeSegmentJob(s, 2, 1);  // every voxel of 2 becomes 1: all "added" (another label)
    s.job.wait();
    pollEditJob(s);
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_FALSE(s.maskOverlayDirty);
    EXPECT_EQ(s.maskOverlayDirtyBox, (VoxelBox{{40, 0, 0}, {64, 48, 20}}));
    EXPECT_EQ(s.segmentsUi.difference.added, 24u * 48 * 20);
    expectFullRecompute("after merge");
    takeUploads();
    undoEdit(s);
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_EQ(s.maskOverlayDirtyBox, (VoxelBox{{40, 0, 0}, {64, 48, 20}}));
    EXPECT_EQ(s.segmentsUi.difference.added, 0u);
    expectFullRecompute("after undoing the merge");
}

TEST_F(DifferenceOverlay, AReloadOrAReplacedOverlayTakesTheFullPath) {
    s.edit.segment = 1;
    dab(Tool::Brush, 35, 20, 10);
    ASSERT_TRUE(updateDifferenceOverlay(s));
    takeUploads();
    ASSERT_TRUE(loadLabelsOnto(s, path_));  // the brush is gone with the old map
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_TRUE(s.maskOverlayDirty);
    EXPECT_EQ(s.segmentsUi.difference.added, 0u);
    expectFullRecompute("after reload");
    takeUploads();

    // Someone else put another volume in the overlay: ours is rebuilt whole, not patched.
    s.maskOverlay = Volume(ImageGeometry({8, 8, 8}, {1, 1, 1}), ScalarType::UInt8, true);
    unlockAll(*s.doc);
    dab(Tool::Brush, 35, 20, 10);
    ASSERT_TRUE(updateDifferenceOverlay(s));
    EXPECT_TRUE(s.maskOverlayDirty);
    expectFullRecompute("after the overlay was replaced");
}
