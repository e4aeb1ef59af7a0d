// Frame time of the 3D ray caster (src/render/ray_caster.h) on a 512x512x400 CT: the
// embedded phantom at 512^3 cropped to 400 slices, CT-Bone preset at its default shift,
// camera in front of the patient. For each image size (1280x800, 800x600): with and
// without empty-space skipping, still (full resolution, 1 sample per voxel) and
// interacting (half resolution, 1 sample per 2 voxels, nearest-voxel sampling). Median of N frames after a
// warm-up frame (the first draw includes shader compilation); glFinish ends each frame.
// --png PREFIX writes each mode's last frame as PREFIX<w>x<h>_<skip>_<mode>.png (to compare
// the picture before and after a change). Needs a GL context: run under xvfb-run (llvmpipe) or on a desktop.
//   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench_raycast [--frames N] [--slices K] [--size S] [--quick] [--png PREFIX]
#include <GL/glew.h>
#include <GLFW/glfw3.h>


#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench/frame_timing.h"
#include "bench/gl_context.h"
#include "io/phantom.h"
#include "src/render/presets.h"
#include "src/render/ray_caster.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;
using bench::medianMs;
using bench::processCpuMs;

namespace {

Volume cropSlices(const Volume& v, int slices) {
    const ImageGeometry& g = v.geometry();
    slices = std::min(slices, g.dim(2));
    const int skip = (g.dim(2) - slices) / 2;
    ImageGeometry cg({g.dim(0), g.dim(1), slices}, g.spacing(), g.indexToPatient({0, 0, double(skip)}),
                     g.direction());
    Volume out(cg, v.type(), false);
    const size_t sliceBytes = size_t(g.dim(0)) * g.dim(1) * scalarSize(v.type());
    std::memcpy(out.raw(), static_cast<const std::byte*>(v.raw()) + sliceBytes * skip, sliceBytes * slices);
    out.meta = v.meta;
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 5, slices = 400, size = 512;
    bool quick = false;  // --quick: only 800x600 with skipping (for tuning)
    std::string pngPrefix;
    for (int n = 1; n < argc; ++n) {
        const bool value = n + 1 < argc;
        if (!std::strcmp(argv[n], "--quick")) quick = true;
        else if (value && !std::strcmp(argv[n], "--frames")) frames = std::max(1, std::atoi(argv[++n]));
        else if (value && !std::strcmp(argv[n], "--slices")) slices = std::max(1, std::atoi(argv[++n]));
        else if (value && !std::strcmp(argv[n], "--size")) size = std::max(16, std::atoi(argv[++n]));
        else if (value && !std::strcmp(argv[n], "--png")) pngPrefix = argv[++n];
    }
    GLFWwindow* window = bench::openHiddenGlContext("bench_raycast");
    if (!window) return 1;

    auto t0 = Clock::now();
    PhantomOptions po;
    po.size = size;
    Volume ct = cropSlices(makePhantom(po).ct, slices);
    auto t1 = Clock::now();
    const auto& d = ct.geometry().dims();
    std::printf("volume: %dx%dx%d int16 (phantom %d^3 made and cropped in %.0f ms)\n", d[0], d[1], d[2], size,
                std::chrono::duration<double, std::milli>(t1 - t0).count());
    {
        render::VolumeTexture texture;
        t0 = Clock::now();
        texture.upload(ct);
        glFinish();
        t1 = Clock::now();
        std::printf("upload + brick grid: %.0f ms\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
        render::RayCaster rays;
        const render::VolumePreset& bone = *render::findVolumePreset("ct-bone");
        rays.setTransferFunction(texture, bone, bone.opacity, bone.defaultShift);
        size_t visible = 0;
        for (uint8_t b : std::vector<uint8_t>(texture.bricks().occupancy(
                 render::buildTransferTable(bone.opacity, bone.color, bone.defaultShift).visible(),
                 render::TransferTable::kLowHu)))
            visible += b ? 1 : 0;
        std::printf("bricks: %zu of %zu hold visible values under CT-Bone (shift %+.0f HU)\n", visible,
                    texture.bricks().minValue.size(), bone.defaultShift);
        render::OrbitCamera camera;
        camera.fit(texture.geometry());
        std::printf("\n| image | empty-space skipping | mode | median frame, wall (ms) | median CPU (ms, all threads) |\n"
                    "|---|---|---|---|---|\n");
        const int sizes[2][2] = {{1280, 800}, {800, 600}};
        for (const auto& s : sizes)
            for (bool skip : {true, false})
                for (bool interacting : {false, true}) {
                    if (quick && (s[0] != 800 || !skip)) continue;
                    render::RaySettings rs;
                    rs.skipEmpty = skip;
                    rs.resolution = interacting ? 0.5f : 1.0f;
                    rs.stepVoxels = interacting ? 2.0f : 1.0f;
                    rs.linear = !interacting;
                    rays.renderImage(texture, camera, s[0], s[1], rs);  // warm-up
                    glFinish();
                    std::vector<double> ms, cpu;
                    for (int f = 0; f < frames; ++f) {
                        camera.orbit(0.5f, 0);  // a new view each frame, as while orbiting
                        const auto a = Clock::now();
                        const double c = processCpuMs();
                        rays.renderImage(texture, camera, s[0], s[1], rs);
                        glFinish();
                        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
                        cpu.push_back(processCpuMs() - c);
                    }
                    if (!pngPrefix.empty()) {  // the image is still bound as the framebuffer
                        const int w = int(std::lround(s[0] * rs.resolution)), h = int(std::lround(s[1] * rs.resolution));
                        render::writePng(pngPrefix + std::to_string(s[0]) + "x" + std::to_string(s[1]) +
                                             (skip ? "_skip" : "_noskip") + (interacting ? "_interacting" : "_still") +
                                             ".png",
                                         w, h, render::readPixelsTopDown(0, 0, w, h));
                    }
                    std::printf("| %dx%d | %s | %s | %.0f | %.0f |\n", s[0], s[1], skip ? "on" : "off",
                                interacting ? "interacting (1/2 res, 2-voxel step, nearest)" : "still (trilinear)", medianMs(ms),
                                medianMs(cpu));
                    std::fflush(stdout);
                }
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
