#pragma once
// Platform queries the loaders need before allocating big volumes. All OS-specific
// code of io/ lives in platform_memory.cpp, so porting means touching one file.
#include <cstddef>

namespace marrow {

// Bytes of RAM the process can still allocate without swapping (Linux: MemAvailable
// from /proc/meminfo; elsewhere a portable estimate). Never returns 0: when nothing
// can be queried it assumes 4 GiB, so loaders still refuse absurd requests.
// The environment variable MARROW_MEMORY_LIMIT_MB (a positive integer) lowers it: the fuzz
// targets and bad-input tests set it so refusals do not depend on the machine.
size_t availableMemoryBytes();

// Sets environment variable name=value unless it is already set (POSIX setenv or
// Windows _putenv_s). Call before starting threads that may read the environment.
void setEnvironmentDefault(const char* name, const char* value);

}  // namespace marrow

namespace marrow {

// Big zero-initialised-by-the-OS buffers for dense masks: on Linux an anonymous mapping
// advised for transparent huge pages (a 105 MB mask then takes ~50 page faults instead
// of ~25,600, the main cost of a fresh mask); elsewhere (and for small sizes) operator
// new. Release with releaseLargeBuffer(p, bytes) with the same byte count.
void* acquireLargeBuffer(size_t bytes);
void releaseLargeBuffer(void* p, size_t bytes) noexcept;

}  // namespace marrow
