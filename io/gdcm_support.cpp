#include "io/gdcm_support.h"

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

bool fileMetaLooksComplete(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[132];
    if (!in.read(head, sizeof head) || std::memcmp(head + 128, "DICM", 4) != 0) return true;
    // Group 0002 is always explicit VR little endian (PS3.10 7.1). Walk its elements and
    // require each one, and then at least one data set element header, to be present.
    for (;;) {
        unsigned char e[8];
        if (!in.read(reinterpret_cast<char*>(e), 8)) return false;
        const uint16_t group = uint16_t(e[0] | (e[1] << 8));
        if (group != 0x0002) return in.good();
        const char vr[2] = {char(e[4]), char(e[5])};
        uint64_t length = uint16_t(e[6] | (e[7] << 8));
        const bool longForm = !std::memcmp(vr, "OB", 2) || !std::memcmp(vr, "OW", 2) || !std::memcmp(vr, "UN", 2) ||
                              !std::memcmp(vr, "SQ", 2) || !std::memcmp(vr, "UT", 2) || !std::memcmp(vr, "OF", 2) ||
                              !std::memcmp(vr, "UC", 2) || !std::memcmp(vr, "UR", 2) || !std::memcmp(vr, "OD", 2) ||
                              !std::memcmp(vr, "OL", 2) || !std::memcmp(vr, "OV", 2);
        if (longForm) {
            unsigned char l[4];
            if (!in.read(reinterpret_cast<char*>(l), 4)) return false;
            length = uint64_t(l[0]) | uint64_t(l[1]) << 8 | uint64_t(l[2]) << 16 | uint64_t(l[3]) << 24;
            if (length == 0xffffffffu) return true;  // undefined length in group 2: let GDCM judge
        }
        if (!in.seekg(std::streamoff(length), std::ios::cur) || in.peek() == EOF) return false;
    }
}

}  // namespace marrow
