#pragma once
// Progress reporting for long operations (loading, meshing, big edits).
// The callback gets a fraction in [0,1] and a short stage name; it returns false to
// ask the operation to cancel (the operation then throws marrow::Cancelled).
// It may be called from worker threads, but never concurrently with itself.
#include <functional>
#include <stdexcept>
#include <string>

namespace marrow {

using ProgressFn = std::function<bool(double fraction, const std::string& stage)>;

struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled by the user") {}
};

// Calls fn if set; throws Cancelled when it asks to stop.
inline void reportProgress(const ProgressFn& fn, double fraction, const std::string& stage) {
    if (fn && !fn(fraction, stage)) throw Cancelled();
}

}  // namespace marrow
