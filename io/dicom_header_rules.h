#pragma once
// What a DICOM file's header must hold before GDCM or our reader may interpret it: the
// file meta elements' VRs, and the pixel module and geometry elements' VRs, value counts
// and values (see checkDicomFile in io/gdcm_support.h, which collects the elements).
// Internal to io/.
#include <cstdint>
#include <map>
#include <string>

namespace marrow {

// One top-level element as the structure walk found it.
struct DicomRawElement {
    std::string vr;      // explicit VR as stored; "" in implicit VR data sets
    uint64_t length = 0;
    std::string value;   // the value bytes (only elements of the rule table, up to 1 KiB)
};

struct DicomHeaderFacts {
    std::map<uint32_t, DicomRawElement> elements;  // tag (group << 16 | element) -> element
    std::string transferSyntax;  // trimmed UID; "" when the file has no meta group
    bool pixelData = false;      // top-level (7fe0,0010) present
    bool encapsulated = false;   // ... with undefined length (compressed fragments)
    uint64_t pixelLength = 0;
    bool bigEndian = false;      // explicit VR big endian data set: binary values swapped
};

// Whether the walk must keep this tag's value for checkDicomHeader.
bool isRuledDicomTag(uint32_t tag);

// The first rule the header breaks, as "<what is wrong>", or "" when it is fine.
std::string checkDicomHeader(const DicomHeaderFacts& facts);

}  // namespace marrow
