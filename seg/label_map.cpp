#include "seg/label_map.h"

#include "io/label_table.h"
#include "seg/label_map_box.h"
#include "seg/stage_timer.h"

#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace marrow {

// ---- VoxelBox ----

VoxelBox VoxelBox::intersect(const VoxelBox& o) const {
    VoxelBox r;
    for (int a = 0; a < 3; ++a) {
        r.lo[a] = std::max(lo[a], o.lo[a]);
        r.hi[a] = std::min(hi[a], o.hi[a]);
    }
    return r;
}

void VoxelBox::include(const VoxelBox& o) {
    if (o.empty()) return;
    if (empty()) { *this = o; return; }
    for (int a = 0; a < 3; ++a) {
        lo[a] = std::min(lo[a], o.lo[a]);
        hi[a] = std::max(hi[a], o.hi[a]);
    }
}

Rgb defaultSegmentColor(Label id) {
    // Bone first because it is the common case; then io's colour walk, which keeps
    // neighbouring ids and the difference overlay's green apart.
    return colourFor(id, id == 1 ? "bone" : "");
}

// ---- LabelMap ----

LabelMap::LabelMap(const ImageGeometry& g) : geom_(g) {
    for (int a = 0; a < 3; ++a) tileGrid_[a] = (g.dim(a) + kTileSize - 1) / kTileSize;
    tiles_.resize(size_t(tileGrid_[0]) * tileGrid_[1] * tileGrid_[2]);
}

LabelMap LabelMap::clone() const {
    LabelMap c(geom_);
    tbb::parallel_for(size_t(0), tiles_.size(), [&](size_t t) {
        if (!tiles_[t]) return;
        c.tiles_[t] = std::make_unique_for_overwrite<Label[]>(kTileVoxels);
        std::memcpy(c.tiles_[t].get(), tiles_[t].get(), kTileVoxels * sizeof(Label));
    });
    c.segments_ = segments_;
    c.reserved_ = reserved_;
    c.dirty_ = dirty_;
    c.version_ = version_;
    c.changeLog_ = changeLog_;
    return c;
}

VoxelBox LabelMap::tileBox(size_t t) const {
    const int64_t ti = int64_t(t % tileGrid_[0]);
    const int64_t tj = int64_t((t / tileGrid_[0]) % tileGrid_[1]);
    const int64_t tk = int64_t(t / (size_t(tileGrid_[0]) * tileGrid_[1]));
    VoxelBox b{{ti * kTileSize, tj * kTileSize, tk * kTileSize},
               {(ti + 1) * kTileSize, (tj + 1) * kTileSize, (tk + 1) * kTileSize}};
    return b.intersect(VoxelBox::of(geom_));
}

std::vector<size_t> LabelMap::tilesIn(const VoxelBox& box) const {
    std::vector<size_t> out;
    const VoxelBox b = box.intersect(VoxelBox::of(geom_));
    if (b.empty()) return out;
    for (int64_t tk = b.lo[2] >> kTileBits; tk <= (b.hi[2] - 1) >> kTileBits; ++tk)
        for (int64_t tj = b.lo[1] >> kTileBits; tj <= (b.hi[1] - 1) >> kTileBits; ++tj)
            for (int64_t ti = b.lo[0] >> kTileBits; ti <= (b.hi[0] - 1) >> kTileBits; ++ti)
                out.push_back(size_t(ti) + size_t(tileGrid_[0]) * (size_t(tj) + size_t(tileGrid_[1]) * size_t(tk)));
    return out;
}

size_t LabelMap::allocatedTiles() const {
    return size_t(std::count_if(tiles_.begin(), tiles_.end(), [](const auto& t) { return bool(t); }));
}

size_t LabelMap::byteSize() const { return allocatedTiles() * kTileVoxels * sizeof(Label); }

Label* LabelMap::mutableTile(size_t t) {
    if (!tiles_[t]) tiles_[t] = std::make_unique<Label[]>(kTileVoxels);  // value-initialised: zeros
    return tiles_[t].get();
}

void LabelMap::markChanged(const VoxelBox& box) {
    dirty_.include(box);
    ++version_;
    if (box.empty()) return;
    if (changeLog_.size() == kChangeLogSize) {
        // The two oldest entries become one (their union, stamped with the newer version):
        // a reader older than both still gets both boxes, a newer one at worst a larger box.
        changeLog_[1].box.include(changeLog_[0].box);
        changeLog_.erase(changeLog_.begin());
    }
    changeLog_.push_back({version_, box});
}

VoxelBox LabelMap::changedSince(uint64_t since) const {
    VoxelBox out;
    for (auto c = changeLog_.rbegin(); c != changeLog_.rend() && c->version > since; ++c) out.include(c->box);
    return out;
}

VoxelBox LabelMap::takeDirtyBox() {
    VoxelBox d = dirty_;
    dirty_ = {};
    return d;
}

const Segment* LabelMap::segment(Label id) const {
    for (const Segment& s : segments_)
        if (s.id == id) return &s;
    return nullptr;
}

Label LabelMap::nextFreeId() const {
    for (size_t v = 1; v <= kMaxLabel; ++v)
        if (!segment(Label(v)) && std::find(reserved_.begin(), reserved_.end(), Label(v)) == reserved_.end())
            return Label(v);
    return 0;
}

void LabelMap::setSegmentVisible(Label id, bool visible) {
    for (Segment& s : segments_)
        if (s.id == id) s.visible = visible;
}

bool LabelMap::sameVoxels(const LabelMap& o) const {
    if (geom_.dims() != o.geom_.dims()) return false;
    std::atomic<bool> same{true};
    tbb::parallel_for(size_t(0), tiles_.size(), [&](size_t t) {
        const Label* a = tiles_[t].get();
        const Label* b = o.tiles_[t].get();
        if (a == b) return;
        for (int n = 0; n < kTileVoxels; ++n)
            if ((a ? a[n] : 0) != (b ? b[n] : 0)) { same = false; return; }
    });
    return same;
}

// ---- dense conversions ----
// Every conversion walks tiles in parallel and, inside a tile, whole rows: threads never
// share an output row and the inner loop is a contiguous copy or compare.

namespace {

// f(row, i0, j, k, n) for every tile's row piece inside box (row: n labels from voxel
// (i0, j, k); nullptr when the tile is all zero), tiles in parallel.
template <class F>
void forEachTileRowIn(const LabelMap& lm, const VoxelBox& box, F&& f) {
    const std::vector<size_t> tiles = lm.tilesIn(box);
    tbb::parallel_for(size_t(0), tiles.size(), [&](size_t n) {
        const VoxelBox b = lm.tileBox(tiles[n]).intersect(box);
        const Label* tile = lm.tile(tiles[n]);
        for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
            for (int64_t j = b.lo[1]; j < b.hi[1]; ++j) {
                const Label* row = tile ? tile + LabelMap::offsetInTile(b.lo[0], j, k) : nullptr;
                f(row, b.lo[0], j, k, b.extent(0));
            }
    });
}

template <class F>
void forEachTileRow(const LabelMap& lm, F&& f) {
    forEachTileRowIn(lm, VoxelBox::of(lm.geometry()), std::forward<F>(f));
}

}  // namespace

LabelMap LabelMap::fromVolume(const Volume& labels, const ProgressFn& progress) {
    if (labels.type() == ScalarType::Float32)
        throw Error(labels.meta.count("source") ? labels.meta.at("source") : "",
                    "a label map must hold integer voxels, not float32");
    reportProgress(progress, 0.0, "labels");
    LabelMap lm(labels.geometry());
    const ImageGeometry& g = labels.geometry();
    tbb::combinable<std::vector<char>> present([] { return std::vector<char>(size_t(kMaxLabel) + 1, 0); });
    std::atomic<bool> outOfRange{false};
    labels.visit([&](const auto* src) {
        tbb::parallel_for(size_t(0), lm.tiles_.size(), [&](size_t t) {
            const VoxelBox b = lm.tileBox(t);
            auto& seen = present.local();
            Label* tile = nullptr;
            for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
                for (int64_t j = b.lo[1]; j < b.hi[1]; ++j) {
                    const auto* row = src + g.linearIndex(b.lo[0], j, k);
                    for (int64_t i = 0; i < b.extent(0); ++i) {
                        const auto v = row[i];
                        if (v == 0) continue;
                        if (v < 0 || v > decltype(v)(kMaxLabel)) { outOfRange = true; continue; }
                        if (!tile) tile = lm.mutableTile(t);
                        tile[offsetInTile(b.lo[0] + i, j, k)] = Label(v);
                        seen[size_t(v)] = 1;
                    }
                }
        });
    });
    if (outOfRange)
        throw Error(labels.meta.count("source") ? labels.meta.at("source") : "",
                    "label values must lie in 0.." + std::to_string(int(kMaxLabel)));
    std::vector<char> all(size_t(kMaxLabel) + 1, 0);
    present.combine_each([&](const std::vector<char>& s) {
        for (size_t v = 0; v < s.size(); ++v) all[v] |= s[v];
    });
    for (size_t v = 1; v < all.size(); ++v)
        if (all[v]) lm.segments_.push_back({Label(v), "Segment " + std::to_string(v), defaultSegmentColor(Label(v))});
    reportProgress(progress, 1.0, "labels");
    return lm;
}

Volume LabelMap::toVolume(ScalarType type) const {
    if (type != ScalarType::UInt8 && type != ScalarType::UInt16)
        throw Error("", std::string("a label volume is uint8 or uint16, not ") + scalarName(type));
    if (type == ScalarType::UInt8 && sizeof(Label) > 1)
        for (const Segment& s : segments_)
            if ((size_t(s.id) >> 8) != 0) throw Error("", "labels above 255 do not fit a uint8 volume");
    Volume v(geom_, type, false);
    v.meta["modality"] = "SEG";
    v.visit([&](auto* dst) {
        using T = std::remove_pointer_t<decltype(dst)>;
        if constexpr (std::is_integral_v<T>) {
            forEachTileRow(*this, [&](const Label* row, int64_t i0, int64_t j, int64_t k, int64_t n) {
                T* out = dst + geom_.linearIndex(i0, j, k);
                if (!row) { std::memset(out, 0, size_t(n) * sizeof(T)); return; }
                if constexpr (sizeof(T) == sizeof(Label)) std::memcpy(out, row, size_t(n) * sizeof(T));
                else for (int64_t i = 0; i < n; ++i) out[i] = T(row[i]);
            });
        }
    });
    return v;
}

void copyLabelBox(const LabelMap& map, const VoxelBox& box, Label* out) {
    const VoxelBox b = box.intersect(VoxelBox::of(map.geometry()));
    if (b.empty()) return;
    const size_t ex0 = size_t(b.extent(0)), ex1 = size_t(b.extent(1));
    forEachTileRowIn(map, b, [&](const Label* row, int64_t i0, int64_t j, int64_t k, int64_t n) {
        Label* dst = out + size_t(i0 - b.lo[0]) + ex0 * (size_t(j - b.lo[1]) + ex1 * size_t(k - b.lo[2]));
        if (row) std::memcpy(dst, row, size_t(n) * sizeof(Label));
        else std::memset(dst, 0, size_t(n) * sizeof(Label));
    });
}

Mask LabelMap::segmentMask(Label id) const {
    Mask m;
    m.geometry = geom_;
    m.voxels.resize(geom_.voxelCount());
    forEachTileRow(*this, [&](const Label* row, int64_t i0, int64_t j, int64_t k, int64_t n) {
        uint8_t* out = m.voxels.data() + geom_.linearIndex(i0, j, k);
        if (!row) { std::memset(out, id == 0 ? 1 : 0, size_t(n)); return; }
        for (int64_t i = 0; i < n; ++i) out[i] = row[i] == id;
    });
    return m;
}

Mask LabelMap::labelledMask() const {
    Mask m;
    m.geometry = geom_;
    m.voxels.resize(geom_.voxelCount());
    forEachTileRow(*this, [&](const Label* row, int64_t i0, int64_t j, int64_t k, int64_t n) {
        uint8_t* out = m.voxels.data() + geom_.linearIndex(i0, j, k);
        if (!row) { std::memset(out, 0, size_t(n)); return; }
        for (int64_t i = 0; i < n; ++i) out[i] = row[i] != 0;
    });
    return m;
}

size_t LabelMap::countLabel(Label id) const {
    StageTimer timer("statistics");  // a full pass after an edit: the latency trace shows it
    std::atomic<size_t> total{0};
    tbb::parallel_for(size_t(0), tiles_.size(), [&](size_t t) {
        const Label* tile = tiles_[t].get();
        if (!tile) return;
        size_t n = 0;  // padding voxels past the grid are always 0, and id != 0
        for (int v = 0; v < kTileVoxels; ++v) n += tile[v] == id;
        total += n;
    });
    return total;
}

}  // namespace marrow
