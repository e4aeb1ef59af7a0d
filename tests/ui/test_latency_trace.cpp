// The latency trace's model: an action closes at the first swap after a frame that uploaded
// its finished work; stages measured inside the work come off the kernel; "frame" is the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "seg/editor.h"
#include "seg/stage_timer.h"
#include "ui/latency_trace.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
using namespace std::chrono_literals;

TEST(LatencyTrace, ClosesAtTheSwapAfterTheUploadOfFinishedWork) {
    LatencyTrace t;
    const auto t0 = LatencyTrace::Clock::now();
    t.begin("threshold", t0);
    t.addStage(LatencyStage::Undo, 30);
    t.addStage("statistics", 10);
    t.resultDrawn();  // a frame while the job still runs: not the result
    EXPECT_FALSE(t.frameSwapped(t0 + 50ms));
    t.workDone(100);
    EXPECT_FALSE(t.frameSwapped(t0 + 120ms)) << "the work's result was not uploaded yet";
    t.addStage(LatencyStage::Upload, 20);
    t.resultDrawn();
    const auto r = t.frameSwapped(t0 + 200ms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->action, "threshold");
    EXPECT_NEAR(r->totalMs, 200, 1e-6);
    EXPECT_NEAR(r->ms(LatencyStage::Kernel), 60, 1e-6);  // 100 - undo 30 - statistics 10
    EXPECT_NEAR(r->ms(LatencyStage::Undo), 30, 1e-6);
    EXPECT_NEAR(r->ms(LatencyStage::Upload), 20, 1e-6);
    EXPECT_NEAR(r->ms(LatencyStage::Frame), 200 - 60 - 30 - 10 - 20, 1e-6);
    EXPECT_FALSE(t.open());
    EXPECT_FALSE(t.frameSwapped(t0 + 300ms)) << "closed once";
    ASSERT_EQ(t.records().size(), 1u);
    EXPECT_EQ(latencyLine(*r),
              "LATENCY action=threshold total_ms=200.0 kernel_ms=60.0 undo_ms=30.0 statistics_ms=10.0 "
              "upload_ms=20.0 remesh_ms=0.0 overlay_ms=0.0 frame_ms=80.0");
}

TEST(LatencyTrace, ANewActionReplacesAnUnfinishedOneAndStagesWithoutAnActionAreIgnored) {
    LatencyTrace t;
    t.addStage(LatencyStage::Kernel, 5);  // nothing open
    t.begin("undo");
    t.begin("keep island");
    t.workDone(10);
    t.resultDrawn();
    const auto r = t.frameSwapped();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->action, "keep island");
    EXPECT_NEAR(r->ms(LatencyStage::Kernel), 10, 1e-6);
    EXPECT_EQ(latencyLine(*r).find("action=keep_island "), 8u);
}

TEST(LatencyTrace, KeepsTheLastRecordsOnly) {
    LatencyTrace t;
    for (size_t n = 0; n < LatencyTrace::kKept + 5; ++n) {
        t.begin("a" + std::to_string(n));
        t.workDone(1);
        t.resultDrawn();
        ASSERT_TRUE(t.frameSwapped());
    }
    const auto rs = t.records();
    ASSERT_EQ(rs.size(), LatencyTrace::kKept);
    EXPECT_EQ(rs.front().action, "a5");
    EXPECT_EQ(rs.back().action, "a" + std::to_string(LatencyTrace::kKept + 4));
}

// The engine's stages reach the app's trace through seg's sink: an edit step's undo record.
TEST(LatencyTrace, TheEditorsUndoRecordIsReportedThroughTheStageSink) {
    LatencyTrace& t = latencyTrace();  // installs the sink
    ASSERT_NE(stageSink(), nullptr);
    const ImageGeometry g({64, 64, 64}, {1, 1, 1});
    LabelMap map(g);
    History history;
    LabelMapEditor editor(map, history);
    const Label id = editor.addSegment("bone");
    t.begin("brush stroke");
    BoxMask m(VoxelBox{{0, 0, 0}, {64, 64, 64}});
    std::fill(m.bits.begin(), m.bits.end(), 1);
    editor.apply(Modifier::of(std::move(m)), EditMode::Set, id);
    t.workDone(1e6);
    t.resultDrawn();
    const auto r = t.frameSwapped();
    ASSERT_TRUE(r);
    EXPECT_GT(r->ms(LatencyStage::Undo), 0) << "endStep's record encoding was not reported";
    EXPECT_EQ(map.countLabel(id), size_t(64 * 64 * 64));
}


// Undo, redo and brush dabs run on the UI thread: the frame that ran them shows them, even
// when they changed no voxels (a stroke's release only records the step).
TEST(LatencyTrace, WorkOnTheUiThreadClosesAtThisFramesSwap) {
    LatencyTrace t;
    t.begin("brush stroke");
    t.doneOnUiThread(2);
    const auto r = t.frameSwapped();
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->ms(LatencyStage::Kernel), 2, 1e-6);
}

// The histogram's counting fast path (int16, uint8, uint16: each value counted, then binned)
// gives the bins the per-voxel formula gives.
namespace {
template <class T> void expectHistogramAsPerVoxel(std::initializer_list<double> values) {
    const ImageGeometry g({int(values.size()), 1, 1}, {1, 1, 1});
    Volume v(g, scalarTypeOf<T>());
    size_t n = 0;
    for (double x : values) v.data<T>()[n++] = T(x);
    std::vector<double> expected(410, 0.0);
    for (size_t i = 0; i < values.size(); ++i)
        expected[size_t(std::clamp(int((double(v.data<T>()[i]) + 1024) / 10), 0, 409))] += 1;
    EXPECT_EQ(huHistogram(v), expected) << scalarName(scalarTypeOf<T>());
}
}  // namespace

TEST(HuHistogram, CountingFastPathMatchesThePerVoxelBins) {
    expectHistogramAsPerVoxel<int16_t>({-32768, -2000, -1025, -1024, -1015, -1014, -1, 0, 9, 150, 3071, 3076, 32767, 0, 0});
    expectHistogramAsPerVoxel<uint8_t>({0, 9, 10, 255, 255});
    expectHistogramAsPerVoxel<uint16_t>({0, 3075, 3076, 65535});
    expectHistogramAsPerVoxel<float>({-3000.5f, -1024.f, -1014.5f, 0.5f, 3100.f});
}
