#pragma once
// Timing helpers of the GL benches (POSIX clocks).
#include <time.h>

#include <algorithm>
#include <vector>

namespace marrow::bench {

// CPU time of the whole process (llvmpipe's rasterizer threads included): on a machine
// shared with other jobs this measures the work, which wall time does not.
inline double processCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

inline double medianMs(std::vector<double> t) {
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace marrow::bench
