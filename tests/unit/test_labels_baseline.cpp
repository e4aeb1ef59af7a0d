// "Changes vs loaded labels" survive a save: the saved labels' sidecar names the labels they
// were corrected from (io/labels_baseline.h), so reopening them shows the same difference
// overlay; a baseline changed since is reported, and "Compare against" picks any reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/labels_baseline.h"
#include "io/nifti_io.h"
#include "seg/document.h"

using namespace marrow;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    fs::path dir = fs::temp_directory_path() /
                   (std::string("marrow_baseline_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ImageGeometry g{{12, 10, 8}, {1, 1, 2}};
    Volume ct{g, ScalarType::Int16};
    std::string ai = (dir / "ai" / "seg.nii.gz").string();

    Fixture() {
        fs::remove_all(dir);
        fs::create_directories(dir / "ai");
        fs::create_directories(dir / "work");
        Volume labels(g, ScalarType::UInt8);
        for (int k = 0; k < 8; ++k)
            for (int j = 0; j < 10; ++j)
                for (int i = 0; i < 12; ++i) labels.data<uint8_t>()[g.linearIndex(i, j, k)] = i < 6 ? 1 : (k > 5 ? 2 : 0);
        writeNifti(labels, ai);
    }
    ~Fixture() { fs::remove_all(dir); }

    // Opens the AI labels, unlocks, adds 2 over a slab of background and erases part of 1.
    void correct(Document& doc) const {
        doc.setImage(ct, "ct");
        doc.loadLabels(ai);
        doc.editor().setSegmentLocked(1, false);
        doc.editor().setSegmentLocked(2, false);
        Mask add(g), erase(g);
        for (int j = 0; j < 10; ++j) {
            add.at(8, j, 2) = 1;
            erase.at(0, j, 0) = 1;
        }
        doc.editor().apply(Modifier::of(add), EditMode::Set, 2);
        doc.editor().apply(Modifier::of(erase), EditMode::Erase, 1);
    }
};

bool sameVoxels(const Volume& a, const Volume& b) {
    return a.voxelCount() == b.voxelCount() && a.byteSize() == b.byteSize() &&
           std::memcmp(a.raw(), b.raw(), a.byteSize()) == 0;
}

size_t nonZero(const Volume& v) {
    size_t n = 0;
    for (size_t i = 0; i < v.voxelCount(); ++i) n += v.data<uint8_t>()[i] != 0;
    return n;
}

}  // namespace

TEST(LabelsBaseline, ReopenedSavedLabelsShowTheSameDifferenceAsBeforeSaving) {
    Fixture f;
    Document doc;
    f.correct(doc);
    const Volume before = doc.difference();
    ASSERT_EQ(nonZero(before), 20u);  // 10 added, 10 removed
    const std::string saved = (f.dir / "work" / "corrected.nii.gz").string();
    const auto written = doc.saveLabels(saved);
    EXPECT_NE(std::find(written.begin(), written.end(), baselineSidecarPath(saved)), written.end());

    Document reopened;
    reopened.setImage(f.ct, "ct");
    const auto notes = reopened.loadLabels(saved);
    EXPECT_TRUE(fs::equivalent(reopened.baselineSource(), f.ai)) << reopened.baselineSource();
    EXPECT_TRUE(sameVoxels(reopened.difference(), before));
    bool said = false;
    for (const auto& n : notes) said |= n.find("shown against") != std::string::npos;
    EXPECT_TRUE(said);

    // Saving the reopened labels again keeps pointing at the AI output, not at itself.
    const std::string again = (f.dir / "work" / "again.nii.gz").string();
    reopened.saveLabels(again);
    Document third;
    third.setImage(f.ct, "ct");
    third.loadLabels(again);
    EXPECT_TRUE(sameVoxels(third.difference(), before));
}

TEST(LabelsBaseline, TheBaselineIsFoundAfterTheFoldersMoveTogether) {
    Fixture f;
    Document doc;
    f.correct(doc);
    const Volume before = doc.difference();
    doc.saveLabels((f.dir / "work" / "corrected.nii.gz").string());
    const fs::path moved = f.dir.string() + "_moved";
    fs::remove_all(moved);
    fs::rename(f.dir, moved);
    Document reopened;
    reopened.setImage(f.ct, "ct");
    reopened.loadLabels((moved / "work" / "corrected.nii.gz").string());
    EXPECT_TRUE(sameVoxels(reopened.difference(), before));
    fs::rename(moved, f.dir);
}

TEST(LabelsBaseline, AChangedOrMissingBaselineIsReportedAndNotUsed) {
    Fixture f;
    Document doc;
    f.correct(doc);
    const std::string saved = (f.dir / "work" / "corrected.nii.gz").string();
    doc.saveLabels(saved);
    std::ofstream(f.ai, std::ios::app) << "x";  // the AI file changed since
    Document reopened;
    reopened.setImage(f.ct, "ct");
    const auto notes = reopened.loadLabels(saved);
    EXPECT_EQ(reopened.baselineSource(), saved);
    EXPECT_EQ(nonZero(reopened.difference()), 0u);
    ASSERT_FALSE(notes.empty());
    EXPECT_NE(notes.back().find("has changed since"), std::string::npos) << notes.back();
    fs::remove(f.ai);
    Document missing;
    missing.setImage(f.ct, "ct");
    EXPECT_NE(missing.loadLabels(saved).back().find("is missing"), std::string::npos);
}

TEST(LabelsBaseline, CompareAgainstChoosesTheReference) {
    Fixture f;
    Document doc;
    f.correct(doc);
    const std::string saved = (f.dir / "work" / "corrected.nii.gz").string();
    doc.saveLabels(saved);
    Document other;
    other.setImage(f.ct, "ct");
    other.loadLabels(f.ai);
    EXPECT_EQ(nonZero(other.difference()), 0u);
    other.compareAgainst(saved);  // the AI labels against the correction: the same 20 voxels
    EXPECT_EQ(other.baselineSource(), saved);
    EXPECT_EQ(nonZero(other.difference()), 20u);
}

TEST(LabelsBaseline, SavingOverTheBaselineItselfWritesNoSidecar) {
    Fixture f;
    Document doc;
    f.correct(doc);
    const auto written = doc.saveLabels(f.ai);
    EXPECT_FALSE(fs::exists(baselineSidecarPath(f.ai)));
    for (const auto& w : written) EXPECT_EQ(w.find(".marrow.json"), std::string::npos) << w;
}
