#include "ui/latency_trace.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "seg/stage_timer.h"

namespace marrow::ui {

const char* latencyStageName(LatencyStage s) {
    static const char* names[kLatencyStages] = {"kernel", "undo", "statistics", "upload", "remesh", "overlay", "frame"};
    return names[int(s)];
}

std::string latencyLine(const LatencyRecord& r) {
    std::string action = r.action;
    std::replace(action.begin(), action.end(), ' ', '_');
    char buf[64];
    std::snprintf(buf, sizeof buf, " total_ms=%.1f", r.totalMs);
    std::string line = "LATENCY action=" + action + buf;
    for (int s = 0; s < kLatencyStages; ++s) {
        std::snprintf(buf, sizeof buf, " %s_ms=%.1f", latencyStageName(LatencyStage(s)), r.stageMs[size_t(s)]);
        line += buf;
    }
    return line;
}

namespace {
const LatencyTrace::Clock::time_point g_processStart = LatencyTrace::Clock::now();
}

LatencyTrace::Clock::time_point processStart() { return g_processStart; }

void LatencyTrace::inputArrived(Clock::time_point t) {
    std::lock_guard lock(mutex_);
    input_ = t;
}

void LatencyTrace::begin(const std::string& action) {
    Clock::time_point input;
    {
        std::lock_guard lock(mutex_);
        input = input_;
    }
    begin(action, input);
}

void LatencyTrace::begin(const std::string& action, Clock::time_point input) {
    std::lock_guard lock(mutex_);
    open_ = true;
    workDone_ = resultDrawn_ = false;
    start_ = input;
    current_ = {};
    current_.action = action;
}

bool LatencyTrace::open() const {
    std::lock_guard lock(mutex_);
    return open_;
}

void LatencyTrace::addStage(LatencyStage s, double ms) {
    std::lock_guard lock(mutex_);
    if (open_) current_.stageMs[size_t(s)] += ms;
}

void LatencyTrace::addStage(const char* stageName, double ms) {
    for (int s = 0; s < kLatencyStages; ++s)
        if (std::strcmp(stageName, latencyStageName(LatencyStage(s))) == 0) return addStage(LatencyStage(s), ms);
}

void LatencyTrace::workDone(double workMs) {
    std::lock_guard lock(mutex_);
    if (!open_ || workDone_) return;
    double inside = 0;
    for (int s = 1; s < kLatencyStages; ++s) inside += current_.stageMs[size_t(s)];
    current_.stageMs[size_t(LatencyStage::Kernel)] += std::max(0.0, workMs - inside);
    workDone_ = true;
}

void LatencyTrace::resultDrawn() {
    std::lock_guard lock(mutex_);
    if (open_ && workDone_) resultDrawn_ = true;
}

std::optional<LatencyRecord> LatencyTrace::frameSwapped(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (!open_ || !resultDrawn_) return std::nullopt;
    open_ = false;
    LatencyRecord r = current_;
    r.totalMs = std::chrono::duration<double, std::milli>(now - start_).count();
    double parts = 0;
    for (int s = 0; s < kLatencyStages; ++s)
        if (LatencyStage(s) != LatencyStage::Frame) parts += r.stageMs[size_t(s)];
    r.stageMs[size_t(LatencyStage::Frame)] = std::max(0.0, r.totalMs - parts);
    records_.push_back(r);
    while (records_.size() > kKept) records_.pop_front();
    return r;
}

std::deque<LatencyRecord> LatencyTrace::records() const {
    std::lock_guard lock(mutex_);
    return records_;
}

LatencyTrace& latencyTrace() {
    static LatencyTrace* trace = [] {
        auto* t = new LatencyTrace;  // never destroyed: jobs may still report while the app exits
        setStageSink([](const char* stage, double ms) { latencyTrace().addStage(stage, ms); });
        return t;
    }();
    return *trace;
}

}  // namespace marrow::ui
