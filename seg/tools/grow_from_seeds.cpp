#include "seg/tools/grow_from_seeds.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace marrow::tools {

namespace {

constexpr uint16_t kWall = 0xFFFF;       // not editable: never reached, never crossed
constexpr uint16_t kUnreached = 0xFFFE;  // editable, no seed has reached it yet
constexpr uint16_t kCap = 0xFFFD;        // distances saturate here (ties then go to the lower label)
constexpr size_t kBuckets = size_t(SeedGrower::kMaxStepCost) + 1;  // Dial: d..d+maxStep live at once

// (d, o) beats (curD, curO): shorter, or as short and a lower label. The order every seed
// agrees on, so the result does not depend on which voxel the queue pops first.
inline bool better(uint16_t d, Label o, uint16_t curD, Label curO) { return d < curD || (d == curD && o < curO); }

}  // namespace

// Circular bucket queue of ROI indices keyed by distance (Dial's algorithm): every push lies
// within kMaxStepCost of the bucket being drained.
struct SeedGrower::Queue {
    std::array<std::vector<uint32_t>, kBuckets> buckets;
    size_t pending = 0;
    void push(uint16_t d, uint32_t idx) {
        buckets[d % kBuckets].push_back(idx);
        ++pending;
    }
    size_t capacityBytes() const {
        size_t n = 0;
        for (const auto& b : buckets) n += b.capacity() * sizeof(uint32_t);
        return n;
    }
};

std::vector<SeedStroke> seedsFromMap(const LabelMap& map, std::span<const Label> segments, const VoxelBox& box) {
    std::array<int, kMaxLabel + 1> strokeOf;
    strokeOf.fill(-1);
    std::vector<SeedStroke> out;
    for (Label s : segments)
        if (s != 0 && strokeOf[s] < 0) {
            strokeOf[s] = int(out.size());
            out.push_back({s, {}});
        }
    const VoxelBox b = box.intersect(VoxelBox::of(map.geometry()));
    for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
        for (int64_t j = b.lo[1]; j < b.hi[1]; ++j)
            for (int64_t i = b.lo[0]; i < b.hi[0]; ++i) {
                const Label l = map.at(i, j, k);
                if (l != 0 && strokeOf[l] >= 0) out[size_t(strokeOf[l])].voxels.push_back({i, j, k});
            }
    std::erase_if(out, [](const SeedStroke& s) { return s.voxels.empty(); });
    return out;
}

SeedGrower::SeedGrower(const Volume& volume, const LabelMap& map, const std::vector<SeedStroke>& strokes,
                       const GrowFromSeedsParams& params)
    : volume_(volume), params_(params) {
    if (!(params.marginMm >= 0) || !std::isfinite(params.marginMm))
        throw Error("", "grow from seeds: the margin must be a non-negative number of mm");
    if (!(params.huPerCostUnit > 0) || !std::isfinite(params.huPerCostUnit))
        throw Error("", "grow from seeds: the HU per cost unit must be a positive number");
    if (volume.empty() || volume.geometry().dims() != map.geometry().dims())
        throw Error("", "grow from seeds: the volume is not on the label map's grid");
    for (const SeedStroke& s : strokes) checkStroke(map, s);
    strokes_ = strokes;
    for (const SeedStroke& s : strokes_)
        if (!s.voxels.empty()) segments_.push_back(s.segment);
    std::sort(segments_.begin(), segments_.end());
    segments_.erase(std::unique(segments_.begin(), segments_.end()), segments_.end());
    if (segments_.size() < 2) throw Error("", "grow from seeds: needs seeds in at least two segments");
    roi_ = params.roi.empty() ? roiFor(strokes_) : params.roi.intersect(VoxelBox::of(map.geometry()));
    for (const SeedStroke& s : strokes_)
        for (const Index3& v : s.voxels)
            if (!roi_.contains(v[0], v[1], v[2])) throw Error("", "grow from seeds: a seed lies outside the given ROI");
    recompute(map);
}

void SeedGrower::checkStroke(const LabelMap& map, const SeedStroke& s) const {
    if (s.segment == 0) throw Error("", "grow from seeds: seeds must belong to a segment (label 0 given)");
    const Segment* seg = map.segment(s.segment);
    if (!seg) throw Error("", "grow from seeds: segment " + std::to_string(s.segment) + " is not in the table");
    if (seg->locked) throw Error("", "grow from seeds: segment '" + seg->name + "' is locked");
    const VoxelBox grid = VoxelBox::of(map.geometry());
    for (const Index3& v : s.voxels)
        if (!grid.contains(v[0], v[1], v[2])) throw Error("", "grow from seeds: a seed voxel lies outside the image");
}

VoxelBox SeedGrower::roiFor(const std::vector<SeedStroke>& strokes) const {
    VoxelBox seeds;
    bool any = false;
    for (const SeedStroke& s : strokes)
        for (const Index3& v : s.voxels) {
            const VoxelBox one{v, {v[0] + 1, v[1] + 1, v[2] + 1}};
            if (any) seeds.include(one);
            else seeds = one;
            any = true;
        }
    const ImageGeometry& g = volume_.geometry();
    const Vec3& sp = g.spacing();
    const std::array<double, 3> spacing{sp.x, sp.y, sp.z};
    for (int a = 0; a < 3; ++a) {
        const auto m = int64_t(std::ceil(params_.marginMm / spacing[size_t(a)] - 1e-9));
        seeds.lo[a] -= m;
        seeds.hi[a] += m;
    }
    return seeds.intersect(VoxelBox::of(g));
}

size_t SeedGrower::roiIndex(const Index3& v) const {
    return size_t(v[0] - roi_.lo[0]) +
           size_t(roi_.extent(0)) * (size_t(v[1] - roi_.lo[1]) + size_t(roi_.extent(1)) * size_t(v[2] - roi_.lo[2]));
}

// The editable area, evaluated once per recompute (slices in parallel): walls are voxels the
// editor would refuse to change, so the preview never promises what apply() cannot write.
void SeedGrower::recompute(const LabelMap& map) {
    const size_t n = size_t(roi_.count());
    dist_.assign(n, kUnreached);
    owner_.assign(n, 0);
    std::array<bool, kMaxLabel + 1> locked{};
    for (const Segment& s : map.segments()) locked[s.id] = s.locked;
    const EditOptions& o = params_.options;
    if (o.intensity && o.intensity->geometry().dims() != map.geometry().dims())
        throw Error("", "grow from seeds: the intensity volume is not on the label map's grid");
    if (o.editableArea && o.editableArea->geometry.dims() != map.geometry().dims())
        throw Error("", "grow from seeds: the editable area is not on the label map's grid");
    const int64_t nx = roi_.extent(0), ny = roi_.extent(1);
    tbb::parallel_for(roi_.lo[2], roi_.hi[2], [&](int64_t k) {
        for (int64_t j = roi_.lo[1]; j < roi_.hi[1]; ++j)
            for (int64_t i = roi_.lo[0]; i < roi_.hi[0]; ++i) {
                const Label l = map.at(i, j, k);
                bool editable = !locked[l];
                if (o.region == EditRegion::InsideSegment) editable = editable && l == o.regionSegment;
                if (o.region == EditRegion::OutsideAllSegments) editable = editable && l == 0;
                if (editable && o.intensity) {
                    const double v = o.intensity->valueAt(i, j, k);
                    editable = v >= o.intensityLo && v <= o.intensityHi;
                }
                if (editable && o.editableArea) editable = o.editableArea->at(i, j, k) != 0;
                if (!editable)
                    dist_[size_t(i - roi_.lo[0]) + size_t(nx) * (size_t(j - roi_.lo[1]) + size_t(ny) * size_t(k - roi_.lo[2]))] = kWall;
            }
    });
    Queue q;
    pushSeeds(strokes_, q);  // later strokes win where strokes overlap
    last_.processedVoxels = grow(q);
    last_.fullRecompute = true;
}

bool SeedGrower::pushSeeds(const std::vector<SeedStroke>& strokes, Queue& q) {
    bool unchanged = true;
    for (const SeedStroke& s : strokes)
        for (const Index3& v : s.voxels) {
            const size_t idx = roiIndex(v);
            if (dist_[idx] == 0 && owner_[idx] != s.segment) unchanged = false;
            if (dist_[idx] != 0 || owner_[idx] != s.segment) {
                dist_[idx] = 0;
                owner_[idx] = s.segment;
                q.push(0, uint32_t(idx));
            }
        }
    return unchanged;
}

size_t SeedGrower::grow(Queue& q) {
    const int64_t nx = roi_.extent(0), ny = roi_.extent(1), nz = roi_.extent(2);
    const size_t sx = 1, sy = size_t(nx), sz = size_t(nx) * size_t(ny);
    const ImageGeometry& g = volume_.geometry();
    const float perUnit = float(1.0 / params_.huPerCostUnit);
    size_t processed = 0;
    // Neighbours sit at fixed offsets in both the ROI arrays and the volume.
    const size_t vx = 1, vy = size_t(g.dim(0)), vz = size_t(g.dim(0)) * size_t(g.dim(1));
    const size_t roiBase = g.linearIndex(roi_.lo[0], roi_.lo[1], roi_.lo[2]);
    volume_.visit([&](const auto* hu) {
        for (size_t cur = 0; q.pending > 0; ++cur) {
            std::vector<uint32_t>& bucket = q.buckets[cur % kBuckets];
            // Indexed loop: a saturated distance pushes into the bucket being drained.
            for (size_t b = 0; b < bucket.size(); ++b) {
                const uint32_t idx = bucket[b];
                --q.pending;
                const uint16_t d = dist_[idx];
                if (d != cur) continue;  // stale: improved since it was pushed
                ++processed;
                const Label o = owner_[idx];
                const size_t yz = idx / sy;
                const int64_t x = int64_t(idx - yz * sy), y = int64_t(yz % size_t(ny)), z = int64_t(yz / size_t(ny));
                const size_t vi = roiBase + size_t(x) + vy * size_t(y) + vz * size_t(z);
                const float here = float(hu[vi]);
                auto relax = [&](bool inside, size_t nIdx, size_t nVi) {
                    if (!inside) return;
                    const uint16_t cd = dist_[nIdx];
                    if (cd == kWall || cd < d) return;  // nd > d except when saturated: only a tie at d can lose
                    const float ratio = (float(hu[nVi]) - here) * perUnit;
                    const float scaled = ratio * ratio;
                    const uint32_t step = 1 + (scaled < float(kMaxStepCost - 1) ? uint32_t(scaled) : kMaxStepCost - 1u);
                    const uint16_t nd = uint16_t(std::min<uint32_t>(uint32_t(d) + step, kCap));
                    if (!better(nd, o, cd, owner_[nIdx])) return;
                    dist_[nIdx] = nd;
                    owner_[nIdx] = o;
                    q.push(nd, uint32_t(nIdx));
                };
                relax(x > 0, idx - sx, vi - vx);
                relax(x + 1 < nx, idx + sx, vi + vx);
                relax(y > 0, idx - sy, vi - vy);
                relax(y + 1 < ny, idx + sy, vi + vy);
                relax(z > 0, idx - sz, vi - vz);
                relax(z + 1 < nz, idx + sz, vi + vz);
            }
            // A drained bucket gives its memory back when large: the 256 buckets would
            // otherwise each keep their largest size, several times the live frontier.
            queueBytes_ = std::max(queueBytes_, q.capacityBytes());
            if (bucket.capacity() > 65536) std::vector<uint32_t>().swap(bucket);
            else bucket.clear();
        }
    });
    return processed;
}

SeedGrower::UpdateStats SeedGrower::addSeeds(const LabelMap& map, const std::vector<SeedStroke>& strokes) {
    for (const SeedStroke& s : strokes) checkStroke(map, s);
    strokes_.insert(strokes_.end(), strokes.begin(), strokes.end());
    for (const SeedStroke& s : strokes)
        if (!s.voxels.empty() && !std::binary_search(segments_.begin(), segments_.end(), s.segment))
            segments_.insert(std::upper_bound(segments_.begin(), segments_.end(), s.segment), s.segment);
    bool inside = true;
    for (const SeedStroke& s : strokes)
        for (const Index3& v : s.voxels) inside = inside && roi_.contains(v[0], v[1], v[2]);
    if (inside) {
        Queue q;
        if (pushSeeds(strokes, q)) {
            last_.processedVoxels = grow(q);
            last_.fullRecompute = false;
            return last_;
        }
    }
    // A new seed outside the ROI, or a seed that changed segment (a voxel that was another
    // segment's seed can lose voxels, which a decrease-only update cannot express).
    if (!inside) roi_.include(roiFor(strokes));
    recompute(map);
    return last_;
}

Label SeedGrower::ownerAt(int64_t i, int64_t j, int64_t k) const {
    if (!roi_.contains(i, j, k)) return 0;
    const size_t idx = roiIndex({i, j, k});
    return dist_[idx] < kUnreached ? owner_[idx] : Label(0);
}

size_t SeedGrower::memoryBytes() const {
    return dist_.capacity() * sizeof(uint16_t) + owner_.capacity() * sizeof(Label) + queueBytes_;
}

EditResult SeedGrower::apply(LabelMapEditor& editor) const {
    ScopedStep step(editor, "Grow from seeds");
    for (Label seg : segments_) {
        Modifier m;
        m.box = roi_;
        m.fill = [this, seg](const VoxelBox& sub, uint8_t* out) {
            for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j) {
                    const size_t row = roiIndex({sub.lo[0], j, k});
                    for (int64_t i = 0; i < sub.extent(0); ++i, ++out)
                        *out = dist_[row + size_t(i)] < kUnreached && owner_[row + size_t(i)] == seg;
                }
        };
        editor.apply(m, EditMode::Set, seg, params_.options, "Grow from seeds");
    }
    return step.commit();
}

}  // namespace marrow::tools
