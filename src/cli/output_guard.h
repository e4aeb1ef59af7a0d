#pragma once
// The output guard lives in io/output_guard.h (the viewer's Save as uses it too); the
// commands keep their marrow::cli spelling.
#include "io/output_guard.h"

namespace marrow::cli {
using marrow::checkOutputs;
using marrow::labelMapSidecar;
using marrow::NamedPath;
using marrow::sameFile;
}  // namespace marrow::cli
