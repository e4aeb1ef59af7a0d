#include "io/geometry.h"

#include <cstdio>

#include "io/error.h"

namespace marrow {

Mat3 Mat3::operator*(const Mat3& o) const {
    Mat3 r;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            r.m[i][j] = m[i][0] * o.m[0][j] + m[i][1] * o.m[1][j] + m[i][2] * o.m[2][j];
    return r;
}

double Mat3::determinant() const {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

Mat3 Mat3::inverse() const {
    const double det = determinant();
    if (std::abs(det) < 1e-12) throw Error("", "singular direction matrix");
    Mat3 r;
    r.m[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
    r.m[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
    r.m[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
    r.m[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
    r.m[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
    r.m[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
    r.m[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
    r.m[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
    r.m[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
    return r;
}

ImageGeometry::ImageGeometry(std::array<int, 3> dims, Vec3 spacing, Vec3 origin, Mat3 direction)
    : dims_(dims), spacing_(spacing), origin_(origin), direction_(direction) {
    for (int a = 0; a < 3; ++a) {
        if (dims_[a] <= 0) throw Error("", "image dimension " + std::to_string(a) + " is not positive");
        if (!(spacing_[a] > 0) || !std::isfinite(spacing_[a]))
            throw Error("", "voxel spacing along axis " + std::to_string(a) + " is not a positive number");
        if (!std::isfinite(origin_[a])) throw Error("", "image origin is not finite");
    }
    update();
}

void ImageGeometry::update() {
    indexToPatient_ = direction_;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) indexToPatient_.m[r][c] = direction_.m[r][c] * spacing_[c];
    patientToIndex_ = indexToPatient_.inverse();
}

Index3 ImageGeometry::patientToNearestVoxel(Vec3 lps) const {
    const Vec3 f = patientToIndex(lps);
    return {int64_t(std::llround(f.x)), int64_t(std::llround(f.y)), int64_t(std::llround(f.z))};
}

std::array<double, 16> ImageGeometry::indexToPatientMatrix() const {
    const Mat3& a = indexToPatient_;
    return {a.m[0][0], a.m[0][1], a.m[0][2], origin_.x,
            a.m[1][0], a.m[1][1], a.m[1][2], origin_.y,
            a.m[2][0], a.m[2][1], a.m[2][2], origin_.z,
            0,         0,         0,         1};
}

void ImageGeometry::patientBounds(Vec3& lo, Vec3& hi) const {
    lo = {1e300, 1e300, 1e300};
    hi = {-1e300, -1e300, -1e300};
    for (int corner = 0; corner < 8; ++corner) {
        const Vec3 ijk{(corner & 1) ? dims_[0] - 0.5 : -0.5, (corner & 2) ? dims_[1] - 0.5 : -0.5,
                       (corner & 4) ? dims_[2] - 0.5 : -0.5};
        const Vec3 p = indexToPatient(ijk);
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
        }
    }
}

bool ImageGeometry::sameGrid(const ImageGeometry& o, double tol) const {
    if (dims_ != o.dims_) return false;
    for (int a = 0; a < 3; ++a) {
        if (std::abs(spacing_[a] - o.spacing_[a]) > tol) return false;
        if (std::abs(origin_[a] - o.origin_[a]) > tol) return false;
        for (int b = 0; b < 3; ++b)
            if (std::abs(direction_.m[a][b] - o.direction_.m[a][b]) > tol) return false;
    }
    return true;
}

std::string ImageGeometry::describe() const {
    char buf[512];
    const Mat3& d = direction_;
    std::snprintf(buf, sizeof buf,
                  "%dx%dx%d voxels, spacing %.6g/%.6g/%.6g mm, origin (%.6g, %.6g, %.6g) LPS, "
                  "direction [%.4g %.4g %.4g; %.4g %.4g %.4g; %.4g %.4g %.4g]",
                  dims_[0], dims_[1], dims_[2], spacing_.x, spacing_.y, spacing_.z, origin_.x,
                  origin_.y, origin_.z, d.m[0][0], d.m[0][1], d.m[0][2], d.m[1][0], d.m[1][1],
                  d.m[1][2], d.m[2][0], d.m[2][1], d.m[2][2]);
    return buf;
}

}  // namespace marrow
