#include "io/platform_memory.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include <new>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace marrow {

namespace {
constexpr size_t kFallbackBytes = size_t(4) << 30;

#if defined(__linux__)
// MemAvailable counts reclaimable page cache too, which is what a big allocation can
// really get; sysconf's free pages would refuse loads on any machine with a warm cache.
size_t linuxMemAvailable() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    size_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit) {
        if (key == "MemAvailable:") return kib * 1024;
    }
    return 0;
}
#endif

// MARROW_MEMORY_LIMIT_MB caps what the loaders may count on, so that fuzzing and the
// bad-input tests see the same "needs X, Y available" refusals on every machine.
size_t environmentLimitBytes() {
    const char* s = std::getenv("MARROW_MEMORY_LIMIT_MB");
    if (!s || !*s) return 0;
    char* end = nullptr;
    const unsigned long long mb = std::strtoull(s, &end, 10);
    return *end == '\0' && mb > 0 && mb < (1ull << 40) ? size_t(mb) << 20 : 0;
}

size_t systemAvailableBytes() {
#if defined(__linux__)
    if (size_t b = linuxMemAvailable()) return b;
#endif
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
    const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) return size_t(pages) * size_t(page);
#endif
    return kFallbackBytes;
}
}  // namespace

size_t availableMemoryBytes() {
    const size_t limit = environmentLimitBytes();
    const size_t system = systemAvailableBytes();
    return limit && limit < system ? limit : system;
}

void setEnvironmentDefault(const char* name, const char* value) {
    if (std::getenv(name)) return;
#if defined(_WIN32)
    _putenv_s(name, value);
#else
    setenv(name, value, 0);
#endif
}

namespace {
constexpr size_t kLargeBufferBytes = size_t(4) << 20;  // below this, operator new
}

void* acquireLargeBuffer(size_t bytes) {
#if defined(__linux__)
    if (bytes >= kLargeBufferBytes) {
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        madvise(p, bytes, MADV_HUGEPAGE);  // advice only: ignored where THP is off
        return p;
    }
#endif
    return ::operator new(bytes);
}

void releaseLargeBuffer(void* p, size_t bytes) noexcept {
#if defined(__linux__)
    if (bytes >= kLargeBufferBytes) {
        munmap(p, bytes);
        return;
    }
#endif
    ::operator delete(p);
}

}  // namespace marrow
