#include "seg/stage_timer.h"

#include <atomic>

namespace marrow {

namespace {
std::atomic<StageSink> g_sink{nullptr};
}

void setStageSink(StageSink sink) { g_sink.store(sink); }
StageSink stageSink() { return g_sink.load(std::memory_order_relaxed); }

}  // namespace marrow
