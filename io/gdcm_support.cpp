// Structure walk of a DICOM file (PS3.5 section 7): element headers, nested sequences
// and encapsulated fragments, without reading values. O(number of elements) small reads.
#include "io/gdcm_support.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>

#include <gdcmGlobal.h>
#include <gdcmDicts.h>
#include <gdcmTrace.h>
#include <zlib.h>

#include "io/dicom_header_rules.h"

namespace marrow {

void silenceGdcmTrace() {
    static std::once_flag once;
    std::call_once(once, [] {
        gdcm::Trace::SetDebug(false);
        gdcm::Trace::SetWarning(false);
        gdcm::Trace::SetError(false);
    });
}

namespace {

constexpr uint32_t kUndefined = 0xffffffffu;
constexpr uint32_t kItem = 0xfffee000u, kItemEnd = 0xfffee00du, kSequenceEnd = 0xfffee0ddu;

// Every VR of PS3.5 table 6.2-1. GDCM reads any other printable pair as UN (32-bit
// length) and asserts on the rest (gdcmVR.h, VR::Read), so an unknown VR is damage.
bool knownVr(const char* vr) {
    static constexpr const char* kVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
                                           "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
                                           "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char* v : kVrs)
        if (!std::memcmp(vr, v, 2)) return true;
    return false;
}

std::string hex4(uint32_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04x", v & 0xffffu);
    return buf;
}

// Top-level elements GDCM's image reading takes through gdcm::Attribute<>, which asserts
// that the element's VR is compatible with the dictionary's (gdcmAttribute.h,
// SetFromDataElement) and that it holds a value: the whole image pixel group (0028,xxxx)
// and the position, orientation and spacing elements. Other groups are read as text and
// may carry a wrong VR without harm, so real files with such slips still load.
bool readAsAttribute(uint32_t tag) {
    const uint32_t group = tag >> 16, element = tag & 0xffffu;
    if (group == 0x0028) return true;
    if (group == 0x0020) return element == 0x0030 || element == 0x0032 || element == 0x0035 || element == 0x0037;
    if (group == 0x0018) return element == 0x0050 || element == 0x0088 || element == 0x1164;
    return false;
}

// "" when GDCM may take the element as an attribute, else what is wrong. vr is the
// explicit VR ("" in implicit VR data sets, where GDCM takes the dictionary's).
std::string attributeProblem(uint32_t tag, const std::string& vr, bool undefinedLength) {
    const gdcm::DictEntry& entry = gdcm::Global::GetInstance().GetDicts().GetPublicDict().GetDictEntry(
        gdcm::Tag(uint16_t(tag >> 16), uint16_t(tag & 0xffffu)));
    const gdcm::VR dictVr = entry.GetVR();
    if (dictVr == gdcm::VR::INVALID || dictVr == gdcm::VR::SQ) return {};
    if (undefinedLength) return "has an undefined length (a sequence where a value belongs)";
    if (!vr.empty() && !dictVr.Compatible(gdcm::VR(gdcm::VR::GetVRType(vr.c_str()))))
        return "has VR '" + vr + "' where the dictionary says " + gdcm::VR::GetVRString(dictVr);
    return {};
}

struct Walker {
    // Reads n bytes at pos (the file or a memory buffer); false on a read error.
    std::function<bool(uint64_t pos, void* dst, uint64_t n)> source;
    uint64_t size = 0;
    uint64_t pos = 0;
    std::string problem;
    uint64_t pixelOffset = 0;
    DicomHeaderFacts facts;  // top-level elements the header rules look at
    bool dataSetElement = false;  // a top-level element outside group 0002 was seen

    bool fail(const std::string& what) {
        if (problem.empty()) problem = what;
        return false;
    }
    bool read(void* dst, uint64_t n) {
        if (pos + n > size) return fail("file ends at byte " + std::to_string(size) + " inside an element header");
        if (!source(pos, dst, n)) return fail("read error");
        pos += n;
        return true;
    }
    bool skip(uint64_t n) {
        if (pos + n > size)
            return fail("file ends at byte " + std::to_string(size) + ", inside an element that needs " +
                        std::to_string(pos + n) + " bytes (truncated file?)");
        pos += n;
        return true;
    }
    // Explicit VR big endian (retired, but GDCM reads it): tags and lengths byte-swapped.
    bool bigEndian = false;
    uint32_t u16(const unsigned char* b) const { return bigEndian ? uint32_t(b[0] << 8 | b[1]) : uint32_t(b[0] | b[1] << 8); }
    uint32_t u32(const unsigned char* b) const { return bigEndian ? u16(b) << 16 | u16(b + 2) : u16(b) | u16(b + 2) << 16; }
    uint32_t tagOf(const unsigned char* b) const { return u16(b) << 16 | u16(b + 2); }
    static bool longVr(const char* vr) {
        for (const char* v : {"OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UC", "UR", "UT", "UN", "SV", "UV"})
            if (!std::memcmp(vr, v, 2)) return true;
        return false;
    }

    // Items of a sequence (or fragments of encapsulated pixel data) up to the
    // sequence delimiter.
    bool items(bool explicitVr, int depth) {
        if (depth > 32) return fail("sequences nested too deeply");
        for (;;) {
            unsigned char h[8];
            if (!read(h, 8)) return false;
            const uint32_t tag = tagOf(h), len = u32(h + 4);
            if (tag == kSequenceEnd) return true;
            if (tag != kItem) return fail("malformed sequence at byte " + std::to_string(pos - 8));
            if (len == kUndefined) {
                if (!elements(explicitVr, depth + 1, true)) return false;
            } else if (!skip(len)) {
                return false;
            }
        }
    }

    // Elements until the end of the file, or up to the item delimiter inside an item.
    bool elements(bool explicitVr, int depth, bool insideItem, uint64_t end = UINT64_MAX, std::string* ts = nullptr) {
        while (pos < std::min(end, size)) {
            unsigned char h[8];
            if (!read(h, 8)) return false;
            const uint32_t tag = tagOf(h);
            if (tag == kItemEnd) {
                if (insideItem) return true;
                continue;
            }
            uint32_t len;
            char vr[2] = {char(h[4]), char(h[5])};
            if (explicitVr && (tag >> 16) != 0xfffe) {
                if (!knownVr(vr))
                    return fail("element (" + hex4(tag >> 16) + "," + hex4(tag) + ") at byte " +
                                std::to_string(pos - 8) + " has an unknown VR");
                if (longVr(vr)) {
                    unsigned char l[4];
                    if (!read(l, 4)) return false;
                    len = u32(l);
                } else {
                    len = u16(h + 6);
                }
            } else {
                len = u32(h + 4);
                vr[0] = vr[1] = 0;
            }
            const bool top = depth == 0 && !insideItem;
            if (top && (tag >> 16) != 0x0002) dataSetElement = true;
            if (top && tag == 0x7fe00010u) {
                facts.pixelData = true;
                facts.encapsulated = len == kUndefined;
                pixelOffset = pos, facts.pixelLength = len == kUndefined ? 0 : len;
            }
            // The ruled elements hold plain values; GDCM takes their bytes without asking
            // (a sequence there gives it a null value pointer).
            if (top && len == kUndefined && isRuledDicomTag(tag))
                return fail("element (" + hex4(tag >> 16) + "," + hex4(tag) + ") at byte " + std::to_string(pos - 8) +
                            " has an undefined length");
            if (top && readAsAttribute(tag))
                if (const std::string why = attributeProblem(tag, explicitVr ? std::string(vr, 2) : "", len == kUndefined);
                    !why.empty())
                    return fail("element (" + hex4(tag >> 16) + "," + hex4(tag) + ") at byte " +
                                std::to_string(pos - 8) + " " + why);
            if (len == kUndefined) {
                // SQ, UN or encapsulated pixel data; UN sequences are implicit VR inside.
                if (!items(explicitVr && std::memcmp(vr, "UN", 2) != 0, depth)) return false;
                continue;
            }
            if (top && isRuledDicomTag(tag) && !facts.elements.count(tag)) {
                DicomRawElement& e = facts.elements[tag];
                e.vr.assign(vr, explicitVr ? 2 : 0);
                e.length = len;
                if (len <= 1024) {
                    e.value.resize(len);
                    if (!read(e.value.data(), len)) return false;
                    if (ts && tag == 0x00020010u) {
                        *ts = e.value;
                        while (!ts->empty() && (ts->back() == '\0' || ts->back() == ' ')) ts->pop_back();
                    }
                    continue;
                }
            }
            if (!skip(len)) return false;
        }
        if (insideItem) return fail("file ends inside a sequence item (truncated file?)");
        return true;
    }
};

// Inflates the raw deflate stream (RFC 1951) from w.pos to the end of the file: the data
// set of a Deflated Explicit VR Little Endian file. Bounded, so a deflate bomb is refused
// instead of filling memory; false (w.problem set) on a cut or corrupt stream.
bool inflateDataSet(Walker& w, std::string& out) {
    constexpr uint64_t kMaxInflated = uint64_t(1) << 30;  // far above any one deflated slice
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return w.fail("zlib could not start");
    std::string in(64 << 10, '\0');
    int rc = Z_OK;
    uint64_t pos = w.pos;
    size_t used = 0;  // out grows geometrically and is cut to `used` once at the end
    while (rc != Z_STREAM_END) {
        if (z.avail_in == 0) {
            if (pos >= w.size) break;
            const uint64_t n = std::min<uint64_t>(in.size(), w.size - pos);
            if (!w.source(pos, in.data(), n)) break;
            pos += n;
            z.next_in = reinterpret_cast<Bytef*>(in.data());
            z.avail_in = uInt(n);
        }
        if (used == out.size()) {
            if (used >= kMaxInflated) break;
            out.resize(std::min<uint64_t>(std::max<size_t>(used * 2, 1 << 16), kMaxInflated));
        }
        z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        z.avail_out = uInt(std::min<size_t>(out.size() - used, 1u << 30));
        const uInt before = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        used += before - z.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
    }
    inflateEnd(&z);
    out.resize(used);
    if (rc == Z_STREAM_END) return true;
    if (used >= kMaxInflated) return w.fail("the deflated data set inflates to more than 1 GiB");
    return w.fail("the deflated data set is cut off or corrupt (zlib: " + std::string(z.msg ? z.msg : "no end") + ")");
}

}  // namespace

namespace {

constexpr const char* kNoDataSet = "no data set after the file meta information";

DicomFileCheck checkWith(Walker& w, std::string* problem, DicomFileLayout* layout) {
    char head[132] = {};
    const bool part10 = w.size >= 132 && w.source(0, head, 132) && !std::memcmp(head + 128, "DICM", 4);
    if (!part10 && w.size >= 8) w.source(0, head, 8);
    bool walked = false;  // the element structure held up: rule failures are damage then
    auto verdict = [&](bool ok) {
        if (ok) {
            // The walk keeps the transfer syntax raw; the rules see it trimmed.
            if (const std::string why = checkDicomHeader(w.facts); !why.empty()) {
                if (problem) *problem = why;
                return DicomFileCheck::Damaged;
            }
            return DicomFileCheck::Complete;
        }
        if (problem) *problem = w.problem;
        return part10 || walked ? DicomFileCheck::Damaged : DicomFileCheck::NotDicom;
    };
    bool explicitVr = true;
    std::string ts;
    if (part10) {
        w.pos = 132;
        // Group 0002 is explicit VR little endian (GDCM asserts on the implicit VR
        // variants some old writers produced); read it element by element.
        for (;;) {
            unsigned char g[2];
            if (w.pos + 2 > w.size) return verdict(w.fail("file ends inside the file meta information"));
            if (!w.source(w.pos, g, 2)) return verdict(w.fail("read error"));
            if ((g[0] | g[1] << 8) != 0x0002) break;
            const uint64_t before = w.pos;
            if (!w.elements(true, 0, false, w.pos + 1, &ts)) return verdict(false);
            if (w.pos == before) break;
        }
        if (w.facts.elements.count(0x00020010) == 0) return verdict(w.fail("no TransferSyntaxUID in the file meta information"));
        w.facts.transferSyntax = ts;
        // Deflated data sets are inflated (bounded) and walked like the others; GDCM then
        // decodes the file itself. Big endian ones are walked too: an unchecked length there
        // made GDCM zero-fill 4 GB (found by fuzz_dicom).
        if (ts == "1.2.840.10008.1.2.1.99") {
            std::string inflated;
            if (!inflateDataSet(w, inflated)) return verdict(false);
            Walker d;
            d.size = inflated.size();
            d.source = [&inflated](uint64_t pos, void* dst, uint64_t n) {
                if (pos > inflated.size() || n > inflated.size() - pos) return false;
                std::memcpy(dst, inflated.data() + pos, n);
                return true;
            };
            d.facts = std::move(w.facts);  // the meta group's elements, already walked
            const bool ok = d.elements(true, 0, false);
            w.facts = std::move(d.facts);
            if (!ok) return verdict(w.fail("in the deflated data set: " + d.problem));
            if (!d.dataSetElement) return verdict(w.fail(kNoDataSet));
            return verdict(true);  // no layout: only GDCM decodes deflated pixels
        }
        explicitVr = ts != "1.2.840.10008.1.2";
        w.bigEndian = w.facts.bigEndian = ts == "1.2.840.10008.1.2.2";
    } else {
        if (w.size < 8) return DicomFileCheck::NotDicom;
        // No preamble: old files start straight with a data set; guess the VR mode.
        explicitVr = std::isupper(static_cast<unsigned char>(head[4])) && std::isupper(static_cast<unsigned char>(head[5]));
        w.pos = 0;
    }
    walked = w.elements(explicitVr, 0, false);
    if (!walked) return verdict(false);
    // GDCM asserts when the file ends right after the meta group (gdcmFileMetaInformation.cxx,
    // ReadExplicitDataElement: the next tag cannot be read); a file of group 0002 alone is no image.
    if (!w.dataSetElement) return verdict(w.fail(kNoDataSet));
    const DicomFileCheck result = verdict(true);
    if (layout && result == DicomFileCheck::Complete) *layout = {ts, w.pixelOffset, w.facts.pixelLength};
    return result;
}

}  // namespace

DicomFileCheck checkDicomFile(const std::string& path, std::string* problem, DicomFileLayout* layout) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        if (problem) *problem = "cannot open file";
        return DicomFileCheck::NotDicom;
    }
    Walker w;
    w.size = uint64_t(in.tellg());
    w.source = [&in](uint64_t pos, void* dst, uint64_t n) {
        in.clear();
        return bool(in.seekg(std::streamoff(pos))) && bool(in.read(static_cast<char*>(dst), std::streamsize(n)));
    };
    return checkWith(w, problem, layout);
}

DicomFileCheck checkDicomBytes(const void* data, size_t size, std::string* problem, DicomFileLayout* layout) {
    Walker w;
    w.size = size;
    w.source = [data, size](uint64_t pos, void* dst, uint64_t n) {
        if (pos > size || n > size - pos) return false;
        std::memcpy(dst, static_cast<const char*>(data) + pos, n);
        return true;
    };
    return checkWith(w, problem, layout);
}

}  // namespace marrow
