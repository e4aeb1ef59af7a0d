// NIfTI-1/2 reading and NIfTI-1 writing.
//
// Reading: libnifti2 parses the header (NIfTI-1 or -2, either byte order) and the
// extensions; we validate everything it would otherwise trust (datatype, dims against
// the bytes actually present, voxel sizes) before any voxel is read, then read the first
// 3D volume straight into the Volume (one pass; a second pass only when the type must be
// narrowed or scaled): a .nii with one unbuffered read, a .nii.gz through libdeflate
// (io/gzip_members.h; zlib streams what it cannot). libnifti's own stderr chatter is switched off: every problem
// becomes one marrow::Error "<path>: <problem>".
//
// Geometry: the grid comes from the sform when sform_code > 0, else the qform when
// qform_code > 0, else diag(pixdim). NIfTI's world is RAS+, ours LPS, so the first two
// rows of the affine change sign. spacing = column norms, direction = unit columns,
// origin = translation. A flipped axis is a negative direction column; voxels are never
// reordered, so a file re-reads voxel-for-voxel.
//
// Writing: NIfTI-1 (the most widely read version) with sform and qform (code 1) built
// from the LPS geometry. We fill the 348-byte header ourselves and write through stdio
// (.nii) or parallel gzip members (.nii.gz, io/gzip_members.h) so that every write error is seen (libnifti's writer returns void), inside
// writeFileAtomically. NIfTI-1 stores the affine as float32: positions round-trip to
// float precision (about 3e-5 mm at 500 mm from the origin).
#include "io/nifti_io.h"

#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "io/atomic_file.h"
#include "io/geometry_checks.h"
#include "io/gzip_members.h"
#include "io/load.h"
#include "io/memory_budget.h"
#include "io/nifti_header.h"
#include "io/text_encoding.h"

namespace marrow {
namespace {

// libdeflate level 1: smaller files than zlib's level 1 and several times faster than level 6
// (bench/RESULTS.md, NIfTI).
constexpr int kGzipLevel = 1;

// libnifti prints its own complaints to stderr; every problem already becomes one
// marrow::Error, so its messages would be a confusing second line. Once per process.
void silenceLibnifti() {
    static std::once_flag once;
    std::call_once(once, [] { nifti_set_debug_level(0); });
}

struct NiftiImageFree {
    void operator()(nifti_image* nim) const { nifti_image_free(nim); }
};
using NiftiPtr = std::unique_ptr<nifti_image, NiftiImageFree>;

// "INT16", "RGB24"... (libnifti's name without its NIFTI_TYPE_ prefix).
std::string datatypeName(int dt) {
    const char* name = nifti_datatype_to_string(dt);
    std::string s = name ? name : "unknown";
    if (s.rfind("NIFTI_TYPE_", 0) == 0) s.erase(0, 11);
    if (s == "DT_UNKNOWN" || s == "unknown") s = "code " + std::to_string(dt);  // not a NIfTI type at all
    return s;
}

bool isGzipPath(const std::string& path) {
    return path.size() >= 3 && (path.compare(path.size() - 3, 3, ".gz") == 0 ||
                                path.compare(path.size() - 3, 3, ".GZ") == 0);
}

// Cheap checks before libnifti sees the file: it exists, is large enough to hold a
// header, and a .gz starts with the gzip magic (zlib would otherwise read garbage as raw).
void precheckFile(const std::string& path, uintmax_t& fileSize) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(path, "no such file");
    if (fs::is_directory(status)) throw Error(path, "is a folder, not a NIfTI file");
    fileSize = fs::file_size(path, ec);
    if (ec) throw Error(path, "cannot read file size: " + ec.message());
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw Error(path, "cannot open for reading");
    unsigned char magic[2] = {0, 0};
    const size_t got = std::fread(magic, 1, 2, f);
    std::fclose(f);
    if (isGzipPath(path)) {
        if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
            throw Error(path, "not a gzip file (a .nii.gz must be gzip-compressed)");
    } else if (fileSize < 348) {
        throw Error(path, "too small to be a NIfTI file (" + std::to_string(fileSize) + " bytes)");
    }
}

// The 4x4 index->world matrix in millimetres (RAS), from sform, qform or pixdim.
nifti_dmat44 chooseAffine(const nifti_image& nim, NiftiFrame which, std::string& frame) {
    if (which == NiftiFrame::Sform) {
        frame = "sform";
        return nim.sto_xyz;
    }
    if (which == NiftiFrame::Qform) {
        frame = "qform";
        return nim.qto_xyz;
    }
    frame = "pixdim";
    nifti_dmat44 a{};
    a.m[0][0] = nim.dx;
    a.m[1][1] = nim.dy;
    a.m[2][2] = nim.dz;
    a.m[3][3] = 1;
    return a;
}

double unitsToMm(int xyzUnits) {
    switch (xyzUnits) {
        case NIFTI_UNITS_METER: return 1000.0;
        case NIFTI_UNITS_MICRON: return 0.001;
        default: return 1.0;  // NIFTI_UNITS_MM or unknown: millimetres (what everyone writes)
    }
}

ImageGeometry geometryFromHeader(const nifti_image& nim, NiftiFrame which, const std::string& path,
                                 std::vector<std::string>* notes) {
    std::string frame;
    const nifti_dmat44 a = chooseAffine(nim, which, frame);
    const double scale = unitsToMm(nim.xyz_units);
    Vec3 spacing, origin;
    Mat3 direction;
    for (int c = 0; c < 3; ++c) {
        // RAS -> LPS: negate x and y rows.
        // (+ 0.0 turns the -0 of a negated zero into 0, for clean printing.)
        const Vec3 col{-a.m[0][c] * scale + 0.0, -a.m[1][c] * scale + 0.0, a.m[2][c] * scale + 0.0};
        const double len = norm(col);
        if (!(len > 0) || !std::isfinite(len))
            throw Error(path, "the " + frame + " gives index axis " + std::to_string(c) + " no length");
        spacing[c] = len;
        direction.setColumn(c, col * (1.0 / len));
    }
    origin = {-a.m[0][3] * scale + 0.0, -a.m[1][3] * scale + 0.0, a.m[2][3] * scale + 0.0};
    if (std::abs(direction.determinant()) < 1e-6)
        throw Error(path, "the " + frame + " is singular (index axes are parallel)");
    checkAxesPerpendicular(direction, "the " + frame, path, notes);
    try {
        return ImageGeometry({int(nim.nx), int(nim.ny), int(nim.nz)}, spacing, origin, direction);
    } catch (const Error& e) {
        throw Error(path, e.what());
    }
}

// Target type for integer data of range [lo, hi] (before any scaling).
ScalarType narrowestLossless(double lo, double hi) {
    if (lo >= -32768 && hi <= 32767) return ScalarType::Int16;
    if (lo >= -2147483648.0 && hi <= 2147483647.0) return ScalarType::Int32;
    return ScalarType::Float32;
}

template <class Src, class Dst>
void convertInto(const Src* src, Dst* dst, size_t n, double slope, double inter) {
    if (slope == 1 && inter == 0) {
        for (size_t i = 0; i < n; ++i) dst[i] = Dst(src[i]);
    } else {
        for (size_t i = 0; i < n; ++i) dst[i] = Dst(double(src[i]) * slope + inter);
    }
}

// Converts the raw file voxels into the volume's final type, choosing it from the
// actual value range so int32 HU (example_ct.nii.gz) lands as Int16 without loss.
template <class Src>
Volume convertVoxels(const Src* src, const ImageGeometry& g, double slope, double inter, bool sourceIsFloat) {
    const size_t n = g.voxelCount();
    double lo = 0, hi = 0;
    bool integral = !sourceIsFloat;
    if (n) {
        lo = hi = double(src[0]) * slope + inter;
        for (size_t i = 0; i < n; ++i) {
            const double v = double(src[i]) * slope + inter;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            if (integral && v != std::floor(v)) integral = false;
        }
    }
    const ScalarType t = integral ? narrowestLossless(lo, hi) : ScalarType::Float32;
    Volume vol(g, t, false);
    vol.visit([&](auto* dst) { convertInto(src, dst, n, slope, inter); });
    return vol;
}

// A .nii: one read(2) from the data offset straight into dst (no stdio buffer between).
void readPlainVoxelBytes(const nifti_image& nim, void* dst, int64_t bytes, const std::string& truncated,
                         const std::string& path) {
    std::FILE* f = std::fopen(nim.iname, "rb");
    if (!f) throw Error(path, "cannot open the voxel data");
    std::setvbuf(f, nullptr, _IONBF, 0);
#ifdef _WIN32
    const bool seeked = _fseeki64(f, nim.iname_offset, SEEK_SET) == 0;
#else
    const bool seeked = fseeko(f, off_t(nim.iname_offset), SEEK_SET) == 0;
#endif
    const bool ok = seeked &&
                    std::fread(dst, 1, size_t(bytes), f) == size_t(bytes);
    std::fclose(f);
    if (!ok) throw Error(path, truncated);
}

// A .nii.gz through zlib, streaming (for gzip members too large for inflateGzipRange).
// When the voxels run to the end of the file, the last piece is requested with room to
// spare: only a read that asks past the data makes zlib check the gzip trailer (CRC and
// length; an exact-size read stops before it), so a file cut in its last bytes is caught.
void readGzipVoxelBytesStreaming(const nifti_image& nim, void* dst, int64_t bytes, bool lastInFile,
                                 const std::string& truncated, const std::string& path) {
    gzFile f = gzopen(nim.iname, "rb");
    if (!f) throw Error(path, "cannot open the voxel data");
    gzbuffer(f, 1 << 20);
    auto fail = [&](const std::string& problem) {
        gzclose(f);
        throw Error(path, problem);
    };
    if (gzseek(f, z_off_t(nim.iname_offset), SEEK_SET) != z_off_t(nim.iname_offset)) fail(truncated);
    auto* out = static_cast<char*>(dst);
    constexpr int64_t kTail = 1 << 16;
    const int64_t body = lastInFile ? std::max<int64_t>(0, bytes - kTail) : bytes;
    for (int64_t done = 0; done < body;) {
        const unsigned chunk = unsigned(std::min<int64_t>(body - done, int64_t(1) << 30));
        const int got = gzread(f, out + done, chunk);
        if (got <= 0) fail(truncated);
        done += got;
    }
    if (lastInFile) {
        const int64_t tail = bytes - body;
        std::vector<char> scratch(size_t(tail + 4096));
        int64_t got = 0;
        for (int n; (n = gzread(f, scratch.data() + got, unsigned(scratch.size() - size_t(got)))) > 0;) {
            got += n;
            if (got == int64_t(scratch.size())) break;  // trailing bytes after the voxels: fine
        }
        int err = Z_OK;
        gzerror(f, &err);
        if (got < tail || (err != Z_OK && err != Z_STREAM_END)) fail(truncated);
        std::memcpy(out + body, scratch.data(), size_t(tail));
    }
    gzclose(f);
}

// Reads `bytes` of voxel data at the header's offset into dst (byte-swapped if needed).
// A .nii.gz inflates through libdeflate (every gzip member's CRC and length checked),
// straight into dst where the members allow it; zlib streams what libdeflate cannot.
void readVoxelBytes(const nifti_image& nim, void* dst, int64_t bytes, bool lastInFile, const std::string& path) {
    const std::string truncated = "file is truncated or corrupt: voxel data ends early (expected " +
                                  std::to_string(bytes) + " bytes after the header)";
    if (!isGzipPath(nim.iname)) {
        readPlainVoxelBytes(nim, dst, bytes, truncated, path);
    } else {
        GzipInflate r = GzipInflate::Unsupported;
        try {
            r = inflateGzipRange(nim.iname, uint64_t(nim.iname_offset), {static_cast<std::byte*>(dst), size_t(bytes)});
        } catch (const Error& e) {
            throw Error(path, e.what());
        }
        if (r == GzipInflate::Corrupt) throw Error(path, truncated);
        if (r == GzipInflate::Unsupported) readGzipVoxelBytesStreaming(nim, dst, bytes, lastInFile, truncated, path);
    }
    if (nim.byteorder != nifti_short_order() && nim.swapsize > 1)
        nifti_swap_Nbytes(bytes / nim.swapsize, nim.swapsize, dst);
}

template <class Src>
Volume readAndConvert(nifti_image& nim, const ImageGeometry& g, double slope, double inter, bool isFloat,
                      const std::string& path) {
    std::vector<Src> tmp(g.voxelCount());
    readVoxelBytes(nim, tmp.data(), int64_t(tmp.size() * sizeof(Src)), nim.nvox == int64_t(tmp.size()), path);
    return convertVoxels(tmp.data(), g, slope, inter, isFloat);
}

Volume readVoxels(nifti_image& nim, const ImageGeometry& g, const std::string& path) {
    // NIfTI: slope 0 (or NaN) means "no scaling".
    double slope = nim.scl_slope, inter = nim.scl_inter;
    if (!(slope != 0) || !std::isfinite(slope)) slope = 1, inter = 0;
    if (!std::isfinite(inter)) inter = 0;
    const bool scaled = slope != 1 || inter != 0;
    const int64_t bytes = int64_t(g.voxelCount()) * nim.nbyper;

    auto direct = [&](ScalarType t) {
        Volume vol(g, t, false);
        readVoxelBytes(nim, vol.raw(), bytes, nim.nvox == int64_t(g.voxelCount()), path);
        return vol;
    };
    switch (nim.datatype) {
        case DT_UINT8: return scaled ? readAndConvert<uint8_t>(nim, g, slope, inter, false, path) : direct(ScalarType::UInt8);
        case DT_INT16: return scaled ? readAndConvert<int16_t>(nim, g, slope, inter, false, path) : direct(ScalarType::Int16);
        case DT_UINT16: return scaled ? readAndConvert<uint16_t>(nim, g, slope, inter, false, path) : direct(ScalarType::UInt16);
        case DT_FLOAT32:
            return scaled ? readAndConvert<float>(nim, g, slope, inter, true, path) : direct(ScalarType::Float32);
        case DT_INT8: return readAndConvert<int8_t>(nim, g, slope, inter, false, path);
        case DT_INT32: return readAndConvert<int32_t>(nim, g, slope, inter, false, path);
        case DT_UINT32: return readAndConvert<uint32_t>(nim, g, slope, inter, false, path);
        case DT_INT64: return readAndConvert<int64_t>(nim, g, slope, inter, false, path);
        case DT_UINT64: return readAndConvert<uint64_t>(nim, g, slope, inter, false, path);
        case DT_FLOAT64: return readAndConvert<double>(nim, g, slope, inter, true, path);
        default: break;
    }
    throw Error(path, "unsupported NIfTI data type " + datatypeName(nim.datatype) +
                          " (scalar integer or float images only)");
}

bool supportedDatatype(int dt) {
    switch (dt) {
        case DT_UINT8: case DT_INT8: case DT_INT16: case DT_UINT16: case DT_INT32: case DT_UINT32:
        case DT_INT64: case DT_UINT64: case DT_FLOAT32: case DT_FLOAT64: return true;
        default: return false;
    }
}

// Bytes a load allocates per voxel: the stored voxel, plus the converted copy when the
// voxels are not read straight into the Volume (readVoxels: other types, or scaled data;
// the copy is at most 4 bytes).
int64_t bytesPerVoxelToLoad(const NiftiRawHeader& raw, int nbyper) {
    const bool scaled = raw.sclSlope != 0 && std::isfinite(raw.sclSlope) &&
                        (raw.sclSlope != 1 || (std::isfinite(raw.sclInter) && raw.sclInter != 0));
    switch (raw.datatype) {
        case DT_UINT8: case DT_INT16: case DT_UINT16: case DT_FLOAT32: return scaled ? nbyper + 4 : nbyper;
        default: return nbyper + 4;
    }
}

// Everything decided from the header bytes alone, before libnifti reads anything: the
// raw fields (libnifti would repair them), the memory the load needs, and that the file
// can hold the data. Deflate cannot expand more than 1032:1, so a .nii.gz bounds both the
// data offset and the data size too: garbage dims are refused before any allocation.
NiftiFrame checkHeaderBeforeParsing(const NiftiRawHeader& raw, const std::string& path, uintmax_t fileSize, bool gz,
                                    std::vector<std::string>& notes) {
    const long double maxExpanded = gz ? (long double)fileSize * 1032.0L + 65536 : (long double)fileSize;
    const NiftiFrame frame = checkNiftiRawHeader(raw, path, maxExpanded, notes);
    if (!supportedDatatype(raw.datatype))
        throw Error(path, "unsupported NIfTI data type " + datatypeName(raw.datatype) +
                              " (scalar integer or float images only)");
    int nbyper = 0, swapsize = 0;
    nifti_datatype_sizes(raw.datatype, &nbyper, &swapsize);
    const int64_t n[3] = {raw.extent(1), raw.extent(2), raw.extent(3)};
    const long double voxels = (long double)n[0] * n[1] * n[2];
    const long double bytes = voxels * nbyper;
    char dims[160];
    std::snprintf(dims, sizeof dims, "header dims %lldx%lldx%lld %s", (long long)n[0], (long long)n[1],
                  (long long)n[2], datatypeName(raw.datatype).c_str());
    // libnifti holds the extensions (everything between header and data) in memory too.
    const long double extensions = raw.voxOffset - raw.headerBytes;
    requireMemory(path, voxels * bytesPerVoxelToLoad(raw, nbyper) + extensions, dims);
    const long double available = maxExpanded - (gz ? 0 : raw.voxOffset);
    if (bytes > available) {
        char buf[300];
        std::snprintf(buf, sizeof buf, "%s need %.0Lf bytes but the file holds %.0Lf", dims, bytes,
                      gz ? (long double)fileSize : std::max(available, 0.0L));
        throw Error(path, buf);
    }
    return frame;
}

// What libnifti made of the header must be what the file says (it repairs some fields).
void checkParsedAgainstRaw(const nifti_image& nim, const NiftiRawHeader& raw, const std::string& path) {
    int64_t extensionEnd = raw.headerBytes + (nim.num_ext > 0 ? 4 : 0);
    for (int e = 0; e < nim.num_ext; ++e) extensionEnd += std::max(0, nim.ext_list[e].esize);
    if (nim.iname_offset != int64_t(raw.voxOffset) || extensionEnd > nim.iname_offset)
        throw Error(path, "vox_offset " + std::to_string(int64_t(raw.voxOffset)) +
                              " does not leave room for the header and its extensions");
    if (nim.nx != raw.extent(1) || nim.ny != raw.extent(2) || nim.nz != raw.extent(3) || nim.datatype != raw.datatype)
        throw Error(path, "NIfTI header could not be read consistently");
}

void copyMeta(const nifti_image& nim, const NiftiRawHeader& raw, const std::string& path, Volume& vol,
              const std::vector<std::string>& notes) {
    vol.meta["source"] = path;
    vol.meta["format"] = raw.version == 2 ? "nifti2" : "nifti1";
    if (!raw.descrip.empty()) vol.meta["description"] = textAsUtf8(raw.descrip);
    for (int e = 0; e < nim.num_ext; ++e) {
        const nifti1_extension& x = nim.ext_list[e];
        const std::string key = "nifti.extension." + std::to_string(e);
        vol.meta[key + ".code"] = std::to_string(x.ecode);
        // esize counts the 8-byte (esize, ecode) prefix; edata holds the rest. Kept as
        // bytes: extensions are written back verbatim.
        const int len = std::max(0, x.esize - 8);
        vol.meta[key] = std::string(x.edata ? x.edata : "", x.edata ? size_t(len) : 0);
    }
    std::vector<std::string> warnings = notes;
    const long double volumes = raw.volumeCount();
    if (volumes > 1)
        warnings.push_back("file holds " + std::to_string((long long)volumes) + " volumes; only the first was loaded");
    vol.addLoadWarnings(warnings);
}

struct CheckedHeader {
    NiftiPtr nim;
    NiftiRawHeader raw;
    NiftiFrame frame = NiftiFrame::Pixdim;
    std::vector<std::string> notes;  // warnings for the user
};

// The checked header (no voxels read yet).
CheckedHeader readCheckedHeader(const std::string& path) {
    silenceLibnifti();
    uintmax_t fileSize = 0;
    precheckFile(path, fileSize);
    CheckedHeader h;
    h.raw = readNiftiRawHeader(path);
    h.frame = checkHeaderBeforeParsing(h.raw, path, fileSize, isGzipPath(path), h.notes);
    h.nim.reset(nifti_image_read(path.c_str(), 0));
    if (!h.nim) throw Error(path, "not a valid NIfTI file (header unreadable, truncated or corrupt)");
    if (h.nim->iname == nullptr) throw Error(path, "NIfTI header names no image data");
    checkParsedAgainstRaw(*h.nim, h.raw, path);
    return h;
}

}  // namespace

Volume readNifti(const std::string& path) {
    CheckedHeader h = readCheckedHeader(path);
    const ImageGeometry g = geometryFromHeader(*h.nim, h.frame, path, &h.notes);
    Volume vol = readVoxels(*h.nim, g, path);
    copyMeta(*h.nim, h.raw, path, vol, h.notes);
    return vol;
}

NiftiHeaderInfo readNiftiHeader(const std::string& path) {
    const CheckedHeader h = readCheckedHeader(path);
    const nifti_image* nim = h.nim.get();
    NiftiHeaderInfo info;
    info.geometry = geometryFromHeader(*nim, h.frame, path, nullptr);
    const bool scaled = std::isfinite(nim->scl_slope) && nim->scl_slope != 0 &&
                        (nim->scl_slope != 1 || (std::isfinite(nim->scl_inter) && nim->scl_inter != 0));
    switch (nim->datatype) {
        case DT_UINT8: case DT_INT8: case DT_INT16: case DT_UINT16: case DT_INT32: case DT_UINT32:
        case DT_INT64: case DT_UINT64: info.integer = !scaled; break;
        default: break;
    }
    return info;
}

// ---------------------------------------------------------------------------- writing

namespace {

int niftiDatatype(ScalarType t) {
    switch (t) {
        case ScalarType::UInt8: return DT_UINT8;
        case ScalarType::Int16: return DT_INT16;
        case ScalarType::UInt16: return DT_UINT16;
        case ScalarType::Int32: return DT_INT32;
        case ScalarType::Float32: return DT_FLOAT32;
    }
    return DT_UNKNOWN;
}

// Extensions carried in meta (nifti.extension.N / .code), e.g. a label table read
// from a segmentation: written back so names survive a convert.
std::string extensionBytes(const Volume& v) {
    std::string out;
    for (int e = 0;; ++e) {
        const std::string key = "nifti.extension." + std::to_string(e);
        auto data = v.meta.find(key);
        auto code = v.meta.find(key + ".code");
        if (data == v.meta.end() || code == v.meta.end()) break;
        // esize includes its 8-byte prefix and must be a multiple of 16.
        const int32_t esize = int32_t((data->second.size() + 8 + 15) / 16 * 16);
        const int32_t ecode = std::atoi(code->second.c_str());
        std::string block(size_t(esize), '\0');
        std::memcpy(block.data(), &esize, 4);
        std::memcpy(block.data() + 4, &ecode, 4);
        std::memcpy(block.data() + 8, data->second.data(), data->second.size());
        out += block;
    }
    return out;
}

nifti_1_header makeHeader(const Volume& v, size_t extBytes) {
    const ImageGeometry& g = v.geometry();
    nifti_1_header h;
    std::memset(&h, 0, sizeof h);
    h.sizeof_hdr = 348;
    h.dim[0] = 3;
    for (int a = 0; a < 3; ++a) {
        if (g.dim(a) > 32767)
            throw Error("", "dimension " + std::to_string(g.dim(a)) + " exceeds NIfTI-1's limit of 32767");
        h.dim[a + 1] = short(g.dim(a));
    }
    for (int a = 4; a < 8; ++a) h.dim[a] = 1;
    h.datatype = short(niftiDatatype(v.type()));
    h.bitpix = short(8 * scalarSize(v.type()));
    h.pixdim[0] = 1;
    for (int a = 0; a < 3; ++a) h.pixdim[a + 1] = float(g.spacing()[a]);
    for (int a = 4; a < 8; ++a) h.pixdim[a] = 1;
    h.vox_offset = float(352 + extBytes);
    h.scl_slope = 1;
    h.scl_inter = 0;
    h.xyzt_units = NIFTI_UNITS_MM;
    auto desc = v.meta.find("description");
    if (desc != v.meta.end()) std::strncpy(h.descrip, desc->second.c_str(), sizeof h.descrip - 1);
    h.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    h.sform_code = NIFTI_XFORM_SCANNER_ANAT;

    // LPS -> RAS: negate the x and y rows of index->patient.
    const auto m = g.indexToPatientMatrix();
    nifti_dmat44 ras{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) ras.m[r][c] = (r < 2 ? -1 : 1) * m[size_t(r * 4 + c)];
    ras.m[3][3] = 1;
    for (int c = 0; c < 4; ++c) {
        h.srow_x[c] = float(ras.m[0][c]);
        h.srow_y[c] = float(ras.m[1][c]);
        h.srow_z[c] = float(ras.m[2][c]);
    }
    double qb, qc, qd, qx, qy, qz, dx, dy, dz, qfac;
    nifti_dmat44_to_quatern(ras, &qb, &qc, &qd, &qx, &qy, &qz, &dx, &dy, &dz, &qfac);
    h.quatern_b = float(qb);
    h.quatern_c = float(qc);
    h.quatern_d = float(qd);
    h.qoffset_x = float(qx);
    h.qoffset_y = float(qy);
    h.qoffset_z = float(qz);
    h.pixdim[0] = float(qfac);
    std::memcpy(h.magic, "n+1", 4);
    return h;
}

// Writes the parts in order to a .nii (stdio, unbuffered: straight from the Volume) or a
// .nii.gz (independent gzip members deflated in parallel); every error surfaces.
void writeParts(const std::string& tmp, bool gz, const std::vector<std::span<const std::byte>>& parts) {
    if (gz) return writeGzipMembers(tmp, parts, kGzipLevel);
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error("", "cannot create file");
    std::setvbuf(f, nullptr, _IONBF, 0);
    for (const auto& part : parts)
        if (std::fwrite(part.data(), 1, part.size(), f) != part.size()) {
            std::fclose(f);
            throw Error("", "write failed (disk full?)");
        }
    if (std::fclose(f) != 0) throw Error("", "write failed (disk full?)");
}

}  // namespace

void writeNifti(const Volume& volume, const std::string& path) {
    if (!isNiftiPath(path)) throw Error(path, "output name must end in .nii or .nii.gz");
    if (volume.empty()) throw Error(path, "nothing to write (empty volume)");
    const std::string ext = extensionBytes(volume);
    nifti_1_header h;
    try {
        h = makeHeader(volume, ext.size());
    } catch (const Error& e) {
        throw Error(path, e.what());
    }
    // Header, extender and extensions in one piece: one gzip member, so that a reader can
    // inflate the voxels' members straight into its buffer.
    std::string head(reinterpret_cast<const char*>(&h), sizeof h);
    head += std::string{char(ext.empty() ? 0 : 1), 0, 0, 0};
    head += ext;
    const bool gz = isGzipPath(path);
    writeFileAtomically(path, [&](const std::string& tmp) {
        try {
            writeParts(tmp, gz, {std::as_bytes(std::span(head)), std::as_bytes(std::span(static_cast<const std::byte*>(volume.raw()), volume.byteSize()))});
        } catch (const Error& e) {
            throw Error(path, e.what());
        }
    });
}

}  // namespace marrow
