// Fuzz target: one DICOM file through loadVolume, i.e. the series reader's own path
// (checkDicomFile's structure walk, GDCM's header scan, series planning, then our
// uncompressed decode or GDCM's codecs) for a series of one slice.
#include "io/load.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = marrow::fuzz::writeInput(data, size, ".dcm");
    marrow::fuzz::readCleanly([&] { marrow::loadVolume(path); });
    return 0;
}
