#include "seg/tools/grow.h"

#include <cmath>

#include "seg/algo/regions.h"
#include "seg/tools/auto_threshold.h"
#include "seg/tools/tool_common.h"

namespace marrow::tools {

EditResult grow(LabelMapEditor& editor, const Volume& volume, const GrowParams& params, const ProgressFn& progress) {
    GrowParams p = params;
    if (p.autoRangeBoxMm > 0) p.lo = localBoneThreshold(volume, p.seedLps, p.autoRangeBoxMm).threshold;
    if (std::isnan(p.lo) || std::isnan(p.hi) || p.lo > p.hi)
        throw Error("", "grow: the range must satisfy lo <= hi");
    if (!(p.minDiameterMm >= 0) || !std::isfinite(p.minDiameterMm))
        throw Error("", "grow: the minimum diameter must be a non-negative number of mm");
    if (volume.geometry().dims() != editor.map().geometry().dims())
        throw Error("", "grow: the volume is not on the label map's grid");
    const Index3 seed = requireVoxel(volume.geometry(), p.seedLps, "grow");
    reportProgress(progress, 0.0, "grow");
    const Mask region = growRegion(volume, seed, p.lo, p.hi, p.minDiameterMm, p.connectivity);
    reportProgress(progress, 0.8, "grow");
    const EditResult r = editor.apply(Modifier::of(region), EditMode::Set, p.segment, p.options, "Grow from seed");
    reportProgress(progress, 1.0, "grow");
    return r;
}

}  // namespace marrow::tools
