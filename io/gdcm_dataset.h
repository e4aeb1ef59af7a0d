#pragma once
// Building a gdcm::DataSet element by element (internal to io/: the DICOM series and
// DICOM-SEG writers).
// GDCM does the encoding; these only put values of the right VR into elements: text
// padded to an even length, binary US/UL little endian, sequences of items.
#include <cstdint>
#include <string>
#include <vector>

#include <gdcmDataSet.h>
#include <gdcmSequenceOfItems.h>

namespace marrow {

// A text element (UI padded with NUL, others with a space). Empty values are kept:
// type 2 elements must be present even when unknown.
void setDicomText(gdcm::DataSet& ds, uint16_t group, uint16_t element, gdcm::VR vr, std::string value);
// DS values ("a\b\c"), each at most 16 characters as the VR demands.
void setDicomDecimals(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<double>& values);
void setDicomUS(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<uint16_t>& values);
void setDicomUL(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<uint32_t>& values);
// An AT element holding tags.
void setDicomTags(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<gdcm::Tag>& tags);
// A sequence of the given items (undefined lengths, as most writers do).
void setDicomSequence(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<gdcm::DataSet>& items);
// A code sequence item: CodeValue, CodingSchemeDesignator, CodeMeaning.
gdcm::DataSet dicomCode(const std::string& value, const std::string& scheme, const std::string& meaning);

// Reading back: the trimmed text of an element ("" when absent), and a sequence's items
// (empty when absent or not a sequence).
std::string dicomText(const gdcm::DataSet& ds, uint16_t group, uint16_t element);
std::vector<const gdcm::DataSet*> dicomItems(const gdcm::DataSet& ds, uint16_t group, uint16_t element);
// Numbers of a DS/IS text or of a binary US/UL element; empty when absent or malformed.
std::vector<double> dicomNumbers(const gdcm::DataSet& ds, uint16_t group, uint16_t element);

}  // namespace marrow
