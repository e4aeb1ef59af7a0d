#include <gtest/gtest.h>

#include "seg/editor.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

namespace {

BoxMask fullBox(VoxelBox b) { return filledBox(b); }
using Doc = EditDoc;

}  // namespace

TEST(Editor, SetWritesExactlyTheModifierAndReportsItsBox) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("bone");
    EXPECT_EQ(a, 1);
    const VoxelBox box{{30, 2, 3}, {34, 5, 4}};  // straddles the tile boundary at i = 32
    const EditResult r = d.editor.apply(Modifier::of(fullBox(box)), EditMode::Set, a);
    EXPECT_EQ(r.changedVoxels, 12u);
    EXPECT_EQ(r.changed, box);
    EXPECT_EQ(countLabel(d.map, a), 12u);
    EXPECT_EQ(d.map.at(33, 4, 3), a);
    EXPECT_EQ(d.map.at(34, 4, 3), 0);
    EXPECT_EQ(d.map.allocatedTiles(), 2u);
    EXPECT_EQ(d.map.takeDirtyBox(), box);
    EXPECT_TRUE(d.map.takeDirtyBox().empty());
}

TEST(Editor, LockedSegmentIsNeverOverwrittenOrErased) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    d.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {10, 10, 10}})), EditMode::Set, a);
    d.editor.setSegmentLocked(a, true);
    const EditResult r = d.editor.apply(Modifier::of(fullBox({{5, 0, 0}, {15, 10, 10}})), EditMode::Set, b);
    EXPECT_EQ(r.changedVoxels, 500u);  // only the 5x10x10 slab outside a
    EXPECT_EQ(countLabel(d.map, a), 1000u);
    EXPECT_EQ(countLabel(d.map, b), 500u);
    d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Erase, 0);  // erase any
    EXPECT_EQ(countLabel(d.map, a), 1000u);
    EXPECT_EQ(countLabel(d.map, b), 0u);
    EXPECT_THROW(d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Set, a), Error);
    EXPECT_THROW(d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Erase, a), Error);
    EXPECT_THROW(d.editor.removeSegment(a), Error);
    EXPECT_THROW(d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Set, 7), Error);  // unknown
}

TEST(Editor, MaskingRules) {
    const ImageGeometry g = smallGrid();
    const Volume ramp = rampVolume(g);
    Doc d(g);
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    d.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {10, 10, 10}})), EditMode::Set, a);
    const Modifier slab = Modifier::of(fullBox({{0, 0, 0}, {20, 10, 10}}));

    EditOptions inside;  // only inside a: all 1000 voxels of a become b
    inside.region = EditRegion::InsideSegment;
    inside.regionSegment = a;
    EditOptions outside;  // only outside all segments
    outside.region = EditRegion::OutsideAllSegments;
    {
        Doc e(g);
        e.editor.addSegment("a");
        e.editor.addSegment("b");
        e.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {10, 10, 10}})), EditMode::Set, a);
        EXPECT_EQ(e.editor.apply(slab, EditMode::Set, b, inside).changedVoxels, 1000u);
        EXPECT_EQ(countLabel(e.map, a), 0u);
    }
    EXPECT_EQ(d.editor.apply(slab, EditMode::Set, b, outside).changedVoxels, 1000u);
    EXPECT_EQ(countLabel(d.map, a), 1000u);
    EXPECT_EQ(countLabel(d.map, b), 1000u);

    // Intensity rule: ramp value = i + 100 j + 10000 (k%3) - 5000; in [-5000, -4995] only
    // voxels with k%3 == 0, j == 0, i <= 5 qualify: in the slab k = 0,3,6,9 -> 4 * 6 = 24.
    Doc h(g);
    const Label c = h.editor.addSegment("c");
    EditOptions hu;
    hu.intensity = &ramp;
    hu.intensityLo = -5000;
    hu.intensityHi = -4995;
    EXPECT_EQ(h.editor.apply(slab, EditMode::Set, c, hu).changedVoxels, 24u);

    // Editable area: only the voxels of the mask.
    Mask area(g);
    area.at(3, 3, 3) = 1;
    area.at(39, 34, 32) = 1;
    EditOptions ea;
    ea.editableArea = &area;
    EXPECT_EQ(h.editor.apply(Modifier::everywhere(g), EditMode::Set, c, ea).changedVoxels, 2u);
}

TEST(Editor, EraseOnlyTargetsTheNamedSegment) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    d.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {4, 4, 4}})), EditMode::Set, a);
    d.editor.apply(Modifier::of(fullBox({{4, 0, 0}, {8, 4, 4}})), EditMode::Set, b);
    EXPECT_EQ(d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Erase, a).changedVoxels, 64u);
    EXPECT_EQ(countLabel(d.map, b), 64u);
}

TEST(Editor, SegmentTableOperations) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    d.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {4, 4, 4}})), EditMode::Set, a);
    d.editor.apply(Modifier::of(fullBox({{4, 0, 0}, {8, 4, 4}})), EditMode::Set, b);
    d.editor.mergeSegments(a, b);
    EXPECT_EQ(countLabel(d.map, a), 128u);
    EXPECT_EQ(d.map.segment(b), nullptr);
    d.editor.renameSegment(a, "bone");
    d.editor.recolorSegment(a, {1, 2, 3});
    EXPECT_EQ(d.map.segment(a)->name, "bone");
    EXPECT_EQ(d.map.segment(a)->color, (Rgb{1, 2, 3}));
    d.editor.removeSegment(a);
    EXPECT_TRUE(d.map.segments().empty());
    EXPECT_EQ(countLabel(d.map, a), 0u);
}

TEST(Editor, RelabelMovesVoxelsAndEntryAndUndoesExactly) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("liver"), b = d.editor.addSegment("spleen");
    d.editor.apply(Modifier::of(fullBox({{0, 0, 0}, {4, 4, 4}})), EditMode::Set, a);
    d.editor.apply(Modifier::of(fullBox({{4, 0, 0}, {8, 4, 4}})), EditMode::Set, b);
    d.editor.recolorSegment(a, {9, 8, 7});
    d.editor.relabelSegment(a, 42);
    EXPECT_EQ(countLabel(d.map, a), 0u);
    EXPECT_EQ(countLabel(d.map, 42), 64u);
    EXPECT_EQ(countLabel(d.map, b), 64u);  // untouched
    EXPECT_EQ(d.map.at(0, 0, 0), 42);
    ASSERT_NE(d.map.segment(42), nullptr);
    EXPECT_EQ(d.map.segment(42)->name, "liver");
    EXPECT_EQ(d.map.segment(42)->color, (Rgb{9, 8, 7}));
    EXPECT_EQ(d.map.segment(a), nullptr);
    EXPECT_EQ(d.map.segments().front().id, 42);  // keeps its place in the table
    EXPECT_THROW(d.editor.relabelSegment(42, b), Error);  // taken
    EXPECT_THROW(d.editor.relabelSegment(42, 0), Error);  // background
    d.editor.setSegmentLocked(b, true);
    EXPECT_THROW(d.editor.relabelSegment(b, 7), Error);  // locked
    d.editor.undo();  // the lock
    d.editor.undo();  // the relabel: one step
    EXPECT_EQ(countLabel(d.map, a), 64u);
    EXPECT_EQ(countLabel(d.map, 42), 0u);
    EXPECT_EQ(d.map.segment(a)->name, "liver");
    EXPECT_EQ(d.map.segment(42), nullptr);
}

TEST(Editor, SameResultWithOneAndTwoThreads) {
    const ImageGeometry g = smallGrid({70, 66, 40});
    const Volume ramp = rampVolume(g);
    auto run = [&] {
        Doc d(g);
        const Label a = d.editor.addSegment("a");
        EditOptions hu;
        hu.intensity = &ramp;
        hu.intensityLo = -3000;
        hu.intensityHi = 1000;
        const EditResult r = d.editor.apply(Modifier::everywhere(g), EditMode::Set, a, hu);
        return std::pair{d.map.toVolume().data<uint8_t>()[g.voxelCount() / 2] + r.changedVoxels * 256,
                         d.history.nextUndo()->tiles.size()};
    };
    auto [one, two] = withOneAndTwoThreads(run);
    EXPECT_EQ(one, two);
}

// Issue 11: after loading TotalSegmentator labels a new segment took id 2 (kidney_right).
TEST(Editor, NewSegmentsSkipReservedIdsAndSayWhenNoneIsLeft) {
    Doc d(smallGrid());
    d.map.reserveIds({1, 2, 3, 5});
    EXPECT_EQ(d.editor.addSegment("mine"), 4);
    EXPECT_EQ(d.editor.addSegment("next"), 6);
    std::vector<Label> all;
    for (int v = 1; v <= kMaxLabel; ++v) all.push_back(Label(v));
    d.map.reserveIds(all);
    EXPECT_EQ(d.map.nextFreeId(), 0);
    try {
        d.editor.addSegment("one too many");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no label id is free"), std::string::npos) << e.what();
    }
    EXPECT_EQ(d.map.segments().size(), 2u);
}
