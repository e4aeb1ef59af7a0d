#pragma once
// StageTimer: reports how long a named engine stage ("undo", "statistics") took to a sink
// the application installs (the viewer's latency trace, ui/latency_trace.h), so the trace
// can split an action's time by stage without seg/ knowing about the UI. No sink: the
// timer costs two clock reads and one atomic load.
#include <chrono>

namespace marrow {

using StageSink = void (*)(const char* stage, double ms);
void setStageSink(StageSink sink);  // nullptr: stop reporting
StageSink stageSink();

class StageTimer {
public:
    explicit StageTimer(const char* stage) : stage_(stage), start_(std::chrono::steady_clock::now()) {}
    ~StageTimer() {
        if (const StageSink sink = stageSink())
            sink(stage_, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count());
    }
    StageTimer(const StageTimer&) = delete;
    StageTimer& operator=(const StageTimer&) = delete;

private:
    const char* stage_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace marrow
