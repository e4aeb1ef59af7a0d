#pragma once
// Shared by the fuzz targets. The readers take paths, so each input is written to one
// reused file in a per-process folder (under /dev/shm when it exists: no disk I/O).
// The first call also makes runs cheap and bounded: TBB limited to the calling thread
// (no worker threads woken per run), MARROW_MEMORY_LIMIT_MB=1024 unless already set (so
// the readers' memory checks refuse what libFuzzer's -malloc_limit_mb would flag).
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/error.h"

namespace marrow::fuzz {

// Writes data to <folder>/input<suffix> and returns that path.
const std::string& writeInput(const uint8_t* data, size_t size, const std::string& suffix);

// Runs read(): a marrow::Error is the expected outcome of a bad file. Anything else
// (std::bad_alloc included: readers must check memory before allocating) escapes and
// is reported by libFuzzer or fuzz_driver as a finding.
template <class Read> bool readCleanly(Read&& read) {
    try {
        read();
        return true;
    } catch (const marrow::Error&) {
        return false;
    }
}

}  // namespace marrow::fuzz
