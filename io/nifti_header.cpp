#include "io/nifti_header.h"

#include <nifti2_io.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "io/error.h"

namespace marrow {
namespace {

template <class Header>
void copyFields(const Header& h, NiftiRawHeader& r) {
    for (int i = 0; i < 8; ++i) r.dim[size_t(i)] = int64_t(h.dim[i]), r.pixdim[size_t(i)] = double(h.pixdim[i]);
    r.datatype = int(h.datatype);
    r.voxOffset = double(h.vox_offset);
    r.sclSlope = double(h.scl_slope);
    r.sclInter = double(h.scl_inter);
    r.qformCode = int(h.qform_code);
    r.sformCode = int(h.sform_code);
    r.quatern = {double(h.quatern_b), double(h.quatern_c), double(h.quatern_d)};
    r.qoffset = {double(h.qoffset_x), double(h.qoffset_y), double(h.qoffset_z)};
    for (int c = 0; c < 4; ++c) {
        r.srow[0][size_t(c)] = double(h.srow_x[c]);
        r.srow[1][size_t(c)] = double(h.srow_y[c]);
        r.srow[2][size_t(c)] = double(h.srow_z[c]);
    }
    r.descrip.assign(h.descrip, strnlen(h.descrip, sizeof h.descrip));
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

bool allFinite(const double* v, int n) {
    for (int i = 0; i < n; ++i)
        if (!std::isfinite(v[i])) return false;
    return true;
}

// Why the qform cannot place voxels, or "" when it can.
std::string qformProblem(const NiftiRawHeader& h) {
    if (!allFinite(h.quatern.data(), 3) || !allFinite(h.qoffset.data(), 3))
        return "the qform (qform_code " + std::to_string(h.qformCode) + ") holds a non-finite quaternion or offset";
    const double len2 = h.quatern[0] * h.quatern[0] + h.quatern[1] * h.quatern[1] + h.quatern[2] * h.quatern[2];
    // A unit quaternion's (b, c, d) has length <= 1; float rounding adds a little.
    if (len2 > 1.0 + 1e-3)
        return "the qform quaternion (b, c, d) has length " + number(std::sqrt(len2)) + ", more than 1: not a rotation";
    return "";
}

std::string sformProblem(const NiftiRawHeader& h) {
    for (const auto& row : h.srow)
        if (!allFinite(row.data(), 4)) return "the sform (sform_code " + std::to_string(h.sformCode) + ") holds a non-finite value";
    return "";
}

// NIfTI's order: the sform when sform_code > 0, else the qform when qform_code > 0, else
// pixdim. A transform the header asks for (code > 0) that is broken is passed over for
// the next one with a note; when none is left the file is refused.
NiftiFrame chooseFrame(const NiftiRawHeader& h, const std::string& path, std::vector<std::string>& notes) {
    const std::string sform = h.sformCode > 0 ? sformProblem(h) : "";
    const std::string qform = h.qformCode > 0 ? qformProblem(h) : "";
    if (h.sformCode > 0 && sform.empty()) {
        if (!qform.empty()) notes.push_back(qform + "; ignored, the sform places the voxels");
        return NiftiFrame::Sform;
    }
    if (h.qformCode > 0 && qform.empty()) {
        if (!sform.empty()) notes.push_back(sform + "; ignored, the qform places the voxels");
        return NiftiFrame::Qform;
    }
    if (!sform.empty() || !qform.empty()) throw Error(path, !sform.empty() ? sform : qform);
    return NiftiFrame::Pixdim;
}

}  // namespace

long double NiftiRawHeader::volumeCount() const {
    long double n = 1;
    for (int a = 4; a <= dim[0] && a <= 7; ++a) n *= (long double)dim[size_t(a)];
    return n;
}

NiftiRawHeader readNiftiRawHeader(const std::string& path) {
    unsigned char bytes[540] = {};
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw Error(path, "cannot open for reading");
    const int got = gzread(f, bytes, sizeof bytes);
    gzclose(f);
    const std::string invalid = "not a valid NIfTI file";
    if (got < 348) throw Error(path, invalid + " (header truncated: " + std::to_string(std::max(got, 0)) + " bytes)");
    int32_t size;
    std::memcpy(&size, bytes, 4);
    bool swapped = false;
    if (size != 348 && size != 540) {
        nifti_swap_4bytes(1, &size);
        swapped = true;
    }
    NiftiRawHeader r;
    if (size == 348) {
        nifti_1_header h;
        std::memcpy(&h, bytes, sizeof h);
        if (swapped) nifti_swap_as_nifti1(&h);
        copyFields(h, r);
        r.nifti = std::memcmp(h.magic, "n+1", 4) == 0 || std::memcmp(h.magic, "ni1", 4) == 0;
        // Only .nii/.nii.gz come here: a single-file image without the NIfTI magic is not an
        // ANALYZE pair (.hdr/.img) but a damaged header, whose qform/sform bytes libnifti
        // would then ignore, silently placing the voxels at the origin with unit axes.
        if (!r.nifti) throw Error(path, invalid + " (the magic at byte 344 is not \"n+1\")");
    } else if (size == 540) {
        if (got < 540) throw Error(path, invalid + " (NIfTI-2 header truncated: " + std::to_string(got) + " bytes)");
        nifti_2_header h;
        static_assert(sizeof h == 540);
        std::memcpy(&h, bytes, sizeof h);
        if (swapped) nifti_swap_as_nifti2(&h);
        if (std::memcmp(h.magic, "n+2", 4) != 0 && std::memcmp(h.magic, "ni2", 4) != 0)
            throw Error(path, invalid + " (the NIfTI-2 magic at byte 4 is not \"n+2\")");
        copyFields(h, r);
        r.version = 2;
        r.headerBytes = 540;
    } else {
        throw Error(path, invalid + " (header size field is neither 348 nor 540)");
    }
    return r;
}

NiftiFrame checkNiftiRawHeader(const NiftiRawHeader& h, const std::string& path, long double maxVoxOffset,
                               std::vector<std::string>& notes) {
    if (h.dim[0] < 1 || h.dim[0] > 7)
        throw Error(path, "dim[0] = " + std::to_string(h.dim[0]) + " is not a number of dimensions (1..7)");
    for (int a = 1; a <= h.dim[0]; ++a)
        if (h.dim[size_t(a)] < 1)
            throw Error(path, "dim[" + std::to_string(a) + "] = " + std::to_string(h.dim[size_t(a)]) +
                                  " is invalid (every dimension must be at least 1)");
    for (int a = 1; a <= 3; ++a)
        if (h.extent(a) > std::numeric_limits<int>::max())
            throw Error(path, "dim[" + std::to_string(a) + "] = " + std::to_string(h.dim[size_t(a)]) + " is too large");
    for (int a = 1; a <= std::min<int64_t>(h.dim[0], 3); ++a)
        if (!(h.pixdim[size_t(a)] > 0) || !std::isfinite(h.pixdim[size_t(a)]))
            throw Error(path, "voxel size pixdim[" + std::to_string(a) + "] = " + number(h.pixdim[size_t(a)]) +
                                  " is not a positive number");

    const double off = h.voxOffset;
    if (!std::isfinite(off) || off != std::floor(off) || off < double(h.headerBytes) || off > maxVoxOffset)
        throw Error(path, "vox_offset " + number(off) + " is not a valid data offset (a whole number of bytes from " +
                              std::to_string(h.headerBytes) + ", the header size, to the end of the file)");

    return chooseFrame(h, path, notes);
}

}  // namespace marrow
