#pragma once
// One memory check for every reader: estimate from the header what a load will allocate,
// and refuse before allocating when it cannot fit, with a message the user can act on
// ("<file>: needs 128 GiB of memory, 21 GiB available (...)") instead of std::bad_alloc
// or the kernel's OOM killer. Sizes are long double so that absurd header values
// (2^63 voxels times 8 bytes) neither overflow nor wrap to a small number.
#include <cstddef>
#include <string>

namespace marrow {

// "512 bytes", "3.2 MiB", "128 GiB", "54 TiB".
std::string formatBytes(long double bytes);

// Throws Error(path, "needs X of memory, Y available (what)") when bytesNeeded exceeds
// limitBytes (0: what availableMemoryBytes() reports now). what says what the bytes are
// for ("header dims 4096x4096x4096 INT16"); may be empty.
void requireMemory(const std::string& path, long double bytesNeeded, const std::string& what,
                   size_t limitBytes = 0);

}  // namespace marrow
