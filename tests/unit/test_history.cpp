#include <gtest/gtest.h>

#include "seg/editor.h"
#include "seg/tools/paint.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

namespace {

using Doc = EditDoc;

BoxMask randomBlob(std::mt19937& rng, const ImageGeometry& g) {
    VoxelBox b;
    for (int a = 0; a < 3; ++a) {
        b.lo[a] = int64_t(rng() % unsigned(g.dim(a)));
        b.hi[a] = std::min<int64_t>(g.dim(a), b.lo[a] + 1 + int64_t(rng() % 20));
    }
    BoxMask m(b);
    for (auto& v : m.bits) v = uint8_t(rng() % 3 != 0);
    return m;
}

}  // namespace

TEST(History, UndoRestoresBitExactlyAfterManyRandomEdits) {
    const ImageGeometry g = smallGrid({50, 45, 40});
    Doc d(g);
    std::mt19937 rng(42);
    std::vector<Label> segs;
    for (int s = 0; s < 4; ++s) segs.push_back(d.editor.addSegment(std::string(1, char('a' + s))));
    std::vector<LabelMap> states;
    states.push_back(d.map.clone());
    for (int n = 0; n < 100; ++n) {
        const BoxMask m = randomBlob(rng, g);
        const Label s = segs[rng() % segs.size()];
        EditOptions opt;
        opt.region = EditRegion(rng() % 3);
        opt.regionSegment = segs[rng() % segs.size()];
        const EditMode mode = rng() % 4 == 0 ? EditMode::Erase : EditMode::Set;
        const size_t before = d.history.undoCount();
        const EditResult r = d.editor.apply(Modifier::of(m), mode, mode == EditMode::Erase && rng() % 2 ? 0 : s, opt);
        EXPECT_EQ(d.history.undoCount(), before + (r.changedVoxels ? 1 : 0));
        if (r.changedVoxels) states.push_back(d.map.clone());
    }
    ASSERT_GT(states.size(), 40u);
    for (size_t n = states.size() - 1; n-- > 0;) {
        d.editor.undo();
        ASSERT_TRUE(d.map.sameVoxels(states[n])) << "after undo to state " << n;
    }
    EXPECT_EQ(d.map.segments().size(), 4u);  // the adds are older than the voxel edits
    for (size_t n = 1; n < states.size(); ++n) {
        d.editor.redo();
        ASSERT_TRUE(d.map.sameVoxels(states[n])) << "after redo to state " << n;
    }
}

TEST(History, NoOpAddsNoStep) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a");
    const BoxMask m = filledBox({{0, 0, 0}, {3, 3, 3}});
    d.editor.apply(Modifier::of(m), EditMode::Set, a);
    EXPECT_EQ(d.history.undoCount(), 2u);
    EXPECT_EQ(d.editor.apply(Modifier::of(m), EditMode::Set, a).changedVoxels, 0u);  // same again
    d.editor.renameSegment(a, "a");                                                  // same name
    d.editor.beginStep("empty");
    d.editor.endStep();
    EXPECT_EQ(d.history.undoCount(), 2u);
}

TEST(History, StrokeIsOneStepAndNewEditClearsRedo) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a");
    tools::PaintParams p;
    p.radiusMm = 2;
    p.segment = a;
    tools::BrushStroke s(d.editor, p);
    for (int i = 5; i < 30; i += 3) s.addPoint({double(i), 10, 10});
    const EditResult r = s.finish();
    EXPECT_EQ(d.history.undoCount(), 2u);
    EXPECT_EQ(r.changedVoxels, countLabel(d.map, a));
    d.editor.undo();
    EXPECT_EQ(countLabel(d.map, a), 0u);
    EXPECT_EQ(d.history.redoCount(), 1u);
    d.editor.redo();
    EXPECT_EQ(countLabel(d.map, a), r.changedVoxels);
    d.editor.undo();
    tools::paintStroke(d.editor, p, {{3, 3, 3}});
    EXPECT_EQ(d.history.redoCount(), 0u);
    EXPECT_EQ(countLabel(d.map, a), 33u);  // r = 2 mm sphere at 1 mm spacing
}

TEST(History, SegmentOperationsUndo) {
    Doc d(smallGrid());
    const Label a = d.editor.addSegment("a"), b = d.editor.addSegment("b");
    const BoxMask m = filledBox({{0, 0, 0}, {4, 4, 4}});
    d.editor.apply(Modifier::of(m), EditMode::Set, b);
    const std::vector<Segment> table = d.map.segments();
    d.editor.renameSegment(a, "renamed");
    d.editor.recolorSegment(a, {9, 9, 9});
    d.editor.setSegmentLocked(a, true);
    d.editor.mergeSegments(b, b);  // a no-op
    d.editor.removeSegment(b);
    EXPECT_EQ(countLabel(d.map, b), 0u);
    EXPECT_EQ(d.map.segments().size(), 1u);
    d.editor.undo();  // delete
    EXPECT_EQ(countLabel(d.map, b), 64u);
    ASSERT_NE(d.map.segment(b), nullptr);
    d.editor.undo();  // lock
    EXPECT_FALSE(d.map.segment(a)->locked);
    d.editor.undo();  // colour
    d.editor.undo();  // rename
    EXPECT_EQ(d.map.segments(), table);
    d.editor.undo();  // paint
    d.editor.undo();  // add b
    d.editor.undo();  // add a
    EXPECT_TRUE(d.map.segments().empty());
    EXPECT_FALSE(d.history.canUndo());
    EXPECT_TRUE(d.editor.undo().changed.empty());
}

TEST(History, HundredsOfDabStepsFitTheDefaultBudget) {
    Doc d(smallGrid({64, 64, 64}));
    const Label a = d.editor.addSegment("a");
    tools::PaintParams p;
    p.radiusMm = 3;
    p.segment = a;
    for (int n = 0; n < 150; ++n) {
        p.erase = n % 2 == 1;  // paint, erase (shifted by 1 mm), paint...: every dab changes voxels
        tools::paintStroke(d.editor, p, {{20.0 + n % 7, 30, 30}});
    }
    EXPECT_EQ(d.history.undoCount(), 151u);
    EXPECT_LT(d.history.bytes(), 151u * 4096u);  // a dab costs far less than a tile
    for (int n = 0; n < 150; ++n) ASSERT_FALSE(d.editor.undo().changed.empty());
    EXPECT_EQ(countLabel(d.map, a), 0u);
    d.editor.undo();  // the segment add: a table-only step
    EXPECT_TRUE(d.map.segments().empty());
}

TEST(History, BudgetDropsOldestSteps) {
    Doc d(smallGrid({64, 64, 64}), 20000);
    const Label a = d.editor.addSegment("a");
    tools::PaintParams p;
    p.radiusMm = 3;
    p.segment = a;
    for (int n = 0; n < 200; ++n) tools::paintStroke(d.editor, p, {{4.0 + (n % 50), 4.0 + 5 * (n / 50), 30}});
    EXPECT_LE(d.history.bytes(), 20000u);
    EXPECT_LT(d.history.undoCount(), 201u);
    EXPECT_GT(d.history.undoCount(), 10u);
    // The newest steps survive and still undo exactly: undo all, the oldest retained
    // state is a map with the first dabs still painted.
    const size_t kept = d.history.undoCount();
    for (size_t n = 0; n < kept; ++n) d.editor.undo();
    EXPECT_FALSE(d.history.canUndo());
    EXPECT_GT(countLabel(d.map, a), 0u);
    EXPECT_TRUE(d.history.canRedo());
}

TEST(History, NewestStepKeptEvenOverBudget) {
    Doc d(smallGrid(), 10);
    const Label a = d.editor.addSegment("a");
    d.editor.apply(Modifier::everywhere(d.map.geometry()), EditMode::Set, a);
    EXPECT_EQ(d.history.undoCount(), 1u);
    d.editor.undo();
    EXPECT_EQ(countLabel(d.map, a), 0u);
}
