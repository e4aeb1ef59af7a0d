#include "seg/editor.h"
#include "seg/stage_timer.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace marrow {

// [SECTION] BoxMask and Modifier

size_t BoxMask::count() const {
    size_t n = 0;
    for (uint8_t b : bits) n += b;
    return n;
}

namespace {

// Copies the sub-box rows of a box-local byte grid (i fastest) into out.
void copyRows(const uint8_t* src, const VoxelBox& srcBox, const VoxelBox& sub, uint8_t* out, bool invert) {
    const int64_t nx = sub.extent(0);
    for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
        for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j) {
            const uint8_t* row = src + size_t(sub.lo[0] - srcBox.lo[0]) +
                                 size_t(srcBox.extent(0)) *
                                     (size_t(j - srcBox.lo[1]) + size_t(srcBox.extent(1)) * size_t(k - srcBox.lo[2]));
            if (invert)
                for (int64_t i = 0; i < nx; ++i) out[i] = uint8_t(1 - row[i]);
            else
                std::memcpy(out, row, size_t(nx));
            out += nx;
        }
}

}  // namespace

Modifier Modifier::of(const Mask& mask, bool invert) {
    const VoxelBox all = VoxelBox::of(mask.geometry);
    return {all, [&mask, all, invert](const VoxelBox& sub, uint8_t* out) {
                copyRows(mask.voxels.data(), all, sub, out, invert);
            }};
}

Modifier Modifier::of(BoxMask mask) {
    auto owned = std::make_shared<const BoxMask>(std::move(mask));
    return {owned->box, [owned](const VoxelBox& sub, uint8_t* out) {
                copyRows(owned->bits.data(), owned->box, sub, out, false);
            }};
}

Modifier Modifier::everywhere(const ImageGeometry& g) {
    return {VoxelBox::of(g), [](const VoxelBox& sub, uint8_t* out) { std::memset(out, 1, size_t(sub.count())); }};
}

// [SECTION] Steps
// A step keeps, for every tile it changed, a copy of the tile as it was before the step's
// first change to it (nullptr when the tile was unallocated, i.e. all zero). endStep()
// encodes each such tile against its current content; that handles a brush stroke whose
// dabs overlap, and set-then-erase sequences, with one code path.

struct LabelMapEditor::Step {
    std::string name;
    std::vector<Segment> tableBefore;
    std::vector<uint8_t> touched;                        // per tile
    std::vector<std::unique_ptr<Label[]>> snapshot;      // per tile; null = was all zero
};

LabelMapEditor::LabelMapEditor(LabelMap& map, History& history) : map_(map), history_(history) {}
LabelMapEditor::~LabelMapEditor() = default;

void LabelMapEditor::beginStep(const std::string& name) {
    if (depth_++ > 0) return;
    step_ = std::make_unique<Step>();
    step_->name = name;
    step_->tableBefore = map_.segments_;
    step_->touched.assign(map_.tileCount(), 0);
    step_->snapshot.resize(map_.tileCount());
}

EditResult LabelMapEditor::endStep() {
    if (depth_ == 0) return {};
    if (--depth_ > 0) return {};
    StageTimer timer("undo");  // encoding the step's record (the latency trace's "undo")
    std::unique_ptr<Step> step = std::move(step_);
    std::vector<uint32_t> tiles;
    for (size_t t = 0; t < step->touched.size(); ++t)
        if (step->touched[t]) tiles.push_back(uint32_t(t));
    std::vector<TileDiff> diffs(tiles.size());
    std::vector<TileDiffStats> stats(tiles.size());
    tbb::parallel_for(size_t(0), tiles.size(), [&](size_t n) {
        diffs[n].tile = tiles[n];
        diffs[n].runs = encodeTileDiff(step->snapshot[tiles[n]].get(), map_.tile(tiles[n]), &stats[n]);
        step->snapshot[tiles[n]].reset();
    });
    EditRecord record;
    record.name = step->name;
    for (size_t n = 0; n < diffs.size(); ++n) {
        if (diffs[n].runs.empty()) continue;  // changed and changed back within the step
        const VoxelBox tb = map_.tileBox(diffs[n].tile);
        VoxelBox b = stats[n].changedLocal;
        for (int a = 0; a < 3; ++a) {
            b.lo[a] += tb.lo[a];
            b.hi[a] += tb.lo[a];
        }
        record.changed.include(b);
        record.changedVoxels += stats[n].changedVoxels;
        record.tiles.push_back(std::move(diffs[n]));
    }
    if (step->tableBefore != map_.segments_) {
        record.segmentsBefore = std::move(step->tableBefore);
        record.segmentsAfter = map_.segments_;
    }
    EditResult result{record.changed, record.changedVoxels};
    history_.push(std::move(record));
    return result;
}

// [SECTION] apply

const Segment& LabelMapEditor::requireSegment(Label id, const char* what) const {
    const Segment* s = map_.segment(id);
    if (!s) throw Error("", std::string(what) + ": no segment with id " + std::to_string(int(id)));
    if (s->locked) throw Error("", std::string(what) + ": segment '" + s->name + "' is locked");
    return *s;
}

Segment& LabelMapEditor::segmentRef(Label id) {
    for (Segment& s : map_.segments_)
        if (s.id == id) return s;
    throw Error("", "no segment with id " + std::to_string(int(id)));
}

namespace {

// Whether any of the n bytes at p is non-zero (8 bytes at a time).
inline bool anyByte(const uint8_t* p, int64_t n) {
    uint64_t acc = 0;
    int64_t x = 0;
    for (; x + 8 <= n; x += 8) {
        uint64_t w;
        std::memcpy(&w, p + x, 8);
        acc |= w;
    }
    for (; x < n; ++x) acc |= p[x];
    return acc != 0;
}

struct TileOutcome {
    VoxelBox changed;
    size_t voxels = 0;
};

// Applies the rules to one tile's part `sub` of the modifier. mod points at sub's first
// voxel inside a band buffer whose rows are modRow bytes apart and slices modSlice bytes
// apart. V is the intensity voxel type (the pointer is null when there is no HU rule).
template <class V>
TileOutcome editTile(LabelMap& lm, size_t t, const VoxelBox& sub, const uint8_t* mod, size_t modRow, size_t modSlice,
                     EditMode mode, Label segment, const EditOptions& opt, const V* intensity,
                     const std::vector<uint8_t>& locked, bool anyLocked,
                     const std::function<Label*(size_t)>& prepare) {
    const ImageGeometry& g = lm.geometry();
    const Label* tile = lm.tile(t);
    Label* dst = nullptr;
    TileOutcome out;
    // Everything the inner loop reads goes into locals first: Label is a byte type, so each
    // store through dst may alias any object, and the compiler would otherwise reload every
    // option (and the lock table's pointer) after every voxel written.
    const uint8_t* const area = opt.editableArea ? opt.editableArea->voxels.data() : nullptr;
    const uint8_t* const lockedOf = locked.data();
    const EditRegion region = opt.region;
    const Label regionSegment = opt.regionSegment;
    const bool set = mode == EditMode::Set;
    const double lo = opt.intensityLo, hi = opt.intensityHi;
    const int64_t nx = sub.extent(0);
    const bool plainSet = set && region == EditRegion::Everywhere && !area && !intensity && !anyLocked;
    static const Label kZeroRow[LabelMap::kTileSize] = {};
    for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
        for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j) {
            const uint8_t* m = mod + size_t(j - sub.lo[1]) * modRow + size_t(k - sub.lo[2]) * modSlice;
            const size_t base = g.linearIndex(sub.lo[0], j, k);
            const size_t off0 = LabelMap::offsetInTile(sub.lo[0], j, k);
            int64_t first = -1, last = -1;
            size_t changed = 0;
            if (plainSet) {
                // The common case (paint/threshold, no rule but locks, none locked): a blend
                // the compiler vectorises; count first so unchanged rows write nothing.
                // Most rows of a threshold modifier are empty (bone: 98% of voxels are
                // not): one OR over 8-byte words rejects them before the count.
                if (!anyByte(m, nx)) continue;
                const Label* o = tile ? tile + off0 : kZeroRow;
                for (int64_t x = 0; x < nx; ++x) changed += size_t(m[x] & uint8_t(o[x] != segment));
                if (!changed) continue;
                if (!dst) {
                    dst = prepare(t);
                    tile = dst;
                }
                Label* d = dst + off0;
                first = 0;
                while (!(m[first] && d[first] != segment)) ++first;
                last = nx - 1;
                while (!(m[last] && d[last] != segment)) --last;
                for (int64_t x = first; x <= last; ++x) d[x] = m[x] ? segment : d[x];
                out.voxels += changed;
                out.changed.include({{sub.lo[0] + first, j, k}, {sub.lo[0] + last + 1, j + 1, k + 1}});
                continue;
            }
            for (int64_t x = 0; x < nx; ++x) {
                // Sparse modifiers (a threshold hits a few % of voxels): skip 8 zeros at once.
                while (x + 8 <= nx) {
                    uint64_t word;
                    std::memcpy(&word, m + x, 8);
                    if (word) break;
                    x += 8;
                }
                if (x >= nx) break;
                if (!m[x]) continue;
                const Label o = tile ? tile[off0 + x] : Label(0);
                if (lockedOf[o]) continue;
                if (region == EditRegion::InsideSegment && o != regionSegment) continue;
                if (region == EditRegion::OutsideAllSegments && o != 0) continue;
                if (area && !area[base + x]) continue;
                if (intensity) {
                    const double v = double(intensity[base + x]);
                    if (!(v >= lo && v <= hi)) continue;
                }
                Label n;
                if (set) n = segment;
                else if (segment == 0 ? o != 0 : o == segment) n = 0;
                else continue;
                if (n == o) continue;
                if (!dst) {
                    dst = prepare(t);
                    tile = dst;  // same memory once allocated (it was all zero before)
                }
                dst[off0 + x] = n;
                if (first < 0) first = x;
                last = x;
                ++changed;
            }
            out.voxels += changed;
            if (first >= 0)
                out.changed.include({{sub.lo[0] + first, j, k}, {sub.lo[0] + last + 1, j + 1, k + 1}});
        }
    return out;
}

}  // namespace

EditResult LabelMapEditor::apply(const Modifier& modifier, EditMode mode, Label segment, const EditOptions& opt,
                                 const std::string& stepName) {
    const ImageGeometry& g = map_.geometry();
    if (mode == EditMode::Set || segment != 0) requireSegment(segment, mode == EditMode::Set ? "paint" : "erase");
    if (mode == EditMode::Set && segment == 0) throw Error("", "paint: segment 0 is the background");
    if (opt.intensity && opt.intensity->geometry().dims() != g.dims())
        throw Error("", "edit: the intensity volume is not on the label map's grid");
    if (opt.editableArea && opt.editableArea->geometry.dims() != g.dims())
        throw Error("", "edit: the editable-area mask is not on the label map's grid");
    if (opt.region == EditRegion::InsideSegment && opt.regionSegment == 0 && mode == EditMode::Erase)
        return {};  // erasing inside the background changes nothing

    std::vector<uint8_t> locked(size_t(kMaxLabel) + 1, 0);
    bool anyLocked = false;
    for (const Segment& s : map_.segments_) {
        locked[s.id] = s.locked;
        anyLocked |= s.locked;
    }

    beginStep(stepName);
    Step& step = *step_;
    const std::function<Label*(size_t)> prepare = [&](size_t t) {
        if (!step.touched[t]) {
            step.touched[t] = 1;
            if (const Label* old = map_.tile(t)) {
                step.snapshot[t] = std::make_unique_for_overwrite<Label[]>(LabelMap::kTileVoxels);
                std::memcpy(step.snapshot[t].get(), old, LabelMap::kTileVoxels * sizeof(Label));
            }
        }
        return map_.mutableTile(t);
    };
    // A null tile is all background: only Set into background-allowed regions can change it.
    const bool nullTilesInert =
        mode == EditMode::Erase || (opt.region == EditRegion::InsideSegment && opt.regionSegment != 0);

    // Work in bands: one row of tiles along i (same tile j and k). The modifier is filled
    // for the whole band at once, so it reads the volume in whole rows (memory order,
    // prefetch friendly) rather than 32-voxel pieces spread over 32 slices; each band then
    // edits its tiles. Bands own disjoint tiles, so threads never share output.
    const VoxelBox box = modifier.box.intersect(VoxelBox::of(g));
    if (box.empty()) return endStep(), EditResult{};
    constexpr int B = LabelMap::kTileBits;
    const int64_t tj0 = box.lo[1] >> B, tj1 = ((box.hi[1] - 1) >> B) + 1;
    const int64_t tk0 = box.lo[2] >> B, tk1 = ((box.hi[2] - 1) >> B) + 1;
    const int64_t ti0 = box.lo[0] >> B, ti1 = ((box.hi[0] - 1) >> B) + 1;
    const size_t nBands = size_t((tj1 - tj0) * (tk1 - tk0));
    std::vector<TileOutcome> outcomes(nBands);
    auto run = [&](const auto* intensity) {
        tbb::parallel_for(size_t(0), nBands, [&](size_t n) {
            const int64_t tj = tj0 + int64_t(n) % (tj1 - tj0), tk = tk0 + int64_t(n) / (tj1 - tj0);
            const size_t firstTile = map_.tileOf(ti0 << B, tj << B, tk << B);
            if (nullTilesInert) {
                bool any = false;
                for (int64_t ti = ti0; ti < ti1 && !any; ++ti) any = map_.tile(firstTile + size_t(ti - ti0)) != nullptr;
                if (!any) return;
            }
            VoxelBox band = box;
            band.lo[1] = std::max(box.lo[1], tj << B);
            band.hi[1] = std::min(box.hi[1], (tj + 1) << B);
            band.lo[2] = std::max(box.lo[2], tk << B);
            band.hi[2] = std::min(box.hi[2], (tk + 1) << B);
            thread_local std::vector<uint8_t> buf;
            buf.resize(size_t(band.count()));
            modifier.fill(band, buf.data());
            const size_t row = size_t(band.extent(0)), slice = row * size_t(band.extent(1));
            TileOutcome& acc = outcomes[n];
            for (int64_t ti = ti0; ti < ti1; ++ti) {
                const size_t t = firstTile + size_t(ti - ti0);
                if (nullTilesInert && !map_.tile(t)) continue;
                const VoxelBox sub = map_.tileBox(t).intersect(band);
                const uint8_t* mod = buf.data() + size_t(sub.lo[0] - band.lo[0]);
                const TileOutcome o =
                    editTile(map_, t, sub, mod, row, slice, mode, segment, opt, intensity, locked, anyLocked, prepare);
                acc.changed.include(o.changed);
                acc.voxels += o.voxels;
            }
        });
    };
    if (opt.intensity) opt.intensity->visit([&](const auto* p) { run(p); });
    else run(static_cast<const int16_t*>(nullptr));

    EditResult result;
    for (const TileOutcome& o : outcomes) {
        result.changed.include(o.changed);
        result.changedVoxels += o.voxels;
    }
    if (result.changedVoxels) map_.markChanged(result.changed);
    const EditResult committed = endStep();
    return depth_ == 0 ? committed : result;
}

// [SECTION] Segment table operations

Label LabelMapEditor::addSegment(const std::string& name, const Rgb* color) {
    const Label id = map_.nextFreeId();
    if (id == 0)
        throw Error("", "add segment: no label id is free: " + std::to_string(map_.segments().size()) +
                            " segments and " + std::to_string(map_.reservedIds().size()) +
                            " ids named by the loaded label table use 1.." + std::to_string(int(kMaxLabel)));
    beginStep("Add segment '" + name + "'");
    map_.segments_.push_back({id, name, color ? *color : defaultSegmentColor(id)});
    ++map_.version_;
    endStep();
    return id;
}

void LabelMapEditor::removeSegment(Label id) {
    const Segment& s = requireSegment(id, "delete segment");
    beginStep("Delete segment '" + s.name + "'");
    apply(Modifier::everywhere(map_.geometry()), EditMode::Erase, id);
    std::erase_if(map_.segments_, [id](const Segment& x) { return x.id == id; });
    ++map_.version_;
    endStep();
}

void LabelMapEditor::renameSegment(Label id, const std::string& name) {
    Segment& s = segmentRef(id);
    beginStep("Rename segment '" + s.name + "' to '" + name + "'");
    s.name = name;
    ++map_.version_;
    endStep();
}

void LabelMapEditor::recolorSegment(Label id, Rgb color) {
    Segment& s = segmentRef(id);
    beginStep("Recolour segment '" + s.name + "'");
    s.color = color;
    ++map_.version_;
    endStep();
}

void LabelMapEditor::setSegmentLocked(Label id, bool locked) {
    Segment& s = segmentRef(id);
    beginStep(std::string(locked ? "Lock" : "Unlock") + " segment '" + s.name + "'");
    s.locked = locked;
    ++map_.version_;
    endStep();
}

void LabelMapEditor::mergeSegments(Label into, Label from) {
    if (into == from) return;
    const Segment& a = requireSegment(into, "merge segments");
    const Segment& b = requireSegment(from, "merge segments");
    beginStep("Merge segment '" + b.name + "' into '" + a.name + "'");
    EditOptions opt;
    opt.region = EditRegion::InsideSegment;
    opt.regionSegment = from;
    apply(Modifier::everywhere(map_.geometry()), EditMode::Set, into, opt);
    std::erase_if(map_.segments_, [from](const Segment& x) { return x.id == from; });
    ++map_.version_;
    endStep();
}

void LabelMapEditor::relabelSegment(Label from, Label to) {
    if (from == to) return;
    const Segment& s = requireSegment(from, "relabel segment");
    if (to == 0) throw Error("", "relabel segment: 0 is the background, not a segment value");
    if (const Segment* taken = map_.segment(to))
        throw Error("", "relabel segment: value " + std::to_string(int(to)) + " is taken by '" + taken->name + "'");
    Segment moved = s;
    moved.id = to;
    beginStep("Relabel segment '" + s.name + "' from " + std::to_string(int(from)) + " to " + std::to_string(int(to)));
    map_.segments_.push_back(moved);  // must exist before apply() may write it
    EditOptions opt;
    opt.region = EditRegion::InsideSegment;
    opt.regionSegment = from;
    apply(Modifier::everywhere(map_.geometry()), EditMode::Set, to, opt);
    map_.segments_.pop_back();
    for (Segment& x : map_.segments_)
        if (x.id == from) x = moved;  // same place in the table
    ++map_.version_;
    endStep();
}

// [SECTION] Whole-map changes

EditResult LabelMapEditor::replaceAll(const LabelMap& source, const std::string& stepName) {
    if (source.geometry().dims() != map_.geometry().dims())
        throw Error("", "replace labels: the new label map is on another grid");
    ScopedStep scope(*this, stepName);
    Step& step = *step_;
    tbb::parallel_for(size_t(0), map_.tileCount(), [&](size_t t) {
        const Label* from = source.tile(t);
        const Label* now = map_.tile(t);
        if (!from && !now) return;
        if (from && now && std::memcmp(from, now, LabelMap::kTileVoxels * sizeof(Label)) == 0) return;
        if (!step.touched[t]) {  // tiles are disjoint: no other thread writes this slot
            step.touched[t] = 1;
            if (now) {
                step.snapshot[t] = std::make_unique_for_overwrite<Label[]>(LabelMap::kTileVoxels);
                std::memcpy(step.snapshot[t].get(), now, LabelMap::kTileVoxels * sizeof(Label));
            }
        }
        Label* out = map_.mutableTile(t);
        if (from) std::memcpy(out, from, LabelMap::kTileVoxels * sizeof(Label));
        else std::memset(out, 0, LabelMap::kTileVoxels * sizeof(Label));
    });
    map_.segments_ = source.segments();
    map_.markChanged(VoxelBox::of(map_.geometry()));
    return scope.commit();
}

// [SECTION] Undo / redo

EditResult LabelMapEditor::restore(const EditRecord& record, bool useAfter) {
    tbb::parallel_for(size_t(0), record.tiles.size(), [&](size_t n) {
        const TileDiff& d = record.tiles[n];
        applyTileDiff(d.runs, map_.mutableTile(d.tile), useAfter);
    });
    if (record.segmentsBefore) map_.segments_ = useAfter ? *record.segmentsAfter : *record.segmentsBefore;
    map_.markChanged(record.changed);
    return {record.changed, record.changedVoxels};
}

EditResult LabelMapEditor::undo() {
    while (depth_ > 0) endStep();
    const EditRecord* r = history_.nextUndo();
    if (!r) return {};
    EditResult res = restore(*r, false);
    history_.movedToRedo();
    return res;
}

EditResult LabelMapEditor::redo() {
    while (depth_ > 0) endStep();
    const EditRecord* r = history_.nextRedo();
    if (!r) return {};
    EditResult res = restore(*r, true);
    history_.movedToUndo();
    return res;
}

}  // namespace marrow
