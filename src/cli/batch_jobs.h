#pragma once
// How many studies `marrow batch` runs at once when -j is not given: as many as fit in
// the memory available now (io/platform_memory.h), at most one per core, at least one.
#include <cstddef>
#include <string>
#include <vector>

namespace marrow::cli {

// Peak memory of one segment run on input, estimated from its size on disk: the CT as
// int16 plus the label map, the undo history and the pipeline's masks come to about four
// times the stored voxels (measured on the phantom); .gz inputs count four times their
// size (CT compresses about 2-4x).
size_t estimateStudyBytes(const std::string& input);

// min(cores, availableBytes * 0.8 / the largest estimate), at least 1.
int chooseJobs(const std::vector<size_t>& studyBytes, size_t availableBytes, unsigned cores);

}  // namespace marrow::cli
