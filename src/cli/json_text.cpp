#include "src/cli/json_text.h"

#include <cstdio>

#include "io/atomic_file.h"
#include "io/error.h"

namespace marrow::cli {
namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 when the byte does not start one.
size_t validSequenceLength(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) n = 3, lo = 0xA0;
    else if (c == 0xED) n = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) n = 4, lo = 0x90;
    else if (c == 0xF4) n = 4, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

nlohmann::json withValidStrings(const nlohmann::json& j) {
    if (j.is_string()) return validUtf8Text(j.get_ref<const std::string&>());
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : j) out.push_back(withValidStrings(e));
        return out;
    }
    if (j.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [key, value] : j.items()) out[validUtf8Text(key)] = withValidStrings(value);
        return out;
    }
    return j;
}

}  // namespace

std::string validUtf8Text(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        if (const size_t n = validSequenceLength(bytes, i)) {
            out.append(bytes.substr(i, n));
            i += n;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(bytes[i++]);  // >= 0x80 here
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    }
    return out;
}

std::string jsonText(const nlohmann::json& j) { return withValidStrings(j).dump(2); }

void writeJsonFile(const std::string& path, const nlohmann::json& j) {
    const std::string text = jsonText(j) + "\n";
    writeFileAtomically(path, [&](const std::string& tmp) {
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) throw Error(path, "cannot create the file");
        const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
        if (std::fclose(f) != 0 || !ok) throw Error(path, "cannot write the file (disk full?)");
    });
}

}  // namespace marrow::cli
