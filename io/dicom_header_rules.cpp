// Rules on the header elements GDCM asserts on or our reader relies on (see
// dicom_header_rules.h). Each reachable GDCM assert is named where it is guarded:
// gdcmFileMetaInformation.cxx (meta VRs), gdcmImageHelper.cxx (spacing VM and VR,
// RescaleSlope != 0), gdcmPixelFormat.cxx (samples 1/3/4, representation 0/1,
// BitsAllocated known), gdcmBitmap.cxx (planar configuration 0/1, pixel data length).
#include "io/dicom_header_rules.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gdcmPhotometricInterpretation.h>
#include <gdcmTransferSyntax.h>

namespace marrow {

namespace {

struct Rule {
    uint32_t tag;
    const char* vr;
    int count;  // values the element must hold (US: binary, DS/IS: backslash-separated); 0 = any
    const char* name;
};

constexpr Rule kRules[] = {
    {0x00020000, "UL", 1, "FileMetaInformationGroupLength"},
    {0x00020001, "OB", 0, "FileMetaInformationVersion"},
    {0x00020002, "UI", 0, "MediaStorageSOPClassUID"},
    {0x00020003, "UI", 0, "MediaStorageSOPInstanceUID"},
    {0x00020010, "UI", 0, "TransferSyntaxUID"},
    {0x00020012, "UI", 0, "ImplementationClassUID"},
    {0x00020013, "SH", 0, "ImplementationVersionName"},
    {0x00020016, "AE", 0, "SourceApplicationEntityTitle"},
    {0x00020017, "AE", 0, "SendingApplicationEntityTitle"},
    {0x00020018, "AE", 0, "ReceivingApplicationEntityTitle"},
    {0x00020100, "UI", 0, "PrivateInformationCreatorUID"},
    {0x00020102, "OB", 0, "PrivateInformation"},
    {0x00080010, "SH", 0, "RecognitionCode"},
    {0x00180050, "DS", 1, "SliceThickness"},
    {0x00180088, "DS", 1, "SpacingBetweenSlices"},
    {0x00181164, "DS", 2, "ImagerPixelSpacing"},
    {0x00200032, "DS", 3, "ImagePositionPatient"},
    {0x00200037, "DS", 6, "ImageOrientationPatient"},
    {0x00280002, "US", 1, "SamplesPerPixel"},
    {0x00280004, "CS", 0, "PhotometricInterpretation"},
    {0x00280006, "US", 1, "PlanarConfiguration"},
    {0x00280008, "IS", 1, "NumberOfFrames"},
    {0x00280010, "US", 1, "Rows"},
    {0x00280011, "US", 1, "Columns"},
    {0x00280030, "DS", 2, "PixelSpacing"},
    {0x00280100, "US", 1, "BitsAllocated"},
    {0x00280101, "US", 1, "BitsStored"},
    {0x00280102, "US", 1, "HighBit"},
    {0x00280103, "US", 1, "PixelRepresentation"},
    {0x00281052, "DS", 1, "RescaleIntercept"},
    {0x00281053, "DS", 1, "RescaleSlope"},
};

const Rule* ruleOf(uint32_t tag) {
    for (const Rule& r : kRules)
        if (r.tag == tag) return &r;
    return nullptr;
}

// A value for a message: padding dropped, bytes outside printable ASCII escaped.
std::string printable(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f) out += char(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

// The header's values by rule, after the form checks: numbers of DS/IS/US/UL elements.
class Values {
public:
    explicit Values(const DicomHeaderFacts& f) : facts_(f) {}

    // Checks VR and value count of every ruled element present; fills the numbers.
    std::string checkForm() {
        for (const auto& [tag, e] : facts_.elements) {
            const Rule* r = ruleOf(tag);
            if (!r) continue;
            const std::string name = r->name;
            if (!e.vr.empty() && e.vr != r->vr)
                return name + " has VR '" + printable(e.vr) + "' instead of " + r->vr;
            const std::string vr = r->vr;
            if (vr == "US" || vr == "UL") {
                const uint64_t size = vr == "US" ? 2 : 4;
                if (e.length != size * uint64_t(r->count))
                    return name + " is " + std::to_string(e.length) + " bytes long instead of " +
                           std::to_string(size * uint64_t(r->count));
                const auto* b = reinterpret_cast<const unsigned char*>(e.value.data());
                uint32_t n = 0;
                for (uint64_t i = 0; i < size; ++i) n |= uint32_t(b[facts_.bigEndian ? size - 1 - i : i]) << (8 * i);
                numbers_[tag] = {double(n)};
            } else if ((vr == "DS" || vr == "IS") && e.length > 0) {
                std::vector<double> v;
                if (!parseDecimals(e.value, v))
                    return name + " '" + printable(e.value) + "' is not a list of numbers";
                if (int(v.size()) != r->count)
                    return name + " '" + printable(e.value) + "' holds " + std::to_string(v.size()) +
                           " values instead of " + std::to_string(r->count);
                numbers_[tag] = std::move(v);
            }
        }
        return {};
    }

    bool has(uint32_t tag) const { return numbers_.count(tag) > 0; }
    double get(uint32_t tag, double fallback) const {
        const auto it = numbers_.find(tag);
        return it == numbers_.end() ? fallback : it->second[0];
    }
    const std::vector<double>& all(uint32_t tag) const { return numbers_.at(tag); }

private:
    // "a\b\c" with optional spaces; every value finite.
    static bool parseDecimals(const std::string& s, std::vector<double>& out) {
        size_t start = 0;
        for (;;) {
            const size_t end = std::min(s.find('\\', start), s.size());
            std::string item = s.substr(start, end - start);
            while (!item.empty() && (item.back() == ' ' || item.back() == '\0')) item.pop_back();
            const size_t first = item.find_first_not_of(' ');
            if (first == std::string::npos) return false;
            char* stop = nullptr;
            const double value = std::strtod(item.c_str() + first, &stop);
            if (*stop != '\0' || !std::isfinite(value)) return false;
            out.push_back(value);
            if (end == s.size()) return true;
            start = end + 1;
        }
    }

    const DicomHeaderFacts& facts_;
    std::map<uint32_t, std::vector<double>> numbers_;
};

constexpr uint32_t kSamples = 0x00280002, kPlanar = 0x00280006, kFrames = 0x00280008, kRows = 0x00280010,
                   kColumns = 0x00280011, kBitsAllocated = 0x00280100, kBitsStored = 0x00280101,
                   kHighBit = 0x00280102, kPixelRep = 0x00280103, kPixelSpacing = 0x00280030,
                   kImagerSpacing = 0x00181164, kOrientation = 0x00200037, kSlope = 0x00281053,
                   kRecognitionCode = 0x00080010, kPhotometric = 0x00280004;

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

bool isNative(const std::string& ts) {
    return ts.empty() || ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1" || ts == "1.2.840.10008.1.2.2" ||
           ts == "1.2.840.10008.1.2.1.99";  // deflated: native pixels once inflated
}

// Pixel module against itself and against the Pixel Data length.
std::string checkPixelModule(const DicomHeaderFacts& f, const Values& v) {
    if (!f.pixelData) return {};
    const double rows = v.get(kRows, 0), columns = v.get(kColumns, 0);
    if (rows < 1 || columns < 1)
        return "Pixel Data with Rows " + number(rows) + " and Columns " + number(columns) + " (both must be > 0)";
    if (!v.has(kBitsAllocated)) return "Pixel Data without BitsAllocated";
    const double allocated = v.get(kBitsAllocated, 0);
    if (allocated != 1 && allocated != 8 && allocated != 16 && allocated != 32)
        return "BitsAllocated " + number(allocated) + " is not 1, 8, 16 or 32";
    const double stored = v.get(kBitsStored, allocated);
    if (stored < 1 || stored > allocated)
        return "BitsStored " + number(stored) + " is not between 1 and BitsAllocated " + number(allocated);
    const double highBit = v.get(kHighBit, stored - 1);
    if (highBit < stored - 1 || highBit >= allocated)
        return "HighBit " + number(highBit) + " does not fit BitsStored " + number(stored) + " and BitsAllocated " +
               number(allocated);
    const double representation = v.get(kPixelRep, 0);
    if (representation != 0 && representation != 1)
        return "PixelRepresentation " + number(representation) + " is not 0 or 1";
    const double samples = v.get(kSamples, 1);
    if (samples != 1 && samples != 3 && samples != 4) return "SamplesPerPixel " + number(samples) + " is not 1, 3 or 4";
    // GDCM's codecs assert when they cannot decode (gdcmRAWCodec.cxx DecodeBytes: r), which
    // an unknown or mismatched PhotometricInterpretation makes them do (found by fuzz_dicom).
    if (const auto pi = f.elements.find(kPhotometric); pi != f.elements.end()) {
        std::string name = pi->second.value;
        while (!name.empty() && (name.back() == ' ' || name.back() == '\0')) name.pop_back();
        const auto type = gdcm::PhotometricInterpretation::GetPIType(name.c_str());
        const bool grey = type == gdcm::PhotometricInterpretation::MONOCHROME1 ||
                          type == gdcm::PhotometricInterpretation::MONOCHROME2 ||
                          type == gdcm::PhotometricInterpretation::PALETTE_COLOR;
        const char* known = gdcm::PhotometricInterpretation::GetPIString(type);
        std::string knownName = known ? known : "";
        while (!knownName.empty() && knownName.back() == ' ') knownName.pop_back();
        if (type == gdcm::PhotometricInterpretation::UNKNOWN || knownName != name || grey != (samples == 1))
            return "PhotometricInterpretation '" + printable(pi->second.value) + "' does not fit SamplesPerPixel " +
                   number(samples);
    }
    const double planar = v.get(kPlanar, 0);
    if (planar != 0 && planar != 1) return "PlanarConfiguration " + number(planar) + " is not 0 or 1";
    const double frames = v.get(kFrames, 1);
    if (frames < 1 || frames != std::floor(frames) || frames > 1e7)
        return "NumberOfFrames " + number(frames) + " is not a count of frames";
    // Compressed pixels are always encapsulated (undefined length); pixel data with a length
    // are native whatever the syntax claims, and GDCM's RAW codec copies Rows x Columns x ...
    // bytes out of them without looking at their length (a heap over-read, fuzz_dicom).
    if (f.encapsulated) {
        if (isNative(f.transferSyntax)) return "uncompressed Pixel Data has an undefined length";
        return {};
    }
    const double expected = std::ceil(rows * columns * frames * samples * allocated / 8);
    const double length = double(f.pixelLength);
    if (length != expected && !(length == expected + 1 && std::fmod(expected, 2) == 1))
        return "Pixel Data holds " + number(length) + " bytes but Rows " + number(rows) + " x Columns " +
               number(columns) + " x frames " + number(frames) + " x samples " + number(samples) + " x BitsAllocated " +
               number(allocated) + " need " + number(expected);
    return {};
}

constexpr double kMaxPixelSpacingMm = 1e4;

double length3(const double* a) { return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }

std::string checkGeometry(const Values& v) {
    for (uint32_t tag : {kPixelSpacing, kImagerSpacing}) {
        if (!v.has(tag)) continue;
        const auto& s = v.all(tag);
        // Above 10 m a pixel is no scanner's: 1e300 would overflow every later product.
        if (!(s[0] > 0 && s[1] > 0 && s[0] <= kMaxPixelSpacingMm && s[1] <= kMaxPixelSpacingMm))
            return std::string(ruleOf(tag)->name) + " " + number(s[0]) + "\\" + number(s[1]) +
                   " is not two positive numbers up to " + number(kMaxPixelSpacingMm) + " mm";
    }
    if (v.has(kOrientation)) {
        const auto& o = v.all(kOrientation);
        const double nr = length3(o.data()), nc = length3(o.data() + 3);
        // Direction cosines: unit vectors up to rounding of the decimal strings.
        if (std::abs(nr - 1) > 0.01 || std::abs(nc - 1) > 0.01)
            return "ImageOrientationPatient row/column vectors have lengths " + number(nr) + " and " + number(nc) +
                   " instead of 1";
        const double cosine = (o[0] * o[3] + o[1] * o[4] + o[2] * o[5]) / (nr * nc);
        if (std::abs(cosine) > 0.01)  // about 0.6 degrees off a right angle
            return "ImageOrientationPatient row and column vectors are not perpendicular (cosine " + number(cosine) +
                   ")";
    }
    if (v.has(kSlope) && v.get(kSlope, 1) == 0) return "RescaleSlope is 0";
    return {};
}

}  // namespace

bool isRuledDicomTag(uint32_t tag) { return ruleOf(tag) != nullptr; }

std::string checkDicomHeader(const DicomHeaderFacts& facts) {
    Values values(facts);
    if (std::string p = values.checkForm(); !p.empty()) return p;
    // GDCM's PixmapReader asserts that a non-empty (retired) RecognitionCode names
    // ACR-NEMA (gdcmPixmapReader.cxx, ReadImageInternal): any other value aborted.
    if (const auto rc = facts.elements.find(kRecognitionCode); rc != facts.elements.end() && rc->second.length > 0) {
        const std::string& v = rc->second.value;
        if (v.rfind("ACR-NEMA", 0) != 0 && v.rfind("ACRNEMA", 0) != 0 && v.rfind("MIPS 2.0", 0) != 0)
            return "RecognitionCode '" + printable(v) + "' is not ACR-NEMA";
    }
    const auto ts = facts.elements.find(0x00020010);
    // Exactly a UID GDCM knows: GetTSType matches a prefix, so "1.2.840.10008.1.2.1<garbage>"
    // passed as explicit little endian while our own checks took it for something else.
    if (ts != facts.elements.end()) {
        const auto type = gdcm::TransferSyntax::GetTSType(facts.transferSyntax.c_str());
        const char* known = type == gdcm::TransferSyntax::TS_END ? nullptr : gdcm::TransferSyntax::GetTSString(type);
        std::string name = known ? known : "";
        while (!name.empty() && (name.back() == ' ' || name.back() == '\0')) name.pop_back();
        if (!known || name != facts.transferSyntax)
            return "unknown TransferSyntaxUID '" + printable(facts.transferSyntax) + "'";
    }
    if (std::string p = checkPixelModule(facts, values); !p.empty()) return p;
    return checkGeometry(values);
}

}  // namespace marrow
