#pragma once
// LatencyTrace: per user action (apply threshold, keep largest island, undo, a brush dab,
// load ...), the time from the input to the first frame that shows its result, split by
// stage. A plain model (no GL, no ImGui): the app calls begin() where it handles the input,
// the stages report their times (addStage, or seg/stage_timer.h through the installed
// sink), workDone() when the action's work has ended (its job, or the call on the UI
// thread, returned), resultDrawn() when this frame draws the result (the job collected,
// changed voxels uploaded), and frameSwapped() after each buffer swap: the first swap after
// such a frame closes the action. "frame" is the rest of the total: ImGui,
// drawing the views, the swap, and waiting for the UI thread's next frame.
#include <array>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace marrow::ui {

enum class LatencyStage { Kernel, Undo, Statistics, Upload, Remesh, Overlay, Frame };
constexpr int kLatencyStages = 7;
const char* latencyStageName(LatencyStage s);  // "kernel", "undo", ... (the LATENCY line's keys)

struct LatencyRecord {
    std::string action;
    double totalMs = 0;
    std::array<double, kLatencyStages> stageMs{};
    double ms(LatencyStage s) const { return stageMs[size_t(s)]; }
};

// "LATENCY action=threshold total_ms=812.3 kernel_ms=... frame_ms=..." (spaces in the
// action become '_', so a line splits on blanks).
std::string latencyLine(const LatencyRecord& r);

class LatencyTrace {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr size_t kKept = 32;  // records kept for the panel

    // The app's loop got input now (after polling events): the time begin() takes by default.
    void inputArrived(Clock::time_point t = Clock::now());
    // A new action (an open one is dropped: the user moved on before it showed), started by
    // the input of this frame (inputArrived), or at `input`.
    void begin(const std::string& action);
    void begin(const std::string& action, Clock::time_point input);
    bool open() const;
    // Adds ms to a stage of the open action (any thread; ignored when none is open).
    // Stage names are latencyStageName()'s; an unknown one is ignored.
    void addStage(LatencyStage s, double ms);
    void addStage(const char* stageName, double ms);
    // The action's work ended after workMs: its kernel is workMs less the stages reported
    // so far (undo record, statistics ... measured inside the work).
    void workDone(double workMs);
    // Work done on the UI thread (undo, a dab): this very frame draws its result.
    void doneOnUiThread(double workMs) {
        workDone(workMs);
        resultDrawn();
    }
    // This frame draws the finished work's result: it uploaded changed voxels, or collected
    // the job (whose result may be no voxels: remove table's crop box). Before workDone: ignored.
    void resultDrawn();
    // After a swap: closes and returns the open action if its result was drawn in the frame.
    std::optional<LatencyRecord> frameSwapped(Clock::time_point now = Clock::now());

    std::deque<LatencyRecord> records() const;  // oldest first, at most kKept

private:
    mutable std::mutex mutex_;
    bool open_ = false, workDone_ = false, resultDrawn_ = false;
    Clock::time_point start_, input_ = Clock::now();
    LatencyRecord current_;
    std::deque<LatencyRecord> records_;
};

// The app's trace (one window per process); installs itself as seg's stage sink.
LatencyTrace& latencyTrace();

// When the process started (static initialisation): startup's input.
LatencyTrace::Clock::time_point processStart();

// Milliseconds since t.
inline double msSince(LatencyTrace::Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(LatencyTrace::Clock::now() - t).count();
}

}  // namespace marrow::ui
