#pragma once
// The NIfTI-1/2 header exactly as stored in the file, read and checked before libnifti
// interprets it. libnifti repairs what it finds (a zero dim becomes 1, a zero pixdim 1,
// a NaN quaternion an identity rotation), which turned corrupt headers into silently
// wrong images; here every field that sets the grid, the geometry or the data's place is
// checked as written, and any problem is a marrow::Error "<path>: <problem>".
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace marrow {

struct NiftiRawHeader {
    int version = 1;             // 1 or 2
    int64_t headerBytes = 348;   // 348 (NIfTI-1) or 540 (NIfTI-2)
    bool nifti = true;           // false: an ANALYZE 7.5 header (no magic; no qform/sform)
    std::array<int64_t, 8> dim{};
    std::array<double, 8> pixdim{};
    int datatype = 0;
    double voxOffset = 0;
    double sclSlope = 0, sclInter = 0;
    int qformCode = 0, sformCode = 0;
    std::array<double, 3> quatern{};  // b, c, d
    std::array<double, 3> qoffset{};
    std::array<std::array<double, 4>, 3> srow{};
    std::string descrip;  // raw bytes, up to the first NUL

    // dim[1..3] (1 past dim[0]) and the number of 3D volumes (product of dim[4..dim[0]]).
    int64_t extent(int axis) const { return axis <= dim[0] ? dim[axis] : 1; }
    long double volumeCount() const;
};

// Reads the first 348 or 540 bytes (through zlib, so .nii and .nii.gz alike), in either
// byte order. Throws when the bytes are not a NIfTI/ANALYZE header.
NiftiRawHeader readNiftiRawHeader(const std::string& path);

enum class NiftiFrame { Sform, Qform, Pixdim };

// Checks the fields that decide what is read and where it is placed: dim[0] in 1..7,
// every used dim >= 1, the first three at most INT_MAX, pixdim[1..3] positive finite,
// vox_offset finite, whole and at least the header size (and within maxVoxOffset), and
// the transforms whose code is > 0 finite (qform: a unit-or-shorter quaternion). Returns
// the transform that places the voxels: NIfTI's order sform, qform, pixdim, where a broken
// sform or qform is passed over with a note in notes; none usable left is an Error.
NiftiFrame checkNiftiRawHeader(const NiftiRawHeader& h, const std::string& path, long double maxVoxOffset,
                               std::vector<std::string>& notes);

}  // namespace marrow
