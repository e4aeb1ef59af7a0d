// Structure walk of a DICOM file (PS3.5 section 7): element headers, nested sequences
// and encapsulated fragments, without reading values. O(number of elements) small reads.
#include "io/gdcm_support.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <mutex>

#include <gdcmTrace.h>

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

struct Walker {
    std::ifstream in;
    uint64_t size = 0;
    uint64_t pos = 0;
    std::string problem;
    uint64_t pixelOffset = 0, pixelLength = 0;

    bool fail(const std::string& what) {
        if (problem.empty()) problem = what;
        return false;
    }
    bool read(void* dst, uint64_t n) {
        if (pos + n > size) return fail("file ends at byte " + std::to_string(size) + " inside an element header");
        in.seekg(std::streamoff(pos));
        if (!in.read(static_cast<char*>(dst), std::streamsize(n))) return fail("read error");
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
    static uint32_t le32(const unsigned char* b) { return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24; }
    static uint32_t tagOf(const unsigned char* b) { return uint32_t(b[0] | b[1] << 8) << 16 | uint32_t(b[2] | b[3] << 8); }
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
            const uint32_t tag = tagOf(h), len = le32(h + 4);
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
                if (longVr(vr)) {
                    unsigned char l[4];
                    if (!read(l, 4)) return false;
                    len = le32(l);
                } else {
                    len = uint32_t(h[6] | h[7] << 8);
                }
            } else {
                len = le32(h + 4);
                vr[0] = vr[1] = 0;
            }
            if (len == kUndefined) {
                // SQ, UN or encapsulated pixel data; UN sequences are implicit VR inside.
                if (!items(explicitVr && std::memcmp(vr, "UN", 2) != 0, depth)) return false;
                continue;
            }
            if (ts && tag == 0x00020010u && len < 128) {
                ts->resize(len);
                if (!read(ts->data(), len)) return false;
                while (!ts->empty() && (ts->back() == '\0' || ts->back() == ' ')) ts->pop_back();
                continue;
            }
            if (tag == 0x7fe00010u && depth == 0 && !insideItem) pixelOffset = pos, pixelLength = len;
            if (!skip(len)) return false;
        }
        if (insideItem) return fail("file ends inside a sequence item (truncated file?)");
        return true;
    }
};

}  // namespace

DicomFileCheck checkDicomFile(const std::string& path, std::string* problem, DicomFileLayout* layout) {
    Walker w;
    w.in.open(path, std::ios::binary | std::ios::ate);
    if (!w.in) {
        if (problem) *problem = "cannot open file";
        return DicomFileCheck::NotDicom;
    }
    w.size = uint64_t(w.in.tellg());
    char head[132] = {};
    w.in.seekg(0);
    const bool part10 = w.size >= 132 && w.in.read(head, 132) && !std::memcmp(head + 128, "DICM", 4);
    auto verdict = [&](bool ok) {
        if (ok) return DicomFileCheck::Complete;
        if (problem) *problem = w.problem;
        return part10 ? DicomFileCheck::CutOff : DicomFileCheck::NotDicom;
    };
    w.in.clear();
    bool explicitVr = true;
    std::string ts;
    if (part10) {
        w.pos = 132;
        // Group 0002 is explicit VR little endian; read it element by element.
        for (;;) {
            unsigned char g[2];
            if (w.pos + 2 > w.size) return verdict(w.fail("file ends inside the file meta information"));
            w.in.seekg(std::streamoff(w.pos));
            w.in.read(reinterpret_cast<char*>(g), 2);
            if ((g[0] | g[1] << 8) != 0x0002) break;
            const uint64_t before = w.pos;
            if (!w.elements(true, 0, false, w.pos + 1, &ts)) return verdict(false);
            if (w.pos == before) break;
        }
        if (ts == "1.2.840.10008.1.2.1.99" || ts == "1.2.840.10008.1.2.2") return DicomFileCheck::Complete;  // deflated, big endian: GDCM's call
        explicitVr = ts != "1.2.840.10008.1.2";
    } else {
        if (w.size < 8) return DicomFileCheck::NotDicom;
        // No preamble: old files start straight with a data set; guess the VR mode.
        explicitVr = std::isupper(static_cast<unsigned char>(head[4])) && std::isupper(static_cast<unsigned char>(head[5]));
        w.pos = 0;
    }
    const DicomFileCheck result = verdict(w.elements(explicitVr, 0, false));
    if (layout && result == DicomFileCheck::Complete) *layout = {ts, w.pixelOffset, w.pixelLength};
    return result;
}

}  // namespace marrow
