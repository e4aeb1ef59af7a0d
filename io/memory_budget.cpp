#include "io/memory_budget.h"

#include <cmath>
#include <cstdio>

#include "io/error.h"
#include "io/platform_memory.h"

namespace marrow {

std::string formatBytes(long double bytes) {
    static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (!(bytes >= 1024)) return std::to_string((long long)std::max<long double>(0, bytes)) + " bytes";
    int unit = -1;
    while (bytes >= 1024 && unit + 1 < int(sizeof kUnits / sizeof *kUnits)) bytes /= 1024, ++unit;
    char buf[64];
    // Two significant figures below 10 ("3.2 GiB"), whole numbers above ("128 GiB").
    std::snprintf(buf, sizeof buf, bytes < 10 ? "%.1Lf %s" : "%.0Lf %s", bytes, kUnits[unit]);
    return buf;
}

void requireMemory(const std::string& path, long double bytesNeeded, const std::string& what, size_t limitBytes) {
    const size_t limit = limitBytes ? limitBytes : availableMemoryBytes();
    if (!(bytesNeeded <= (long double)limit))  // NaN needs refuse too
        throw Error(path, "needs " + formatBytes(bytesNeeded) + " of memory, " + formatBytes((long double)limit) +
                              " available" + (what.empty() ? "" : " (" + what + ")"));
}

}  // namespace marrow
