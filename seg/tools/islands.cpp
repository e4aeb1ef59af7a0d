#include "seg/tools/islands.h"

#include <algorithm>
#include <cmath>

#include "seg/tools/tool_common.h"

namespace marrow::tools {

namespace {

// The voxels of component value c of a UInt16 component volume, within box.
Modifier componentModifier(const Volume& comps, const VoxelBox& box, uint16_t c) {
    return {box, [&comps, c](const VoxelBox& sub, uint8_t* out) {
                const ImageGeometry& g = comps.geometry();
                const uint16_t* v = comps.data<uint16_t>();
                for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                    for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j) {
                        const uint16_t* row = v + g.linearIndex(sub.lo[0], j, k);
                        for (int64_t i = 0; i < sub.extent(0); ++i) *out++ = row[i] == c;
                    }
            }};
}

IslandsResult split(LabelMapEditor& editor, const IslandsParams& p, const Mask& m, const std::string& name) {
    if (p.maxNewSegments < 0) throw Error("", "split islands: the segment count must not be negative");
    // Never ask for more segments than the table has free ids.
    const int freeIds = int(kMaxLabel) - int(editor.map().segments().size());
    const int maxNew = std::min(p.maxNewSegments, freeIds);
    int n = 0;
    const Volume comps = splitComponents(m, maxNew + 1, p.connectivity, &n);
    const int count = std::min(n, maxNew + 1);
    // Bounding box per component, one pass, so each new segment's edit reads only its box.
    const ImageGeometry& g = m.geometry;
    std::vector<VoxelBox> boxes(size_t(count) + 1);
    const uint16_t* v = comps.data<uint16_t>();
    for (int64_t k = 0; k < g.dim(2); ++k)
        for (int64_t j = 0; j < g.dim(1); ++j)
            for (int64_t i = 0; i < g.dim(0); ++i)
                if (const uint16_t c = v[g.linearIndex(i, j, k)]; c > 1 && c <= count)
                    boxes[c].include({{i, j, k}, {i + 1, j + 1, k + 1}});
    IslandsResult r;
    for (int c = 2; c <= count; ++c) {
        const Label id = editor.addSegment(name + " " + std::to_string(c));
        r.newSegments.push_back(id);
        editor.apply(componentModifier(comps, boxes[size_t(c)], uint16_t(c)), EditMode::Set, id);
    }
    return r;
}

}  // namespace

IslandsResult islands(LabelMapEditor& editor, const IslandsParams& p, const ProgressFn& progress) {
    const LabelMap& lm = editor.map();
    const Segment* seg = lm.segment(p.segment);
    if (!seg) throw Error("", "islands: no segment with id " + std::to_string(int(p.segment)));
    if (seg->locked) throw Error("", "islands: segment '" + seg->name + "' is locked");
    if (p.operation == IslandOperation::RemoveSmall && !(p.minVolumeMm3 >= 0))
        throw Error("", "islands: the minimum volume must be a non-negative number of mm^3");
    Index3 seed{};
    if (p.operation == IslandOperation::KeepAtPoint) {
        seed = requireVoxel(lm.geometry(), p.pointLps, "keep island");
        if (lm.at(seed) != p.segment)
            throw Error("", "keep island: no voxel of segment '" + seg->name + "' at the point");
    }
    const std::string name = seg->name;
    reportProgress(progress, 0.0, "islands");
    const Mask m = lm.segmentMask(p.segment);
    reportProgress(progress, 0.2, "islands");
    IslandsResult r;
    if (p.operation == IslandOperation::SplitIntoSegments) {
        ScopedStep step(editor, "Split islands of '" + name + "'");
        r = split(editor, p, m, name);
        r.edit = step.commit();
    } else {
        Mask kept;
        std::string step;
        switch (p.operation) {
            case IslandOperation::KeepLargest:
                kept = keepLargestComponent(m, p.connectivity);
                step = "Keep largest island";
                break;
            case IslandOperation::KeepAtPoint:
                kept = keepComponentAt(m, seed, p.connectivity);
                step = "Keep selected island";
                break;
            default: {
                const double voxels = p.minVolumeMm3 / lm.geometry().voxelVolumeMm3();
                kept = removeSmallComponents(m, size_t(std::ceil(voxels - 1e-9)), p.connectivity);
                step = "Remove small islands";
            }
        }
        reportProgress(progress, 0.8, "islands");
        r.edit = editor.apply(Modifier::of(kept, true), EditMode::Erase, p.segment, {}, step);
    }
    reportProgress(progress, 1.0, "islands");
    return r;
}

}  // namespace marrow::tools
