#pragma once
// Process queries for io/atomic_file.cpp's clean-up of temporary files left by killed
// writers. The OS-specific code for them lives in platform_process.cpp only.
#include <string>

namespace marrow {

// This process's id.
long currentProcessId();

// Whether a process with this id exists on this machine (POSIX kill(pid, 0), Windows
// OpenProcess). A process we may not signal (EPERM) exists. Unknown answers say true,
// so a caller never deletes a file another live process may still be writing.
bool processIsAlive(long pid);

// A short tag of this machine's host name (8 hex digits of a hash): temporary files on a
// shared network folder name their host, and pids are only compared on the same host.
std::string hostTag();

}  // namespace marrow
