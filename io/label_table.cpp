#include "io/label_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/text_encoding.h"

namespace marrow {

// ---------------------------------------------------------------------------------------
// [SECTION] Built-in TotalSegmentator "total" table (v2). Index i holds label i + 1.
// Reproduces TotalSegmentator's public class map (totalsegmentator/map_to_binary.py).
// ---------------------------------------------------------------------------------------
namespace {
const char* const kTotalSegmentatorNames[] = {
    "spleen", "kidney_right", "kidney_left", "gallbladder", "liver", "stomach", 
    "pancreas", "adrenal_gland_right", "adrenal_gland_left", "lung_upper_lobe_left", "lung_lower_lobe_left", "lung_upper_lobe_right", 
    "lung_middle_lobe_right", "lung_lower_lobe_right", "esophagus", "trachea", "thyroid_gland", "small_bowel", 
    "duodenum", "colon", "urinary_bladder", "prostate", "kidney_cyst_left", "kidney_cyst_right", 
    "sacrum", "vertebrae_S1", "vertebrae_L5", "vertebrae_L4", "vertebrae_L3", "vertebrae_L2", 
    "vertebrae_L1", "vertebrae_T12", "vertebrae_T11", "vertebrae_T10", "vertebrae_T9", "vertebrae_T8", 
    "vertebrae_T7", "vertebrae_T6", "vertebrae_T5", "vertebrae_T4", "vertebrae_T3", "vertebrae_T2", 
    "vertebrae_T1", "vertebrae_C7", "vertebrae_C6", "vertebrae_C5", "vertebrae_C4", "vertebrae_C3", 
    "vertebrae_C2", "vertebrae_C1", "heart", "aorta", "pulmonary_vein", "brachiocephalic_trunk", 
    "subclavian_artery_right", "subclavian_artery_left", "common_carotid_artery_right", "common_carotid_artery_left", "brachiocephalic_vein_left", "brachiocephalic_vein_right", 
    "atrial_appendage_left", "superior_vena_cava", "inferior_vena_cava", "portal_vein_and_splenic_vein", "iliac_artery_left", "iliac_artery_right", 
    "iliac_vena_left", "iliac_vena_right", "humerus_left", "humerus_right", "scapula_left", "scapula_right", 
    "clavicula_left", "clavicula_right", "femur_left", "femur_right", "hip_left", "hip_right", 
    "spinal_cord", "gluteus_maximus_left", "gluteus_maximus_right", "gluteus_medius_left", "gluteus_medius_right", "gluteus_minimus_left", 
    "gluteus_minimus_right", "autochthon_left", "autochthon_right", "iliopsoas_left", "iliopsoas_right", "brain", 
    "skull", "rib_left_1", "rib_left_2", "rib_left_3", "rib_left_4", "rib_left_5", 
    "rib_left_6", "rib_left_7", "rib_left_8", "rib_left_9", "rib_left_10", "rib_left_11", 
    "rib_left_12", "rib_right_1", "rib_right_2", "rib_right_3", "rib_right_4", "rib_right_5", 
    "rib_right_6", "rib_right_7", "rib_right_8", "rib_right_9", "rib_right_10", "rib_right_11", 
    "rib_right_12", "sternum", "costal_cartilages"
};
constexpr size_t kTotalSegmentatorCount = sizeof(kTotalSegmentatorNames) / sizeof(kTotalSegmentatorNames[0]);
static_assert(kTotalSegmentatorCount == 117, "TotalSegmentator total task has 117 classes");

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

std::string unquote(std::string s) {
    s = trim(s);
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        s = s.substr(1, s.size() - 2);
    return s;
}

// Parses a whole field as a number; nullopt for anything else.
std::optional<double> parseNumber(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<uint32_t> parseLabelValue(const std::string& s) {
    const auto v = parseNumber(s);
    if (!v || *v < 0 || *v > 4294967295.0 || *v != std::floor(*v)) return std::nullopt;
    return uint32_t(*v);
}

uint8_t toByte(double v) { return uint8_t(std::clamp(std::lround(v), 0L, 255L)); }

// Three colour fields: 0..255 integers, or 0..1 fractions when written with a decimal point.
std::optional<Rgb> parseRgb(const std::string& r, const std::string& g, const std::string& b) {
    const auto fr = parseNumber(r), fg = parseNumber(g), fb = parseNumber(b);
    if (!fr || !fg || !fb) return std::nullopt;
    const bool fractions = (r + g + b).find('.') != std::string::npos && *fr <= 1 && *fg <= 1 && *fb <= 1;
    const double s = fractions ? 255.0 : 1.0;
    return Rgb{toByte(*fr * s), toByte(*fg * s), toByte(*fb * s)};
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> splitFields(const std::string& line) {
    std::vector<std::string> f;
    const char delim = line.find('\t') != std::string::npos ? '\t' : (line.find(',') != std::string::npos ? ',' : ' ');
    if (delim == ' ') {
        std::istringstream in(line);
        std::string w;
        while (in >> w) f.push_back(w);
        return f;
    }
    std::string cur;
    for (char c : line) {
        if (c == delim) {
            f.push_back(unquote(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    f.push_back(unquote(cur));
    return f;
}

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Rgb hsvToRgb(double h, double s, double v) {
    const double i = std::floor(h * 6), f = h * 6 - i;
    const double p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
    double r = 0, g = 0, b = 0;
    switch (int(i) % 6) {
        case 0: r = v, g = t, b = p; break;
        case 1: r = q, g = v, b = p; break;
        case 2: r = p, g = v, b = t; break;
        case 3: r = p, g = q, b = v; break;
        case 4: r = t, g = p, b = v; break;
        default: r = v, g = p, b = q; break;
    }
    return {toByte(r * 255), toByte(g * 255), toByte(b * 255)};
}

std::string xmlUnescape(std::string s) {
    static const std::pair<const char*, const char*> kEntities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (auto [from, to] : kEntities) {
        for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + 1)) s.replace(p, std::strlen(from), to);
    }
    return s;
}

// Value of attribute name="..." inside one XML start tag.
std::optional<std::string> xmlAttribute(const std::string& tag, const std::string& name) {
    const std::string key = name + "=";
    for (size_t p = tag.find(key); p != std::string::npos; p = tag.find(key, p + 1)) {
        if (p > 0 && !std::isspace(static_cast<unsigned char>(tag[p - 1]))) continue;
        const size_t q = p + key.size();
        if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\'')) continue;
        const size_t end = tag.find(tag[q], q + 1);
        if (end == std::string::npos) return std::nullopt;
        return xmlUnescape(tag.substr(q + 1, end - q - 1));
    }
    return std::nullopt;
}
}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] Names, groups and colours
// ---------------------------------------------------------------------------------------
bool isBone(std::string_view name) {
    static const char* const kBoneWords[] = {
        "sacrum", "femur", "humerus", "scapula", "clavicula", "clavicle", "sternum", "skull", "hip",
        "coccyx", "patella", "tibia", "fibula", "radius", "ulna", "mandible", "pelvis", "bone", "bones",
        "costal", "spine", "vertebra", "vertebrae", "ribs", "rib", "carpal", "metacarpal", "tarsal",
        "metatarsal", "phalanges", "calcaneus", "talus", "atlas", "axis"};
    // Compare whole words so that "ship" is not a hip and "distribution" holds no rib.
    std::string word;
    const std::string n = asciiLower(name) + " ";
    for (char c : n) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            word += c;
            continue;
        }
        if (!word.empty()) {
            for (const char* w : kBoneWords)
                if (word == w) return true;
        }
        word.clear();
    }
    return false;
}

namespace {
// The difference overlay paints added voxels (40, 230, 40) (ui/segment_actions.cpp): no
// generated colour comes near it, so "added" never reads as a segment.
constexpr Rgb kAddedOverlay{40, 230, 40};
double rgbDistance(Rgb a, Rgb b) {
    const double dr = a.r - b.r, dg = a.g - b.g, db = a.b - b.b;
    return std::sqrt(dr * dr + dg * dg + db * db);
}
}  // namespace

Rgb colourFor(uint32_t value, std::string_view name) {
    // Neighbouring values (TotalSegmentator's rib_left_1..12, vertebrae_C1..S1) alternate
    // between a light and a dark shade, so two neighbours always differ by ~60+ in RGB;
    // the hue (and, for bones, the saturation) walk by the golden ratio, so values further
    // apart differ too.
    const double golden = 0.618033988749895;
    const double walk = std::fmod(value * golden, 1.0);
    const bool dark = value % 2u == 0;
    if (isBone(name)) {
        // Around Slicer's "bone" (241, 214, 145): ivory to tan hues.
        const double h = 0.06 + 0.07 * walk;
        const double s = 0.22 + 0.40 * std::fmod(value * 0.7548776662466927, 1.0);
        return hsvToRgb(h, s, dark ? 0.70 : 0.98);
    }
    double h = std::fmod(0.11 + walk, 1.0);
    const double s = (value % 3u == 0) ? 0.50 : 0.80;
    const double v = dark ? 0.72 : 1.0;
    Rgb c = hsvToRgb(h, s, v);
    // Step the hue away from the overlay's green (a fixed rule: the result stays
    // deterministic).
    while (rgbDistance(c, kAddedOverlay) < 120) {
        h = std::fmod(h + 0.05, 1.0);
        c = hsvToRgb(h, s, v);
    }
    return c;
}

void LabelTable::set(uint32_t value, const std::string& name, std::optional<Rgb> color) {
    LabelEntry& s = entries_[value];
    s.value = value;
    s.name = name;
    s.colorGiven = color.has_value();
    s.color = color ? *color : colourFor(value, name);
}

void LabelTable::remove(uint32_t value) { entries_.erase(value); }

bool LabelTable::replaceRepeatedColours() {
    std::set<std::tuple<int, int, int>> seen;
    bool repeated = false;
    for (const auto& [v, e] : entries_) repeated |= !seen.insert({e.color.r, e.color.g, e.color.b}).second;
    if (!repeated) return false;
    for (auto& [v, e] : entries_) {
        e.color = colourFor(v, e.name);
        e.colorGiven = false;
    }
    return true;
}

const LabelEntry* LabelTable::find(uint32_t value) const {
    auto it = entries_.find(value);
    return it == entries_.end() ? nullptr : &it->second;
}

std::string LabelTable::nameOf(uint32_t value) const {
    auto it = entries_.find(value);
    return it == entries_.end() ? "label " + std::to_string(value) : it->second.name;
}

Rgb LabelTable::colorOf(uint32_t value) const {
    auto it = entries_.find(value);
    return it == entries_.end() ? colourFor(value, "") : it->second.color;
}

std::optional<uint32_t> LabelTable::valueOf(std::string_view name) const {
    const std::string n = asciiLower(name);
    for (const auto& [v, s] : entries_)
        if (asciiLower(s.name) == n) return v;
    return std::nullopt;
}

std::vector<LabelEntry> LabelTable::entries() const {
    std::vector<LabelEntry> out;
    out.reserve(entries_.size());
    for (const auto& [v, e] : entries_) out.push_back(e);
    return out;
}

std::vector<uint32_t> LabelTable::search(std::string_view text) const {
    const std::string t = asciiLower(text);
    std::vector<uint32_t> out;
    for (const auto& [v, s] : entries_)
        if (asciiLower(s.name).find(t) != std::string::npos) out.push_back(v);
    return out;
}

std::vector<uint32_t> LabelTable::bones() const {
    std::vector<uint32_t> out;
    for (const auto& [v, s] : entries_)
        if (isBone(s.name)) out.push_back(v);
    return out;
}

LabelTable LabelTable::totalSegmentator() {
    LabelTable t;
    for (size_t i = 0; i < kTotalSegmentatorCount; ++i) t.set(uint32_t(i + 1), kTotalSegmentatorNames[i]);
    t.source = "built-in TotalSegmentator total table";
    return t;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Readers
// ---------------------------------------------------------------------------------------
LabelTable parseDelimitedLabels(const std::string& text, const std::string& source) {
    LabelTable t;
    t.source = source;
    bool sawData = false, sawOurHeader = false;
    const auto lines = splitLines(text);
    for (size_t n = 0; n < lines.size(); ++n) {
        const std::string line = trim(lines[n]);
        if (line.empty() || line[0] == '#') continue;
        auto f = splitFields(line);
        const auto value = parseLabelValue(f[0]);
        if (!value) {
            if (!sawData) {  // a header line ("label,name,r,g,b")
                sawData = true;
                sawOurHeader = f.size() >= 2 && asciiLower(f[0]) == "label" && asciiLower(f[1]) == "name";
                continue;
            }
            throw Error(source, "line " + std::to_string(n + 1) + ": '" + f[0] + "' is not a label number");
        }
        sawData = true;
        if (f.size() < 2 || f[1].empty())
            throw Error(source, "line " + std::to_string(n + 1) + ": label " + f[0] + " has no name");
        std::optional<Rgb> color;
        std::string name = f[1];
        if (f.size() >= 5) {
            color = parseRgb(f[f.size() - 3], f[f.size() - 2], f[f.size() - 1]);
            // Whitespace-separated files may have names with spaces: the middle fields.
            for (size_t i = 2; color && i + 3 < f.size(); ++i) name += " " + f[i];
        }
        if (*value == 0) continue;  // background
        t.set(*value, name, color);
    }
    // A "label name ..." header and no rows: a map without segments, as writeLabelTableTsv
    // writes it for an empty label map (saving every segment deleted must reopen).
    if (t.empty() && !sawOurHeader)
        throw Error(source, "no label names found (expected lines 'label<TAB>name[<TAB>r g b]')");
    return t;
}

LabelTable parseItkSnapLabels(const std::string& text, const std::string& source) {
    LabelTable t;
    t.source = source;
    const auto lines = splitLines(text);
    for (size_t n = 0; n < lines.size(); ++n) {
        const std::string line = trim(lines[n]);
        if (line.empty() || line[0] == '#') continue;
        // IDX -R- -G- -B- -A-- VIS MSH "LABEL"
        const size_t quote = line.find('"');
        const size_t endQuote = quote == std::string::npos ? quote : line.rfind('"');
        std::istringstream in(line.substr(0, quote));
        double idx, r, g, b, a, vis, msh;
        // idx must be a whole number a label map can hold: casting 1e20 to uint32_t is
        // undefined behaviour (UBSan, fuzz_labels), and any value above 2^32-1 is a typo.
        if (!(in >> idx >> r >> g >> b >> a >> vis >> msh) || quote == std::string::npos || endQuote <= quote ||
            !(idx >= 0 && idx <= 4294967295.0) || idx != std::floor(idx))
            throw Error(source, "line " + std::to_string(n + 1) + " is not an ITK-SNAP label line (IDX R G B A VIS MSH \"LABEL\")");
        if (idx == 0) continue;  // "Clear Label"
        t.set(uint32_t(idx), line.substr(quote + 1, endQuote - quote - 1), Rgb{toByte(r), toByte(g), toByte(b)});
    }
    if (t.empty()) throw Error(source, "no labels in the ITK-SNAP label description file");
    return t;
}

namespace {
bool looksLikeItkSnap(const std::string& text) {
    if (text.find("ITK-SnAP") != std::string::npos || text.find("ITK-SNAP") != std::string::npos) return true;
    for (const auto& raw : splitLines(text)) {
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        const size_t quote = line.find('"');
        if (quote == std::string::npos) return false;
        std::istringstream in(line.substr(0, quote));
        double v;
        int numbers = 0;
        while (in >> v) ++numbers;
        return numbers == 7;
    }
    return false;
}
}  // namespace

LabelTable readLabelTable(const std::string& path) {
    // Names are bytes in the writing tool's encoding; read non-UTF-8 files as Latin-1.
    const std::string text = textAsUtf8(readWholeFile(path));
    if (text.find("<LabelTable") != std::string::npos) {
        if (auto t = parseNiftiLabelXml(text)) {
            t->source = path;
            return *t;
        }
    }
    return looksLikeItkSnap(text) ? parseItkSnapLabels(text, path) : parseDelimitedLabels(text, path);
}

std::optional<LabelTable> parseNiftiLabelXml(const std::string& text) {
    const size_t table = text.find("<LabelTable");
    if (table == std::string::npos) return std::nullopt;
    const size_t tableEnd = std::min(text.find("</LabelTable>", table), text.size());
    LabelTable t;
    t.source = "NIfTI header extension (LabelTable)";
    for (size_t p = text.find("<Label ", table); p != std::string::npos && p < tableEnd;
         p = text.find("<Label ", p + 1)) {
        const size_t tagEnd = text.find('>', p);
        if (tagEnd == std::string::npos) break;
        const std::string tag = text.substr(p, tagEnd - p);
        const auto key = xmlAttribute(tag, "Key");
        const auto value = key ? parseLabelValue(trim(*key)) : std::nullopt;
        if (!value) continue;
        std::string name;
        if (tag.back() != '/') {
            const size_t close = text.find("</Label>", tagEnd);
            name = text.substr(tagEnd + 1, (close == std::string::npos ? text.size() : close) - tagEnd - 1);
            const size_t cdata = name.find("<![CDATA[");
            if (cdata != std::string::npos) {
                const size_t cend = name.find("]]>", cdata);
                name = name.substr(cdata + 9, (cend == std::string::npos ? name.size() : cend) - cdata - 9);
            } else {
                name = xmlUnescape(name);
            }
        }
        name = textAsUtf8(trim(name));
        if (*value == 0 || name.empty()) continue;
        std::optional<Rgb> color;
        const auto r = xmlAttribute(tag, "Red"), g = xmlAttribute(tag, "Green"), b = xmlAttribute(tag, "Blue");
        if (r && g && b) {
            const auto fr = parseNumber(trim(*r)), fg = parseNumber(trim(*g)), fb = parseNumber(trim(*b));
            if (fr && fg && fb) color = Rgb{toByte(*fr * 255), toByte(*fg * 255), toByte(*fb * 255)};
        }
        t.set(*value, name, color);
    }
    if (t.empty()) return std::nullopt;
    return t;
}

std::optional<LabelTable> labelTableFromNiftiMeta(const std::map<std::string, std::string>& meta) {
    const std::string prefix = "nifti.extension.";
    for (const auto& [key, value] : meta) {
        if (key.compare(0, prefix.size(), prefix) != 0 || key.find(".code") != std::string::npos) continue;
        if (auto t = parseNiftiLabelXml(value)) return t;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Writers
// ---------------------------------------------------------------------------------------
std::string formatNiftiLabelXml(const LabelTable& table) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> <CaretExtension>   <VolumeInformation Index=\"0\">   <LabelTable>\n";
    char buf[160];
    for (const auto& e : table.entries()) {
        std::snprintf(buf, sizeof buf, "<Label Key=\"%u\" Red=\"%.6g\" Green=\"%.6g\" Blue=\"%.6g\" Alpha=\"1\">",
                      e.value, e.color.r / 255.0, e.color.g / 255.0, e.color.b / 255.0);
        xml += buf;
        std::string name = e.name;  // "]]>" would end the CDATA section early
        for (size_t p = name.find("]]>"); p != std::string::npos; p = name.find("]]>", p)) name.replace(p, 3, "]] >");
        xml += "<![CDATA[" + name + "]]></Label>\n";
    }
    xml += "  </LabelTable>  <VolumeType><![CDATA[Label]]></VolumeType>   </VolumeInformation></CaretExtension>\n";
    return xml;
}

std::string formatLabelTableTsv(const LabelTable& table) {
    std::string out = "label\tname\tr\tg\tb\n";
    for (const auto& e : table.entries()) {
        // Tabs and newlines cannot appear inside a TSV field.
        std::string name = e.name;
        std::replace_if(name.begin(), name.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
        out += std::to_string(e.value) + "\t" + name + "\t" + std::to_string(e.color.r) + "\t" +
               std::to_string(e.color.g) + "\t" + std::to_string(e.color.b) + "\n";
    }
    return out;
}

std::string formatItkSnapLabels(const LabelTable& table) {
    std::string out =
        "################################################\n"
        "# ITK-SnAP Label Description File\n"
        "# File format: \n"
        "# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL\n"
        "# Fields: \n"
        "#    IDX:   Zero-based index \n"
        "#    -R-:   Red color component (0..255)\n"
        "#    -G-:   Green color component (0..255)\n"
        "#    -B-:   Blue color component (0..255)\n"
        "#    -A-:   Label transparency (0.00 .. 1.00)\n"
        "#    VIS:   Label visibility (0 or 1)\n"
        "#    MSH:   Label mesh visibility (0 or 1)\n"
        "#  LABEL:   Label description \n"
        "################################################\n"
        "    0     0    0    0        0  0  0    \"Clear Label\"\n";
    char buf[96];
    for (const auto& e : table.entries()) {
        std::string name = e.name;
        std::replace(name.begin(), name.end(), '"', '\'');  // the format has no escape for quotes
        std::snprintf(buf, sizeof buf, "%5u %5d %4d %4d        1  1  1    \"", e.value, e.color.r, e.color.g, e.color.b);
        out += buf + name + "\"\n";
    }
    return out;
}

void writeLabelTableTsv(const LabelTable& table, const std::string& path) {
    const std::string text = formatLabelTableTsv(table);
    writeFileAtomically(path, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) throw Error(path, "cannot write the label names file");
    });
}

}  // namespace marrow
