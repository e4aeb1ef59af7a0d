// Decimation benchmark: how close decimateMesh gets to the asked ratio on real bone
// surfaces, how long it takes, and whether the result stays a closed 2-manifold.
// Surfaces: the 150 HU iso-surface of the real CTs in ../shared/data/totalseg (3 mm torso,
// 0.98 x 0.98 x 2 mm DICOM slab) and the 2 M-triangle bone-like mask of bench_mesh. Each
// with and without 20 Taubin iterations, decimated to 0.5, 0.25, 0.2 and 0.1. Printed per
// row: triangles before/after, achieved ratio, wall seconds (one run), closed/manifold,
// Euler characteristic before/after, parts before/after, volume change.
// Usage: bench_decimate [real|synthetic|all (default)]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "bench/bone_like_mask.h"
#include "io/load.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;

static void decimateRows(const char* name, const Mesh& input) {
    for (int smooth : {0, 20}) {
        Mesh base = input;
        smoothMesh(base, {.iterations = smooth});
        const MeshReport b = analyzeMesh(base);
        for (double ratio : {0.5, 0.25, 0.2, 0.1}) {
            Mesh m = base;
            const auto t0 = Clock::now();
            decimateMesh(m, ratio);
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            const MeshReport a = analyzeMesh(m);
            std::printf("%-10s %6d %5.2f %8zu %8zu %6.3f %7.2f  %-3s %-3s %5lld %5lld %5zu %5zu %+7.2f%%\n", name, smooth, ratio,
                        b.triangles, a.triangles, double(a.triangles) / double(b.triangles), s, a.closed() ? "yes" : "NO",
                        a.manifold() ? "yes" : "NO", (long long)b.eulerCharacteristic, (long long)a.eulerCharacteristic,
                        b.components, a.components, 100.0 * (a.volumeMm3 / b.volumeMm3 - 1));
            std::fflush(stdout);
        }
    }
}

int main(int argc, char** argv) {
    const std::string which = argc > 1 ? argv[1] : "all";
    const bool real = which != "synthetic", synthetic = which != "real";
    std::printf("%-10s %6s %5s %8s %8s %6s %7s  %-3s %-3s %5s %5s %5s %5s %8s\n", "surface", "smooth", "ratio", "before",
                "after", "got", "wall s", "cls", "man", "chi0", "chi", "prt0", "prt", "volume");
    const std::string dir = std::string(MARROW_SHARED_DIR) + "/data/totalseg/";
    for (const char* ct : {"example_ct.nii.gz", "example_ct_dicom"}) {
        if (!real) break;
        if (!std::filesystem::exists(dir + ct)) {
            std::printf("%s: missing, skipped\n", ct);
            continue;
        }
        decimateRows(std::strcmp(ct, "example_ct_dicom") == 0 ? "ct_dicom" : "ct_3mm", extractIsoSurface(loadVolume(dir + ct), 150));
    }
    if (synthetic) decimateRows("bone_like", extractSurface(bench::boneLikeMask()));
    return 0;
}
