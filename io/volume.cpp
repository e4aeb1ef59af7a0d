#include "io/volume.h"

#include <cstdlib>

#include "io/platform_memory.h"

namespace marrow {

size_t scalarSize(ScalarType t) {
    switch (t) {
        case ScalarType::UInt8: return 1;
        case ScalarType::Int16: return 2;
        case ScalarType::UInt16: return 2;
        case ScalarType::Int32: return 4;
        case ScalarType::Float32: return 4;
    }
    return 1;
}

const char* scalarName(ScalarType t) {
    switch (t) {
        case ScalarType::UInt8: return "uint8";
        case ScalarType::Int16: return "int16";
        case ScalarType::UInt16: return "uint16";
        case ScalarType::Int32: return "int32";
        case ScalarType::Float32: return "float32";
    }
    return "?";
}

void VoxelBufferFree::operator()(std::byte* p) const noexcept { releaseLargeBuffer(p, bytes); }

std::unique_ptr<std::byte[], Volume::BufferFree> Volume::allocate(size_t bytes) {
    return {static_cast<std::byte*>(acquireLargeBuffer(bytes)), BufferFree{bytes}};
}

Volume::Volume(const ImageGeometry& g, ScalarType t, bool zero) : geom_(g), type_(t) {
    const size_t bytes = g.voxelCount() * scalarSize(t);
    data_ = allocate(bytes);
    if (zero) std::memset(data_.get(), 0, bytes);
}

Volume::Volume(const Volume& o) : meta(o.meta), geom_(o.geom_), type_(o.type_) {
    if (o.data_) {
        data_ = allocate(o.byteSize());
        std::memcpy(data_.get(), o.data_.get(), o.byteSize());
    }
}

Volume& Volume::operator=(const Volume& o) {
    if (this != &o) {
        Volume copy(o);
        *this = std::move(copy);
    }
    return *this;
}

void Volume::setGeometry(const ImageGeometry& g) {
    if (g.dims() != geom_.dims()) throw Error("", "setGeometry cannot change the dimensions");
    geom_ = g;
}

double Volume::valueAt(int64_t i, int64_t j, int64_t k) const {
    const size_t n = geom_.linearIndex(i, j, k);
    return visit([n](const auto* p) { return double(p[n]); });
}

void Volume::addLoadWarnings(const std::vector<std::string>& warnings) {
    size_t n = loadWarnings().size();
    for (const std::string& w : warnings) meta["warning." + std::to_string(n++)] = w;
}

std::vector<std::string> Volume::loadWarnings() const {
    std::map<int, std::string> raised;  // the meta map sorts "warning.10" before "warning.2"
    for (const auto& [key, value] : meta)
        if (key.rfind("warning.", 0) == 0) raised[std::atoi(key.c_str() + 8)] = value;
    std::vector<std::string> out;
    for (auto& [n, text] : raised) out.push_back(std::move(text));
    return out;
}

std::string Volume::modality() const {
    auto it = meta.find("modality");
    return it == meta.end() ? std::string() : it->second;
}

}  // namespace marrow
