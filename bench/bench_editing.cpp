// Editing benchmarks on a 512 x 512 x 400 CT-like int16 volume (synthetic: body, bones,
// air; 0.7 x 0.7 x 1.0 mm), with a memory-bandwidth baseline in the same run.
//   bench_editing            timings: copy baseline, threshold, brush dab + undo record,
//                            undo of a full-volume threshold
//   bench_editing threads N  the timings with at most N TBB threads
//   bench_editing memory     peak RSS (VmHWM, reset after setup) of volume + labels +
//                            100 undo steps of brush strokes
// Plain timing main (no Google Benchmark harness): each figure is the best of a few runs,
// and the first run is printed too where allocation makes it differ.
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "seg/editor.h"
#include "seg/tools/paint.h"
#include "seg/tools/threshold.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// Body ellipse (soft tissue 40 HU, fat rim -100), a spine-like column and two femur-like
// tubes (cortical 900 HU around 300 HU marrow), lungs (-850) in the upper half, air -1000.
Volume makeCtLike() {
    const ImageGeometry g({512, 512, 400}, {0.7, 0.7, 1.0}, {-179, -179, 0});
    Volume v(g, ScalarType::Int16, false);
    int16_t* p = v.data<int16_t>();
    tbb::parallel_for(0, 400, [&](int k) {
        std::minstd_rand rng(unsigned(k + 1));
        for (int j = 0; j < 512; ++j)
            for (int i = 0; i < 512; ++i) {
                const double x = (i - 256) / 230.0, y = (j - 256) / 170.0;
                const double r = x * x + y * y;
                int hu = -1000;
                if (r < 1) hu = r > 0.85 ? -100 : 40;
                const double sx = i - 256, sy = j - 370;  // spine
                const double s2 = sx * sx + sy * sy;
                if (s2 < 30 * 30) hu = s2 > 24 * 24 ? 900 : 300;
                if (k < 200)  // femurs
                    for (double cx : {150.0, 362.0}) {
                        const double fx = i - cx, fy = j - 250, f2 = fx * fx + fy * fy;
                        if (f2 < 28 * 28) hu = f2 > 20 * 20 ? 1100 : 250;
                    }
                if (k >= 250 && r < 0.6 && std::abs(i - 256) > 40 && j < 330) hu = -850;  // lungs
                p[g.linearIndex(i, j, k)] = int16_t(hu + int(rng() % 31) - 15);
            }
    });
    v.meta["modality"] = "CT";
    return v;
}

long vmKb(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::strlen(key)));
    return -1;
}

void timings(const Volume& ct) {
    const ImageGeometry& g = ct.geometry();
    std::printf("threads: %zu\n", tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    // Baseline: a plain copy of the CT's bytes (what any pass over the volume must read).
    std::vector<int16_t> dst(ct.voxelCount());
    double copyMs = 1e9;
    for (int r = 0; r < 5; ++r) {
        const auto t0 = Clock::now();
        std::memcpy(dst.data(), ct.raw(), ct.byteSize());
        copyMs = std::min(copyMs, ms(t0, Clock::now()));
    }
    std::printf("memcpy of the CT (%zu MB): %.1f ms\n", ct.byteSize() >> 20, copyMs);
    std::vector<int16_t>().swap(dst);

    LabelMap labels(g);
    History history;
    LabelMapEditor editor(labels, history);
    tools::ThresholdParams tp;
    tp.segment = editor.addSegment("bone");
    // Bone (a few % of the voxels) and the whole body (-300..3071, most of the body's voxels:
    // the heavy case for the undo record).
    for (double lo : {150.0, -300.0}) {
        tp.lo = lo;
        double first = 0, best = 1e9, undoBest = 1e9, redoBest = 1e9;
        size_t voxels = 0, recordBytes = 0;
        for (int r = 0; r < 4; ++r) {
            const auto t0 = Clock::now();
            voxels = tools::threshold(editor, ct, tp).changedVoxels;
            const double t = ms(t0, Clock::now());
            if (r == 0) first = t;
            best = std::min(best, t);
            recordBytes = history.nextUndo()->bytes();
            const auto u0 = Clock::now();
            editor.undo();
            undoBest = std::min(undoBest, ms(u0, Clock::now()));
            const auto r0 = Clock::now();
            editor.redo();
            redoBest = std::min(redoBest, ms(r0, Clock::now()));
            editor.undo();
        }
        std::printf("threshold %.0f..3071 command (range test + apply + undo record): first %.1f ms, best %.1f ms ="
                    " %.2fx copy; %zu voxels (%.0f%%), record %.2f MB\n",
                    lo, first, best, best / copyMs, voxels, 100.0 * double(voxels) / double(g.voxelCount()),
                    recordBytes / 1048576.0);
        std::printf("  undo of it: best %.1f ms; redo: best %.1f ms\n", undoBest, redoBest);
    }
    tp.lo = 150;
    {
        const auto t0 = Clock::now();
        const Mask m = tools::thresholdPreview(ct, tp);
        std::printf("threshold preview (dense Mask, no edit): %.1f ms, %zu voxels\n", ms(t0, Clock::now()), m.count());
    }

    // Brush dabs: 10 mm sphere (radius 5 mm) and radius 10 mm, each with its undo record.
    tools::threshold(editor, ct, tp);  // dabs land on a realistic, allocated map
    for (double radius : {5.0, 10.0}) {
        tools::PaintParams pp;
        pp.radiusMm = radius;
        pp.segment = tp.segment;
        std::minstd_rand rng(5);
        const int n = 300;
        double total = 0, worst = 0;
        size_t bytes = 0;
        for (int d = 0; d < n; ++d) {
            const Vec3 c = g.indexToPatient({double(100 + rng() % 312), double(100 + rng() % 312), double(50 + rng() % 300)});
            pp.erase = d % 2 == 1;
            const size_t before = history.bytes();
            const auto t0 = Clock::now();
            tools::paintStroke(editor, pp, {c});
            const double t = ms(t0, Clock::now());
            total += t;
            worst = std::max(worst, t);
            bytes += history.bytes() - before;
        }
        std::printf("brush dab r=%.0f mm + undo record: mean %.3f ms, worst %.3f ms, mean record %zu bytes\n", radius,
                    total / n, worst, bytes / n);
    }
}

void memory(const Volume& ct) {
    const ImageGeometry& g = ct.geometry();
    LabelMap labels(g);
    History history;
    LabelMapEditor editor(labels, history);
    tools::ThresholdParams tp;
    tp.segment = editor.addSegment("body");
    tp.lo = -3024;  // worst case for memory: every voxel labelled, every tile allocated
    tools::threshold(editor, ct, tp);
    history.clear();
    const Label other = editor.addSegment("other");
    const double base = double(ct.byteSize() + g.voxelCount() * sizeof(Label));
    std::printf("volume %.1f MB + dense labels %.1f MB = %.1f MB; label tiles held %.1f MB\n", ct.byteSize() / 1048576.0,
                g.voxelCount() * sizeof(Label) / 1048576.0, base / 1048576.0, labels.byteSize() / 1048576.0);
    std::printf("RSS after setup: %.1f MB (peak during setup %.1f MB)\n", vmKb("VmRSS:") / 1024.0, vmKb("VmHWM:") / 1024.0);
    { std::ofstream("/proc/self/clear_refs") << "5"; }  // reset VmHWM to the current RSS
    tools::PaintParams pp;
    pp.radiusMm = 5;
    pp.segment = tp.segment;
    std::minstd_rand rng(9);
    for (int s = 0; s < 100; ++s) {
        std::vector<Vec3> pts;
        Vec3 c = g.indexToPatient({double(100 + rng() % 312), double(100 + rng() % 312), double(50 + rng() % 300)});
        for (int n = 0; n < 20; ++n) {  // a 20-point stroke, ~4 mm apart
            pts.push_back(c);
            c = c + Vec3{4.0 * std::cos(n * 0.3), 4.0 * std::sin(n * 0.3), 0.0};
        }
        pp.segment = other;  // strokes at random places: every one changes voxels
        tools::paintStroke(editor, pp, pts);
    }
    const double peak = vmKb("VmHWM:") * 1024.0;
    std::printf("after 100 strokes: %zu undo steps, history %.2f MB; peak RSS %.1f MB = %.3fx volume+labels\n",
                history.undoCount(), history.bytes() / 1048576.0, peak / 1048576.0, peak / base);
}

}  // namespace

int main(int argc, char** argv) {
    const auto t0 = Clock::now();
    const Volume ct = makeCtLike();
    std::printf("synthetic CT 512x512x400 built in %.0f ms\n", ms(t0, Clock::now()));
    const std::string mode = argc > 1 ? argv[1] : "";
    const int threads = mode == "threads" && argc > 2 ? std::max(1, std::atoi(argv[2])) : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, size_t(threads));
    if (mode == "memory") memory(ct);
    else timings(ct);
    return 0;
}
