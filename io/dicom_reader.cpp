// DICOM series loading through GDCM.
//
// Passes: (1) list files (recursive), (2) one gdcm::Scanner pass reads only the header
// tags we need (it stops before the pixel data), (3) group by SeriesInstanceUID and plan
// the grid (dicom_series_plan.cpp), (4) check the memory estimate, (5) decode slices in
// parallel (tbb::parallel_for, one gdcm::ImageReader per slice) straight into their k
// plane of the Volume, applying RescaleSlope/Intercept on the way.
// Uncompressed pixel data is converted from GDCM's parsed byte value directly (no
// GetBuffer copy); encapsulated data (JPEG 2000, JPEG, RLE...) goes through GetBuffer.
// GDCM reports trouble on stderr and through exceptions: its trace output is switched
// off and every call is wrapped so that bad files become marrow::Error, never a crash.
#include "io/dicom_reader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>

#include <gdcmImageReader.h>
#include <gdcmScanner.h>
#include <tbb/parallel_for.h>

#include "io/dicom_pixels.h"
#include "io/dicom_series_plan.h"
#include "io/error.h"
#include "io/gdcm_support.h"
#include "io/platform_memory.h"

namespace marrow {

namespace fs = std::filesystem;

namespace {

// ---- [SECTION] header scan ---------------------------------------------------------

const gdcm::Tag kTransferSyntax(0x0002, 0x0010), kModality(0x0008, 0x0060), kDescription(0x0008, 0x103e),
    kSeriesUid(0x0020, 0x000e), kSeriesNumber(0x0020, 0x0011), kInstance(0x0020, 0x0013),
    kPosition(0x0020, 0x0032), kOrientation(0x0020, 0x0037), kRows(0x0028, 0x0010), kColumns(0x0028, 0x0011),
    kSamples(0x0028, 0x0002), kFrames(0x0028, 0x0008), kPixelSpacing(0x0028, 0x0030),
    kBitsAllocated(0x0028, 0x0100), kBitsStored(0x0028, 0x0101), kPixelRep(0x0028, 0x0103),
    kIntercept(0x0028, 0x1052), kSlope(0x0028, 0x1053), kThickness(0x0018, 0x0050),
    kImagerSpacing(0x0018, 0x1164),
    kPatientName(0x0010, 0x0010), kPatientId(0x0010, 0x0020), kStudyDate(0x0008, 0x0020),
    kManufacturer(0x0008, 0x0070), kStudyUid(0x0020, 0x000d), kKernel(0x0018, 0x1210);
// Identity tags a derived object (DICOM-SEG, io/dicom_seg_writer.h) must copy or reference.
const gdcm::Tag kSopInstanceUid(0x0008, 0x0018), kSopClassUid(0x0008, 0x0016), kFrameOfReferenceUid(0x0020, 0x0052),
    kPatientBirthDate(0x0010, 0x0030), kPatientSex(0x0010, 0x0040), kStudyTime(0x0008, 0x0030),
    kStudyId(0x0020, 0x0010), kAccessionNumber(0x0008, 0x0050), kReferringPhysician(0x0008, 0x0090),
    kStudyDescription(0x0008, 0x1030), kMediaSopClassUid(0x0002, 0x0002), kMediaSopInstanceUid(0x0002, 0x0003);
// Meta key -> tag of the identity tags above (the same for every slice of a series).
const std::pair<const char*, gdcm::Tag> kIdentityMeta[] = {
    {"sop_class_uid", kSopClassUid},         {"frame_of_reference_uid", kFrameOfReferenceUid},
    {"patient_birth_date", kPatientBirthDate}, {"patient_sex", kPatientSex},
    {"study_time", kStudyTime},              {"study_id", kStudyId},
    {"accession_number", kAccessionNumber},  {"referring_physician", kReferringPhysician},
    {"study_description", kStudyDescription}};

struct ScannedSlice {
    DicomSliceHeader header;
    std::map<gdcm::Tag, std::string> text;  // the string tags we keep for meta
    int samples = 1, frames = 1;
    int bitsAllocated = 16, bitsStored = 16, pixelRep = 0;
    DicomFileLayout layout;  // where the pixel data sits (from the structure walk)
    const char* spacingFrom = nullptr;  // "PixelSpacing", "ImagerPixelSpacing", or none (1 mm)
};

struct ScannedSeries {
    DicomSeriesInfo info;
    std::vector<ScannedSlice> slices;
};

struct ScannedFolder {
    std::vector<ScannedSeries> series;
    std::vector<std::string> skipped;  // one warning per damaged file left out
};

std::string trim(const char* s) {
    if (!s) return {};
    std::string r(s);
    const auto b = r.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = r.find_last_not_of(" \t\r\n");
    return r.substr(b, e - b + 1);
}

// Parses a DICOM multi-valued decimal string "a\b\c" into exactly n numbers.
bool parseNumbers(const char* s, double* out, int n) {
    if (!s) return false;
    const char* p = s;
    for (int i = 0; i < n; ++i) {
        char* end = nullptr;
        out[i] = std::strtod(p, &end);
        if (end == p || !std::isfinite(out[i])) return false;
        p = end;
        while (*p == ' ') ++p;
        if (i + 1 < n) {
            if (*p != '\\') return false;
            ++p;
        }
    }
    return true;
}

int parseInt(const char* s, int fallback) {
    double v = 0;
    return parseNumbers(s, &v, 1) ? int(v) : fallback;
}

std::vector<std::string> listFiles(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "no such file or folder");
    if (!fs::is_directory(path, ec)) return {path};
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw Error(path, "cannot list folder: " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        std::error_code fec;
        if (it->is_regular_file(fec)) files.push_back(it->path().string());
    }
    if (files.empty()) throw Error(path, "folder is empty (no files to read)");
    std::sort(files.begin(), files.end());
    return files;
}

ScannedSlice sliceFromMapping(const std::string& file, const gdcm::Scanner::TagToValue& m) {
    auto get = [&](const gdcm::Tag& t) -> const char* {
        auto it = m.find(t);
        return it == m.end() ? nullptr : it->second;
    };
    ScannedSlice s;
    DicomSliceHeader& h = s.header;
    h.file = file;
    h.rows = parseInt(get(kRows), 0);
    h.columns = parseInt(get(kColumns), 0);
    double v[6];
    if (parseNumbers(get(kPosition), v, 3)) h.hasPosition = true, h.position = {v[0], v[1], v[2]};
    if (parseNumbers(get(kOrientation), v, 6)) {
        h.hasOrientation = true;
        h.rowDir = {v[0], v[1], v[2]};
        h.colDir = {v[3], v[4], v[5]};
    }
    // checkDicomFile refused files whose spacing is there but not two positive numbers.
    for (const gdcm::Tag& t : {kPixelSpacing, kImagerSpacing}) {
        if (!parseNumbers(get(t), v, 2) || !(v[0] > 0 && v[1] > 0)) continue;
        h.hasPixelSpacing = true;
        h.spacingJ = v[0];  // between rows
        h.spacingI = v[1];  // between columns
        s.spacingFrom = t == kPixelSpacing ? "PixelSpacing" : "ImagerPixelSpacing";
        break;
    }
    if (parseNumbers(get(kThickness), v, 1)) h.sliceThickness = v[0];
    h.instanceNumber = parseInt(get(kInstance), 0);
    if (parseNumbers(get(kSlope), v, 1) && v[0] != 0) h.slope = v[0];
    if (parseNumbers(get(kIntercept), v, 1)) h.intercept = v[0];
    s.samples = parseInt(get(kSamples), 1);
    s.frames = parseInt(get(kFrames), 1);
    s.bitsAllocated = parseInt(get(kBitsAllocated), 16);
    s.bitsStored = parseInt(get(kBitsStored), s.bitsAllocated);
    s.pixelRep = parseInt(get(kPixelRep), 0);
    for (const gdcm::Tag& t : {kTransferSyntax, kModality, kDescription, kSeriesUid, kSeriesNumber, kPatientName,
                               kPatientId, kStudyDate, kManufacturer, kStudyUid, kKernel, kSopInstanceUid})
        s.text[t] = trim(get(t));
    for (const auto& [key, t] : kIdentityMeta) s.text[t] = trim(get(t));
    // De-identified files may empty the SOP UIDs but keep the file meta copies (equal by rule).
    if (s.text[kSopInstanceUid].empty()) s.text[kSopInstanceUid] = trim(get(kMediaSopInstanceUid));
    if (s.text[kSopClassUid].empty()) s.text[kSopClassUid] = trim(get(kMediaSopClassUid));
    return s;
}

// Header tags of a chunk of files, through one gdcm::Scanner (it stops reading each file
// after the last requested tag, long before the pixel data). Entries stay empty for
// files GDCM does not take as DICOM.
void scanChunk(const std::vector<std::string>& files, const std::vector<DicomFileLayout>& layouts, size_t begin,
               size_t end, std::vector<std::optional<ScannedSlice>>& out) {
    gdcm::Scanner scanner;
    for (const gdcm::Tag& t : {kTransferSyntax, kModality, kDescription, kSeriesUid, kSeriesNumber, kInstance,
                               kPosition, kOrientation, kRows, kColumns, kSamples, kFrames, kPixelSpacing,
                               kImagerSpacing, kBitsAllocated, kBitsStored, kPixelRep, kIntercept, kSlope, kThickness, kPatientName,
                               kPatientId, kStudyDate, kManufacturer, kStudyUid, kKernel, kSopInstanceUid})
        scanner.AddTag(t);
    for (const auto& [key, t] : kIdentityMeta) scanner.AddTag(t);
    scanner.AddTag(kMediaSopClassUid);
    scanner.AddTag(kMediaSopInstanceUid);
    scanner.Scan(std::vector<std::string>(files.begin() + std::ptrdiff_t(begin), files.begin() + std::ptrdiff_t(end)));
    for (size_t i = begin; i < end; ++i) {
        if (!scanner.IsKey(files[i].c_str())) continue;
        out[i] = sliceFromMapping(files[i], scanner.GetMapping(files[i].c_str()));
        out[i]->layout = layouts[i];
    }
}

// Damaged files: a lone file is an error; in a folder they are left out with a warning
// naming each (the first few), unless nothing else is left.
constexpr size_t kNamedSkips = 10;

std::vector<std::string> skippedWarnings(const std::vector<std::pair<std::string, std::string>>& damaged) {
    std::vector<std::string> out;
    for (size_t i = 0; i < damaged.size() && i < kNamedSkips; ++i)
        out.push_back("skipped damaged DICOM file " + damaged[i].first + ": " + damaged[i].second);
    if (damaged.size() > kNamedSkips)
        out.push_back("skipped " + std::to_string(damaged.size() - kNamedSkips) + " more damaged DICOM files");
    return out;
}

ScannedFolder scanSeries(const std::string& path, const ProgressFn& progress) {
    silenceGdcmTrace();
    std::vector<std::string> all = listFiles(path);
    const size_t listed = all.size();
    reportProgress(progress, 0.0, "Reading DICOM headers");
    // GDCM must never see a damaged file (it asserts on many, see gdcm_support.h); such a
    // file is skipped with a warning naming it, anything without DICOM structure silently.
    std::vector<DicomFileCheck> verdicts(all.size());
    std::vector<std::string> problems(all.size());
    std::vector<DicomFileLayout> allLayouts(all.size());
    tbb::parallel_for(size_t(0), all.size(),
                      [&](size_t i) { verdicts[i] = checkDicomFile(all[i], &problems[i], &allLayouts[i]); });
    std::vector<std::string> files;
    std::vector<DicomFileLayout> layouts;
    std::vector<std::pair<std::string, std::string>> damaged;
    for (size_t i = 0; i < all.size(); ++i) {
        if (verdicts[i] == DicomFileCheck::Damaged) damaged.emplace_back(all[i], problems[i]);
        if (verdicts[i] == DicomFileCheck::Complete) files.push_back(all[i]), layouts.push_back(allLayouts[i]);
    }
    if (!damaged.empty() && (files.empty() || all.size() == 1))
        throw Error(damaged.front().first, "damaged DICOM file: " + damaged.front().second);

    std::vector<std::optional<ScannedSlice>> scanned(files.size());
    constexpr size_t kChunk = 32;
    try {
        tbb::parallel_for(size_t(0), (files.size() + kChunk - 1) / kChunk, [&](size_t c) {
            scanChunk(files, layouts, c * kChunk, std::min(files.size(), (c + 1) * kChunk), scanned);
        });
    } catch (const std::exception& e) {
        throw Error(path, std::string("cannot read DICOM headers: ") + e.what());
    }

    ScannedFolder folder;
    folder.skipped = skippedWarnings(damaged);
    std::vector<ScannedSeries>& series = folder.series;
    std::map<std::string, size_t> byKey;
    size_t dicomFiles = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        if (!scanned[i]) continue;
        ++dicomFiles;
        ScannedSlice& s = *scanned[i];
        const std::string& f = files[i];
        if (s.header.rows <= 0 || s.header.columns <= 0) continue;  // DICOMDIR, SR, RT plans...
        const std::string& uid = s.text[kSeriesUid];
        // De-identified data may blank the UID (the sample does): fall back to what
        // still tells series apart.
        const std::string key = uid.empty() ? "\x01" + s.text[kModality] + "|" + s.text[kDescription] : uid;
        auto [it, fresh] = byKey.try_emplace(key, series.size());
        if (fresh) {
            ScannedSeries ns;
            ns.info.uid = uid;
            ns.info.modality = s.text[kModality];
            ns.info.description = s.text[kDescription];
            ns.info.rows = s.header.rows;
            ns.info.columns = s.header.columns;
            ns.info.transferSyntax = s.text[kTransferSyntax];
            ns.info.seriesNumber = s.text[kSeriesNumber];
            ns.info.kernel = s.text[kKernel];
            ns.info.pixelSpacing = {s.header.spacingI, s.header.spacingJ};
            ns.info.sliceThickness = s.header.sliceThickness;
            series.push_back(std::move(ns));
        }
        ScannedSeries& target = series[it->second];
        target.info.files.push_back(f);
        target.slices.push_back(std::move(s));
    }
    for (auto& s : series) s.info.slices = int(s.slices.size());
    if (series.empty()) {
        if (dicomFiles == 0)
            throw Error(path, "no DICOM files found (" + std::to_string(listed) + " files checked)");
        throw Error(path, "no DICOM image found (" + std::to_string(dicomFiles) + " DICOM files hold no pixel data)");
    }
    reportProgress(progress, 0.05, "Reading DICOM headers");
    return folder;
}

// ---- [SECTION] voxel type and conversion -------------------------------------------

// The type that holds every rescaled value of the series without loss.
ScalarType chooseOutputType(const std::vector<ScannedSlice>& slices, bool isCt) {
    if (isCt) return ScalarType::Int16;
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    bool integral = true;
    for (const auto& s : slices) {
        const int bits = std::clamp(s.bitsStored, 1, 32);
        const double storedLo = s.pixelRep ? -std::ldexp(1.0, bits - 1) : 0.0;
        const double storedHi = s.pixelRep ? std::ldexp(1.0, bits - 1) - 1 : std::ldexp(1.0, bits) - 1;
        const double a = storedLo * s.header.slope + s.header.intercept;
        const double b = storedHi * s.header.slope + s.header.intercept;
        lo = std::min({lo, a, b});
        hi = std::max({hi, a, b});
        if (s.header.slope != std::round(s.header.slope) || s.header.intercept != std::round(s.header.intercept))
            integral = false;
    }
    if (!integral) return ScalarType::Float32;
    if (lo >= 0 && hi <= 255) return ScalarType::UInt8;
    if (lo >= -32768 && hi <= 32767) return ScalarType::Int16;
    if (lo >= 0 && hi <= 65535) return ScalarType::UInt16;
    if (lo >= -2147483648.0 && hi <= 2147483647.0) return ScalarType::Int32;
    return ScalarType::Float32;
}

// ---- [SECTION] one slice ------------------------------------------------------------

bool isUncompressedLittleEndian(const std::string& ts) {
    return ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1";
}

// Uncompressed little-endian data is read straight from where the structure walk found
// it, into a buffer each worker thread reuses: no GDCM parse of the whole data set and
// no fresh 0.5 MB allocation (page faults) per slice. Returns false for other files.
bool readUncompressed(const ScannedSlice& s, size_t needed, std::vector<char>& buffer) {
    if (!isUncompressedLittleEndian(s.layout.transferSyntax) || s.layout.pixelLength < needed) return false;
    buffer.resize(needed);
    std::ifstream in(s.header.file, std::ios::binary);
    if (!in.seekg(std::streamoff(s.layout.pixelOffset)) || !in.read(buffer.data(), std::streamsize(needed)))
        throw Error(s.header.file, "cannot read pixel data (file changed while loading?)");
    return true;
}

// Everything else (JPEG 2000, JPEG, JPEG-LS, RLE, big endian, deflated) goes through
// GDCM's codecs.
void decodeWithGdcm(const ScannedSlice& s, size_t pixels, StoredFormat& f, std::vector<char>& buffer) {
    const std::string& file = s.header.file;
    gdcm::ImageReader reader;
    reader.SetFileName(file.c_str());
    if (!reader.Read()) throw Error(file, "cannot read the image (damaged file or unsupported pixel data)");
    const gdcm::Image& image = reader.GetImage();
    if (size_t(image.GetDimension(0)) * size_t(image.GetDimension(1)) != pixels)
        throw Error(file, "image size differs from its header");
    const gdcm::PixelFormat& pf = image.GetPixelFormat();
    if (pf.GetSamplesPerPixel() != 1) throw Error(file, "colour images are not supported (need one sample per pixel)");
    if (pf.GetScalarType() == gdcm::PixelFormat::FLOAT32 || pf.GetScalarType() == gdcm::PixelFormat::FLOAT64)
        throw Error(file, "floating-point pixel data is not supported");
    // The codec may know better than the header (a JPEG 2000 stream's own bit depth).
    f.bytes = pf.GetBitsAllocated() <= 8 ? 1 : (pf.GetBitsAllocated() <= 16 ? 2 : 4);
    if (pf.GetBitsAllocated() != 8 * unsigned(f.bytes))
        throw Error(file, "unsupported BitsAllocated " + std::to_string(pf.GetBitsAllocated()));
    f.isSigned = pf.GetPixelRepresentation() == 1;
    f.bitsStored = pf.GetBitsStored();
    const size_t needed = pixels * size_t(f.bytes);
    const unsigned long length = image.GetBufferLength();
    if (length < needed) throw Error(file, "pixel data is cut off or cannot be decoded");
    buffer.resize(length);
    if (!image.GetBuffer(buffer.data())) {
        const char* ts = image.GetTransferSyntax().GetString();
        throw Error(file, std::string("pixel data cannot be decoded (damaged, or unsupported compression ") +
                              (ts ? ts : "?") + ")");
    }
}

// Decodes one file into plane k of the volume; returns the number of clamped voxels.
size_t decodeSlice(const ScannedSlice& s, Volume& volume, int k) {
    thread_local std::vector<char> buffer;
    const size_t pixels = size_t(volume.geometry().dim(0)) * size_t(volume.geometry().dim(1));
    StoredFormat f;
    f.bytes = s.bitsAllocated / 8;
    f.isSigned = s.pixelRep == 1;
    f.bitsStored = s.bitsStored;
    const bool direct = (s.bitsAllocated == 8 || s.bitsAllocated == 16 || s.bitsAllocated == 32) &&
                        readUncompressed(s, pixels * size_t(f.bytes), buffer);
    if (!direct) decodeWithGdcm(s, pixels, f, buffer);
    return convertStoredPixels(buffer.data(), f, s.header.slope, s.header.intercept, volume, size_t(k) * pixels, pixels);
}

void fillPlane(Volume& volume, int k, double value) {
    const size_t pixels = size_t(volume.geometry().dim(0)) * size_t(volume.geometry().dim(1));
    volume.visit([&](auto* p) {
        using T = std::remove_pointer_t<decltype(p)>;
        std::fill(p + size_t(k) * pixels, p + size_t(k + 1) * pixels, T(value));
    });
}

double lowestValue(const Volume& volume, const std::vector<int>& sliceAtK) {
    const size_t pixels = size_t(volume.geometry().dim(0)) * size_t(volume.geometry().dim(1));
    double lo = std::numeric_limits<double>::max();
    volume.visit([&](const auto* p) {
        for (size_t k = 0; k < sliceAtK.size(); ++k)
            if (sliceAtK[k] >= 0)
                for (size_t i = k * pixels; i < (k + 1) * pixels; ++i) lo = std::min(lo, double(p[i]));
    });
    return lo;
}

std::string mib(size_t bytes) { return std::to_string((bytes + (size_t(1) << 19)) >> 20) + " MiB"; }

const ScannedSeries& pickSeries(const std::vector<ScannedSeries>& series, const std::vector<DicomSeriesInfo>& infos,
                                const std::string& path, const DicomLoadOptions& o) {
    if (!o.seriesUid.empty()) {
        for (const auto& s : series)
            if (s.info.uid == o.seriesUid) return s;
        throw Error(path, "no series with SeriesInstanceUID " + o.seriesUid + " (" + std::to_string(series.size()) +
                              " series found; see `marrow info --series`)");
    }
    if (o.seriesIndex >= 0) {
        if (o.seriesIndex >= int(series.size()))
            throw Error(path, "series index " + std::to_string(o.seriesIndex) + " out of range (" +
                                  std::to_string(series.size()) + " series found)");
        return series[o.seriesIndex];
    }
    return series[defaultSeriesIndex(infos)];
}

}  // namespace

// ---- [SECTION] public API -----------------------------------------------------------

std::vector<DicomSeriesInfo> scanDicom(const std::string& path, const ProgressFn& progress) {
    std::vector<DicomSeriesInfo> infos;
    for (auto& s : scanSeries(path, progress).series) infos.push_back(std::move(s.info));
    return infos;
}

int defaultSeriesIndex(const std::vector<DicomSeriesInfo>& series) {
    int best = -1;
    for (int i = 0; i < int(series.size()); ++i) {
        const bool ct = series[i].modality == "CT";
        if (best < 0) {
            best = i;
            continue;
        }
        const bool bestCt = series[best].modality == "CT";
        if ((ct && !bestCt) || (ct == bestCt && series[i].slices > series[best].slices)) best = i;
    }
    return best;
}

Volume readDicomSeries(const std::string& path, const DicomLoadOptions& options) {
    const ScannedFolder folder = scanSeries(path, options.progress);
    const std::vector<ScannedSeries>& all = folder.series;
    std::vector<DicomSeriesInfo> infos;
    for (const auto& s : all) infos.push_back(s.info);
    const ScannedSeries& chosen = pickSeries(all, infos, path, options);

    for (const auto& s : chosen.slices) {
        if (s.samples != 1) throw Error(s.header.file, "colour images are not supported (need one sample per pixel)");
        if (s.bitsAllocated != 8 && s.bitsAllocated != 16 && s.bitsAllocated != 32)
            throw Error(s.header.file, "BitsAllocated " + std::to_string(s.bitsAllocated) +
                                           " is not supported (need 8, 16 or 32)");
        if (s.frames > 1)
            throw Error(s.header.file, "multi-frame images (" + std::to_string(s.frames) + " frames) are not supported yet");
    }
    std::vector<DicomSliceHeader> headers;
    std::map<std::string, const ScannedSlice*> byFile;
    for (const auto& s : chosen.slices) headers.push_back(s.header), byFile[s.header.file] = &s;
    DicomSeriesPlan plan = planDicomSeries(headers, path);
    std::vector<ScannedSlice> kept;
    for (const auto& h : headers) kept.push_back(*byFile[h.file]);

    const bool isCt = chosen.info.modality == "CT";
    const ScalarType type = chooseOutputType(kept, isCt);
    const ImageGeometry& g = plan.geometry;

    // Memory: the volume plus one decoded slice and one file per worker thread.
    const size_t sliceBytes = size_t(g.dim(0)) * size_t(g.dim(1)) * 4;
    const size_t needed = g.voxelCount() * scalarSize(type) + 4 * sliceBytes;
    const size_t limit = options.memoryLimitBytes ? options.memoryLimitBytes : availableMemoryBytes();
    if (needed > limit)
        throw Error(path, "series needs about " + mib(needed) + " of memory but only " + mib(limit) +
                              " is available; free memory or load a smaller series");

    // We decode slices in parallel; OpenJPEG's own threads inside each decode then only
    // add contention (+30% CPU for the sample's 20 JPEG 2000 slices, see
    // bench/RESULTS.md, DICOM). A user's explicit OPJ_NUM_THREADS wins.
    static std::once_flag opjOnce;
    std::call_once(opjOnce, [] { setEnvironmentDefault("OPJ_NUM_THREADS", "1"); });

    Volume volume(g, type, /*zero=*/false);
    std::atomic<size_t> clamped{0}, done{0};
    std::mutex progressMutex;
    const int nz = g.dim(2);
    reportProgress(options.progress, 0.05, "Decoding DICOM slices");
    tbb::parallel_for(0, nz, [&](int k) {
        const int s = plan.sliceAtK[k];
        if (s < 0) return;
        try {
            if (const size_t outside = decodeSlice(kept[s], volume, k)) clamped += outside;
        } catch (const Error&) {
            throw;
        } catch (const std::exception& e) {
            throw Error(kept[s].header.file, std::string("cannot decode pixel data: ") + e.what());
        } catch (...) {
            throw Error(kept[s].header.file, "cannot decode pixel data");
        }
        const size_t finished = ++done;
        if (options.progress) {
            std::lock_guard lock(progressMutex);
            reportProgress(options.progress, 0.05 + 0.95 * double(finished) / double(kept.size()),
                           "Decoding DICOM slices");
        }
    });

    if (plan.sliceAtK.size() > kept.size()) {
        const double fill = lowestValue(volume, plan.sliceAtK);
        for (int k = 0; k < nz; ++k)
            if (plan.sliceAtK[k] < 0) fillPlane(volume, k, fill);
    }
    plan.warnings.insert(plan.warnings.begin(), folder.skipped.begin(), folder.skipped.end());
    if (const ScannedSlice& s0 = kept.front(); !s0.spacingFrom)
        plan.warnings.push_back("no PixelSpacing (nor ImagerPixelSpacing) in " + s0.header.file +
                                ": assumed 1 x 1 mm pixels, so sizes and distances in mm are NOT real");
    else if (std::string(s0.spacingFrom) != "PixelSpacing")
        plan.warnings.push_back("no PixelSpacing in " + s0.header.file +
                                ": used ImagerPixelSpacing (at the detector; sizes in the patient may differ by "
                                "the geometric magnification)");
    if (clamped)
        plan.warnings.push_back(std::to_string(clamped.load()) + " voxels were outside the " +
                                std::string(scalarName(type)) + " range and were clamped");

    const ScannedSlice& first = kept.front();
    auto text = [&](const gdcm::Tag& t) {
        auto it = first.text.find(t);
        return it == first.text.end() ? std::string() : it->second;
    };
    volume.meta["modality"] = chosen.info.modality;
    volume.meta["series_uid"] = chosen.info.uid;
    volume.meta["description"] = chosen.info.description;
    volume.meta["source"] = path;
    if (isCt) volume.meta["units"] = "HU";
    volume.meta["transfer_syntax"] = chosen.info.transferSyntax;
    volume.meta["series_number"] = text(kSeriesNumber);
    volume.meta["study_uid"] = text(kStudyUid);
    volume.meta["study_date"] = text(kStudyDate);
    volume.meta["patient_name"] = text(kPatientName);
    volume.meta["patient_id"] = text(kPatientId);
    volume.meta["manufacturer"] = text(kManufacturer);
    for (const auto& [key, t] : kIdentityMeta) volume.meta[key] = text(t);
    // SOPInstanceUID of the slice at each k, '\\'-separated (empty where a slice is missing).
    std::string sopUids;
    for (int k = 0; k < nz; ++k) {
        if (k) sopUids += '\\';
        if (const int s = plan.sliceAtK[k]; s >= 0) {
            const auto it = kept[s].text.find(kSopInstanceUid);
            if (it != kept[s].text.end()) sopUids += it->second;
        }
    }
    volume.meta["sop_instance_uids"] = sopUids;
    if (first.header.sliceThickness > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", first.header.sliceThickness);
        volume.meta["slice_thickness"] = buf;
    }
    volume.addLoadWarnings(plan.warnings);
    reportProgress(options.progress, 1.0, "Decoding DICOM slices");
    return volume;
}

}  // namespace marrow
