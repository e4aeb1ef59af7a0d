// Grow from seeds on the 512 x 512 x 400 phantom CT (the 512^3 phantom's middle 400 slices,
// as bench_raycast builds it): first result, incremental update after one added stroke, the
// from-scratch run with all strokes (for comparison), apply (one undo step), and the memory
// the grower holds against the label map's 1 byte per voxel. Two ROIs: Slicer's default
// (seeds' bounding box + 20 mm) and the whole volume (margin 1000 mm).
//   bench_grow_seeds            all figures
//   bench_grow_seeds MARGIN     one margin (mm)
// Plain timing main; each time is one run (the first is what a user waits for).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "io/phantom.h"
#include "seg/editor.h"
#include "seg/tools/grow_from_seeds.h"

using namespace marrow;
using namespace marrow::tools;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

Phantom middleSlices(int size, int slices) {
    PhantomOptions po;
    po.size = size;
    Phantom p = makePhantom(po);
    const ImageGeometry& g = p.ct.geometry();
    const int skip = (g.dim(2) - slices) / 2;
    const ImageGeometry cg({g.dim(0), g.dim(1), slices}, g.spacing(), g.indexToPatient({0, 0, double(skip)}), g.direction());
    Phantom out{Volume(cg, ScalarType::Int16, false), Volume(cg, ScalarType::UInt8, false)};
    const size_t slice = size_t(g.dim(0)) * size_t(g.dim(1));
    std::memcpy(out.ct.raw(), p.ct.data<int16_t>() + slice * size_t(skip), slice * size_t(slices) * 2);
    std::memcpy(out.bones.raw(), p.bones.data<uint8_t>() + slice * size_t(skip), slice * size_t(slices));
    return out;
}

// Up to n voxels of slice k, scanning rows outward from the middle row, that pass keep().
template <class F>
std::vector<Index3> strokeIn(const ImageGeometry& g, int k, size_t n, F keep) {
    std::vector<Index3> out;
    for (int dj = 0; dj < g.dim(1) / 2 && out.size() < n; ++dj)
        for (int j : {g.dim(1) / 2 + dj, g.dim(1) / 2 - dj - 1})
            for (int i = 0; i < g.dim(0) && out.size() < n; ++i)
                if (keep(i, j, k)) out.push_back({i, j, k});
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<double> margins{20.0, 1000.0};  // "bench_grow_seeds 20": only that margin
    if (argc > 1) margins = {std::atof(argv[1])};
    const auto start = Clock::now();
    const Phantom ph = middleSlices(512, 400);
    const ImageGeometry& g = ph.ct.geometry();
    std::printf("volume: %dx%dx%d int16, phantom made in %.0f ms\n", g.dim(0), g.dim(1), g.dim(2), ms(start, Clock::now()));
    auto bone = [&](int i, int j, int k) { return ph.bones.data<uint8_t>()[g.linearIndex(i, j, k)] != 0; };
    auto soft = [&](int i, int j, int k) {
        const double hu = ph.ct.valueAt(i, j, k);
        return !bone(i, j, k) && hu > -200 && hu < 200;
    };
    for (double margin : margins) {
        LabelMap map(g);
        History history;
        LabelMapEditor editor(map, history);
        const Label a = editor.addSegment("bone A"), o = editor.addSegment("other"), c = editor.addSegment("tissue C");
        const std::vector<SeedStroke> first{{a, strokeIn(g, 200, 30, bone)}, {o, strokeIn(g, 200, 60, soft)}};
        GrowFromSeedsParams p;
        p.marginMm = margin;
        const auto t0 = Clock::now();
        SeedGrower grower(ph.ct, map, first, p);
        const auto t1 = Clock::now();
        // Soft tissue 10 mm from the first strokes, inside the ROI, as a third segment: an
        // incremental update (the phantom's bone near the middle rows does not reach there).
        const VoxelBox roi = grower.roi();
        const std::vector<SeedStroke> added{
            {c, strokeIn(g, 213, 30, [&](int i, int j, int k) { return roi.contains(i, j, k) && soft(i, j, k); })}};
        const auto t1b = Clock::now();
        const SeedGrower::UpdateStats u = grower.addSeeds(map, added);
        const auto t2 = Clock::now();
        std::vector<SeedStroke> all = first;
        all.push_back(added[0]);
        p.roi = grower.roi();
        const SeedGrower scratch(ph.ct, map, all, p);
        const auto t3 = Clock::now();
        const bool same = scratch.distances() == grower.distances() && scratch.owners() == grower.owners();
        const EditResult r = grower.apply(editor);
        const auto t4 = Clock::now();
        std::printf("margin %.0f mm: ROI %lldx%lldx%lld (%.1f M voxels)\n", margin, (long long)roi.extent(0),
                    (long long)roi.extent(1), (long long)roi.extent(2), double(roi.count()) / 1e6);
        std::printf("  first result     %8.0f ms\n", ms(t0, t1));
        std::printf("  add one stroke   %8.0f ms (%s, %zu voxels re-processed)\n", ms(t1b, t2),
                    u.fullRecompute ? "full recompute" : "incremental", u.processedVoxels);
        std::printf("  from scratch, all strokes %8.0f ms (identical to the incremental result: %s)\n", ms(t2, t3),
                    same ? "yes" : "NO");
        std::printf("  apply (one undo step) %8.0f ms, %zu voxels changed\n", ms(t3, t4), r.changedVoxels);
        std::printf("  grower memory %.1f MB = %.2f x the label map (%.1f MB at 1 byte per voxel)\n",
                    double(grower.memoryBytes()) / 1e6, double(grower.memoryBytes()) / double(g.voxelCount()),
                    double(g.voxelCount()) / 1e6);
    }
    return 0;
}
