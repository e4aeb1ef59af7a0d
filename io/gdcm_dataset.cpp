#include "io/gdcm_dataset.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <gdcmByteValue.h>
#include <gdcmDict.h>
#include <gdcmDicts.h>
#include <gdcmGlobal.h>
#include <gdcmItem.h>

namespace marrow {

void setDicomText(gdcm::DataSet& ds, uint16_t group, uint16_t element, gdcm::VR vr, std::string value) {
    if (value.size() % 2) value.push_back(vr == gdcm::VR::UI ? '\0' : ' ');
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(vr);
    de.SetByteValue(value.data(), uint32_t(value.size()));
    ds.Replace(de);
}

namespace {
// The shortest "%.*g" of v that fits DS's 16 characters (17 significant digits at most).
std::string decimalString(double v) {
    char buf[40];
    for (int precision = 16; precision > 0; --precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strlen(buf) <= 16) return buf;
    }
    return "0";
}

template <class T>
void setBinary(gdcm::DataSet& ds, uint16_t group, uint16_t element, gdcm::VR vr, const std::vector<T>& values) {
    std::string bytes(values.size() * sizeof(T), '\0');
    for (size_t i = 0; i < values.size(); ++i)
        for (size_t b = 0; b < sizeof(T); ++b) bytes[i * sizeof(T) + b] = char((uint64_t(values[i]) >> (8 * b)) & 0xff);
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(vr);
    de.SetByteValue(bytes.data(), uint32_t(bytes.size()));
    ds.Replace(de);
}
}  // namespace

void setDicomDecimals(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<double>& values) {
    std::string text;
    for (size_t i = 0; i < values.size(); ++i) text += (i ? "\\" : "") + decimalString(values[i]);
    setDicomText(ds, group, element, gdcm::VR::DS, text);
}

void setDicomUS(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<uint16_t>& values) {
    setBinary(ds, group, element, gdcm::VR::US, values);
}

void setDicomUL(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<uint32_t>& values) {
    setBinary(ds, group, element, gdcm::VR::UL, values);
}

void setDicomTags(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<gdcm::Tag>& tags) {
    std::vector<uint16_t> halves;
    for (const gdcm::Tag& t : tags) halves.push_back(t.GetGroup()), halves.push_back(t.GetElement());
    setBinary(ds, group, element, gdcm::VR::AT, halves);
}

void setDicomSequence(gdcm::DataSet& ds, uint16_t group, uint16_t element, const std::vector<gdcm::DataSet>& items) {
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = new gdcm::SequenceOfItems;
    sq->SetLengthToUndefined();
    for (const gdcm::DataSet& nested : items) {
        gdcm::Item item;
        item.SetVLToUndefined();
        item.SetNestedDataSet(nested);
        sq->AddItem(item);
    }
    gdcm::DataElement de(gdcm::Tag(group, element));
    de.SetVR(gdcm::VR::SQ);
    de.SetValue(*sq);
    de.SetVLToUndefined();
    ds.Replace(de);
}

gdcm::DataSet dicomCode(const std::string& value, const std::string& scheme, const std::string& meaning) {
    gdcm::DataSet code;
    setDicomText(code, 0x0008, 0x0100, gdcm::VR::SH, value);
    setDicomText(code, 0x0008, 0x0102, gdcm::VR::SH, scheme);
    setDicomText(code, 0x0008, 0x0104, gdcm::VR::LO, meaning);
    return code;
}

std::string dicomText(const gdcm::DataSet& ds, uint16_t group, uint16_t element) {
    const gdcm::Tag tag(group, element);
    if (!ds.FindDataElement(tag)) return {};
    const gdcm::ByteValue* bv = ds.GetDataElement(tag).GetByteValue();
    if (!bv || !bv->GetPointer()) return {};
    std::string s(bv->GetPointer(), bv->GetLength());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    const size_t b = s.find_first_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b);
}

std::vector<const gdcm::DataSet*> dicomItems(const gdcm::DataSet& ds, uint16_t group, uint16_t element) {
    std::vector<const gdcm::DataSet*> out;
    const gdcm::Tag tag(group, element);
    if (!ds.FindDataElement(tag)) return out;
    gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds.GetDataElement(tag).GetValueAsSQ();
    if (!sq) return out;
    for (size_t i = 1; i <= sq->GetNumberOfItems(); ++i) out.push_back(&sq->GetItem(i).GetNestedDataSet());
    return out;
}

std::vector<double> dicomNumbers(const gdcm::DataSet& ds, uint16_t group, uint16_t element) {
    std::vector<double> out;
    const gdcm::Tag tag(group, element);
    if (!ds.FindDataElement(tag)) return out;
    const gdcm::DataElement& de = ds.GetDataElement(tag);
    const gdcm::ByteValue* bv = de.GetByteValue();
    if (!bv || !bv->GetPointer()) return out;
    gdcm::VR vr = de.GetVR();
    if (vr == gdcm::VR::INVALID || vr == gdcm::VR::UN)  // implicit VR files: the dictionary's
        vr = gdcm::Global::GetInstance().GetDicts().GetDictEntry(tag).GetVR();
    const auto* p = reinterpret_cast<const unsigned char*>(bv->GetPointer());
    const size_t n = bv->GetLength();
    if (vr == gdcm::VR::US || vr == gdcm::VR::UL) {
        const size_t w = vr == gdcm::VR::US ? 2 : 4;
        for (size_t i = 0; i + w <= n; i += w) {
            uint32_t v = 0;
            for (size_t b = 0; b < w; ++b) v |= uint32_t(p[i + b]) << (8 * b);
            out.push_back(double(v));
        }
        return out;
    }
    const std::string text(bv->GetPointer(), n);
    const char* s = text.c_str();
    while (*s) {
        char* end = nullptr;
        const double v = std::strtod(s, &end);
        if (end == s || !std::isfinite(v)) return {};
        out.push_back(v);
        s = end;
        while (*s == ' ' || *s == '\0') {
            if (!*s) break;
            ++s;
        }
        if (*s == '\\') ++s;
        else if (*s) return {};
    }
    return out;
}

}  // namespace marrow
