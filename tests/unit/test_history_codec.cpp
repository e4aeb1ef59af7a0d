#include <gtest/gtest.h>

#include <random>

#include "seg/tile_diff.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

TEST(TileDiff, RoundTripsBothWaysAndReportsTheChangedBox) {
    std::mt19937 rng(11);
    std::vector<Label> before(LabelMap::kTileVoxels), after;
    for (auto& v : before) v = Label(rng() % 3 == 0 ? rng() % 5 : 0);
    after = before;
    // A long run (> 127 voxels: multi-byte varints) and scattered changes.
    std::fill(after.begin() + 1000, after.begin() + 3000, Label(7));
    for (int n = 0; n < 200; ++n) after[20000 + n * 37] = Label(9);
    TileDiffStats st;
    const std::vector<uint8_t> runs = encodeTileDiff(before.data(), after.data(), &st);
    size_t expected = 0;
    for (int n = 0; n < LabelMap::kTileVoxels; ++n) expected += before[size_t(n)] != after[size_t(n)];
    EXPECT_EQ(st.changedVoxels, expected);
    // Offsets 1000..2999 span rows 31..93 of slices 0..2; 20000..27363 spans slices 19..26.
    EXPECT_EQ(st.changedLocal, (VoxelBox{{0, 0, 0}, {32, 32, 27}}));
    std::vector<Label> tile = before;
    applyTileDiff(runs, tile.data(), true);
    EXPECT_EQ(tile, after);
    applyTileDiff(runs, tile.data(), false);
    EXPECT_EQ(tile, before);
    EXPECT_TRUE(encodeTileDiff(before.data(), before.data()).empty());
    EXPECT_TRUE(encodeTileDiff(nullptr, nullptr).empty());
}

TEST(TileDiff, OneVoxelCostsAFewBytesAndAnExactBox) {
    std::vector<Label> after(LabelMap::kTileVoxels, 0);
    after[LabelMap::offsetInTile(5, 6, 7)] = 1;
    TileDiffStats st;
    const auto runs = encodeTileDiff(nullptr, after.data(), &st);
    EXPECT_LE(runs.size(), 6u);
    EXPECT_EQ(st.changedLocal, (VoxelBox{{5, 6, 7}, {6, 7, 8}}));
}

TEST(History, UndoMarksTheRecordBoxDirtyForTheGpu) {
    EditDoc d(smallGrid());
    const Label a = d.editor.addSegment("a");
    const VoxelBox box{{33, 2, 1}, {36, 4, 2}};
    d.editor.apply(Modifier::of(filledBox(box)), EditMode::Set, a);
    EXPECT_EQ(d.map.takeDirtyBox(), box);
    const uint64_t v = d.map.version();
    EXPECT_EQ(d.editor.undo().changed, box);
    EXPECT_EQ(d.map.takeDirtyBox(), box);
    EXPECT_GT(d.map.version(), v);
}

// Runs read back from a file (the recovery journal) were applied unchecked: a count past
// the tile wrote past its buffer. isValidTileDiff checks them first.
TEST(TileDiff, ValidatesRunsReadFromAFile) {
    std::vector<Label> before(LabelMap::kTileVoxels, 0), after(before);
    for (int i = 100; i < 900; ++i) after[size_t(i)] = 3;
    after[LabelMap::kTileVoxels - 1] = 7;
    const std::vector<uint8_t> runs = encodeTileDiff(before.data(), after.data());
    EXPECT_TRUE(isValidTileDiff(runs));
    EXPECT_FALSE(isValidTileDiff({}));
    EXPECT_FALSE(isValidTileDiff(std::vector<uint8_t>(runs.begin(), runs.end() - 1)));  // a label cut off
    // skip 0, count 32769 (one voxel past the tile), labels 0 -> 1.
    EXPECT_FALSE(isValidTileDiff({0x00, 0x81, 0x80, 0x02, 0x00, 0x01}));
    // skip 32767, count 1: the last voxel, valid.
    EXPECT_TRUE(isValidTileDiff({0xff, 0xff, 0x01, 0x01, 0x00, 0x01}));
    // A varint that never ends.
    EXPECT_FALSE(isValidTileDiff({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}
