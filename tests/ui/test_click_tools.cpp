// The click/outline tools' actions (what a mouse release or click runs): scissors in a slice,
// through the volume and along 3D view rays, island click, grow, contours + fill between,
// Ctrl+click picking. Exact voxel counts on small synthetic documents, and undo.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "io/nifti_io.h"
#include "ui/click_tools.h"
#include "ui/edit_actions.h"
#include "ui/segment_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
using render::ViewAxis;

namespace {

// A 40 x 40 x 20 CT of 1 mm voxels at the origin (index == LPS mm): 0 HU, with 200 HU in
// the cube i, j, k in [0, 10) and in the cube [20, 25) x [20, 25) x [5, 10).
Volume ct() {
    const ImageGeometry g({40, 40, 20}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < 20; ++k)
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i) {
                const bool a = i < 10 && j < 10 && k < 10;
                const bool b = i >= 20 && i < 25 && j >= 20 && j < 25 && k >= 5 && k < 10;
                p[g.linearIndex(i, j, k)] = (a || b) ? 200 : 0;
            }
    return v;
}

struct ClickDoc {
    ViewerState s;
    ClickDoc() { setVolume(s, ct(), "test"); }
    LabelMap& map() { return s.doc->labels(); }
    LabelMapEditor& editor() { return s.doc->editor(); }
    // A new segment holding the box [lo, hi).
    Label addBox(Index3 lo, Index3 hi) {
        const Label id = editor().addSegment("box");
        BoxMask m(VoxelBox{lo, hi});
        std::fill(m.bits.begin(), m.bits.end(), 1);
        editor().apply(Modifier::of(std::move(m)), EditMode::Set, id);
        return id;
    }
    void finishJob() {
        if (s.busy()) s.message = s.job.wait().message;
    }
};

// An axial square (z = slice mm) with corners (lo, lo) and (hi, hi) mm.
std::vector<Vec3> axialSquare(double z, double lo, double hi) {
    return {{lo, lo, z}, {hi, lo, z}, {hi, hi, z}, {lo, hi, z}};
}

}  // namespace

TEST(ClickTools, LassoErasesInsideOnThisSliceAndUndoRestores) {
    ClickDoc d;
    const Label seg = d.addBox({0, 0, 0}, {20, 20, 10});  // 4000 voxels
    d.s.edit.segment = seg;
    // Voxel centres 5..9 in x and y: 25 voxels on slice 5.
    finishLasso(d.s, ViewAxis::Axial, axialSquare(5, 4.5, 9.5));
    EXPECT_FALSE(d.s.busy());  // one slice runs at once
    EXPECT_EQ(d.map().countLabel(seg), 4000u - 25);
    for (int k : {4, 6}) EXPECT_EQ(d.map().at(7, 7, k), seg);
    EXPECT_EQ(d.map().at(7, 7, 5), 0);
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 4000u);
}

TEST(ClickTools, LassoThroughVolumeAndEraseOutside) {
    ClickDoc d;
    const Label seg = d.addBox({0, 0, 0}, {20, 20, 10});
    d.s.edit.segment = seg;
    d.s.edit.click.scissorsThroughVolume = true;
    finishLasso(d.s, ViewAxis::Axial, axialSquare(5, 4.5, 9.5));
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 4000u - 25 * 10);
    undoEdit(d.s);
    d.s.edit.click.scissorsThroughVolume = false;
    d.s.edit.click.scissorsMode = tools::ScissorsMode::EraseOutside;
    finishLasso(d.s, ViewAxis::Axial, axialSquare(3, 4.5, 9.5));  // slice 3: keeps 25 of 400
    EXPECT_EQ(d.map().countLabel(seg), 4000u - 375);
    // Coronal view (normal along y = index axis 1): slice j = 2, x 0..4, z 0..2 -> 5 x 3.
    undoEdit(d.s);
    d.s.edit.click.scissorsMode = tools::ScissorsMode::EraseInside;
    finishLasso(d.s, ViewAxis::Coronal, {{-0.5, 2, -0.5}, {4.5, 2, -0.5}, {4.5, 2, 2.5}, {-0.5, 2, 2.5}});
    EXPECT_EQ(d.map().countLabel(seg), 4000u - 15);
}

TEST(ClickTools, LassoFillMakesASegmentInTheSameUndoStep) {
    ClickDoc d;
    d.s.edit.click.scissorsMode = tools::ScissorsMode::FillInside;
    const size_t steps = d.s.doc->history().undoCount();
    finishLasso(d.s, ViewAxis::Axial, axialSquare(2, -0.5, 3.5));  // 4 x 4
    ASSERT_NE(d.s.edit.segment, 0);
    EXPECT_EQ(d.map().countLabel(d.s.edit.segment), 16u);
    EXPECT_EQ(d.s.doc->history().undoCount(), steps + 1);
    undoEdit(d.s);
    EXPECT_TRUE(d.map().segments().empty());
}

TEST(ClickTools, LassoWithTooFewPointsOrOffTheImageChangesNothing) {
    ClickDoc d;
    const Label seg = d.addBox({0, 0, 0}, {20, 20, 10});
    d.s.edit.segment = seg;
    finishLasso(d.s, ViewAxis::Axial, {{1, 1, 5}, {5, 5, 5}});
    EXPECT_NE(d.s.message.find("at least 3 points"), std::string::npos) << d.s.message;
    finishLasso(d.s, ViewAxis::Axial, axialSquare(50, 0, 5));
    EXPECT_NE(d.s.message.find("outside the image"), std::string::npos) << d.s.message;
    EXPECT_EQ(d.map().countLabel(seg), 4000u);
}

TEST(ClickTools, Lasso3dErasesOutsideAlongTheViewRays) {
    ClickDoc d;
    const Label seg = d.addBox({0, 0, 0}, {20, 20, 10});
    d.s.edit.click.scissorsMode = tools::ScissorsMode::EraseOutside;
    // An orthographic view down z: NDC x = (x - 20) / 20, y = (y - 20) / 20 (row-major).
    const std::array<double, 16> m{0.05, 0, 0, -1, 0, 0.05, 0, -1, 0, 0, 0.01, 0, 0, 0, 0, 1};
    auto ndc = [](double mm) { return (mm - 20) / 20; };
    // x and y in [4.5, 9.5] mm: the 5 x 5 columns of centres 5..9 survive, all 10 slices.
    finishLasso3d(d.s, m, {{ndc(4.5), ndc(4.5)}, {ndc(9.5), ndc(4.5)}, {ndc(9.5), ndc(9.5)}, {ndc(4.5), ndc(9.5)}});
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 250u) << d.s.message;
    EXPECT_EQ(d.map().at(7, 7, 9), seg);
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 4000u);
}

TEST(ClickTools, IslandClickKeepsTheClickedIsland) {
    ClickDoc d;
    const Label seg = d.addBox({2, 2, 2}, {5, 5, 5});  // 27
    d.s.edit.segment = seg;
    BoxMask b(VoxelBox{{20, 20, 10}, {24, 24, 14}});  // 64, far away
    std::fill(b.bits.begin(), b.bits.end(), 1);
    d.editor().apply(Modifier::of(std::move(b)), EditMode::Set, seg);
    ASSERT_EQ(d.map().countLabel(seg), 91u);
    const size_t steps = d.s.doc->history().undoCount();

    islandClick(d.s, {0, 0, 0});  // background: nothing happens
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("background"), std::string::npos) << d.s.message;
    EXPECT_EQ(d.s.doc->history().undoCount(), steps);

    islandClick(d.s, {21.2, 22.7, 12.4});
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 64u) << d.s.message;
    EXPECT_EQ(d.map().at(21, 21, 11), seg);
    EXPECT_EQ(d.s.doc->history().undoCount(), steps + 1);
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 91u);
}

TEST(ClickTools, IslandClickWithoutSelectionUsesTheSegmentUnderTheClick) {
    ClickDoc d;
    const Label a = d.addBox({2, 2, 2}, {5, 5, 5});
    const Label b = d.addBox({20, 20, 10}, {24, 24, 14});
    BoxMask m(VoxelBox{{30, 30, 10}, {32, 32, 12}});  // a second island of b: 8 voxels
    std::fill(m.bits.begin(), m.bits.end(), 1);
    d.editor().apply(Modifier::of(std::move(m)), EditMode::Set, b);
    d.s.edit.segment = a;
    islandClick(d.s, {31, 31, 11});  // on b, while a is selected: refused
    EXPECT_FALSE(d.s.busy());
    EXPECT_EQ(d.map().countLabel(b), 72u);
    d.s.edit.segment = 0;
    islandClick(d.s, {31, 31, 11});
    d.finishJob();
    EXPECT_EQ(d.s.edit.segment, b);
    EXPECT_EQ(d.map().countLabel(b), 8u);
    EXPECT_EQ(d.map().countLabel(a), 27u);  // other segments untouched
}

TEST(ClickTools, GrowFillsTheConnectedRegionInRange) {
    ClickDoc d;
    growClick(d.s, {3, 4, 5});  // in the 10^3 cube of 200 HU; no segment yet: one is made
    d.finishJob();
    ASSERT_NE(d.s.edit.segment, 0) << d.s.message;
    EXPECT_EQ(d.map().countLabel(d.s.edit.segment), 1000u) << d.s.message;
    const Label seg = d.s.edit.segment;
    growClick(d.s, {22, 22, 7});  // the second cube joins the same segment
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 1125u);
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 1000u);
    undoEdit(d.s);  // the first grow and the segment it made are one step
    EXPECT_TRUE(d.map().segments().empty());
    d.s.edit.click.growLo = 300;  // the seed is not in range: refused before anything runs
    const size_t steps = d.s.doc->history().undoCount();
    growClick(d.s, {3, 4, 5});
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("outside the range"), std::string::npos) << d.s.message;
    EXPECT_EQ(d.s.doc->history().undoCount(), steps);
    EXPECT_TRUE(d.map().segments().empty());
}

TEST(ClickTools, ContoursAndFillBetweenIgnoreAnUndoneContour) {
    ClickDoc d;
    const Label seg = d.s.doc->editor().addSegment("drawn");
    d.s.edit.segment = seg;
    for (double z : {2.0, 6.0, 10.0}) finishContour(d.s, ViewAxis::Axial, axialSquare(z, 3.5, 9.5), false);  // 36 each
    EXPECT_EQ(d.map().countLabel(seg), 108u);
    EXPECT_EQ(d.s.edit.click.markAxis, 2);
    undoEdit(d.s);  // slice 10 goes, and so does its mark
    fillBetweenMarkedSlices(d.s);
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 36u * 5) << d.s.message;  // slices 2..6
    undoEdit(d.s);
    // Shift-erase a 2 x 2 corner on slice 6.
    finishContour(d.s, ViewAxis::Axial, axialSquare(6, 3.5, 5.5), true);
    EXPECT_EQ(d.map().countLabel(seg), 72u - 4);
    undoEdit(d.s);
    undoEdit(d.s);  // slice 6: one marked slice is left
    fillBetweenMarkedSlices(d.s);
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("at least two slices"), std::string::npos) << d.s.message;
}

TEST(ClickTools, NewDocumentForgetsTheMarks) {
    ClickDoc d;
    d.s.edit.segment = d.s.doc->editor().addSegment("drawn");
    finishContour(d.s, ViewAxis::Axial, axialSquare(2, 3.5, 9.5), false);
    EXPECT_EQ(d.s.edit.click.marks.slices(d.s.edit.segment, 2, d.s.doc->history()).size(), 1u);
    setVolume(d.s, ct(), "other");
    EXPECT_EQ(d.s.edit.click.markAxis, -1);
    EXPECT_TRUE(d.s.edit.click.marks.slices(1, 2, d.s.doc->history()).empty());
}

TEST(ClickTools, CtrlClickPicksTheSegmentUnderTheCursor) {
    ClickDoc d;
    const Label a = d.addBox({2, 2, 2}, {5, 5, 5});
    const Label b = d.addBox({20, 20, 10}, {24, 24, 14});
    d.s.edit.segment = a;
    pickSegment(d.s, {21, 21, 11});
    EXPECT_EQ(d.s.edit.segment, b);
    pickSegment(d.s, {30, 30, 0});  // background: the selection stays
    EXPECT_EQ(d.s.edit.segment, b);
    pickSegment(d.s, {3, 3, 3});
    EXPECT_EQ(d.s.edit.segment, a);
}

// ---- clicks in the 3D view (clickAlongRay) ----
namespace {

// The default camera fitted to the 40 x 40 x 20 document (looking from the front, along +y),
// in a 400 x 300 view: world -> clip row-major, and the NDC where an LPS point is drawn.
struct Camera3d {
    std::array<double, 16> m{};
    explicit Camera3d(ViewerState& s) {
        s.camera = render::OrbitCamera{};
        s.camera.fit(s.doc->labels().geometry());
        m = view3dWorldToClip(s, Rect{0, 0, 400, 300});
    }
    std::array<double, 2> ndc(Vec3 p) const {
        double c[4];
        for (int row = 0; row < 4; ++row)
            c[row] = m[size_t(row * 4)] * p.x + m[size_t(row * 4 + 1)] * p.y + m[size_t(row * 4 + 2)] * p.z + m[size_t(row * 4 + 3)];
        return {c[0] / c[3], c[1] / c[3]};
    }
};

}  // namespace

TEST(ClickTools, IslandClickIn3dKeepsTheIslandSeenAlongTheRay) {
    ClickDoc d;
    const Label seg = d.addBox({2, 2, 2}, {5, 5, 5});  // island A: 27
    BoxMask b(VoxelBox{{20, 20, 10}, {24, 24, 14}});   // island B: 64
    std::fill(b.bits.begin(), b.bits.end(), 1);
    d.editor().apply(Modifier::of(std::move(b)), EditMode::Set, seg);
    // Another segment right in front of B (smaller y = anterior, nearer the camera).
    const Label front = d.addBox({20, 2, 10}, {24, 5, 14});  // 48
    d.s.edit.tool = Tool::Island;
    d.s.edit.segment = seg;
    const Camera3d cam(d.s);
    const size_t steps = d.s.doc->history().undoCount();

    // A click beside both islands: a message, nothing changes.
    clickAlongRay(d.s, cam.m, cam.ndc({35, 20, 18}));
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("hits no voxel of 'box'"), std::string::npos) << d.s.message;
    EXPECT_EQ(d.s.doc->history().undoCount(), steps);

    // On B, through the other segment in front: the selected segment's island B is kept.
    clickAlongRay(d.s, cam.m, cam.ndc({21.5, 21.5, 11.5}));
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 64u) << d.s.message;
    EXPECT_EQ(d.map().at(21, 21, 11), seg);
    EXPECT_EQ(d.map().at(3, 3, 3), 0);
    EXPECT_EQ(d.map().countLabel(front), 48u);
    EXPECT_EQ(d.s.doc->history().undoCount(), steps + 1);
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 91u);

    // On A: A is kept.
    clickAlongRay(d.s, cam.m, cam.ndc({3, 3, 3}));
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(seg), 27u) << d.s.message;
    undoEdit(d.s);
    EXPECT_EQ(d.map().countLabel(seg), 91u);

    // Nothing selected: the first visible segment along the ray is picked and selected
    // (the one in front of B; a single island, so nothing is removed).
    d.s.edit.segment = 0;
    clickAlongRay(d.s, cam.m, cam.ndc({21.5, 21.5, 11.5}));
    d.finishJob();
    EXPECT_EQ(d.s.edit.segment, front) << d.s.message;
    EXPECT_EQ(d.map().countLabel(seg), 91u);
    EXPECT_EQ(d.map().countLabel(front), 48u);
    // Hidden, it is looked through: B's segment is picked and B kept.
    d.s.edit.segment = 0;
    d.map().setSegmentVisible(front, false);
    clickAlongRay(d.s, cam.m, cam.ndc({21.5, 21.5, 11.5}));
    d.finishJob();
    EXPECT_EQ(d.s.edit.segment, seg) << d.s.message;
    EXPECT_EQ(d.map().countLabel(seg), 64u);
}

TEST(ClickTools, GrowClickIn3dSeedsAtTheFirstVoxelInRange) {
    ClickDoc d;
    d.s.edit.tool = Tool::Grow;
    const Camera3d cam(d.s);
    clickAlongRay(d.s, cam.m, cam.ndc({35, 20, 15}));  // only 0 HU along this ray
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("no voxel in 150..3071 HU"), std::string::npos) << d.s.message;
    EXPECT_TRUE(d.map().segments().empty());
    clickAlongRay(d.s, cam.m, cam.ndc({22, 22, 7}));  // the 5^3 cube of 200 HU
    d.finishJob();
    ASSERT_NE(d.s.edit.segment, 0) << d.s.message;
    EXPECT_EQ(d.map().countLabel(d.s.edit.segment), 125u) << d.s.message;
    undoEdit(d.s);
    EXPECT_TRUE(d.map().segments().empty());
}

// A segment deleted after its contours were drawn takes its marks along: a new segment that
// gets the same id (ids are reused) must not inherit the old one's marked slices, else
// "fill between" interpolates from slices the user never drew for it.
TEST(ClickTools, DeletedSegmentTakesItsMarksAlong) {
    ClickDoc d;
    for (double z : {2.0, 6.0}) finishContour(d.s, ViewAxis::Axial, axialSquare(z, 3.5, 9.5), false);
    const Label old = d.s.edit.segment;
    ASSERT_EQ(d.map().countLabel(old), 72u);
    deleteSegmentJob(d.s, old);
    d.finishJob();
    ASSERT_EQ(d.map().segment(old), nullptr) << d.s.message;
    // One contour on slice 12 makes a new segment with the freed id: one marked slice only.
    finishContour(d.s, ViewAxis::Axial, axialSquare(12, 3.5, 9.5), false);
    ASSERT_EQ(d.s.edit.segment, old);
    EXPECT_EQ(d.s.edit.click.marks.slices(old, 2, d.s.doc->history()), std::vector<int>{12});
    fillBetweenMarkedSlices(d.s);
    d.finishJob();
    EXPECT_EQ(d.map().countLabel(old), 36u) << d.s.message;
    EXPECT_NE(d.s.message.find("at least two slices"), std::string::npos) << d.s.message;
    // Undoing the delete brings the segment back, but not marks of what it was before: the
    // deleted segment's contours still count once the delete itself is undone.
    undoEdit(d.s);  // the new contour and its segment
    undoEdit(d.s);  // the delete
    ASSERT_EQ(d.map().countLabel(old), 72u);
    EXPECT_EQ(d.s.edit.click.marks.slices(old, 2, d.s.doc->history()), (std::vector<int>{2, 6}));
}

// Loading a label map replaces the one the marks were drawn on (its history is cleared, so
// the old contours' states count as applied for good): the marks must go with it.
TEST(ClickTools, LoadingLabelsForgetsTheMarks) {
    ClickDoc d;
    for (double z : {2.0, 6.0}) finishContour(d.s, ViewAxis::Axial, axialSquare(z, 3.5, 9.5), false);
    const Label seg = d.s.edit.segment;
    const std::string path = ::testing::TempDir() + "marrow_slicemark_" + std::to_string(::getpid()) + ".nii.gz";
    Volume labels(d.map().geometry(), ScalarType::UInt8);
    for (int k = 0; k < 20; ++k)  // label 1 everywhere in slices 0..9 (and nothing marked)
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i) labels.data<uint8_t>()[d.map().geometry().linearIndex(i, j, k)] = k < 10;
    writeNifti(labels, path);
    ASSERT_TRUE(loadLabelsOnto(d.s, path)) << d.s.message;
    std::remove(path.c_str());
    ASSERT_EQ(d.s.edit.segment, seg);
    EXPECT_TRUE(d.s.edit.click.marks.slices(seg, 2, d.s.doc->history()).empty());
    EXPECT_EQ(d.s.edit.click.markAxis, -1);
}
