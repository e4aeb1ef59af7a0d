// NIfTI read/write throughput and the phantom build time.
//   - 512x512x400 int16 (200 MiB): the 256^3 phantom resampled (nearest neighbour) to a
//     typical CT grid, written and read as .nii and .nii.gz (MB/s of voxel data).
//   - the real example_ct.nii.gz (int32 on disk -> int16), read.
//   - makePhantom at 256^3 (target: under 1 s on 2 cores).
//   - raw zlib deflate of CT slices at levels 1 and 6: why writeNifti uses level 1.
// Run: build/bench/bench_nifti_io --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "io/nifti_io.h"
#include "io/phantom.h"

using namespace marrow;

namespace {

const Volume& ct512() {
    static const Volume v = [] {
        PhantomOptions o;
        o.size = 256;
        const Volume src = makePhantom(o).ct;
        const ImageGeometry g({512, 512, 400}, {400.0 / 512, 400.0 / 512, 400.0 / 400},
                              {-200 + 400.0 / 1024, -200 + 400.0 / 1024, -200 + 0.5});
        Volume dst(g, ScalarType::Int16, false);
        const int16_t* s = src.data<int16_t>();
        int16_t* d = dst.data<int16_t>();
        for (int k = 0; k < 400; ++k)
            for (int j = 0; j < 512; ++j)
                for (int i = 0; i < 512; ++i)
                    d[g.linearIndex(i, j, k)] = s[src.geometry().linearIndex(i / 2, j / 2, k * 256 / 400)];
        return dst;
    }();
    return v;
}

std::string scratch(const char* name) {
    return (std::filesystem::temp_directory_path() / (std::string("marrow-bench-") + name)).string();
}

void BM_Write(benchmark::State& state, const char* name) {
    const Volume& v = ct512();
    const std::string path = scratch(name);
    for (auto _ : state) writeNifti(v, path);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(v.byteSize()));
    state.counters["file_MB"] = double(std::filesystem::file_size(path)) / 1e6;
}

void BM_Read(benchmark::State& state, const char* name) {
    const std::string path = scratch(name);
    if (!std::filesystem::exists(path)) writeNifti(ct512(), path);
    size_t bytes = 0;
    for (auto _ : state) {
        const Volume v = readNifti(path);
        bytes = v.byteSize();
        benchmark::DoNotOptimize(v.raw());
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

void BM_ReadRealCt(benchmark::State& state) {
    const std::string path = std::string(MARROW_SHARED_DIR) + "/data/totalseg/example_ct.nii.gz";
    if (!std::filesystem::exists(path)) {
        state.SkipWithError("shared data not found");
        return;
    }
    size_t bytes = 0;
    for (auto _ : state) {
        const Volume v = readNifti(path);
        bytes = v.voxelCount() * 4;  // int32 on disk
        benchmark::DoNotOptimize(v.raw());
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
}

void BM_PhantomBuild(benchmark::State& state) {
    PhantomOptions o;
    o.size = int(state.range(0));
    for (auto _ : state) {
        const Phantom p = makePhantom(o);
        benchmark::DoNotOptimize(p.ct.raw());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * o.size * o.size * o.size);
}

// Deflate 40 slices of the 512 CT at a given level: speed vs. size.
void BM_DeflateLevel(benchmark::State& state) {
    const Volume& v = ct512();
    const uLong n = uLong(512) * 512 * 40 * 2;
    const auto* src = static_cast<const Bytef*>(v.raw()) + size_t(512) * 512 * 180 * 2;
    std::vector<Bytef> out(compressBound(n));
    uLongf outLen = 0;
    for (auto _ : state) {
        outLen = uLongf(out.size());
        if (compress2(out.data(), &outLen, src, n, int(state.range(0))) != Z_OK) state.SkipWithError("deflate failed");
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(n));
    state.counters["ratio"] = double(n) / double(outLen);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Write, nii, "ct512.nii")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_Read, nii, "ct512.nii")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_Write, nii_gz, "ct512.nii.gz")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK_CAPTURE(BM_Read, nii_gz, "ct512.nii.gz")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_ReadRealCt)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PhantomBuild)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_DeflateLevel)->Arg(1)->Arg(6)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    for (const char* f : {"ct512.nii", "ct512.nii.gz"}) std::filesystem::remove(scratch(f));
    return 0;
}
