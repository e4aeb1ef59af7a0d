// The viewer never replaces unsaved labels without asking (ui/unsaved_prompt.h), and a
// crashed session's journal is offered and recovered exactly, on a ViewerState without a window.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/nifti_io.h"
#include "ui/edit_actions.h"
#include "ui/segment_actions.h"
#include "ui/unsaved_prompt.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

const ImageGeometry kGrid({24, 20, 12}, {1, 1, 2});

class UnsavedPrompt : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("marrow_unsaved_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        s.recoveryDir = (dir_ / "recovery").string();
        s.edit.savePath = (dir_ / "ct_labels.nii.gz").string();
        setVolume(s, ct(), (dir_ / "ct.nii.gz").string());
    }
    void TearDown() override {
        s.doc.reset();
        fs::remove_all(dir_);
    }
    static Volume ct(int16_t shift = 0) {
        Volume v(kGrid, ScalarType::Int16);
        for (size_t n = 0; n < v.voxelCount(); ++n) v.data<int16_t>()[n] = int16_t(n % 500 + shift);
        return v;
    }
    // A brush-like edit: a new segment painted over a box.
    void paint() {
        const Label id = s.doc->editor().addSegment("mine");
        BoxMask m({{2, 2, 2}, {10, 9, 5}});
        std::fill(m.bits.begin(), m.bits.end(), 1);
        s.doc->editor().apply(Modifier::of(m), EditMode::Set, id);
    }
    std::string writeLabels() const {
        Volume labels(kGrid, ScalarType::UInt8);
        for (size_t n = 0; n < labels.voxelCount(); n += 3) labels.data<uint8_t>()[n] = 7;
        const std::string path = (dir_ / "other_labels.nii.gz").string();
        writeNifti(labels, path);
        return path;
    }

    // The session "crashes" (its document goes without the prompt, so its journal stays);
    // next starts with the same recovery folder and looks for offers.
    void crashAndRestart(ViewerState& next) {
        s.doc->journal()->flush();
        next.recoveryDir = s.recoveryDir;
        s.doc.reset();
        findRecoveryOffers(next);
    }

    ViewerState s;
    fs::path dir_;
};

}  // namespace

TEST_F(UnsavedPrompt, NothingUnsavedGoesAheadWithoutAsking) {
    EXPECT_TRUE(mayReplace(s, {ReplaceKind::OpenImage, "other.nii"}));
    EXPECT_TRUE(mayReplace(s, {ReplaceKind::Close, {}}));
    EXPECT_FALSE(s.unsavedPrompt);
    paint();
    s.doc->editor().undo();
    s.doc->editor().undo();  // back to the state as opened: nothing to lose
    EXPECT_TRUE(mayReplace(s, {ReplaceKind::LoadLabels, "x.nii.gz"}));
}

TEST_F(UnsavedPrompt, CancelKeepsEverything) {
    paint();
    const size_t painted = s.doc->labels().countLabel(1);
    for (ReplaceKind kind : {ReplaceKind::OpenImage, ReplaceKind::LoadLabels, ReplaceKind::Close}) {
        EXPECT_FALSE(mayReplace(s, {kind, "other.nii.gz"}));
        ASSERT_TRUE(s.unsavedPrompt);
        EXPECT_NE(unsavedPromptText(s).find("unsaved edits"), std::string::npos);
        EXPECT_FALSE(answerUnsaved(s, PromptAnswer::Cancel));
        EXPECT_FALSE(s.unsavedPrompt);
    }
    EXPECT_EQ(s.doc->labels().countLabel(1), painted);
    EXPECT_TRUE(s.doc->hasUnsavedEdits());
    EXPECT_FALSE(fs::exists(s.edit.savePath));
}

TEST_F(UnsavedPrompt, SaveWritesTheLabelsThenGoesAhead) {
    paint();
    const size_t painted = s.doc->labels().countLabel(1);
    EXPECT_FALSE(mayReplace(s, {ReplaceKind::OpenImage, "second.nii.gz"}));
    const auto go = answerUnsaved(s, PromptAnswer::Save);
    ASSERT_TRUE(go) << s.message;
    EXPECT_EQ(go->path, "second.nii.gz");
    EXPECT_FALSE(s.doc->hasUnsavedEdits());
    ASSERT_TRUE(fs::exists(s.edit.savePath));
    const Volume saved = readNifti(s.edit.savePath);
    size_t ones = 0;
    for (size_t n = 0; n < saved.voxelCount(); ++n) ones += saved.data<uint8_t>()[n] == 1;
    EXPECT_EQ(ones, painted);
}

TEST_F(UnsavedPrompt, AFailedSaveDoesNotGoAhead) {
    paint();
    s.edit.savePath = (dir_ / "no such folder" / "labels.nii.gz").string();
    EXPECT_FALSE(mayReplace(s, {ReplaceKind::Close, {}}));
    EXPECT_FALSE(answerUnsaved(s, PromptAnswer::Save));
    EXPECT_TRUE(s.doc->hasUnsavedEdits());
    EXPECT_FALSE(s.message.empty());
}

TEST_F(UnsavedPrompt, DiscardGoesAheadAndLoadingLabelsCanBeUndone) {
    paint();
    const size_t painted = s.doc->labels().countLabel(1);
    const std::string labels = writeLabels();
    EXPECT_FALSE(mayReplace(s, {ReplaceKind::LoadLabels, labels}));
    const auto go = answerUnsaved(s, PromptAnswer::Discard);
    ASSERT_TRUE(go);
    ASSERT_TRUE(loadLabelsOnto(s, go->path)) << s.message;
    EXPECT_EQ(s.doc->labels().countLabel(1), 0u);
    undoEdit(s);  // the 96,542-voxel segment of the issue came back this way
    EXPECT_EQ(s.doc->labels().countLabel(1), painted);
    EXPECT_EQ(s.doc->labels().segment(1)->name, "mine");
}

TEST_F(UnsavedPrompt, ACrashedSessionIsOfferedAndRecoveredExactly) {
    paint();
    s.doc->labels().setSegmentVisible(1, false);
    s.doc->journalDisplayChanges();
    const LabelMap expected = s.doc->labels().clone();
    ViewerState next;
    crashAndRestart(next);
    ASSERT_EQ(next.recoveryOffers.size(), 1u);
    EXPECT_NE(recoveryOfferText(next.recoveryOffers[0]).find("Recover unsaved edits of ct.nii.gz (2 steps, "),
              std::string::npos)
        << recoveryOfferText(next.recoveryOffers[0]);
    // Started on another image: Recover asks for the journal's image first, then replays.
    setVolume(next, ct(1), "phantom");
    const auto open = chooseRecovery(next, RecoveryChoice::Recover);
    ASSERT_TRUE(open);
    EXPECT_EQ(*open, (dir_ / "ct.nii.gz").string());
    setVolume(next, ct(), *open);
    recoverPending(next);
    EXPECT_TRUE(next.doc->labels().sameVoxels(expected)) << next.message;
    EXPECT_EQ(next.doc->labels().segments(), expected.segments());
    EXPECT_TRUE(next.doc->hasUnsavedEdits());
    findRecoveryOffers(next);
    EXPECT_TRUE(next.recoveryOffers.empty());  // its edits are in this session's journal now
}

TEST_F(UnsavedPrompt, ARecoveryOntoAnotherImageIsRefused) {
    paint();
    ViewerState next;
    crashAndRestart(next);
    ASSERT_EQ(next.recoveryOffers.size(), 1u);
    const std::string journal = next.recoveryOffers[0].path;
    // The file at the journal's path now holds another CT.
    setVolume(next, ct(5), (dir_ / "ct.nii.gz").string());
    EXPECT_FALSE(chooseRecovery(next, RecoveryChoice::Recover));
    EXPECT_NE(next.message.find("recovery refused"), std::string::npos) << next.message;
    EXPECT_NE(next.message.find("voxels differ"), std::string::npos) << next.message;
    EXPECT_TRUE(next.doc->labels().segments().empty());
    EXPECT_TRUE(fs::exists(journal));  // kept: the right image may be found later
}

TEST_F(UnsavedPrompt, DiscardAndLaterOffers) {
    paint();
    ViewerState next;
    crashAndRestart(next);
    ASSERT_EQ(next.recoveryOffers.size(), 1u);
    EXPECT_FALSE(chooseRecovery(next, RecoveryChoice::Later));
    findRecoveryOffers(next);
    ASSERT_EQ(next.recoveryOffers.size(), 1u);  // asked again at the next start
    EXPECT_FALSE(chooseRecovery(next, RecoveryChoice::Discard));
    findRecoveryOffers(next);
    EXPECT_TRUE(next.recoveryOffers.empty());
}

TEST_F(UnsavedPrompt, ARecoveryWaitsForItsOwnImage) {
    paint();
    ViewerState next;
    crashAndRestart(next);
    setVolume(next, ct(), "phantom");
    const std::string journal = next.recoveryOffers.at(0).path;
    ASSERT_TRUE(chooseRecovery(next, RecoveryChoice::Recover));
    // The journal's image did not open (cancelled): another one did. Nothing is replayed
    // onto it, and the journal is kept for the next start.
    setVolume(next, ct(3), "other.nii.gz");
    recoverPending(next);
    EXPECT_FALSE(next.recoverAfterOpen);
    EXPECT_TRUE(next.doc->labels().segments().empty());
    EXPECT_TRUE(fs::exists(journal));
}
