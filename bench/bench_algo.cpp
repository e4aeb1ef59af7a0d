// Benchmarks of seg/algo on a 512x512x400 CT-like volume, with a plain copy of the same
// bytes as the memory-bandwidth baseline in the same run. Also prints the peak transient
// heap of keepLargestComponent (tracked by a global operator new/delete below).
//
// The volume is synthetic (io/phantom.cpp had not landed when this was written): an
// elliptic torso at 40 HU in -1000 HU air, a spine column, rib arcs, random bone blobs
// and rods at 700 HU, and a scan table across an air gap. Threshold >= 150 HU gives the
// "bone" mask (~6% of voxels, printed at start).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>
#include <random>
#include <vector>

#include "seg/algo/connectivity.h"
#include "seg/algo/morphology.h"
#include "seg/algo/regions.h"

// Replacing operator new with malloc/free is legal; GCC 12 still flags the inlined pairs.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// ---- heap tracking: live bytes and their peak -------------------------------------
namespace {
std::atomic<int64_t> gLive{0}, gPeak{0};
void noteAlloc(void* p) {
    if (!p) return;
    const int64_t now = gLive.fetch_add(int64_t(malloc_usable_size(p))) + int64_t(malloc_usable_size(p));
    int64_t peak = gPeak.load();
    while (now > peak && !gPeak.compare_exchange_weak(peak, now)) {
    }
}
}  // namespace

void* operator new(size_t n) {
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    noteAlloc(p);
    return p;
}
void operator delete(void* p) noexcept {
    if (p) gLive.fetch_sub(int64_t(malloc_usable_size(p)));
    std::free(p);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }
void* operator new[](size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }

using namespace marrow;

namespace {

constexpr int NX = 512, NY = 512, NZ = 400;

struct Blob {
    double x, y, z, r;
};

Volume makeCtLike() {
    Volume ct(ImageGeometry({NX, NY, NZ}, {0.8, 0.8, 1.0}), ScalarType::Int16, false);
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Blob> blobs, rods;
    for (int n = 0; n < 400; ++n) {  // spheres inside the torso
        const double a = u(rng) * 2 * M_PI, rr = std::sqrt(u(rng)) * 0.8;
        blobs.push_back({256 + 190 * rr * std::cos(a), 240 + 140 * rr * std::sin(a), u(rng) * NZ, 3 + 10 * u(rng)});
    }
    for (int n = 0; n < 150; ++n) {  // vertical rods (vessels with calcium, small bones)
        const double a = u(rng) * 2 * M_PI, rr = std::sqrt(u(rng)) * 0.8;
        rods.push_back({256 + 190 * rr * std::cos(a), 240 + 140 * rr * std::sin(a), u(rng) * NZ, 1.5 + 2.5 * u(rng)});
    }
    int16_t* hu = ct.data<int16_t>();
    tbb::parallel_for(0, NZ, [&](int k) {
        for (int j = 0; j < NY; ++j)
            for (int i = 0; i < NX; ++i) {
                const double ex = (i - 256) / 200.0, ey = (j - 240) / 150.0, e = ex * ex + ey * ey;
                int16_t v = -1000;
                if (e <= 1) {
                    v = 40;
                    const double sx = i - 256, sy = j - 330;  // spine: cortical shell, cancellous core
                    const double s2 = sx * sx + sy * sy;
                    if (s2 <= 28 * 28) v = s2 >= 22 * 22 ? 900 : 200;
                    if (k % 25 < 8 && e >= 0.82 && e <= 0.9 && j < 300) v = 700;  // ribs
                }
                if (j >= 420 && j <= 432 && i >= 40 && i <= 470) v = 300;  // table below an air gap
                hu[(size_t(k) * NY + j) * NX + i] = v;
            }
        auto disk = [&](double x, double y, double r) {
            for (int j = std::max(0, int(y - r)); j <= std::min(NY - 1, int(y + r) + 1); ++j)
                for (int i = std::max(0, int(x - r)); i <= std::min(NX - 1, int(x + r) + 1); ++i)
                    if ((i - x) * (i - x) + (j - y) * (j - y) <= r * r) hu[(size_t(k) * NY + j) * NX + i] = 700;
        };
        for (const Blob& b : blobs) {
            const double dz = k - b.z;
            if (std::abs(dz) < b.r) disk(b.x, b.y, std::sqrt(b.r * b.r - dz * dz));
        }
        for (const Blob& r : rods)  // each rod spans 120 slices and drifts sideways
            if (k >= r.z - 60 && k <= r.z + 60) disk(r.x + 0.1 * (k - r.z), r.y, r.r);
    });
    return ct;
}

struct Data {
    Volume ct = makeCtLike();
    Mask bone = thresholdMask(ct, 150, 3071);
    Data() {
        std::printf("CT-like volume %dx%dx%d int16 (%.0f MB), bone mask fill %.2f%%\n", NX, NY, NZ, ct.byteSize() / 1e6,
                    100.0 * double(bone.count()) / double(bone.voxels.size()));
    }
};

Data& data() {
    static Data d;
    return d;
}

void copyBytes(benchmark::State& state, size_t bytes) {
    std::vector<uint8_t> src(bytes, 1), dst(bytes, 0);
    for (auto _ : state) {
        std::memcpy(dst.data(), src.data(), bytes);
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

template <class F>
void timeIt(benchmark::State& state, F&& f) {
    data();
    for (auto _ : state) {
        auto r = f();
        benchmark::DoNotOptimize(r);
    }
}

}  // namespace

static void BM_MemcpyVolumeBytes(benchmark::State& s) { copyBytes(s, size_t(NX) * NY * NZ * 2); }
static void BM_MemcpyMaskBytes(benchmark::State& s) { copyBytes(s, size_t(NX) * NY * NZ); }
static void BM_Threshold(benchmark::State& s) { timeIt(s, [] { return thresholdMask(data().ct, 150, 3071); }); }
static void BM_ThresholdInto(benchmark::State& s) {
    Mask out = data().bone;
    timeIt(s, [&] {
        thresholdMaskInto(out, data().ct, 150, 3071);
        return out.voxels.data();
    });
}
static void BM_KeepLargest26(benchmark::State& s) { timeIt(s, [] { return keepLargestComponent(data().bone); }); }
static void BM_KeepLargest6(benchmark::State& s) {
    timeIt(s, [] { return keepLargestComponent(data().bone, Connectivity::Six); });
}
static void BM_RemoveSmall26(benchmark::State& s) { timeIt(s, [] { return removeSmallComponents(data().bone, 1000); }); }
static void BM_SplitComponents26(benchmark::State& s) { timeIt(s, [] { return splitComponents(data().bone, 255); }); }
static void BM_Dilate3(benchmark::State& s) { timeIt(s, [] { return dilate(data().bone, 1.0); }); }
static void BM_Erode3(benchmark::State& s) { timeIt(s, [] { return erode(data().bone, 1.0); }); }
static void BM_Close3(benchmark::State& s) { timeIt(s, [] { return close(data().bone, 1.0); }); }
static void BM_Median3(benchmark::State& s) { timeIt(s, [] { return median(data().bone, 1.0); }); }
static void BM_FillHoles2D(benchmark::State& s) { timeIt(s, [] { return fillHoles2D(data().bone, 2); }); }
static void BM_FillHoles3D(benchmark::State& s) { timeIt(s, [] { return fillHoles3D(data().bone); }); }
static void BM_BodyMask(benchmark::State& s) { timeIt(s, [] { return bodyMask(data().ct); }); }

// Peak heap while keepLargestComponent runs above what it leaves allocated (its output).
// Measured against the live heap after the call, not the output's capacity: a large
// Mask's voxels come from mmap (io/platform_memory.h), which operator new never sees, so
// subtracting the capacity made the figure negative. The run tables are operator-new
// vectors, so they are all counted.
static void BM_KeepLargestTransientMemory(benchmark::State& s) {
    const Mask& bone = data().bone;
    for (auto _ : s) {
        const int64_t before = gLive.load();
        gPeak.store(before);
        Mask out = keepLargestComponent(bone);
        const double transient = double(gPeak.load() - gLive.load());
        s.counters["transient_MB"] = transient / 1e6;
        s.counters["x_mask"] = transient / double(bone.voxels.size());
    }
}

#define MARROW_BENCH(f) BENCHMARK(f)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5)
MARROW_BENCH(BM_MemcpyVolumeBytes);
MARROW_BENCH(BM_MemcpyMaskBytes);
MARROW_BENCH(BM_Threshold);
MARROW_BENCH(BM_ThresholdInto);
MARROW_BENCH(BM_KeepLargest26);
MARROW_BENCH(BM_KeepLargest6);
MARROW_BENCH(BM_RemoveSmall26);
MARROW_BENCH(BM_SplitComponents26);
MARROW_BENCH(BM_Dilate3);
MARROW_BENCH(BM_Erode3);
MARROW_BENCH(BM_Close3);
MARROW_BENCH(BM_Median3);
MARROW_BENCH(BM_FillHoles2D);
MARROW_BENCH(BM_FillHoles3D);
MARROW_BENCH(BM_BodyMask);
BENCHMARK(BM_KeepLargestTransientMemory)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
