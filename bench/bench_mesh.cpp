// Surface export benchmark: a bone-like mask on a 512x512x400 CT grid (0.7 x 0.7 x 1 mm):
// a cortical shell (hollow elliptic cylinder with windows, the pelvis/skull wall), 15 pairs of
// ribs (elliptic tori) and a spine of vertebral bodies with holes. About 2 M triangles,
// like the bone mask of a torso CT in the issue. Times (median of runs):
//   extract      extractSurface (binary marching cubes, TBB)
//   stl          binary STL write (atomic, to a temp folder)
//   one-click    extraction + 15 Taubin iterations + report + STL write, what the GUI's
//                "Export STL" does
// Usage: bench_mesh [runs=5] [out_dir=/tmp]. Threads: TBB default (all cores).
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "io/mesh_writers.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "bench/bone_like_mask.h"

using namespace marrow;
using marrow::bench::boneLikeMask;
using Clock = std::chrono::steady_clock;

// Median wall seconds; cpuOut gets the median process CPU seconds (all threads), which
// is the fairer figure when other processes share the cores.
static double cpuOut = 0;
template <class F>
static double medianSeconds(int runs, F&& f) {
    std::vector<double> t, c;
    for (int r = 0; r < runs; ++r) {
        const auto a = Clock::now();
        const std::clock_t ca = std::clock();
        f();
        c.push_back(double(std::clock() - ca) / CLOCKS_PER_SEC);
        t.push_back(std::chrono::duration<double>(Clock::now() - a).count());
    }
    std::sort(t.begin(), t.end());
    std::sort(c.begin(), c.end());
    cpuOut = c[c.size() / 2];
    return t[t.size() / 2];
}

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const std::string dir = argc > 2 ? argv[2] : "/tmp";
    const std::string stl = dir + "/bench_mesh_bone.stl";
    const auto g0 = Clock::now();
    const Mask mask = boneLikeMask();
    std::printf("mask: 512x512x400, %zu bone voxels (generated in %.2f s)\n", mask.count(),
                std::chrono::duration<double>(Clock::now() - g0).count());

    Mesh mesh;
    const double tExtract = medianSeconds(runs, [&] { mesh = extractSurface(mask); });
    const double cExtract = cpuOut;
    const double tReport = medianSeconds(runs, [&] { (void)analyzeMesh(mesh); });
    const double cReport = cpuOut;
    const MeshReport rep = analyzeMesh(mesh);
    const double tStl = medianSeconds(runs, [&] { writeMeshes(stl, std::span(&mesh, 1)); });
    const double cStl = cpuOut;
    const double mb = double(std::filesystem::file_size(stl)) / 1e6;
    Mesh smoothed = mesh;
    const double tSmooth = medianSeconds(runs, [&] {
        smoothed = mesh;
        smoothMesh(smoothed, {.iterations = 15});
    });
    const double cSmooth = cpuOut;
    const double tOneClick = medianSeconds(runs, [&] {
        Mesh m = extractSurface(mask);
        smoothMesh(m, {.iterations = 15});
        const MeshReport r = analyzeMesh(m);
        if (!r.manifold()) std::printf("not manifold!\n");
        writeMeshes(stl, std::span(&m, 1));
    });
    const double cOneClick = cpuOut;
    std::filesystem::remove(stl);
    std::printf("triangles %zu, vertices %zu, closed %s, manifold %s, euler %lld, parts %zu\n", rep.triangles,
                rep.vertices, rep.closed() ? "yes" : "no", rep.manifold() ? "yes" : "no",
                (long long)rep.eulerCharacteristic, rep.components);
    std::printf("%-38s %8s %8s\n", "step", "wall s", "CPU s");
    std::printf("%-38s %8.3f %8.3f\n", "extract (binary marching cubes)", tExtract, cExtract);
    std::printf("%-38s %8.3f %8.3f  (%.1f MB)\n", "STL write", tStl, cStl, mb);
    std::printf("%-38s %8.3f %8.3f\n", "report (closed/manifold/volume)", tReport, cReport);
    std::printf("%-38s %8.3f %8.3f\n", "Taubin smoothing, 15 iterations", tSmooth, cSmooth);
    std::printf("%-38s %8.3f %8.3f\n", "one-click: extract+smooth+check+STL", tOneClick, cOneClick);
    std::printf("median of %d runs\n", runs);
    return 0;
}
