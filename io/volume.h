#pragma once
// Volume: a scalar voxel grid plus its geometry and a little metadata.
//
// CT is held as int16 Hounsfield units. Other data keeps its range: uint8/uint16 label
// maps and MR, float32 for PET or anything fractional. Voxels are contiguous, i fastest
// (see ImageGeometry::linearIndex). Storage is not zero-filled on allocation (loaders
// overwrite every voxel; zeroing 200 MB would cost a tenth of a load) unless asked.
// Copying a Volume copies the voxels; move it where you can.
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "io/error.h"
#include "io/geometry.h"

namespace marrow {

enum class ScalarType : uint8_t { UInt8, Int16, UInt16, Int32, Float32 };

size_t scalarSize(ScalarType t);
const char* scalarName(ScalarType t);  // "uint8", "int16", ...

template <class T> constexpr ScalarType scalarTypeOf();
template <> constexpr ScalarType scalarTypeOf<uint8_t>() { return ScalarType::UInt8; }
template <> constexpr ScalarType scalarTypeOf<int16_t>() { return ScalarType::Int16; }
template <> constexpr ScalarType scalarTypeOf<uint16_t>() { return ScalarType::UInt16; }
template <> constexpr ScalarType scalarTypeOf<int32_t>() { return ScalarType::Int32; }
template <> constexpr ScalarType scalarTypeOf<float>() { return ScalarType::Float32; }

// Frees a Volume's voxel buffer (releaseLargeBuffer with its size).
struct VoxelBufferFree {
    size_t bytes = 0;
    void operator()(std::byte* p) const noexcept;
};

class Volume {
public:
    Volume() = default;
    // Allocates dims voxels of type t; zeroed only when zero == true.
    Volume(const ImageGeometry& g, ScalarType t, bool zero = true);
    Volume(const Volume& o);
    Volume& operator=(const Volume& o);
    Volume(Volume&&) noexcept = default;
    Volume& operator=(Volume&&) noexcept = default;

    bool empty() const { return !data_; }
    const ImageGeometry& geometry() const { return geom_; }
    // Replace the geometry; dims must not change (re-orienting a header, not resampling).
    void setGeometry(const ImageGeometry& g);
    ScalarType type() const { return type_; }
    size_t voxelCount() const { return geom_.voxelCount(); }
    size_t byteSize() const { return voxelCount() * scalarSize(type_); }

    void* raw() { return data_.get(); }
    const void* raw() const { return data_.get(); }
    // Typed access; throws marrow::Error if T does not match type().
    template <class T> T* data() { check<T>(); return reinterpret_cast<T*>(data_.get()); }
    template <class T> const T* data() const { check<T>(); return reinterpret_cast<const T*>(data_.get()); }

    // Value of one voxel as double, whatever the type (slow path: readouts, tests).
    double valueAt(int64_t i, int64_t j, int64_t k) const;

    // Calls f(ptr) with ptr a typed pointer to the voxels: the one switch over types.
    template <class F> decltype(auto) visit(F&& f) {
        switch (type_) {
            case ScalarType::UInt8: return f(data<uint8_t>());
            case ScalarType::Int16: return f(data<int16_t>());
            case ScalarType::UInt16: return f(data<uint16_t>());
            case ScalarType::Int32: return f(data<int32_t>());
            default: return f(data<float>());
        }
    }
    template <class F> decltype(auto) visit(F&& f) const {
        switch (type_) {
            case ScalarType::UInt8: return f(data<uint8_t>());
            case ScalarType::Int16: return f(data<int16_t>());
            case ScalarType::UInt16: return f(data<uint16_t>());
            case ScalarType::Int32: return f(data<int32_t>());
            default: return f(data<float>());
        }
    }

    // Free-form metadata: "modality" (CT, MR, PT, SEG...), "series_uid", "description",
    // DICOM identity for derived objects ("study_uid", "frame_of_reference_uid",
    // "sop_class_uid", "sop_instance_uids" = one UID per k joined by backslashes, ...),
    // "source" (the file or folder it came from), "units" (HU...), and warnings raised
    // while loading under "warning.N".
    std::map<std::string, std::string> meta;
    std::string modality() const;
    // The loader's warnings, in the order raised (stored as meta "warning.N"): every reader
    // sets them with addLoadWarnings and every display reads them with loadWarnings.
    void addLoadWarnings(const std::vector<std::string>& warnings);
    std::vector<std::string> loadWarnings() const;

private:
    template <class T> void check() const {
        if (scalarTypeOf<std::remove_const_t<T>>() != type_)
            throw Error("", std::string("volume holds ") + scalarName(type_) + " voxels");
    }
    // Large voxel buffers come from acquireLargeBuffer (huge pages on Linux: a 200 MiB CT
    // fills with ~100 page faults instead of ~51,000, the main cost of reading a .nii).
    using BufferFree = VoxelBufferFree;
    static std::unique_ptr<std::byte[], BufferFree> allocate(size_t bytes);
    ImageGeometry geom_;
    ScalarType type_ = ScalarType::Int16;
    std::unique_ptr<std::byte[], BufferFree> data_;
};

}  // namespace marrow
