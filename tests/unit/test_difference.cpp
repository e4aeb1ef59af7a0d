// The difference against the loaded labels, recomputed in a box only
// (Document::updateDifference), and the label map's change log it is fed from
// (LabelMap::changedSince), with exact voxel codes and counts.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/nifti_io.h"
#include "seg/document.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

namespace {

// 40 x 36 x 34 voxels (2 x 2 x 2 tiles, the far ones partial). Loaded labels: 3 where
// i < 20, 7 where i >= 30 and k < 10, background elsewhere.
const ImageGeometry kGrid({40, 36, 34}, {1, 1, 1});

int originalAt(int i, int /*j*/, int k) { return i < 20 ? 3 : (i >= 30 && k < 10 ? 7 : 0); }

// The edits of the tests below and what they do to the difference:
//   A: label 3 set in [18,24)x[0,4)x[0,2): 16 voxels were 3 already, 32 background -> added
//   B: label 7 erased in [30,40)x[0,36)x[8,10): 720 removed
//   C: a new label set in [0,2)x[0,2)x[0,2): 8 voxels of 3 -> added (another label)
const VoxelBox kA{{18, 0, 0}, {24, 4, 2}}, kB{{30, 0, 8}, {40, 36, 10}}, kC{{0, 0, 0}, {2, 2, 2}};

class Difference : public ::testing::TestWithParam<ScalarType> {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("marrow_difference_" + std::to_string(::getpid()) + "_" + std::to_string(int(GetParam())));
        std::filesystem::create_directories(dir_);
        Volume labels(kGrid, GetParam());
        labels.visit([&](auto* p) {
            for (int k = 0; k < 34; ++k)
                for (int j = 0; j < 36; ++j)
                    for (int i = 0; i < 40; ++i) p[kGrid.linearIndex(i, j, k)] = originalAt(i, j, k);
        });
        const std::string path = (dir_ / "ai.nii").string();
        writeNifti(labels, path);
        doc.setImage(Volume(kGrid, ScalarType::Int16), "ct");
        doc.loadLabels(path);
        ASSERT_EQ(doc.originalLabels().type(), GetParam());
        for (Label id : {3, 7}) doc.editor().setSegmentLocked(id, false);
        five_ = doc.editor().addSegment("five");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    void editA() { doc.editor().apply(Modifier::of(filledBox(kA)), EditMode::Set, 3); }
    void editB() { doc.editor().apply(Modifier::of(filledBox(kB)), EditMode::Erase, 7); }
    void editC() { doc.editor().apply(Modifier::of(filledBox(kC)), EditMode::Set, five_); }
    static uint8_t code(const Volume& diff, int i, int j, int k) { return diff.data<uint8_t>()[kGrid.linearIndex(i, j, k)]; }
    static DifferenceCounts countCodes(const Volume& diff) {
        DifferenceCounts c;
        for (size_t n = 0; n < diff.voxelCount(); ++n) {
            c.added += diff.data<uint8_t>()[n] == 1;
            c.removed += diff.data<uint8_t>()[n] == 2;
        }
        return c;
    }

    Document doc;
    Label five_ = 0;
    std::filesystem::path dir_;
};

}  // namespace

TEST_P(Difference, FullDifferenceMarksAddedAndRemovedExactly) {
    editA();
    editB();
    editC();
    const Volume diff = doc.difference();
    EXPECT_EQ(countCodes(diff), (DifferenceCounts{40, 720}));
    EXPECT_EQ(code(diff, 19, 0, 0), 0);  // was 3, painted 3: unchanged
    EXPECT_EQ(code(diff, 20, 3, 1), 1);  // background -> 3
    EXPECT_EQ(code(diff, 24, 3, 1), 0);  // just past A
    EXPECT_EQ(code(diff, 35, 20, 9), 2);  // 7 erased
    EXPECT_EQ(code(diff, 35, 20, 7), 0);  // 7 kept below B
    EXPECT_EQ(code(diff, 1, 1, 1), 1);   // 3 -> 5: another label counts as added
    EXPECT_EQ(code(diff, 2, 1, 1), 0);
}

TEST_P(Difference, UpdateInABoxTouchesOnlyTheBoxAndKeepsCountsExact) {
    editA();
    editB();
    editC();
    Volume diff(kGrid, ScalarType::UInt8, true);
    DifferenceCounts counts;
    doc.updateDifference(kA, diff, counts);
    EXPECT_EQ(counts, (DifferenceCounts{32, 0}));
    EXPECT_EQ(countCodes(diff), counts);
    EXPECT_EQ(code(diff, 20, 3, 1), 1);
    EXPECT_EQ(code(diff, 35, 20, 9), 0);  // removed, but outside the box: not looked at
    EXPECT_EQ(code(diff, 1, 1, 1), 0);

    doc.updateDifference(kB, diff, counts);
    EXPECT_EQ(counts, (DifferenceCounts{32, 720}));
    EXPECT_EQ(code(diff, 35, 20, 9), 2);

    // A box reaching past the grid is clipped; the whole grid gives difference().
    doc.updateDifference({{-5, -5, -5}, {100, 100, 100}}, diff, counts);
    EXPECT_EQ(counts, (DifferenceCounts{40, 720}));
    EXPECT_EQ(std::memcmp(diff.raw(), doc.difference().raw(), diff.voxelCount()), 0);

    // Undo C: its voxels are the original again; recomputing C's box takes their old
    // "added" off the counts.
    doc.editor().undo();
    doc.updateDifference(kC, diff, counts);
    EXPECT_EQ(counts, (DifferenceCounts{32, 720}));
    EXPECT_EQ(code(diff, 1, 1, 1), 0);
    EXPECT_EQ(countCodes(diff), counts);
    EXPECT_EQ(std::memcmp(diff.raw(), doc.difference().raw(), diff.voxelCount()), 0);

    // An empty box changes nothing.
    doc.updateDifference({}, diff, counts);
    EXPECT_EQ(counts, (DifferenceCounts{32, 720}));
}

TEST_P(Difference, TheChangeLogFeedsAnExactIncrementalUpdate) {
    Volume diff = doc.difference();
    DifferenceCounts counts;
    EXPECT_EQ(countCodes(diff), counts);
    uint64_t seen = doc.labels().version();
    auto catchUp = [&] {
        doc.updateDifference(doc.labels().changedSince(seen), diff, counts);
        seen = doc.labels().version();
        EXPECT_EQ(countCodes(diff), counts);
        return std::memcmp(diff.raw(), doc.difference().raw(), diff.voxelCount()) == 0;
    };
    editA();
    EXPECT_EQ(doc.labels().changedSince(seen), (VoxelBox{{20, 0, 0}, {24, 4, 2}}));  // the voxels that changed
    EXPECT_TRUE(catchUp());
    editB();
    editC();
    EXPECT_TRUE(catchUp());
    EXPECT_EQ(counts, (DifferenceCounts{40, 720}));
    doc.editor().undo();
    doc.editor().undo();
    EXPECT_TRUE(catchUp());
    EXPECT_EQ(counts, (DifferenceCounts{32, 0}));
    doc.editor().redo();
    EXPECT_TRUE(catchUp());
    EXPECT_EQ(counts, (DifferenceCounts{32, 720}));
}

TEST_P(Difference, AVolumeNotOnTheImageGridIsRefused) {
    DifferenceCounts counts;
    Volume wrongType(kGrid, ScalarType::UInt16, true);
    EXPECT_THROW(doc.updateDifference(kA, wrongType, counts), Error);
    Volume wrongGrid(ImageGeometry({40, 36, 33}, {1, 1, 1}), ScalarType::UInt8, true);
    EXPECT_THROW(doc.updateDifference(kA, wrongGrid, counts), Error);
}

// Label files are read as uint8, or uint16 when a value needs it (castToLabelVolume).
INSTANTIATE_TEST_SUITE_P(OriginalTypes, Difference, ::testing::Values(ScalarType::UInt8, ScalarType::UInt16),
                         [](const auto& info) { return std::string(scalarName(info.param)); });

TEST(Difference, WithoutALoadedOriginalItIsAllZero) {
    Document doc;
    doc.setImage(Volume(kGrid, ScalarType::Int16), "ct");
    const Label a = doc.editor().addSegment("a");
    doc.editor().apply(Modifier::of(filledBox(kA)), EditMode::Set, a);
    const Volume diff = doc.difference();
    EXPECT_EQ(diff.type(), ScalarType::UInt8);
    for (size_t n = 0; n < diff.voxelCount(); ++n) ASSERT_EQ(diff.data<uint8_t>()[n], 0) << n;
}

TEST(ChangeLog, ChangedSinceIsTheBoxOfLaterVoxelChangesOnly) {
    EditDoc d(kGrid);
    const Label a = d.editor.addSegment("a");
    const uint64_t v0 = d.map.version();
    d.editor.apply(Modifier::of(filledBox(kA)), EditMode::Set, a);
    const uint64_t v1 = d.map.version();
    EXPECT_GT(v1, v0);
    EXPECT_EQ(d.map.changedSince(v0), kA);
    EXPECT_TRUE(d.map.changedSince(v1).empty());
    d.editor.renameSegment(a, "b");  // the table changed, no voxel did
    EXPECT_GT(d.map.version(), v1);
    EXPECT_TRUE(d.map.changedSince(v1).empty());
    // The renderer taking its dirty box does not consume the log.
    EXPECT_EQ(d.map.takeDirtyBox(), kA);
    EXPECT_EQ(d.map.changedSince(v0), kA);
    const uint64_t v2 = d.map.version();
    d.editor.apply(Modifier::of(filledBox(kC)), EditMode::Set, a);
    EXPECT_EQ(d.map.changedSince(v2), kC);
    EXPECT_EQ(d.map.changedSince(v0), (VoxelBox{{0, 0, 0}, {24, 4, 2}}));
    // Undo writes voxels too: its box is in the log.
    const uint64_t v3 = d.map.version();
    d.editor.undo();  // C
    d.editor.undo();  // the rename
    d.editor.undo();  // A
    EXPECT_EQ(d.map.changedSince(v3), (VoxelBox{{0, 0, 0}, {24, 4, 2}}));
}

TEST(ChangeLog, OlderChangesAreMergedButNeverLost) {
    EditDoc d(kGrid);
    const Label a = d.editor.addSegment("a");
    // More single-voxel edits than the log holds, voxel s at (s % 40, s / 40, 0).
    const int n = int(LabelMap::kChangeLogSize) + 20;
    ASSERT_LT(n, 120);
    std::vector<uint64_t> before(n);
    for (int s = 0; s < n; ++s) {
        before[s] = d.map.version();
        const int i = s % 40, j = s / 40;
        d.editor.apply(Modifier::of(filledBox({{i, j, 0}, {i + 1, j + 1, 1}})), EditMode::Set, a);
    }
    const VoxelBox all{{0, 0, 0}, {40, (n - 1) / 40 + 1, 1}};
    EXPECT_EQ(d.map.changedSince(0), all);
    EXPECT_EQ(d.map.changedSince(before[0]), all);
    // The newest changes are exact; an older reader gets a box that covers its changes.
    const int last = n - 1;
    EXPECT_EQ(d.map.changedSince(before[last]), (VoxelBox{{last % 40, last / 40, 0}, {last % 40 + 1, last / 40 + 1, 1}}));
    for (int s = 0; s < n; ++s) {
        const VoxelBox box = d.map.changedSince(before[s]);
        for (int t = s; t < n; ++t) ASSERT_TRUE(box.contains(t % 40, t / 40, 0)) << s << " " << t;
    }
}
