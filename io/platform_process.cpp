#include "io/platform_process.h"

#include <cstdio>
#include <functional>

#if defined(_WIN32)
#include <windows.h>
#else
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

namespace marrow {

long currentProcessId() {
#if defined(_WIN32)
    return long(GetCurrentProcessId());
#else
    return long(getpid());
#endif
}

bool processIsAlive(long pid) {
    if (pid <= 0) return true;  // not a process id we can ask about: keep the file
#if defined(_WIN32)
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!h) return GetLastError() == ERROR_ACCESS_DENIED;
    DWORD code = 0;
    const bool running = GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
    CloseHandle(h);
    return running;
#else
    if (kill(pid_t(pid), 0) == 0) return true;
    return errno != ESRCH;
#endif
}

std::string hostTag() {
    char name[256] = {};
#if defined(_WIN32)
    DWORD size = sizeof name;
    if (!GetComputerNameA(name, &size)) name[0] = 0;
#else
    if (gethostname(name, sizeof name - 1) != 0) name[0] = 0;
#endif
    // FNV-1a: stable across runs and builds (std::hash need not be).
    unsigned h = 2166136261u;
    for (const char* p = name; *p; ++p) h = (h ^ unsigned(static_cast<unsigned char>(*p))) * 16777619u;
    char tag[9];
    std::snprintf(tag, sizeof tag, "%08x", h);
    return tag;
}

}  // namespace marrow
