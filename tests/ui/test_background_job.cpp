// The background job and runEditJob: the worker's outcome comes back once, a cancel stops a
// tool between progress calls and leaves the label map as it was, errors become the message.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "io/error.h"
#include "seg/tools/threshold.h"
#include "ui/background_job.h"
#include "ui/edit_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;

namespace {

// A 40^3 1 mm CT: 200 HU in a 10^3 cube at the corner, 0 elsewhere.
Volume cubeCt() {
    const ImageGeometry g({40, 40, 40}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < 10; ++k)
        for (int j = 0; j < 10; ++j)
            for (int i = 0; i < 10; ++i) p[g.linearIndex(i, j, k)] = 200;
    return v;
}

void loadCube(ViewerState& s) {
    s.doc = std::make_unique<Document>();
    s.doc->setImage(cubeCt(), "cube");
}

}  // namespace

TEST(BackgroundJob, ReturnsTheOutcomeOnceAndReportsProgress) {
    BackgroundJob job;
    std::atomic<bool> go{false};
    ASSERT_TRUE(job.start("count", [&](const ProgressFn& p) {
        p(0.5, "half");
        while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return std::string("counted 3");
    }));
    EXPECT_TRUE(job.running());
    EXPECT_FALSE(job.start("second", [](const ProgressFn&) { return std::string(); }));  // one at a time
    while (job.fraction() < 0.5) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(job.stage(), "half");
    EXPECT_FALSE(job.finish().has_value());  // still running
    go = true;
    const auto out = job.wait();
    EXPECT_TRUE(out.ok);
    EXPECT_EQ(out.name, "count");
    EXPECT_EQ(out.message, "counted 3");
    EXPECT_FALSE(job.running());
    EXPECT_FALSE(job.finish().has_value());  // collected already
}

TEST(BackgroundJob, ErrorsAndCancelBecomeTheMessage) {
    BackgroundJob job;
    job.start("load", [](const ProgressFn&) -> std::string { throw Error("a.nii", "truncated"); });
    auto out = job.wait();
    EXPECT_FALSE(out.ok);
    EXPECT_FALSE(out.cancelled);
    EXPECT_EQ(out.message, "a.nii: truncated");

    job.start("spin", [](const ProgressFn& p) {
        for (;;) reportProgress(p, 0.1, "spinning");  // throws Cancelled once cancel() is seen
        return std::string();
    });
    job.cancel();
    out = job.wait();
    EXPECT_TRUE(out.cancelled);
    EXPECT_EQ(out.message, "spin: cancelled");
}

TEST(RunEditJob, AThresholdRunsOnTheWorkerAndIsOneUndoStep) {
    ViewerState s;
    loadCube(s);
    const Label bone = s.doc->editor().addSegment("bone");
    runEditJob(s, "threshold", [bone](Document& d, const ProgressFn& p) {
        tools::ThresholdParams t;
        t.lo = 150;
        t.segment = bone;
        return std::to_string(tools::threshold(d.editor(), d.image(), t, p).changedVoxels) + " voxels";
    });
    EXPECT_TRUE(s.busy());
    const auto out = s.job.wait();
    EXPECT_TRUE(out.ok) << out.message;
    EXPECT_EQ(out.message, "1000 voxels");
    EXPECT_EQ(s.doc->labels().countLabel(bone), 1000u);
    undoEdit(s);
    EXPECT_EQ(s.doc->labels().countLabel(bone), 0u);
}

TEST(RunEditJob, ACancelAfterWritingLeavesTheLabelsAsTheyWere) {
    ViewerState s;
    loadCube(s);
    const Label bone = s.doc->editor().addSegment("bone");
    const size_t undoSteps = s.doc->history().undoCount();
    runEditJob(s, "threshold then wait", [bone](Document& d, const ProgressFn& p) {
        tools::ThresholdParams t;
        t.lo = 150;
        t.segment = bone;
        tools::threshold(d.editor(), d.image(), t);
        for (;;) reportProgress(p, 0.9, "after writing");
        return std::string();
    });
    s.job.cancel();
    const auto out = s.job.wait();
    EXPECT_TRUE(out.cancelled);
    EXPECT_EQ(s.doc->labels().countLabel(bone), 0u);
    EXPECT_EQ(s.doc->history().undoCount(), undoSteps);
}

TEST(RunEditJob, EditsAreRefusedWhileAJobRuns) {
    ViewerState s;
    loadCube(s);
    std::atomic<bool> go{false};
    runEditJob(s, "hold", [&](Document&, const ProgressFn&) {
        while (!go.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return std::string("held");
    });
    runEditJob(s, "second", [](Document&, const ProgressFn&) { return std::string("ran"); });
    EXPECT_EQ(s.message, "busy: hold is still running");
    go = true;
    EXPECT_EQ(s.job.wait().message, "held");
}
