#pragma once
// LabelMap: one label per voxel on the same ImageGeometry as its volume, plus the
// segment table (id, name, colour, visible, locked).
//
// Storage: 32^3-voxel tiles (i fastest inside a tile). A tile that was never written is
// not allocated and reads as 0, so an empty or sparse segmentation costs almost nothing,
// and an edit touches (and records for undo) only the tiles it changes. Edge tiles are
// allocated whole; voxels past the grid are kept at 0 and never read back.
//
// Writes: only LabelMapEditor (seg/editor.h) changes voxels or the segment table, so
// every change has an undo record. Readers may call any const method concurrently;
// nothing here is safe to call while the editor is writing.
//
// Dirty region: every change widens a voxel box that the renderer takes (and resets)
// with takeDirtyBox() to re-upload only that box (glTexSubImage3D). The same changes are
// also kept, stamped with version(), for readers that catch up at their own pace (the
// difference overlay): changedSince(v) needs no reset, so any number of readers can ask.
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "io/progress.h"
#include "io/rgb.h"
#include "io/volume.h"
#include "seg/mask.h"

namespace marrow {

// The voxel label type. uint8 now; widening it to uint16 only changes this line (the
// undo codec, conversions and table sizes all derive from it).
using Label = uint8_t;
constexpr Label kMaxLabel = std::numeric_limits<Label>::max();

// A half-open voxel box [lo, hi) in index space (IJK). Empty when any hi <= lo.
struct VoxelBox {
    Index3 lo{0, 0, 0};
    Index3 hi{0, 0, 0};

    static VoxelBox of(const ImageGeometry& g) { return {{0, 0, 0}, {g.dim(0), g.dim(1), g.dim(2)}}; }
    bool empty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
    int64_t extent(int a) const { return hi[a] > lo[a] ? hi[a] - lo[a] : 0; }
    int64_t count() const { return extent(0) * extent(1) * extent(2); }
    bool contains(int64_t i, int64_t j, int64_t k) const {
        return i >= lo[0] && j >= lo[1] && k >= lo[2] && i < hi[0] && j < hi[1] && k < hi[2];
    }
    VoxelBox intersect(const VoxelBox& o) const;
    void include(const VoxelBox& o);  // grow to the union's bounding box
    friend bool operator==(const VoxelBox&, const VoxelBox&) = default;
};


struct Segment {
    Label id = 0;  // the voxel value; 0 is background and never a segment
    std::string name;
    Rgb color{255, 0, 0};
    bool visible = true;
    bool locked = false;  // locked segments are never overwritten nor erased
    friend bool operator==(const Segment&, const Segment&) = default;
};

// A distinct default colour for segment id (a fixed palette, cycled).
Rgb defaultSegmentColor(Label id);

class LabelMap {
public:
    static constexpr int kTileBits = 5;
    static constexpr int kTileSize = 1 << kTileBits;  // 32
    static constexpr int kTileVoxels = kTileSize * kTileSize * kTileSize;

    LabelMap() = default;
    explicit LabelMap(const ImageGeometry& g);  // all background, no segments
    LabelMap(LabelMap&&) noexcept = default;
    LabelMap& operator=(LabelMap&&) noexcept = default;
    LabelMap(const LabelMap&) = delete;  // 100+ MB: copy on purpose with clone()
    LabelMap& operator=(const LabelMap&) = delete;
    LabelMap clone() const;

    // From a label volume (any integer type; values 0..kMaxLabel, else marrow::Error).
    // Each distinct non-zero value gets a segment "Segment <v>" with the default colour.
    // TBB-parallel over tiles.
    static LabelMap fromVolume(const Volume& labels, const ProgressFn& progress = {});
    // Dense copy as UInt8 or UInt16 (UInt8 throws if a label exceeds 255). TBB-parallel.
    Volume toVolume(ScalarType type = ScalarType::UInt8) const;
    // Dense binary mask of one label (id 0: the background). TBB-parallel.
    Mask segmentMask(Label id) const;
    // Dense binary mask of every non-zero label.
    Mask labelledMask() const;
    // Number of voxels holding label id (id != 0), without a dense copy. TBB-parallel.
    size_t countLabel(Label id) const;

    const ImageGeometry& geometry() const { return geom_; }
    Label at(int64_t i, int64_t j, int64_t k) const {
        const Label* t = tiles_[tileOf(i, j, k)].get();
        return t ? t[offsetInTile(i, j, k)] : Label(0);
    }
    Label at(Index3 v) const { return at(v[0], v[1], v[2]); }
    bool sameVoxels(const LabelMap& o) const;  // same grid dims and every voxel equal

    // ---- tiles (for the editor, the codec and GPU upload) ----
    const std::array<int, 3>& tileGrid() const { return tileGrid_; }
    size_t tileCount() const { return tiles_.size(); }
    const Label* tile(size_t t) const { return tiles_[t].get(); }  // nullptr: all zero
    VoxelBox tileBox(size_t t) const;  // clipped to the grid
    size_t tileOf(int64_t i, int64_t j, int64_t k) const {
        return size_t(i >> kTileBits) +
               size_t(tileGrid_[0]) * (size_t(j >> kTileBits) + size_t(tileGrid_[1]) * size_t(k >> kTileBits));
    }
    static size_t offsetInTile(int64_t i, int64_t j, int64_t k) {
        const int m = kTileSize - 1;
        return size_t(i & m) + kTileSize * (size_t(j & m) + kTileSize * size_t(k & m));
    }
    // Indices of the tiles that intersect box (in increasing order).
    std::vector<size_t> tilesIn(const VoxelBox& box) const;
    size_t allocatedTiles() const;
    size_t byteSize() const;  // voxel storage actually held

    // ---- segment table ----
    const std::vector<Segment>& segments() const { return segments_; }
    const Segment* segment(Label id) const;  // nullptr when absent
    // Lowest id that no segment holds and reservedIds() does not name; 0 when none is left.
    Label nextFreeId() const;
    // Ids a loaded label table names (TotalSegmentator's 1..117), whether or not a voxel
    // holds them: a new segment never takes one, so it is never read as that structure
    // (kidney_right) when the labels are saved and reopened with the same table.
    void reserveIds(std::vector<Label> ids) { reserved_ = std::move(ids); }
    const std::vector<Label>& reservedIds() const { return reserved_; }
    // Display state only (not an edit, not undoable): the renderer reads it.
    void setSegmentVisible(Label id, bool visible);

    // ---- change tracking ----
    // Union of the voxel boxes changed since the last call; resets it.
    VoxelBox takeDirtyBox();
    const VoxelBox& dirtyBox() const { return dirty_; }
    uint64_t version() const { return version_; }  // bumps on every change
    // Bounding box of the voxels changed after version `since` (a value version() gave
    // earlier for this map): empty when only the segment table changed. Exact for the last
    // kChangeLogSize voxel changes; older ones are merged, so the box may be larger than
    // needed but never misses a change. O(kChangeLogSize).
    static constexpr size_t kChangeLogSize = 64;
    VoxelBox changedSince(uint64_t since) const;

private:
    friend class LabelMapEditor;
    Label* mutableTile(size_t t);  // allocates a zeroed tile on first use
    void markChanged(const VoxelBox& box);

    ImageGeometry geom_;
    std::array<int, 3> tileGrid_{0, 0, 0};
    std::vector<std::unique_ptr<Label[]>> tiles_;
    std::vector<Segment> segments_;
    std::vector<Label> reserved_;
    VoxelBox dirty_;
    uint64_t version_ = 0;
    struct Change {
        uint64_t version;  // the version this change produced (covers back to the previous entry)
        VoxelBox box;
    };
    std::vector<Change> changeLog_;  // oldest first, at most kChangeLogSize
};

}  // namespace marrow
