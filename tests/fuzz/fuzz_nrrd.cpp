// Fuzz target: NRRD and Slicer .seg.nrrd through readLabelMap (the label-map reader of
// the CLI and the viewer) and, for the plain-volume path, readNrrd.
#include "io/label_io.h"
#include "io/nrrd_io.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = marrow::fuzz::writeInput(data, size, ".seg.nrrd");
    if (marrow::fuzz::readCleanly([&] { marrow::readNrrd(path); }))
        marrow::fuzz::readCleanly([&] { marrow::readLabelMap(path); });
    return 0;
}
