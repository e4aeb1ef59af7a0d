// The recovery journal (seg/recovery_journal.h): what a document journals replays to the
// same labels bit for bit, a torn tail is ignored, another image is refused.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/nifti_io.h"
#include "seg/document.h"
#include "seg/recovery_journal.h"

using namespace marrow;
namespace fs = std::filesystem;

namespace {

struct JournalFixture {
    fs::path dir = fs::temp_directory_path() /
                   (std::string("marrow_journal_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ImageGeometry g{{70, 40, 33}, {0.8, 0.8, 1.5}, {-20, 5, 30}};
    Volume ct{g, ScalarType::Int16};

    JournalFixture() {
        fs::remove_all(dir);
        fs::create_directories(dir);
        int16_t* v = ct.data<int16_t>();
        for (size_t n = 0; n < ct.voxelCount(); ++n) v[n] = int16_t((n * 37) % 2000 - 1000);
    }
    ~JournalFixture() { fs::remove_all(dir); }

    // doc holds the CT, journaled into dir.
    void open(Document& doc, const std::string& source = "ct") const {
        doc.enableRecovery(dir.string());
        doc.setImage(ct, source);
    }

};

BoxMask ball(Index3 c, int r) {
    BoxMask m({{c[0] - r, c[1] - r, c[2] - r}, {c[0] + r + 1, c[1] + r + 1, c[2] + r + 1}});
    for (int64_t k = m.box.lo[2]; k < m.box.hi[2]; ++k)
        for (int64_t j = m.box.lo[1]; j < m.box.hi[1]; ++j)
            for (int64_t i = m.box.lo[0]; i < m.box.hi[0]; ++i) {
                const int64_t di = i - c[0], dj = j - c[1], dk = k - c[2];
                m.at(i, j, k) = di * di + dj * dj + dk * dk <= r * r;
            }
    return m;
}

// Edits, undo, redo, segment table changes and a hidden segment: the state to recover.
void editALot(Document& doc) {
    LabelMapEditor& ed = doc.editor();
    const Label a = ed.addSegment("liver");
    const Label b = ed.addSegment("spleen");
    ed.apply(Modifier::of(ball({20, 20, 15}, 9)), EditMode::Set, a);
    ed.apply(Modifier::of(ball({45, 20, 15}, 12)), EditMode::Set, b);
    ed.apply(Modifier::of(ball({33, 20, 15}, 6)), EditMode::Erase, 0);
    ed.undo();
    ed.undo();
    ed.redo();
    ed.recolorSegment(a, {1, 2, 3});
    ed.renameSegment(b, "spleen (checked)");
    ed.setSegmentLocked(b, true);
    ed.apply(Modifier::of(ball({60, 30, 25}, 5)), EditMode::Set, a);
    doc.labels().setSegmentVisible(a, false);
    doc.journalDisplayChanges();
}

void expectSameLabels(const LabelMap& a, const LabelMap& b) {
    EXPECT_TRUE(a.sameVoxels(b));
    EXPECT_EQ(a.segments(), b.segments());
}

}  // namespace

TEST(RecoveryJournal, ReplayGivesTheLabelsBitForBit) {
    JournalFixture f;
    Document doc;
    f.open(doc, "ct.nii.gz");
    editALot(doc);
    ASSERT_NE(doc.journal(), nullptr);
    doc.journal()->flush();
    const JournalSummary sum = RecoveryJournal::inspect(doc.journal()->path());
    EXPECT_TRUE(sum.unsaved);
    EXPECT_EQ(sum.stepsSinceSave, 12u);  // every applied change: 9 edits, 2 undos, 1 redo
    EXPECT_EQ(sum.image.source, "ct.nii.gz");
    EXPECT_FALSE(sum.torn);
    const LabelMap replayed = RecoveryJournal::replay(doc.journal()->path(), f.ct);
    expectSameLabels(replayed, doc.labels());
}

TEST(RecoveryJournal, TornLastRecordIsIgnored) {
    JournalFixture f;
    Document doc;
    f.open(doc);
    const Label a = doc.editor().addSegment("a");
    doc.editor().apply(Modifier::of(ball({20, 20, 15}, 9)), EditMode::Set, a);
    doc.journal()->flush();
    const LabelMap before = doc.labels().clone();
    const auto intact = fs::file_size(doc.journal()->path());
    doc.editor().apply(Modifier::of(ball({40, 20, 15}, 9)), EditMode::Set, a);
    doc.journal()->flush();
    const std::string path = doc.journal()->path();
    const auto full = fs::file_size(path);
    ASSERT_GT(full, intact + 16);
    // Killed mid-write: the last record is cut short, or its bytes are wrong.
    fs::resize_file(path, full - 7);
    EXPECT_TRUE(RecoveryJournal::inspect(path).torn);
    expectSameLabels(RecoveryJournal::replay(path, f.ct), before);
    {
        std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
        io.seekp(std::streamoff(full - 20));
        io.put('\x5a');
    }
    fs::resize_file(path, full - 7);
    expectSameLabels(RecoveryJournal::replay(path, f.ct), before);
}

TEST(RecoveryJournal, AnotherImageIsRefused) {
    JournalFixture f;
    Document doc;
    f.open(doc);
    doc.editor().addSegment("a");
    doc.journal()->flush();
    Volume other = f.ct;
    other.data<int16_t>()[1234] += 1;  // same grid, one voxel differs
    try {
        RecoveryJournal::replay(doc.journal()->path(), other);
        FAIL() << "replayed onto another image";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("voxels differ"), std::string::npos) << e.what();
    }
    Volume moved(ImageGeometry({70, 40, 33}, {0.8, 0.8, 1.5}, {0, 0, 0}), ScalarType::Int16);
    EXPECT_THROW(RecoveryJournal::replay(doc.journal()->path(), moved), Error);
    Document target;
    target.setImage(other, "other");
    EXPECT_THROW(target.recover(doc.journal()->path()), Error);
    EXPECT_TRUE(target.labels().segments().empty());
}

TEST(RecoveryJournal, SavedWorkIsNotOfferedAndLoadedLabelsAreTheBase) {
    JournalFixture f;
    const std::string labelsPath = (f.dir / "labels.nii.gz").string();
    {
        Volume labels(f.g, ScalarType::UInt8);
        for (size_t n = 0; n < labels.voxelCount(); n += 7) labels.data<uint8_t>()[n] = uint8_t(1 + n % 3);
        writeNifti(labels, labelsPath);
    }
    Document doc;
    doc.setImage(f.ct, "ct");
    doc.loadLabels(labelsPath);
    doc.enableRecovery(f.dir.string());  // started over loaded labels: they are its base
    doc.journal()->flush();
    const std::string path = doc.journal()->path();
    EXPECT_TRUE(RecoveryJournal::findRecoverable(f.dir.string()).empty());  // nothing unsaved
    doc.editor().setSegmentLocked(2, false);
    doc.editor().apply(Modifier::of(ball({10, 10, 10}, 4)), EditMode::Set, 2);
    doc.journal()->flush();
    expectSameLabels(RecoveryJournal::replay(path, f.ct), doc.labels());
    EXPECT_TRUE(RecoveryJournal::inspect(path).unsaved);
    // A save starts a new journal from the saved labels (its size stays that of the edits
    // since); the old one goes.
    doc.saveLabels((f.dir / "saved.nii.gz").string());
    doc.journal()->flush();
    const std::string after = doc.journal()->path();
    EXPECT_FALSE(fs::exists(path));
    EXPECT_FALSE(RecoveryJournal::inspect(after).unsaved);
    expectSameLabels(RecoveryJournal::replay(after, f.ct), doc.labels());
    doc.editor().undo();  // back before the save: unsaved again, and replayed exactly
    doc.journal()->flush();
    EXPECT_TRUE(RecoveryJournal::inspect(after).unsaved);
    expectSameLabels(RecoveryJournal::replay(after, f.ct), doc.labels());
    doc.discardRecovery();
    EXPECT_FALSE(fs::exists(after));
}

TEST(RecoveryJournal, ALiveSessionIsNotOfferedAndADeadOneIsRecoveredAsOneStep) {
    JournalFixture f;
    std::string path;
    LabelMap expected;
    {
        Document doc;
        f.open(doc);
        editALot(doc);
        doc.journal()->flush();
        path = doc.journal()->path();
        // Its owner still runs (the file is locked): never offered.
        EXPECT_TRUE(RecoveryJournal::findRecoverable(f.dir.string()).empty());
        expected = doc.labels().clone();
    }  // "crash": the document goes without saving or discarding; the file stays
    const auto offers = RecoveryJournal::findRecoverable(f.dir.string());
    ASSERT_EQ(offers.size(), 1u);
    EXPECT_EQ(offers[0].path, path);
    EXPECT_GT(offers[0].lastChange, 0);
    Document next;
    f.open(next);
    next.recover(path);
    expectSameLabels(next.labels(), expected);
    EXPECT_EQ(next.history().undoCount(), 1u);
    EXPECT_TRUE(next.hasUnsavedEdits());
    EXPECT_FALSE(fs::exists(path));  // its edits now live in the new session's journal
    next.journal()->flush();
    expectSameLabels(RecoveryJournal::replay(next.journal()->path(), f.ct), expected);
}

// The cost on the editing thread: encoding a step into the queue. Printed for
// bench/RESULTS.md; the bound only catches a pathological regression.
TEST(RecoveryJournal, JournalingAStepCostsLittleOnTheEditingThread) {
    JournalFixture f;
    Document doc;
    f.open(doc);
    const Label a = doc.editor().addSegment("a");
    double worstMs = 0, flushMs = 0;
    for (int n = 0; n < 20; ++n) {
        const auto t0 = std::chrono::steady_clock::now();
        doc.editor().apply(Modifier::of(ball({10 + 2 * n, 20, 15}, 8)), EditMode::Set, a);
        const auto t1 = std::chrono::steady_clock::now();
        doc.journal()->flush();
        const auto t2 = std::chrono::steady_clock::now();
        worstMs = std::max(worstMs, std::chrono::duration<double, std::milli>(t1 - t0).count());
        flushMs = std::max(flushMs, std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::printf("journal: worst edit incl. journaling %.3f ms, worst flush (write+fdatasync) %.3f ms\n", worstMs,
                flushMs);
    EXPECT_LT(worstMs, 200.0);
}

// A journal that cannot be started after a save (the recovery folder became a file, the
// disk is full) threw out of saveLabels after the file was written: the user was told the
// save failed, and autosave went silently off. Now the save succeeds and says why not.
TEST(RecoveryJournal, AFolderThatCannotTakeTheJournalNeverFailsASave) {
    JournalFixture f;
    Document doc;
    f.open(doc);
    editALot(doc);
    fs::remove_all(f.dir);
    std::ofstream(f.dir.string()) << "not a folder";
    const fs::path out = fs::temp_directory_path() / "marrow_journal_save_target.nii.gz";
    std::vector<std::string> files;
    ASSERT_NO_THROW(files = doc.saveLabels(out.string()));
    EXPECT_FALSE(files.empty());
    EXPECT_FALSE(doc.hasUnsavedEdits());
    EXPECT_EQ(doc.journal(), nullptr);
    EXPECT_FALSE(doc.recoveryProblem().empty());
    for (const std::string& file : files) fs::remove(file);
    fs::remove(f.dir);
}
