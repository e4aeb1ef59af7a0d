// Fuzz target: NIfTI-1/2 (.nii, and .nii.gz when the input starts with the gzip magic)
// through loadVolume, the path `marrow info` and the viewer take; inputs that load are
// also read as a label map (casts, the XML label table in header extensions).
#include "io/label_io.h"
#include "io/load.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string& path = marrow::fuzz::writeInput(data, size, gzip ? ".nii.gz" : ".nii");
    if (marrow::fuzz::readCleanly([&] { marrow::loadVolume(path); }))
        marrow::fuzz::readCleanly([&] { marrow::readLabelMap(path); });
    return 0;
}
