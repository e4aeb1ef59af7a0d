// Drawing the segments' surfaces in the 3D view (src/render/SurfaceRenderer), the GL half
// of bench_surfaces: the bone mask of a 512x512x400 CT-like volume (bench/bone_like_mask.h,
// about 2.2 M triangles in 448 blocks of 64^3) uploaded block by block, then
//   upload all     setBlock for every block (the first "show surfaces")
//   frame          render() into the view's colour + depth image at 1280x800 and 800x600,
//                  a new orbit angle each frame, full surfaces (a still view after an edit)
//                  and coarse sets (what the viewer draws while orbiting), glFinish
//                  included; median of N after a warm-up
//   dab upload     setBlock for the blocks one 10 mm brush dab re-meshed
// Needs a GL context: run under xvfb-run (llvmpipe) or on a desktop.
//   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench_surface_draw [--frames N] [--no-cull]
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench/bone_like_mask.h"
#include "bench/frame_timing.h"
#include "bench/gl_context.h"
#include "seg/document.h"
#include "seg/mesh/block_surfaces.h"
#include "seg/tools/paint.h"
#include "src/render/surface_renderer.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point a) { return std::chrono::duration<double, std::milli>(Clock::now() - a).count(); }

}  // namespace

int main(int argc, char** argv) {
    int frames = 7;
    bool cull = true;
    for (int n = 1; n < argc; ++n)
        if (!std::strcmp(argv[n], "--no-cull")) cull = false;
        else if (n + 1 < argc && !std::strcmp(argv[n], "--frames")) frames = std::max(1, std::atoi(argv[++n]));
    GLFWwindow* window = bench::openHiddenGlContext("bench_surface_draw");
    if (!window) return 1;

    LabelMap map = bench::boneLikeLabelMap();
    const ImageGeometry& g = map.geometry();
    History history;
    LabelMapEditor editor(map, history);
    BlockSurfaces blocks;
    blocks.rebuild(map);
    map.takeDirtyBox();
    {
        render::SurfaceRenderer surfaces;
        surfaces.setBackFaceCulling(cull);
        std::printf("back-face culling: %s\n", cull ? "on (the viewer's default)" : "off");
        auto a = Clock::now();
        tbb::parallel_for(size_t(0), blocks.blockCount(), [&](size_t b) {  // as the viewer's worker does
            std::vector<SurfacePiece> pieces = blocks.pieces(b);
            for (SurfacePiece& piece : pieces) addCoarseSet(piece);
            blocks.store(b, std::move(pieces));
        });
        std::printf("coarse sets for every block (TBB, all cores): %.1f ms\n", msSince(a));
        a = Clock::now();
        for (size_t b = 0; b < blocks.blockCount(); ++b) surfaces.setBlock(b, blocks.pieces(b));
        glFinish();
        std::printf("surfaces: %zu triangles in %zu blocks; upload all: %.1f ms\n", surfaces.triangleCount(),
                    blocks.blockCount(), msSince(a));
        render::LabelColors colors{};
        colors[1] = {230, 220, 200, 255};
        render::OrbitCamera camera;
        camera.fit(g);
        size_t coarseTriangles = 0;
        for (size_t b = 0; b < blocks.blockCount(); ++b)
            for (const SurfacePiece& piece : blocks.pieces(b)) coarseTriangles += piece.coarse.size();
        std::printf("coarse sets (drawn while the view moves): %zu triangles (%.1f%%)\n", coarseTriangles,
                    100.0 * double(coarseTriangles) / double(surfaces.triangleCount()));
        std::printf("\n| image | surface | median frame, wall (ms) | median CPU (ms, all threads) |\n|---|---|---|---|\n");
        const int sizes[2][2] = {{1280, 800}, {800, 600}};
        for (const auto& s : sizes)
            for (bool coarse : {false, true}) {
                surfaces.render(camera, s[0], s[1], colors, coarse);  // warm-up: shader and buffer first use
                glFinish();
                std::vector<double> wall, cpu;
                for (int f = 0; f < frames; ++f) {
                    camera.orbit(0.5f, 0);
                    const auto a2 = Clock::now();
                    const double c = bench::processCpuMs();
                    surfaces.render(camera, s[0], s[1], colors, coarse);
                    glFinish();
                    wall.push_back(msSince(a2));
                    cpu.push_back(bench::processCpuMs() - c);
                }
                std::printf("| %dx%d | %s | %.1f | %.1f |\n", s[0], s[1], coarse ? "coarse" : "full", bench::medianMs(wall),
                            bench::medianMs(cpu));
            }
        // One 10 mm dab at a vertebral body's rim, re-meshed and re-uploaded.
        tools::PaintParams p;
        p.radiusMm = 5;
        p.segment = 1;
        tools::paintStroke(editor, p, {g.indexToPatient({255.5 + 22, 375.5, 26.0 * 5})});
        const std::vector<size_t> touched = blocks.update(map, map.takeDirtyBox());
        a = Clock::now();
        for (size_t b : touched) surfaces.setBlock(b, blocks.pieces(b));
        glFinish();
        std::printf("\ndab upload: %zu block(s) in %.2f ms\n", touched.size(), msSince(a));
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
