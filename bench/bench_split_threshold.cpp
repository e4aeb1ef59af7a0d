// Watershed split (seg/tools/split_watershed.h) and automatic bone threshold
// (seg/tools/auto_threshold.h) on 512x512x400 volumes:
//   - split: the bone-like mask of the mesh benchmarks (bone_like_mask.h; its segment's box
//     is the whole grid) with two markers on the cortical shell, and with automatic markers;
//     and a large touching pair (a 25 mm femoral head joined to a 60 mm ball by a 6 mm neck,
//     the joined-bones phantom at 0.7 x 0.7 x 1 mm) placed in a 512x512x400 label map;
//   - auto threshold: the embedded phantom at 512^3 (400 mm), its middle 400 slices, whole
//     scan and a 40 mm box around a click (the grow tool's auto range).
// Plain timing main: the median of 3 runs of each, wall time, and the process's peak RSS.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "bench/bone_like_mask.h"
#include "io/phantom.h"
#include "seg/tools/auto_threshold.h"
#include "seg/tools/split_watershed.h"

using namespace marrow;

namespace {

double medianSeconds(const std::function<void()>& f, int runs = 3) {
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

double peakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

void timeSplit(const char* what, LabelMap& map, const tools::SplitWatershedParams& p) {
    size_t parts = 0, voxels = map.countLabel(p.segment);
    std::vector<double> plans;
    const double total = medianSeconds([&] {
        History history;
        LabelMapEditor editor(map, history);
        const auto t0 = std::chrono::steady_clock::now();
        const tools::SplitPlan sp = tools::planSplit(map, p);
        plans.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        parts = tools::applySplit(editor, sp).segments.size();
        editor.undo();  // the next run starts from the same map
    });
    std::sort(plans.begin(), plans.end());
    const double plan = plans[plans.size() / 2];
    std::printf("%-58s %9zu voxels  %4zu parts  plan %6.2f s  plan+apply %6.2f s  peak RSS %6.0f MB\n", what, voxels,
                parts, plan, total, peakRssMb());
}

}  // namespace

int main() {
    {
        LabelMap map = bench::boneLikeLabelMap();
        const ImageGeometry& g = map.geometry();
        tools::SplitWatershedParams p;
        p.segment = 1;
        // Two points in the cortical shell (e = 0.99 on its long axis, slice 50).
        p.markers = {{g.indexToPatient({255.5 + 230 * 0.99, 255.5, 50}), "left"},
                     {g.indexToPatient({255.5 - 230 * 0.99, 255.5, 50}), "right"}};
        if (map.at(g.patientToNearestVoxel(p.markers[0].lps)) != 1 || map.at(g.patientToNearestVoxel(p.markers[1].lps)) != 1)
            std::printf("warning: a marker misses the shell\n");
        timeSplit("bone-like mask 512x512x400, 2 markers", map, p);
        p.markers.clear();
        p.minSizeMm = 10;
        timeSplit("bone-like mask 512x512x400, auto markers (10 mm)", map, p);
    }
    {
        JoinedBonesOptions o;
        o.spacingMm = {0.7, 0.7, 1.0};
        o.radiusAMm = 25;
        o.radiusBMm = 60;
        o.gapMm = 3;
        o.neckRadiusMm = 6;
        o.noiseHu = 0;
        const JoinedBonesPhantom ph = makeJoinedBonesPhantom(o);
        LabelMap map(ImageGeometry({512, 512, 400}, o.spacingMm));
        History history;
        LabelMapEditor editor(map, history);
        const Label s = editor.addSegment("hip");
        const ImageGeometry& pg = ph.truth.geometry();
        BoxMask m(VoxelBox{{0, 0, 0}, {pg.dim(0), pg.dim(1), pg.dim(2)}});
        for (size_t v = 0; v < m.bits.size(); ++v) m.bits[v] = ph.truth.data<uint8_t>()[v] != 0;
        editor.apply(Modifier::of(std::move(m)), EditMode::Set, s);
        tools::SplitWatershedParams p;
        p.segment = s;
        p.markers = {{ph.centreAMm, "femoral head"}, {ph.centreBMm, "pelvis"}};
        timeSplit("25 mm head + 60 mm ball, 6 mm neck, 2 markers", map, p);
        p.markers.clear();
        p.minSizeMm = 10;
        timeSplit("25 mm head + 60 mm ball, 6 mm neck, auto markers", map, p);
    }
    {
        PhantomOptions po;
        po.size = 512;
        const Phantom full = makePhantom(po);
        const ImageGeometry& fg = full.ct.geometry();
        Volume ct(ImageGeometry({512, 512, 400}, fg.spacing(), fg.indexToPatient({0, 0, 56})), ScalarType::Int16, false);
        std::copy_n(full.ct.data<int16_t>() + fg.linearIndex(0, 0, 56), ct.geometry().voxelCount(), ct.data<int16_t>());
        tools::AutoThreshold t;
        const double whole = medianSeconds([&] { t = tools::autoBoneThreshold(ct); });
        std::printf("auto threshold, phantom 512x512x400, whole scan: %g HU in %.3f s\n", t.threshold, whole);
        const Vec3 click = ct.geometry().indexToPatient({256, 256, 200});
        const double local = medianSeconds([&] { t = tools::localBoneThreshold(ct, click, 40); });
        std::printf("auto threshold, 40 mm box around a click: %g HU in %.4f s\n", t.threshold, local);
    }
    return 0;
}
