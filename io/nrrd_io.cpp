#include "io/nrrd_io.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/gzip_members.h"
#include "io/geometry_checks.h"
#include "io/memory_budget.h"
#include "io/text_encoding.h"

namespace marrow {

// ---------------------------------------------------------------------------------------
// [SECTION] Small helpers
// ---------------------------------------------------------------------------------------
namespace {
std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

bool endsWith(const std::string& s, const std::string& e) {
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

// The element type as stored in the file.
struct FileType {
    int bytes = 1;
    bool isSigned = false;
    bool isFloat = false;
};

std::optional<FileType> parseType(const std::string& t) {
    static const std::map<std::string, FileType> kTypes = {
        {"signed char", {1, true, false}},  {"int8", {1, true, false}},        {"int8_t", {1, true, false}},
        {"uchar", {1, false, false}},       {"unsigned char", {1, false, false}}, {"uint8", {1, false, false}},
        {"uint8_t", {1, false, false}},     {"short", {2, true, false}},       {"short int", {2, true, false}},
        {"signed short", {2, true, false}}, {"signed short int", {2, true, false}}, {"int16", {2, true, false}},
        {"int16_t", {2, true, false}},      {"ushort", {2, false, false}},     {"unsigned short", {2, false, false}},
        {"unsigned short int", {2, false, false}}, {"uint16", {2, false, false}}, {"uint16_t", {2, false, false}},
        {"int", {4, true, false}},          {"signed int", {4, true, false}},  {"int32", {4, true, false}},
        {"int32_t", {4, true, false}},      {"uint", {4, false, false}},       {"unsigned int", {4, false, false}},
        {"uint32", {4, false, false}},      {"uint32_t", {4, false, false}},   {"float", {4, true, true}},
        {"double", {8, true, true}}};
    auto it = kTypes.find(asciiLower(trim(t)));
    if (it == kTypes.end()) return std::nullopt;
    return it->second;
}

ScalarType targetType(FileType t) {
    if (t.isFloat) return ScalarType::Float32;
    if (t.bytes == 1) return t.isSigned ? ScalarType::Int16 : ScalarType::UInt8;
    if (t.bytes == 2) return t.isSigned ? ScalarType::Int16 : ScalarType::UInt16;
    return ScalarType::Int32;
}

// "(a,b,c)" -> vector; "none" -> nullopt.
std::optional<Vec3> parseVector(const std::string& s, const std::string& path) {
    if (asciiLower(trim(s)) == "none") return std::nullopt;
    Vec3 v;
    if (std::sscanf(s.c_str(), " ( %lf , %lf , %lf )", &v.x, &v.y, &v.z) != 3)
        throw Error(path, "cannot read the NRRD vector '" + s + "'");
    return v;
}

// Splits "(a,b,c) (d,e,f) none" into its items.
std::vector<std::string> splitVectors(const std::string& s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        if (i >= s.size()) break;
        const size_t start = i;
        if (s[i] == '(') {
            i = s.find(')', i);
            i = i == std::string::npos ? s.size() : i + 1;
        } else {
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
        }
        out.push_back(s.substr(start, i - start));
    }
    return out;
}

// A whole field as an integer in [lo, hi]; nullopt for anything else ("12abc", overflow).
std::optional<long long> parseInteger(const std::string& text, long long lo, long long hi) {
    const std::string t = trim(text);
    long long v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || t.empty() || v < lo || v > hi) return std::nullopt;
    return v;
}

std::vector<std::string> splitWords(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

// Inflates exactly skip + expected bytes (gzip or zlib, concatenated members too),
// keeping the last expected: the skipped bytes go through a small scratch buffer, so a
// huge "byte skip" costs time bounded by the input (deflate expands at most 1032:1),
// never memory. Data past what the header announces is not inflated at all.
std::string gunzip(const std::string& path, const char* data, size_t size, size_t skip, size_t expected) {
    std::string out(expected, '\0');
    z_stream zs{};
    // 15 + 32: accept both gzip and zlib headers (NRRD writers differ).
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw Error(path, "cannot start gzip decompression");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.avail_in = uInt(std::min<size_t>(size, UINT32_MAX));
    std::vector<char> scratch(std::min<size_t>(skip, 1 << 20));
    size_t skipped = 0, produced = 0;
    int rc = Z_OK;
    while (produced < expected) {
        const bool skipping = skipped < skip;
        char* dst = skipping ? scratch.data() : out.data() + produced;
        const size_t room = skipping ? std::min(skip - skipped, scratch.size()) : std::min<size_t>(expected - produced, UINT32_MAX);
        zs.next_out = reinterpret_cast<Bytef*>(dst);
        zs.avail_out = uInt(room);
        rc = inflate(&zs, Z_NO_FLUSH);
        (skipping ? skipped : produced) += room - zs.avail_out;
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members: continue with the next one if input remains.
            if (zs.avail_in == 0) break;
            inflateReset(&zs);
            continue;
        }
        if (rc != Z_OK) break;
    }
    inflateEnd(&zs);
    if (skipped < skip || produced < expected)
        throw Error(path, "compressed voxel data is truncated or corrupt (got " + std::to_string(skipped + produced) +
                              " of " + std::to_string(skip + expected) + " bytes)");
    return out;
}

template <class Out>
void convertElements(const char* src, size_t count, FileType t, bool swap, Out* dst, const std::string& path) {
    auto load = [&](size_t i) -> double {
        unsigned char b[8];
        std::memcpy(b, src + i * t.bytes, t.bytes);
        if (swap) std::reverse(b, b + t.bytes);
        if (t.isFloat) {
            if (t.bytes == 4) {
                float f;
                std::memcpy(&f, b, 4);
                return f;
            }
            double d;
            std::memcpy(&d, b, 8);
            return d;
        }
        switch (t.bytes) {
            case 1: return t.isSigned ? double(int8_t(b[0])) : double(b[0]);
            case 2: {
                uint16_t u;
                std::memcpy(&u, b, 2);
                return t.isSigned ? double(int16_t(u)) : double(u);
            }
            default: {
                uint32_t u;
                std::memcpy(&u, b, 4);
                return t.isSigned ? double(int32_t(u)) : double(u);
            }
        }
    };
    for (size_t i = 0; i < count; ++i) {
        const double v = load(i);
        if constexpr (std::is_same_v<Out, int32_t>) {
            if (v > 2147483647.0) throw Error(path, "uint32 voxel value above 2^31-1 is not supported");
        }
        dst[i] = Out(v);
    }
}
}  // namespace

bool isNrrdPath(const std::string& path) { return endsWith(asciiLower(path), ".nrrd"); }
bool isSegNrrdPath(const std::string& path) { return endsWith(asciiLower(path), ".seg.nrrd"); }

std::string NrrdImage::value(const std::string& key, const std::string& fallback) const {
    for (const auto& [k, v] : keyValues)
        if (k == key) return v;
    return fallback;
}

bool NrrdImage::has(const std::string& key) const {
    return std::any_of(keyValues.begin(), keyValues.end(), [&](const auto& kv) { return kv.first == key; });
}

// ---------------------------------------------------------------------------------------
// [SECTION] Reader
// ---------------------------------------------------------------------------------------
NrrdImage readNrrdImage(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the file");
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseNrrdImage(file, path);
}

NrrdImage parseNrrdImage(const std::string& file, const std::string& path) {
    if (file.compare(0, 7, "NRRD000") != 0) throw Error(path, "not a NRRD file (no NRRD000x magic)");
    // NRRD0001..NRRD0005 are the format's versions; a later one may mean fields we misread.
    if (file.size() < 8 || file[7] < '1' || file[7] > '5')
        throw Error(path, "unknown NRRD format version '" + file.substr(0, std::min<size_t>(8, file.size())) +
                              "' (NRRD0001 to NRRD0005 are read)");

    // Header: lines up to the first empty line; data follows it.
    std::map<std::string, std::string> fields;
    NrrdImage image;
    size_t pos = file.find('\n');
    if (pos == std::string::npos) throw Error(path, "NRRD header is truncated");
    ++pos;
    bool headerEnded = false;
    while (pos < file.size()) {
        size_t eol = file.find('\n', pos);
        if (eol == std::string::npos) eol = file.size();
        std::string line = file.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            headerEnded = true;
            break;
        }
        if (line[0] == '#') continue;
        const size_t kv = line.find(":=");
        const size_t colon = line.find(": ");
        if (kv != std::string::npos && (colon == std::string::npos || kv < colon)) {
            // Key-values are free text (segment names): bytes from any tool, kept as UTF-8.
            image.keyValues.push_back({textAsUtf8(line.substr(0, kv)), textAsUtf8(line.substr(kv + 2))});
        } else if (colon != std::string::npos) {
            fields[asciiLower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 2));
        } else {
            throw Error(path, "NRRD header line '" + line + "' is neither 'field: value' nor 'key:=value'");
        }
    }
    if (fields.count("data file") || fields.count("datafile"))
        throw Error(path, "detached NRRD data files (.nhdr + data file) are not supported; save as a single .nrrd");
    if (!headerEnded) throw Error(path, "NRRD header has no end (no empty line before the data)");
    // "line skip" counts text lines before the data; nothing writes it for attached binary
    // data, and ignoring it would read the voxels from the wrong place.
    if ((fields.count("line skip") && fields["line skip"] != "0") || (fields.count("lineskip") && fields["lineskip"] != "0"))
        throw Error(path, "NRRD 'line skip' is not supported (the voxels would be read from the wrong place)");
    if (fields.count("endian") && asciiLower(fields["endian"]) != "little" && asciiLower(fields["endian"]) != "big")
        throw Error(path, "NRRD endian '" + fields["endian"] + "' is neither 'little' nor 'big'");

    auto need = [&](const char* f) -> const std::string& {
        auto it = fields.find(f);
        if (it == fields.end()) throw Error(path, std::string("NRRD header lacks the '") + f + "' field");
        return it->second;
    };
    const auto type = parseType(need("type"));
    if (!type) throw Error(path, "unsupported NRRD voxel type '" + need("type") + "'");
    const auto dimensionField = parseInteger(need("dimension"), 1, 16);
    const int dimension = dimensionField ? int(*dimensionField) : 0;
    if (dimension != 3 && dimension != 4)
        throw Error(path, "NRRD dimension " + need("dimension") + " is not supported (3D volumes or 4D layers)");
    const auto sizeWords = splitWords(need("sizes"));
    if (int(sizeWords.size()) != dimension) throw Error(path, "NRRD 'sizes' does not match 'dimension'");
    std::vector<long long> sizes;
    for (const auto& w : sizeWords) {
        const auto s = parseInteger(w, 1, 1000000);
        if (!s) throw Error(path, "NRRD size '" + w + "' is not a number in 1..1000000");
        sizes.push_back(*s);
    }
    double totalBytes = type->bytes;
    for (long long sz : sizes) totalBytes *= double(sz);
    if (totalBytes > double(1ull << 46)) throw Error(path, "NRRD sizes describe more than 64 TiB of voxels");
    const int first = dimension - 3;  // index of the first spatial axis
    const int layers = dimension == 4 ? int(sizes[0]) : 1;

    // Geometry (LPS). Space directions give spacing * direction per spatial axis.
    Vec3 spacing{1, 1, 1}, origin{};
    Mat3 direction;
    std::string space = asciiLower(fields.count("space") ? fields["space"] : "");
    if (fields.count("space dimension") && !fields.count("space")) space = "";
    if (fields.count("space directions")) {
        const auto items = splitVectors(fields["space directions"]);
        if (int(items.size()) != dimension) throw Error(path, "NRRD 'space directions' does not match 'dimension'");
        if (dimension == 4 && asciiLower(items[0]) != "none")
            throw Error(path, "4D NRRD whose first axis is not a list axis (space direction 'none') is not supported");
        for (int a = 0; a < 3; ++a) {
            const auto v = parseVector(items[first + a], path);
            if (!v) throw Error(path, "NRRD spatial axis " + std::to_string(a) + " has no space direction");
            const double len = norm(*v);
            if (!(len > 0) || !std::isfinite(len))
                throw Error(path, "NRRD space direction of axis " + std::to_string(a) + " is zero or not finite");
            spacing[a] = len;
            direction.setColumn(a, *v * (1.0 / len));
        }
    } else if (fields.count("spacings")) {
        const auto w = splitWords(fields["spacings"]);
        if (int(w.size()) != dimension) throw Error(path, "NRRD 'spacings' does not match 'dimension'");
        for (int a = 0; a < 3; ++a) spacing[a] = std::atof(w[first + a].c_str());
        image.notes.push_back("NRRD file has no space directions; axes assumed aligned with LPS");
    }
    if (fields.count("space origin")) {
        const auto v = parseVector(fields["space origin"], path);
        if (v) origin = *v;
    }
    // Bring other patient spaces to LPS: flip the axes that point the other way.
    Vec3 flip{1, 1, 1};
    if (space == "right-anterior-superior" || space == "ras") flip = {-1, -1, 1};
    else if (space == "left-anterior-superior" || space == "las") flip = {1, -1, 1};
    else if (space == "right-posterior-superior" || space == "rps") flip = {-1, 1, 1};
    else if (!space.empty() && space != "left-posterior-superior" && space != "lps")
        image.notes.push_back("NRRD space '" + space + "' read as left-posterior-superior");
    for (int r = 0; r < 3; ++r) {
        origin[r] *= flip[r];
        for (int c = 0; c < 3; ++c) direction.m[r][c] *= flip[r];
    }
    if (std::abs(direction.determinant()) < 1e-6)
        throw Error(path, "NRRD space directions are parallel (not an image grid)");
    checkAxesPerpendicular(direction, "the NRRD space directions", path, &image.notes);
    ImageGeometry geometry;
    try {
        geometry = ImageGeometry({int(sizes[first]), int(sizes[first + 1]), int(sizes[first + 2])}, spacing, origin,
                                 direction);
    } catch (const Error& e) {
        throw Error(path, e.what());
    }

    // Voxel data. "byte skip" must stay inside the data: raw, within the file; gzip,
    // within what the compressed bytes can expand to (deflate: at most 1032:1).
    const size_t voxels = geometry.voxelCount();
    const size_t expected = voxels * size_t(layers) * size_t(type->bytes);
    const std::string encoding = asciiLower(fields.count("encoding") ? fields["encoding"] : "raw");
    const bool gzip = encoding == "gzip" || encoding == "gz";
    if (!gzip && encoding != "raw")
        throw Error(path, "unsupported NRRD encoding '" + encoding + "' (raw and gzip are supported)");
    const char* data = file.data() + std::min(pos, file.size());
    size_t available = file.size() - std::min(pos, file.size());
    const long double maxExpanded = gzip ? (long double)available * 1032 + 65536 : (long double)available;
    long long byteSkip = 0;
    if (fields.count("byte skip")) {
        const auto skip = parseInteger(fields["byte skip"], gzip ? 0 : -1, std::numeric_limits<long long>::max());
        if (!skip || (long double)*skip > maxExpanded)
            throw Error(path, "NRRD byte skip '" + fields["byte skip"] + "' is not an offset inside the " +
                                  (gzip ? "compressed data" : "file") + (gzip ? " (-1 is for raw data only)" : ""));
        byteSkip = *skip;
    }
    // Memory: the output layers, one layer's scratch copy, the inflated data (gzip).
    const size_t outBytes = scalarSize(targetType(*type));
    requireMemory(path,
                  (long double)voxels * layers * outBytes + (layers > 1 ? (long double)voxels * type->bytes : 0) +
                      (gzip ? (long double)expected : 0),
                  "NRRD sizes " + need("sizes") + ", type " + need("type"));
    std::string decoded;
    if (gzip) {
        if ((long double)expected > maxExpanded)
            throw Error(path, "compressed voxel data is truncated or corrupt (" + std::to_string(available) +
                                  " bytes cannot hold " + std::to_string(expected) + ")");
        // libdeflate first (parallel for our own member files); zlib streams, members too
        // large to inflate whole, and corrupt data (for its byte count) go through zlib.
        decoded.resize(expected);
        const GzipInflate fast = inflateGzipBytes({reinterpret_cast<const unsigned char*>(data), available},
                                                  uint64_t(byteSkip), {reinterpret_cast<std::byte*>(decoded.data()), expected});
        if (fast != GzipInflate::Done) decoded = gunzip(path, data, available, size_t(byteSkip), expected);
        data = decoded.data();
        available = expected;
    } else if (byteSkip == -1) {  // the data are the last `expected` bytes of the file
        if (available < expected) throw Error(path, "voxel data is truncated");
        data += available - expected;
        available = expected;
    } else {
        data += byteSkip;
        available -= size_t(byteSkip);
    }
    if (available < expected)
        throw Error(path, "voxel data is truncated (" + std::to_string(available) + " of " + std::to_string(expected) +
                              " bytes)");
    const bool bigEndian = fields.count("endian") && asciiLower(fields["endian"]) == "big";
    const bool swap = bigEndian && type->bytes > 1;

    // De-interleave layers: the list axis is the fastest in memory.
    const ScalarType outType = targetType(*type);
    std::string layerBytes;
    for (int l = 0; l < layers; ++l) {
        const char* src = data;
        if (layers > 1) {
            layerBytes.resize(voxels * type->bytes);
            for (size_t i = 0; i < voxels; ++i)
                std::memcpy(layerBytes.data() + i * type->bytes, data + (i * layers + l) * type->bytes, type->bytes);
            src = layerBytes.data();
        }
        Volume v(geometry, outType, false);
        v.meta["source"] = path;
        // Same bytes in memory as in the file: copy; otherwise convert element by element.
        const bool direct = !swap && ((type->bytes == 1 && !type->isSigned) || type->bytes == 2 ||
                                      (type->bytes == 4 && type->isSigned));
        if (direct) {
            std::memcpy(v.raw(), src, voxels * type->bytes);
        } else {
            v.visit([&](auto* dst) { convertElements(src, voxels, *type, swap, dst, path); });
        }
        image.layers.push_back(std::move(v));
    }
    return image;
}

Volume readNrrd(const std::string& path) {
    NrrdImage image = readNrrdImage(path);
    Volume v = std::move(image.layers.front());
    v.addLoadWarnings(image.notes);
    return v;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Writer
// ---------------------------------------------------------------------------------------
namespace {
const char* nrrdTypeName(ScalarType t) {
    switch (t) {
        case ScalarType::UInt8: return "unsigned char";
        case ScalarType::Int16: return "short";
        case ScalarType::UInt16: return "unsigned short";
        case ScalarType::Int32: return "int";
        case ScalarType::Float32: return "float";
    }
    return "unsigned char";
}

std::string vec(Vec3 v) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "(%.17g,%.17g,%.17g)", v.x, v.y, v.z);
    return buf;
}
}  // namespace

void writeNrrd(const Volume& volume, const std::vector<std::pair<std::string, std::string>>& keyValues,
               const std::string& path, const NrrdWriteOptions& options) {
    if (volume.empty()) throw Error(path, "nothing to write (empty volume)");
    const ImageGeometry& g = volume.geometry();
    std::string header = "NRRD0004\n# Complete NRRD file format specification at:\n# http://teem.sourceforge.net/nrrd/format.html\n";
    header += std::string("type: ") + nrrdTypeName(volume.type()) + "\n";
    header += "dimension: 3\nspace: left-posterior-superior\n";
    header += "sizes: " + std::to_string(g.dim(0)) + " " + std::to_string(g.dim(1)) + " " + std::to_string(g.dim(2)) + "\n";
    header += "space directions:";
    for (int a = 0; a < 3; ++a) header += " " + vec(g.direction().column(a) * g.spacing()[a]);
    header += "\nkinds: domain domain domain\n";
    if (scalarSize(volume.type()) > 1) header += "endian: little\n";
    header += std::string("encoding: ") + (options.gzip ? "gzip" : "raw") + "\n";
    header += "space origin: " + vec(g.origin()) + "\n";
    for (const auto& [k, v] : keyValues) {
        std::string value = v;
        std::replace_if(value.begin(), value.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
        header += k + ":=" + value + "\n";
    }
    header += "\n";
    writeFileAtomically(path, [&](const std::string& tmp) {
        const std::span<const std::byte> voxels(static_cast<const std::byte*>(volume.raw()), volume.byteSize());
        const std::span<const std::byte> head(reinterpret_cast<const std::byte*>(header.data()), header.size());
        // Independent gzip members, compressed in parallel (io/gzip_members.h): one gzip
        // stream to every NRRD reader (teem, Slicer, pynrrd all read concatenated members).
        if (options.gzip) {
            try {
                return writeGzipMembers(tmp, {voxels}, options.gzipLevel, head);
            } catch (const Error& e) {
                throw Error(path, e.what());
            }
        }
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw Error(path, "cannot create the file");
        out.write(header.data(), std::streamsize(header.size()));
        out.write(static_cast<const char*>(volume.raw()), std::streamsize(volume.byteSize()));
        out.close();
        if (!out) throw Error(path, "cannot write the file (disk full?)");
    });
}

}  // namespace marrow
