#include "seg/tools/split_watershed.h"

#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "seg/algo/watershed.h"
#include "seg/tools/tool_common.h"

namespace marrow::tools {

namespace {

// Bounding box of the set voxels of a mask, in parallel over slices.
VoxelBox boundingBox(const Mask& m) {
    const ImageGeometry& g = m.geometry;
    tbb::combinable<VoxelBox> boxes;
    tbb::parallel_for(int64_t(0), int64_t(g.dim(2)), [&](int64_t k) {
        VoxelBox& b = boxes.local();
        for (int64_t j = 0; j < g.dim(1); ++j) {
            const uint8_t* row = m.voxels.data() + g.linearIndex(0, j, k);
            for (int64_t i = 0; i < g.dim(0); ++i)
                if (row[i]) b.include({{i, j, k}, {i + 1, j + 1, k + 1}});
        }
    });
    VoxelBox out;
    boxes.combine_each([&](const VoxelBox& b) { out.include(b); });
    return out;
}

// The working grid: the box padded by one outside voxel per side (see seg/algo/watershed.h).
struct PaddedBox {
    VoxelBox box;
    std::array<int, 3> dims{};
    size_t index(int64_t i, int64_t j, int64_t k) const {  // grid voxel -> padded linear index
        return size_t(i - box.lo[0] + 1) +
               size_t(dims[0]) * (size_t(j - box.lo[1] + 1) + size_t(dims[1]) * size_t(k - box.lo[2] + 1));
    }
};

std::string describe(Vec3 p) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.1f, %.1f, %.1f) mm", p.x, p.y, p.z);
    return buf;
}

}  // namespace

SplitPlan planSplit(const LabelMap& map, const SplitWatershedParams& p, const ProgressFn& progress) {
    const Segment* seg = map.segment(p.segment);
    if (!seg) throw Error("", "split: no segment with id " + std::to_string(int(p.segment)));
    if (seg->locked) throw Error("", "split: segment '" + seg->name + "' is locked");
    if (p.markers.empty() && !(p.minSizeMm > 0 && std::isfinite(p.minSizeMm)))
        throw Error("", "split: the minimum size must be a positive number of mm");
    const ImageGeometry& g = map.geometry();
    // Markers are checked before the (slow) distance transform.
    std::vector<Index3> markerVoxels;
    for (size_t m = 0; m < p.markers.size(); ++m) {
        const std::string what = "split: marker " + std::to_string(m + 1) + " " + describe(p.markers[m].lps);
        const Index3 v = requireVoxel(g, p.markers[m].lps, what.c_str());
        if (map.at(v) != p.segment) throw Error("", what + " is not on segment '" + seg->name + "'");
        if (std::find(markerVoxels.begin(), markerVoxels.end(), v) != markerVoxels.end())
            throw Error("", what + " lies on the same voxel as an earlier marker");
        markerVoxels.push_back(v);
    }
    reportProgress(progress, 0.0, "split");
    PaddedBox pb;
    std::vector<uint8_t> inside;
    {
        const Mask m = map.segmentMask(p.segment);
        pb.box = boundingBox(m);
        if (pb.box.empty()) throw Error("", "split: segment '" + seg->name + "' has no voxels");
        for (int a = 0; a < 3; ++a) pb.dims[a] = int(pb.box.extent(a) + 2);
        inside.assign(size_t(pb.dims[0]) * pb.dims[1] * pb.dims[2], 0);
        tbb::parallel_for(pb.box.lo[2], pb.box.hi[2], [&](int64_t k) {
            for (int64_t j = pb.box.lo[1]; j < pb.box.hi[1]; ++j)
                std::copy_n(m.voxels.data() + g.linearIndex(pb.box.lo[0], j, k), pb.box.extent(0),
                            inside.data() + pb.index(pb.box.lo[0], j, k));
        });
    }
    reportProgress(progress, 0.1, "split");
    const std::vector<float> dist = insideDistanceMm(inside, pb.dims, g.spacing());
    reportProgress(progress, 0.4, "split");

    // Marker -> part (equal non-empty names share a part) and the padded-grid seeds.
    SplitPlan plan;
    plan.segment = p.segment;
    plan.box = pb.box;
    std::vector<size_t> seeds;
    std::vector<uint16_t> partOfSeed;
    if (p.markers.empty()) {
        seeds = distanceMaximaMarkers(dist, inside, pb.dims, p.minSizeMm / 2, p.minSizeMm / 4, p.connectivity);
        if (seeds.empty())
            throw Error("", "split: segment '" + seg->name + "' has no part holding a ball of " +
                                std::to_string(p.minSizeMm) + " mm");
        if (seeds.size() > kMaxLabel) seeds.resize(kMaxLabel);
        for (size_t s = 0; s < seeds.size(); ++s) {
            partOfSeed.push_back(uint16_t(s));
            plan.names.push_back(s == 0 ? "" : seg->name + " " + std::to_string(s + 1));
            const size_t x = pb.dims[0], xy = x * pb.dims[1];
            plan.markerVoxels.push_back({int64_t(seeds[s] % x) - 1 + pb.box.lo[0],
                                         int64_t(seeds[s] / x % pb.dims[1]) - 1 + pb.box.lo[1],
                                         int64_t(seeds[s] / xy) - 1 + pb.box.lo[2]});
        }
    } else {
        std::map<std::string, uint16_t> partByName;
        for (size_t m = 0; m < p.markers.size(); ++m) {
            const std::string& name = p.markers[m].name;
            uint16_t part = uint16_t(plan.names.size());
            if (const auto it = partByName.find(name); !name.empty() && it != partByName.end()) part = it->second;
            else {
                if (!name.empty()) partByName[name] = part;
                plan.names.push_back(!name.empty() ? name : part == 0 ? "" : seg->name + " " + std::to_string(part + 1));
            }
            partOfSeed.push_back(part);
            const Index3& v = markerVoxels[m];
            seeds.push_back(pb.index(v[0], v[1], v[2]));
        }
        plan.markerVoxels = markerVoxels;
        if (plan.names[0] == seg->name) plan.names[0].clear();
    }
    const std::vector<uint16_t> basins = markerWatershed(dist, inside, pb.dims, seeds, p.connectivity);
    reportProgress(progress, 0.9, "split");

    // Back to the unpadded box, basin (seed+1) -> part+1.
    plan.parts.assign(size_t(pb.box.count()), 0);
    plan.partVoxels.assign(plan.names.size(), 0);
    plan.partBoxes.assign(plan.names.size(), VoxelBox{});
    const int64_t nx = pb.box.extent(0), ny = pb.box.extent(1);
    for (int64_t k = pb.box.lo[2]; k < pb.box.hi[2]; ++k)
        for (int64_t j = pb.box.lo[1]; j < pb.box.hi[1]; ++j) {
            uint16_t* out = plan.parts.data() + size_t(nx) * (size_t(j - pb.box.lo[1]) + size_t(ny) * size_t(k - pb.box.lo[2]));
            const uint16_t* in = basins.data() + pb.index(pb.box.lo[0], j, k);
            for (int64_t i = 0; i < nx; ++i)
                if (in[i]) {
                    out[i] = uint16_t(partOfSeed[in[i] - 1] + 1);
                    ++plan.partVoxels[out[i] - 1];
                    const int64_t x = pb.box.lo[0] + i;
                    plan.partBoxes[out[i] - 1].include({{x, j, k}, {x + 1, j + 1, k + 1}});
                }
        }
    reportProgress(progress, 1.0, "split");
    return plan;
}

SplitWatershedResult applySplit(LabelMapEditor& editor, const SplitPlan& plan, const std::vector<std::string>& names) {
    const Segment* seg = editor.map().segment(plan.segment);
    if (!seg) throw Error("", "split: no segment with id " + std::to_string(int(plan.segment)));
    if (seg->locked) throw Error("", "split: segment '" + seg->name + "' is locked");
    const size_t partCount = plan.names.size();
    if (partCount - 1 > kMaxLabel - editor.map().segments().size())
        throw Error("", "split: the segment table has no room for " + std::to_string(partCount - 1) + " new segments");
    auto nameOf = [&](size_t part) { return part < names.size() && !names[part].empty() ? names[part] : plan.names[part]; };
    // A part named like another existing segment joins it (a marker "pelvis" on the part that
    // belongs to the pelvis already segmented); otherwise it becomes a new segment (0 here).
    // Checked before anything is written, so a refusal leaves the map as it was.
    std::vector<Label> target(partCount, 0);
    for (size_t part = 1; part < partCount; ++part)
        for (const Segment& other : editor.map().segments())
            if (other.id != plan.segment && other.name == nameOf(part)) {
                if (other.locked) throw Error("", "split: segment '" + other.name + "', which a part joins, is locked");
                target[part] = other.id;
            }
    SplitWatershedResult r;
    r.partVoxels = plan.partVoxels;
    ScopedStep step(editor, "Split '" + seg->name + "'");
    r.segments.push_back(plan.segment);
    if (const std::string first = nameOf(0); !first.empty() && first != seg->name) editor.renameSegment(plan.segment, first);
    // Only the segment's own voxels move, so other segments (locked or not) are untouched.
    EditOptions inside;
    inside.region = EditRegion::InsideSegment;
    inside.regionSegment = plan.segment;
    for (size_t part = 1; part < partCount; ++part) {
        const Label id = target[part] ? target[part] : editor.addSegment(nameOf(part));
        r.segments.push_back(id);
        const uint16_t want = uint16_t(part + 1);
        const Modifier mod{plan.partBoxes[part], [&plan, want](const VoxelBox& sub, uint8_t* out) {
                               for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                                   for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j)
                                       for (int64_t i = sub.lo[0]; i < sub.hi[0]; ++i) *out++ = plan.partAt(i, j, k) == want;
                           }};
        editor.apply(mod, EditMode::Set, id, inside);
    }
    r.edit = step.commit();
    return r;
}

SplitWatershedResult splitWatershed(LabelMapEditor& editor, const SplitWatershedParams& params, const ProgressFn& progress) {
    return applySplit(editor, planSplit(editor.map(), params, progress));
}

}  // namespace marrow::tools
