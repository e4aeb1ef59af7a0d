#include <gtest/gtest.h>

#include "seg/tools/islands.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// Segment "a" with three separate blocks: 3x3x3 (27), 2x2x2 (8) and one voxel, plus a
// voxel touching the 2x2x2 block only by a corner (joins it under 26-connectivity).
struct Islands : EditDoc {
    Label a = 0;
    Islands() : EditDoc(ImageGeometry({20, 20, 10}, {1, 1, 2})) {
        a = editor.addSegment("a");
        auto block = [&](Index3 lo, int n) {
            editor.apply(Modifier::of(filledBox({lo, {lo[0] + n, lo[1] + n, lo[2] + n}})), EditMode::Set, a);
        };
        block({1, 1, 1}, 3);
        block({10, 10, 1}, 2);
        block({15, 2, 6}, 1);
        block({12, 12, 3}, 1);  // corner-touches (11,11,2)
    }
};

}  // namespace

TEST(Islands, KeepLargest) {
    Islands d;
    islands(d.editor, {IslandOperation::KeepLargest, d.a});
    EXPECT_EQ(d.map.countLabel(d.a), 27u);
}

TEST(Islands, KeepAtClickAndConnectivity) {
    Islands d;
    IslandsParams p{IslandOperation::KeepAtPoint, d.a};
    p.pointLps = d.map.geometry().indexToPatient({10, 11, 2});
    islands(d.editor, p);
    EXPECT_EQ(d.map.countLabel(d.a), 9u);  // the 2x2x2 block + its corner neighbour
    d.editor.undo();
    p.connectivity = Connectivity::Six;
    islands(d.editor, p);
    EXPECT_EQ(d.map.countLabel(d.a), 8u);
    p.pointLps = {0, 0, 0};  // background voxel
    EXPECT_THROW(islands(d.editor, p), Error);
    p.pointLps = {-50, 0, 0};  // outside the image
    EXPECT_THROW(islands(d.editor, p), Error);
}

TEST(Islands, RemoveSmallerThanVolumeInMm3) {
    // Voxels are 2 mm^3: the 9-voxel island is 18 mm^3, the single voxel 2 mm^3.
    Islands d;
    IslandsParams p{IslandOperation::RemoveSmall, d.a};
    p.minVolumeMm3 = 18;  // "smaller than 18": only the single voxel goes
    islands(d.editor, p);
    EXPECT_EQ(d.map.countLabel(d.a), 36u);
    p.minVolumeMm3 = 18.5;
    islands(d.editor, p);
    EXPECT_EQ(d.map.countLabel(d.a), 27u);
    EXPECT_EQ(d.history.undoCount(), 4u + 1 + 2);  // add, 4 blocks, 2 removals
    p.minVolumeMm3 = -1;
    EXPECT_THROW(islands(d.editor, p), Error);
}

TEST(Islands, SplitIntoSegmentsIsOneUndoStep) {
    Islands d;
    const size_t steps = d.history.undoCount();
    const IslandsResult r = islands(d.editor, {IslandOperation::SplitIntoSegments, d.a});
    ASSERT_EQ(r.newSegments.size(), 2u);
    EXPECT_EQ(d.map.countLabel(d.a), 27u);
    EXPECT_EQ(d.map.countLabel(r.newSegments[0]), 9u);
    EXPECT_EQ(d.map.countLabel(r.newSegments[1]), 1u);
    EXPECT_EQ(d.map.segment(r.newSegments[0])->name, "a 2");
    EXPECT_EQ(d.history.undoCount(), steps + 1);
    d.editor.undo();
    EXPECT_EQ(d.map.countLabel(d.a), 37u);
    EXPECT_EQ(d.map.segments().size(), 1u);
}

TEST(Islands, LockedSegmentRefused) {
    Islands d;
    d.editor.setSegmentLocked(d.a, true);
    EXPECT_THROW(islands(d.editor, {IslandOperation::KeepLargest, d.a}), Error);
    EXPECT_EQ(d.map.countLabel(d.a), 37u);
}
