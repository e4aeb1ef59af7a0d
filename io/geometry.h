#pragma once
// ImageGeometry: where a voxel grid sits in the patient.
//
// Frame: DICOM's LPS patient space, millimetres (x grows to the patient's Left,
// y to Posterior, z to Superior). Index space (IJK) is the voxel grid: i fastest in memory.
//   patient = origin + D * diag(spacing) * ijk
// where origin is the centre of voxel (0,0,0) and column c of D is the unit LPS direction
// of index axis c (ITK's convention). Every Volume and LabelMap carries one of these;
// the interface speaks millimetres and converts here, the engine works in voxels.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace marrow {

struct Vec3 {
    double x = 0, y = 0, z = 0;
    double& operator[](int i) { return i == 0 ? x : (i == 1 ? y : z); }
    double operator[](int i) const { return i == 0 ? x : (i == 1 ? y : z); }
    friend Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
    friend Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
    friend Vec3 operator*(Vec3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
    friend Vec3 operator*(double s, Vec3 a) { return a * s; }
    friend bool operator==(const Vec3&, const Vec3&) = default;
};
inline double dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
inline Vec3 cross(Vec3 a, Vec3 b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
inline double norm(Vec3 a) { return std::sqrt(dot(a, a)); }

// Row-major 3x3: m[row][col].
struct Mat3 {
    std::array<std::array<double, 3>, 3> m{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
    static Mat3 identity() { return {}; }
    Vec3 column(int c) const { return {m[0][c], m[1][c], m[2][c]}; }
    void setColumn(int c, Vec3 v) { m[0][c] = v.x; m[1][c] = v.y; m[2][c] = v.z; }
    Vec3 operator*(Vec3 v) const {
        return {m[0][0] * v.x + m[0][1] * v.y + m[0][2] * v.z,
                m[1][0] * v.x + m[1][1] * v.y + m[1][2] * v.z,
                m[2][0] * v.x + m[2][1] * v.y + m[2][2] * v.z};
    }
    Mat3 operator*(const Mat3& o) const;
    Mat3 inverse() const;  // throws marrow::Error when singular
    double determinant() const;
    friend bool operator==(const Mat3&, const Mat3&) = default;
};

using Index3 = std::array<int64_t, 3>;

class ImageGeometry {
public:
    ImageGeometry() = default;
    // Throws marrow::Error on non-positive dims or spacing or a singular direction.
    ImageGeometry(std::array<int, 3> dims, Vec3 spacing, Vec3 origin = {}, Mat3 direction = {});

    const std::array<int, 3>& dims() const { return dims_; }
    int dim(int axis) const { return dims_[axis]; }
    const Vec3& spacing() const { return spacing_; }
    const Vec3& origin() const { return origin_; }
    const Mat3& direction() const { return direction_; }

    size_t voxelCount() const { return size_t(dims_[0]) * size_t(dims_[1]) * size_t(dims_[2]); }
    size_t linearIndex(int64_t i, int64_t j, int64_t k) const {
        return size_t(i) + size_t(dims_[0]) * (size_t(j) + size_t(dims_[1]) * size_t(k));
    }
    bool contains(int64_t i, int64_t j, int64_t k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < dims_[0] && j < dims_[1] && k < dims_[2];
    }
    double voxelVolumeMm3() const { return spacing_.x * spacing_.y * spacing_.z; }

    // Continuous index <-> LPS millimetres (exact affine; no rounding).
    Vec3 indexToPatient(Vec3 ijk) const { return origin_ + indexToPatient_ * ijk; }
    Vec3 patientToIndex(Vec3 lps) const { return patientToIndex_ * (lps - origin_); }
    // Nearest voxel of a patient point (may be outside the grid; check contains()).
    Index3 patientToNearestVoxel(Vec3 lps) const;
    // 4x4 index->LPS matrix, row-major (for writers and shaders).
    std::array<double, 16> indexToPatientMatrix() const;
    // Axis-aligned LPS bounding box of the voxel *boundaries* (centres +- half a voxel).
    void patientBounds(Vec3& lo, Vec3& hi) const;

    // Same grid within tol mm for origin/spacing and tol for direction cosines.
    bool sameGrid(const ImageGeometry& o, double tol = 1e-4) const;
    std::string describe() const;  // one line, for error messages

private:
    void update();
    std::array<int, 3> dims_{0, 0, 0};
    Vec3 spacing_{1, 1, 1};
    Vec3 origin_{};
    Mat3 direction_{};
    Mat3 indexToPatient_{};  // D * diag(spacing)
    Mat3 patientToIndex_{};  // its inverse
};

}  // namespace marrow
