#include <gtest/gtest.h>

#include "seg/tools/smoothing.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

struct Doc : EditDoc {
    Label a = 0;
    explicit Doc(Vec3 spacing = {1, 1, 1}) : EditDoc(ImageGeometry({20, 20, 20}, spacing)) { a = editor.addSegment("a"); }
    void box(Index3 lo, Index3 hi, bool erase = false) {
        editor.apply(Modifier::of(filledBox({lo, hi})), erase ? EditMode::Erase : EditMode::Set, a);
    }
    size_t run(SmoothingOperation op, double r = 1, int axis = 2) {
        SmoothingParams p;
        p.operation = op;
        p.radiusMm = r;
        p.sliceAxis = axis;
        p.segment = a;
        smooth(editor, p);
        return map.countLabel(a);
    }
};

}  // namespace

TEST(Smoothing, DilateErodeWithAnisotropicKernel) {
    {
        Doc d;
        d.box({8, 8, 8}, {12, 12, 12});
        EXPECT_EQ(d.run(SmoothingOperation::Dilate), 216u);  // 6^3
        d.editor.undo();
        EXPECT_EQ(d.run(SmoothingOperation::Erode), 8u);  // 2^3
    }
    {
        Doc d({1, 1, 3});  // half-width round(1/3) = 0 along z
        d.box({8, 8, 8}, {12, 12, 12});
        EXPECT_EQ(d.run(SmoothingOperation::Dilate), 6u * 6 * 4);
    }
}

TEST(Smoothing, ClosingFillsSmallHoleMedianRemovesCornersAndSpecks) {
    Doc d;
    d.box({5, 5, 5}, {15, 15, 15});
    d.box({10, 10, 10}, {11, 11, 11}, true);
    EXPECT_EQ(d.map.countLabel(d.a), 999u);
    EXPECT_EQ(d.run(SmoothingOperation::Closing), 1000u);
    EXPECT_EQ(d.history.undoCount(), 4u);  // closing = one step (set + erase inside it)

    Doc m;
    m.box({8, 8, 8}, {12, 12, 12});
    m.box({1, 1, 1}, {2, 2, 2});  // a speck
    // 4^3 cube: corners (8 of 27 set) and edge voxels (12 of 27) lose the vote: 64 - 8 - 24.
    EXPECT_EQ(m.run(SmoothingOperation::Median), 32u);
}

TEST(Smoothing, FillHoles2DAnd3D) {
    Doc d;  // a square tube along z, open at both ends: 5x5 ring, 6 slices
    d.box({5, 5, 5}, {10, 10, 11});
    d.box({6, 6, 5}, {9, 9, 11}, true);
    EXPECT_EQ(d.map.countLabel(d.a), 16u * 6);
    EXPECT_EQ(d.run(SmoothingOperation::FillHoles3D), 16u * 6);  // open: no cavity
    EXPECT_EQ(d.run(SmoothingOperation::FillHoles2D, 0, 2), 25u * 6);
    Doc s;  // a closed shell: 5^3 with a 3^3 cavity
    s.box({5, 5, 5}, {10, 10, 10});
    s.box({6, 6, 6}, {9, 9, 9}, true);
    EXPECT_EQ(s.run(SmoothingOperation::FillHoles3D), 125u);
}

TEST(Smoothing, RejectsBadParameters) {
    Doc d;
    SmoothingParams p;
    p.segment = d.a;
    p.radiusMm = -1;
    EXPECT_THROW(smooth(d.editor, p), Error);
    p.radiusMm = 1;
    p.operation = SmoothingOperation::FillHoles2D;
    p.sliceAxis = 3;
    EXPECT_THROW(smooth(d.editor, p), Error);
    p.segment = 9;
    EXPECT_THROW(smooth(d.editor, p), Error);
}
