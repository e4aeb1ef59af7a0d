#pragma once
// Helpers around GDCM shared by the DICOM reader and writer (internal to io/).
#include <cstddef>
#include <cstdint>
#include <string>

namespace marrow {

// GDCM prints debug/warning/error traces to stderr; we report problems ourselves
// (marrow::Error, volume warnings), so switch them off once per process.
void silenceGdcmTrace();

enum class DicomFileCheck { Complete, Damaged, NotDicom };

// Where the walk found the top-level Pixel Data (7fe0,0010) of a Complete file.
struct DicomFileLayout {
    std::string transferSyntax;  // from the file meta information ("" without preamble)
    uint64_t pixelOffset = 0;    // first byte of the value
    uint64_t pixelLength = 0;    // 0 when absent or encapsulated (undefined length)
};

// Debian's GDCM keeps assert() and aborts the process on many malformed files (a file
// cut inside an element, an unknown VR, a file meta element with the wrong VR, a pixel
// module that contradicts the pixel data, a RescaleSlope of 0...). So before GDCM sees a
// file we walk its element structure ourselves (little-endian syntaxes; big endian and
// deflated pass to GDCM) and check what GDCM and our reader rely on:
//   - every element, sequence item and pixel-data fragment fits in the file, and every
//     explicit VR is a known one;
//   - the file meta group of a Part 10 file is explicit VR, each known element has its
//     dictionary VR (and the group length is a 4-byte UL; its value is not trusted);
//   - the pixel module and geometry elements have their dictionary VR and value count,
//     and sane values: BitsAllocated 1/8/16/32, BitsStored <= BitsAllocated, HighBit
//     below BitsAllocated, PixelRepresentation 0/1, SamplesPerPixel 1/3/4, Rows and
//     Columns > 0, native Pixel Data exactly Rows*Columns*frames*samples*bits/8 bytes
//     (plus one pad byte), PixelSpacing positive, positions and orientation finite,
//     row/column directions non-zero and perpendicular, RescaleSlope finite and non-zero.
//   Complete: GDCM may read it.  Damaged: a DICOM file (Part 10 preamble, or an element
//   structure that walks) that breaks one of these rules; problem says which.
//   NotDicom: no preamble and no valid element structure (text files, images...).
DicomFileCheck checkDicomFile(const std::string& path, std::string* problem = nullptr,
                              DicomFileLayout* layout = nullptr);
// The same check on a file held in memory (for fuzz targets).
DicomFileCheck checkDicomBytes(const void* data, size_t size, std::string* problem = nullptr,
                               DicomFileLayout* layout = nullptr);

}  // namespace marrow
