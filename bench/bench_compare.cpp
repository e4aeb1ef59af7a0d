// Timing of marrow compare's engine (seg/compare.h) on a CT-sized grid: 512x512x400,
// 0.78 x 0.78 x 1.25 mm, ten labelled ellipsoids of different sizes in A; B is A with
// every ellipsoid shrunk by 1.5 mm and shifted 2 mm (as a corrected segmentation would
// differ). Prints the time of a full comparison (Dice, volumes, HD95) and of Dice only.
// Also times saving and re-reading label map A as a gzip .seg.nrrd (10 segments).
// Plain timing main: one warm-up, then the best of --runs (default 3).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include <tbb/parallel_for.h>

#include <filesystem>

#include "io/seg_nrrd.h"
#include "seg/compare.h"

using namespace marrow;

namespace {
Volume makeLabels(const ImageGeometry& g, double shrinkMm, double shiftMm) {
    Volume v(g, ScalarType::UInt8, true);
    uint8_t* p = v.data<uint8_t>();
    const auto& d = g.dims();
    const Vec3 s = g.spacing();
    struct Ellipsoid { Vec3 c, r; };
    Ellipsoid e[10];
    for (int n = 0; n < 10; ++n) {
        const double a = n * 0.6283;
        e[n].c = {200 + 90 * std::cos(a), 200 + 90 * std::sin(a), 100 + 30.0 * (n % 5)};
        e[n].r = {20.0 + 6 * n, 15.0 + 4 * (9 - n), 25.0 + 5 * (n % 4)};
    }
    tbb::parallel_for(0, d[2], [&](int k) {
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) {
                const Vec3 x{i * s.x, j * s.y, k * s.z};
                for (int n = 0; n < 10; ++n) {
                    double q = 0;
                    for (int a = 0; a < 3; ++a) {
                        const double r = e[n].r[a] - shrinkMm;
                        const double t = (x[a] - e[n].c[a] - (a == 0 ? shiftMm : 0)) / r;
                        q += t * t;
                    }
                    if (q <= 1) {
                        p[g.linearIndex(i, j, k)] = uint8_t(n + 1);
                        break;
                    }
                }
            }
    });
    return v;
}

double seconds(const std::chrono::steady_clock::time_point& t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
    int runs = 3;
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    const ImageGeometry g({512, 512, 400}, {0.78125, 0.78125, 1.25});
    auto t0 = std::chrono::steady_clock::now();
    const Volume a = makeLabels(g, 0, 0), b = makeLabels(g, 1.5, 2.0);
    std::printf("built two 512x512x400 label maps in %.2f s\n", seconds(t0));
    for (bool distances : {true, false}) {
        CompareOptions o;
        o.distances = distances;
        double best = 1e300;
        std::vector<LabelComparison> r;
        for (int run = 0; run <= runs; ++run) {  // run 0 is the warm-up
            t0 = std::chrono::steady_clock::now();
            r = compareLabelMaps(a, b, {}, o);
            if (run > 0) best = std::min(best, seconds(t0));
        }
        std::printf("compare %-22s best of %d: %.3f s  (%zu labels; label 1 dice %.4f hd95 %.2f mm)\n",
                    distances ? "(Dice+volumes+HD95)" : "(Dice+volumes only)", runs, best, r.size(), r[0].dice,
                    r[0].hd95Mm);
    }
    LabeledVolume lv;
    lv.labels = a;
    for (uint32_t v = 1; v <= 10; ++v) lv.table.set(v, "structure " + std::to_string(v));
    const std::string path = (std::filesystem::temp_directory_path() / "marrow_bench_compare.seg.nrrd").string();
    double bestWrite = 1e300, bestRead = 1e300;
    for (int run = 0; run < runs; ++run) {
        t0 = std::chrono::steady_clock::now();
        writeSegNrrd(lv, path);
        bestWrite = std::min(bestWrite, seconds(t0));
        t0 = std::chrono::steady_clock::now();
        const LabeledVolume back = readSegNrrd(path);
        bestRead = std::min(bestRead, seconds(t0));
        if (std::memcmp(back.labels.raw(), a.raw(), a.byteSize()) != 0) std::printf("ROUND TRIP MISMATCH\n");
    }
    std::printf("seg.nrrd (gzip level 1, %.1f MB on disk) best of %d: write %.3f s, read %.3f s\n",
                std::filesystem::file_size(path) / 1e6, runs, bestWrite, bestRead);
    std::filesystem::remove(path);
    return 0;
}
