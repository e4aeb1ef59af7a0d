#pragma once
// Atomic writes: a user's segmentation is never lost to a crash or a full disk halfway
// through a save. The writer fills "<path>.tmp-<random>" in the same folder, and only a
// complete file is renamed over the target (rename is atomic within one file system).
#include <functional>
#include <string>

namespace marrow {

// Calls write(tmpPath); on success renames tmpPath to path, on any exception removes
// tmpPath and rethrows. Errors come back as marrow::Error naming path.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& tmpPath)>& write);

}  // namespace marrow
