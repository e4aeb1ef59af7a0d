// Fuzz target: label names files (TSV, CSV, ITK-SNAP label descriptions, the XML label
// table), chosen by content as readLabelTable does for `--labels FILE`.
#include "io/label_table.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = marrow::fuzz::writeInput(data, size, ".txt");
    marrow::fuzz::readCleanly([&] { marrow::readLabelTable(path); });
    return 0;
}
