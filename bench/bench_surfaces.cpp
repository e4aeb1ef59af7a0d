// 3D-view surfaces while editing: a 10 mm brush dab (radius 5 mm sphere) on the bone mask
// of a 512x512x400 CT-like volume (bench/bone_like_mask.h), then
//   block update   BlockSurfaces::update with the dab's dirty box (what the viewer does
//                  after each dab with surfaces shown): only the touched 64^3 blocks
//   full extract   extractLabelSurface of the whole label map (what re-meshing without
//                  blocks costs), and BlockSurfaces::rebuild (every block, the first show)
// Dabs alternate paint/erase at vertebral bodies and ribs, so each one changes the surface.
// Usage: bench_surfaces [dabs=20] [full_runs=3]. Threads: TBB default (all cores).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench/bone_like_mask.h"
#include "seg/document.h"
#include "seg/mesh/block_surfaces.h"
#include "seg/mesh/surface_extraction.h"
#include "seg/tools/paint.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point a) {
    return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
}

static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int main(int argc, char** argv) {
    const int dabs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    const int fullRuns = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    LabelMap map = bench::boneLikeLabelMap();
    const ImageGeometry& g = map.geometry();
    History history;
    LabelMapEditor editor(map, history);

    std::vector<double> fullExtract, rebuild;
    size_t wholeTriangles = 0;
    BlockSurfaces blocks;
    for (int r = 0; r < fullRuns; ++r) {
        auto a = Clock::now();
        const Mesh whole = extractLabelSurface(map.toVolume(), 1);
        fullExtract.push_back(msSince(a));
        wholeTriangles = whole.triangles.size();
        a = Clock::now();
        blocks.rebuild(map);
        rebuild.push_back(msSince(a));
    }
    map.takeDirtyBox();
    std::printf("grid 512x512x400, bone triangles %zu (blocks: %zu), %zu blocks of 64^3\n", wholeTriangles,
                blocks.triangleCount(1), blocks.blockCount());
    std::printf("full re-extraction (toVolume + extractLabelSurface): median %.1f ms of %d\n", median(fullExtract),
                fullRuns);
    std::printf("full block rebuild (every block, with normals): median %.1f ms of %d\n", median(rebuild), fullRuns);

    std::vector<double> update, paint;
    std::vector<size_t> touched;
    for (int d = 0; d < dabs; ++d) {
        // Vertebral body rims (x = 255.5 + 22 cos, y = 375.5 + 22 sin) and rib tops.
        const int body = 1 + d % 13;
        const double angle = 0.7 * d;
        const Vec3 at = d % 3 == 2 ? g.indexToPatient({255.5 + 180 * std::cos(2.0 + 0.3 * d), 255.5 + 150 * std::sin(2.0 + 0.3 * d), 26.0 * body + 7})
                                   : g.indexToPatient({255.5 + 22 * std::cos(angle), 375.5 + 22 * std::sin(angle), 26.0 * body});
        tools::PaintParams p;
        p.radiusMm = 5;
        p.segment = 1;
        p.erase = d % 2 == 1;
        auto a = Clock::now();
        tools::paintStroke(editor, p, {at});
        paint.push_back(msSince(a));
        const VoxelBox dirty = map.takeDirtyBox();
        a = Clock::now();
        touched.push_back(blocks.update(map, dirty).size());
        update.push_back(msSince(a));
    }
    std::printf("brush dab r=5 mm (paint + undo record): median %.2f ms\n", median(paint));
    std::printf("block update after a dab: median %.2f ms, worst %.2f ms, blocks re-meshed median %zu (max %zu), %d dabs\n",
                median(update), *std::max_element(update.begin(), update.end()),
                size_t(median(std::vector<double>(touched.begin(), touched.end()))),
                *std::max_element(touched.begin(), touched.end()), dabs);
    // The partial updates must leave the same surface as a fresh extraction.
    const size_t fresh = extractLabelSurface(map.toVolume(), 1).triangles.size();
    std::printf("after the dabs: block triangles %zu, fresh extraction %zu (%s)\n", blocks.triangleCount(1), fresh,
                fresh == blocks.triangleCount(1) ? "equal" : "DIFFERENT");
    return fresh == blocks.triangleCount(1) ? 0 : 1;
}
