#pragma once
// Helpers around GDCM shared by the DICOM reader and writer (internal to io/).
#include <cstdint>
#include <string>

namespace marrow {

// GDCM prints debug/warning/error traces to stderr; we report problems ourselves
// (marrow::Error, volume warnings), so switch them off once per process.
void silenceGdcmTrace();

enum class DicomFileCheck { Complete, CutOff, NotDicom };

// Where the walk found the top-level Pixel Data (7fe0,0010) of a Complete file.
struct DicomFileLayout {
    std::string transferSyntax;  // from the file meta information ("" without preamble)
    uint64_t pixelOffset = 0;    // first byte of the value
    uint64_t pixelLength = 0;    // 0 when absent or encapsulated (undefined length)
};

// Debian's GDCM keeps assert() and aborts the process on many files cut off inside an
// element (gdcmFileMetaInformation.cxx ReadCompat: is.good()). So before GDCM sees a
// file we walk its element structure ourselves (little-endian syntaxes; others pass):
// every element, sequence item and pixel-data fragment must fit in the file.
//   Complete: GDCM may read it.  CutOff: a Part 10 file ("DICM" at 128) that ends
//   inside an element; problem says where.  NotDicom: no preamble and no valid
//   element structure (text files, images...): skip it.
DicomFileCheck checkDicomFile(const std::string& path, std::string* problem = nullptr,
                              DicomFileLayout* layout = nullptr);

}  // namespace marrow
