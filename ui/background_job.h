#pragma once
// BackgroundJob: one long operation (a tool over the whole volume, fill-between, remove
// table, a mesh export) on a worker thread, so the UI keeps drawing, shows its progress and
// offers Cancel. While it runs the worker owns the Document: the UI must not read or edit
// the label map (ViewerState::busy() guards the panels, the views' tools and the upload).
// One job at a time; the app calls finish() once a frame to collect the outcome.
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "io/progress.h"

namespace marrow::ui {

class BackgroundJob {
public:
    // The work calls progress(fraction, stage) now and then; after cancel() that returns
    // false and the tool throws marrow::Cancelled. Its return value is the notice shown
    // when it ends (e.g. "threshold: 1,234,567 voxels"); a marrow::Error becomes the message.
    using Work = std::function<std::string(const ProgressFn& progress)>;

    struct Outcome {
        bool ok = false;
        bool cancelled = false;
        std::string name;
        std::string message;
    };

    BackgroundJob() = default;
    ~BackgroundJob();  // cancels a running job and waits for it
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;

    // Starts work on a worker thread; returns false (and starts nothing) while a job runs.
    bool start(const std::string& name, Work work);
    // Started and not yet collected by finish()/wait().
    bool running() const { return running_.load(); }
    void cancel() { cancel_.store(true); }
    bool cancelling() const { return cancel_.load(); }
    double fraction() const { return fraction_.load(); }
    std::string stage() const;
    std::string name() const;
    // After the worker ended: joins it and returns its outcome, once. Else nothing.
    std::optional<Outcome> finish();
    // Blocks until the running job ends (headless runs, tests) and returns its outcome.
    Outcome wait();

private:
    std::thread thread_;
    std::atomic<bool> running_{false}, done_{false}, cancel_{false};
    std::atomic<double> fraction_{0};
    mutable std::mutex mutex_;  // guards name_, stage_, outcome_
    std::string name_, stage_;
    Outcome outcome_;
};

}  // namespace marrow::ui
