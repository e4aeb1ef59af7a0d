// DICOM series load throughput (issue 2 targets, 2-core machine, warm page cache):
//   1. a 512x512x400 uncompressed int16 CT series that this program writes itself once
//      (into $TMPDIR/marrow-bench-dicom-400): readDicomSeries under 0.3 s;
//   2. the real 20-slice JPEG 2000 series: readDicomSeries no slower than
//   3. GDCM's own plain serial loop (ImageReader + GetBuffer + rescale per file).
// Each figure is the median of several runs after one warm-up run.
// Usage: bench_dicom_load [runs=7]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include <gdcmImageReader.h>

#include "io/dicom_reader.h"
#include "io/dicom_writer.h"

using namespace marrow;
namespace fs = std::filesystem;

namespace {

struct Timing {
    double wall = 0, cpu = 0;  // seconds; cpu = process CPU time summed over threads
};

// Median wall time (and the CPU time of that same run) after one warm-up run. CPU time
// shows the work done when other processes share the cores.
Timing median(int runs, const std::function<void()>& f) {
    f();  // warm-up: page cache, allocator, TBB threads
    std::vector<Timing> t;
    for (int r = 0; r < runs; ++r) {
        const auto a = std::chrono::steady_clock::now();
        const std::clock_t c = std::clock();
        f();
        t.push_back({std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count(),
                     double(std::clock() - c) / CLOCKS_PER_SEC});
    }
    std::sort(t.begin(), t.end(), [](const Timing& x, const Timing& y) { return x.wall < y.wall; });
    return t[t.size() / 2];
}

std::string makeLargeSeries() {
    const fs::path dir = fs::temp_directory_path() / "marrow-bench-dicom-400";
    const fs::path done = dir / "complete";
    if (fs::exists(done)) return dir.string();
    fs::remove_all(dir);
    std::printf("writing 512x512x400 int16 series to %s ...\n", dir.c_str());
    const ImageGeometry g({512, 512, 400}, {0.8, 0.8, 1.0}, {-204.8, -204.8, -200});
    Volume v(g, ScalarType::Int16, false);
    int16_t* p = v.data<int16_t>();
    uint32_t seed = 1;
    for (size_t n = 0; n < v.voxelCount(); ++n) {
        seed = seed * 1664525u + 1013904223u;  // LCG noise around a smooth ramp
        p[n] = int16_t(int(n % 2048) - 1024 + int(seed >> 28));
    }
    DicomWriteOptions o;
    o.rescaleIntercept = -1024;
    writeDicomSeries(v, dir.string(), o);
    std::ofstream(done) << "ok\n";
    return dir.string();
}

// GDCM's own reading loop, the baseline a plain GDCM user would write.
size_t gdcmSerialLoop(const std::vector<std::string>& files) {
    size_t checksum = 0;
    std::vector<char> buffer;
    std::vector<int16_t> hu;
    for (const auto& f : files) {
        gdcm::ImageReader r;
        r.SetFileName(f.c_str());
        if (!r.Read()) std::abort();
        const gdcm::Image& im = r.GetImage();
        buffer.resize(im.GetBufferLength());
        im.GetBuffer(buffer.data());
        const size_t n = buffer.size() / 2;
        hu.resize(n);
        const double slope = im.GetSlope(), intercept = im.GetIntercept();
        const bool isSigned = im.GetPixelFormat().GetPixelRepresentation() == 1;
        for (size_t i = 0; i < n; ++i) {
            const double raw = isSigned ? double(reinterpret_cast<const int16_t*>(buffer.data())[i])
                                        : double(reinterpret_cast<const uint16_t*>(buffer.data())[i]);
            hu[i] = int16_t(std::lround(raw * slope + intercept));
        }
        checksum += size_t(hu[n / 2]);
    }
    return checksum;
}

void report(const char* what, Timing t, int slices, double megabytes) {
    std::printf("%-42s %7.1f ms wall %7.1f ms cpu %6.0f slices/s %6.0f MB/s\n", what, t.wall * 1e3, t.cpu * 1e3,
                slices / t.wall, megabytes / t.wall);
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    const char* opj = std::getenv("OPJ_NUM_THREADS");
    std::printf("median of %d runs, warm cache; OPJ_NUM_THREADS=%s\n", runs, opj ? opj : "(unset)");

    // GDCM's loop on the real sample runs first: readDicomSeries sets OPJ_NUM_THREADS=1
    // (unless set), and the baseline must keep OpenJPEG's default threading.
    const std::string real = std::string(MARROW_SHARED_DIR) + "/data/totalseg/example_ct_dicom";
    const bool haveReal = fs::exists(real);
    std::vector<std::string> realFiles;
    Timing gdcmReal;
    if (haveReal) {
        for (const auto& e : fs::directory_iterator(real)) realFiles.push_back(e.path().string());
        gdcmReal = median(runs, [&] { gdcmSerialLoop(realFiles); });
    }

    const std::string large = makeLargeSeries();
    const double mbLarge = 512.0 * 512 * 400 * 2 / 1e6;
    Volume v;
    report("400 x 512^2 int16 uncompressed: marrow", median(runs, [&] { v = readDicomSeries(large); }), 400,
           mbLarge);
    std::vector<std::string> largeFiles;
    for (const auto& e : fs::directory_iterator(large))
        if (e.path().extension() == ".dcm") largeFiles.push_back(e.path().string());
    report("400 x 512^2 int16 uncompressed: GDCM loop", median(runs, [&] { gdcmSerialLoop(largeFiles); }),
           400, mbLarge);

    if (!haveReal) {
        std::printf("real sample not found (%s); skipping JPEG 2000 figures\n", real.c_str());
        return 0;
    }
    const double mbReal = 512.0 * 512 * 20 * 2 / 1e6;
    report("20 x 512^2 JPEG 2000: marrow", median(runs, [&] { v = readDicomSeries(real); }), 20, mbReal);
    report("20 x 512^2 JPEG 2000: GDCM serial loop", gdcmReal, 20, mbReal);
    return 0;
}
