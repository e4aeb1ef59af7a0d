// Region grow from a seed within an intensity range, optionally refusing thin necks.
//
// Passes: threshold; [opening with radius minDiameter/2; the component at seed of the
// opened mask; one dilation by the same radius intersected with the in-range mask]; the
// component at seed. The dilation is bounded (radius r, not a full geodesic
// reconstruction) on purpose: a full reconstruction inside the in-range mask would walk
// back through the very necks the opening cut. Cost: a few O(voxels) passes.
#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "seg/algo/morphology.h"
#include "seg/algo/regions.h"

namespace marrow {

Mask growRegion(const Volume& volume, Index3 seed, double lo, double hi, double minDiameterMm, Connectivity c) {
    Mask inRange = thresholdMask(volume, lo, hi);
    const ImageGeometry& g = volume.geometry();
    if (!g.contains(seed[0], seed[1], seed[2]) || !inRange.at(seed[0], seed[1], seed[2])) return Mask(g);
    if (!(minDiameterMm > 0)) return keepComponentAt(inRange, seed, c);

    const double r = minDiameterMm / 2;
    Mask core = keepComponentAt(open(inRange, r), seed, c);
    if (!core.at(seed[0], seed[1], seed[2])) return Mask(g);  // the seed sits in a part thinner than the minimum
    Mask grown = dilate(core, r);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, grown.voxels.size(), 1 << 16), [&](const tbb::blocked_range<size_t>& b) {
        uint8_t* __restrict g = grown.voxels.data();
        const uint8_t* __restrict in = inRange.voxels.data();
        for (size_t n = b.begin(); n != b.end(); ++n) g[n] &= in[n];
    });
    return keepComponentAt(grown, seed, c);
}

}  // namespace marrow
