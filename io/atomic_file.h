#pragma once
// Atomic writes: a user's segmentation is never lost to a crash or a full disk halfway
// through a save. The writer fills a hidden temporary file in the same folder,
//   .marrow-tmp-<host tag>-<pid>-<random>-<file name>
// (the file name last, so libraries that pick a format by extension still work), and
// only a complete file is renamed over the target (atomic within one file system).
// A writer killed mid-write (kill -9, power loss) leaves its temporary file behind; the
// next atomic write into that folder removes such leftovers (removeStaleTempFiles).
#include <chrono>
#include <functional>
#include <string>

namespace marrow {

// Calls write(tmpPath); on success renames tmpPath to path, on any exception removes
// tmpPath and rethrows. Errors come back as marrow::Error naming path. The first write
// into a folder in this process first removes that folder's stale temporary files.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& tmpPath)>& write);

// Whether a file name is one of our temporary files (the pattern above).
bool isAtomicTempName(const std::string& fileName);

// Removes Marrow temporary files directly in folder that no live writer owns: those
// made on this host by a process that no longer exists, and any not modified for maxAge
// (a writer on another host, or a reused pid; a live writer keeps touching its file).
// Other files, and temporary files of live writers, are left alone. Never throws;
// returns how many files it removed.
size_t removeStaleTempFiles(const std::string& folder, std::chrono::seconds maxAge = std::chrono::hours(1));

}  // namespace marrow
