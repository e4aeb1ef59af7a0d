// The Split segment panel's actions (ui/split_tools.h) and the grow tool's auto range, as
// the mouse and buttons run them: markers on the joined-bones phantom, preview (no edit),
// apply (one undo step, names), refusals; auto range shown after a click.
#include <gtest/gtest.h>

#include <cstring>

#include "io/phantom.h"
#include "seg/tools/auto_threshold.h"
#include "ui/click_tools.h"
#include "ui/edit_actions.h"
#include "ui/split_tools.h"
#include "ui/tool_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;

namespace {

struct SplitDoc {
    ViewerState s;
    JoinedBonesPhantom ph = makeJoinedBonesPhantom();
    Label bone = 0;
    size_t total = 0;
    SplitDoc() {
        setVolume(s, Volume(ph.ct), "joined");
        bone = s.doc->editor().addSegment("bone");
        Mask m(ph.truth.geometry());
        for (size_t v = 0; v < m.voxels.size(); ++v) m.voxels[v] = ph.truth.data<uint8_t>()[v] != 0;
        s.doc->editor().apply(Modifier::of(m), EditMode::Set, bone);
        total = m.count();
    }
    void finishJob() {
        if (s.busy()) s.message = s.job.wait().message;
    }
};

}  // namespace

TEST(SplitPanel, MarkersPreviewThenApplyAsOneStepWithNames) {
    SplitDoc d;
    addSplitMarker(d.s, d.ph.centreAMm);  // no segment selected yet: refused
    EXPECT_TRUE(d.s.edit.split.markers.empty());
    EXPECT_NE(d.s.message.find("select the segment"), std::string::npos) << d.s.message;
    d.s.edit.segment = d.bone;
    addSplitMarker(d.s, {0, 0, 0});  // background: refused
    EXPECT_TRUE(d.s.edit.split.markers.empty());
    addSplitMarker(d.s, d.ph.centreAMm);
    addSplitMarker(d.s, d.ph.centreBMm);
    ASSERT_EQ(d.s.edit.split.markers.size(), 2u);
    std::strcpy(d.s.edit.split.names[1].data(), "acetabulum");
    const size_t steps = d.s.doc->history().undoCount();
    previewSplit(d.s);
    d.finishJob();
    ASSERT_TRUE(splitPreviewCurrent(d.s)) << d.s.message;
    EXPECT_EQ(d.s.doc->history().undoCount(), steps);  // a preview is no edit
    const std::vector<size_t> parts = d.s.edit.split.preview->partVoxels;
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0] + parts[1], d.total);
    EXPECT_NE(d.s.message.find("2 parts"), std::string::npos) << d.s.message;
    applySplit(d.s);
    d.finishJob();
    EXPECT_EQ(d.s.doc->history().undoCount(), steps + 1);
    EXPECT_EQ(d.s.doc->labels().countLabel(d.bone), parts[0]);
    const Segment* second = nullptr;
    for (const Segment& seg : d.s.doc->labels().segments())
        if (seg.id != d.bone) second = &seg;
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->name, "acetabulum");
    EXPECT_EQ(d.s.doc->labels().countLabel(second->id), parts[1]);
    EXPECT_TRUE(d.s.edit.split.markers.empty());  // applied: the markers are done
    undoEdit(d.s);
    EXPECT_EQ(d.s.doc->labels().countLabel(d.bone), d.total);
    EXPECT_EQ(d.s.doc->labels().segments().size(), 1u);
}

TEST(SplitPanel, AutoMarkersAndLockedSegment) {
    SplitDoc d;
    d.s.edit.segment = d.bone;
    d.s.edit.split.automatic = true;
    d.s.edit.split.minSizeMm = 8;
    applySplit(d.s);  // without a preview: planned on the job, then applied
    d.finishJob();
    EXPECT_EQ(d.s.doc->labels().segments().size(), 2u) << d.s.message;
    undoEdit(d.s);
    d.s.doc->editor().setSegmentLocked(d.bone, true);
    previewSplit(d.s);
    EXPECT_FALSE(d.s.busy());
    EXPECT_NE(d.s.message.find("locked"), std::string::npos) << d.s.message;
}

TEST(SplitPanel, GrowAutoRangeFromClickShowsTheChosenRange) {
    SplitDoc d;
    ClickToolsState& c = d.s.edit.click;
    c.growAutoRange = true;
    c.growLo = 2000;  // would miss the bone; the auto range replaces it
    growClick(d.s, d.ph.centreBMm);
    d.finishJob();
    EXPECT_GE(c.growAutoLo, 100);
    EXPECT_LE(c.growAutoLo, 400);
    EXPECT_EQ(c.growLo, c.growAutoLo);
    ASSERT_NE(d.s.edit.segment, 0) << d.s.message;
    EXPECT_EQ(d.s.doc->labels().countLabel(d.s.edit.segment), d.total) << d.s.message;  // bone 700 HU vs 40: exact
}

TEST(SplitPanel, ThresholdPanelAutoPicksTheBoneThresholdOfTheScan) {
    SplitDoc d;
    d.s.tools.threshold.lo = -500;
    selectAutoBoneThreshold(d.s);
    const double expected = tools::autoBoneThreshold(d.ph.ct).threshold;
    EXPECT_EQ(d.s.tools.threshold.lo, float(expected));
    EXPECT_EQ(d.s.tools.threshold.hi, 3071.0f);
    EXPECT_NE(d.s.message.find(std::to_string(int(expected)) + " HU"), std::string::npos) << d.s.message;
}

TEST(SplitPanel, BoneModelStepThreeUsesTheAutoThresholdWhenTicked) {
    SplitDoc d;
    ViewerState s;
    setVolume(s, Volume(d.ph.ct), "joined");
    s.tools.bone.options.autoThreshold = true;
    s.tools.bone.options.lo = 5000;  // ignored when auto
    runBoneStep(s, 3);
    if (s.busy()) s.job.wait();
    ASSERT_TRUE(s.tools.bone.steps[3] && s.tools.bone.steps[3]->done) << s.message;
    const double lo = tools::autoBoneThreshold(d.ph.ct).threshold;
    long long expected = 0;
    for (size_t v = 0; v < d.ph.ct.geometry().voxelCount(); ++v) expected += d.ph.ct.data<int16_t>()[v] >= lo;
    EXPECT_EQ(s.tools.bone.steps[3]->voxels, expected);
}
