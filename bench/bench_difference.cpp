// The GUI's "show changes vs. loaded labels" overlay on a 512 x 512 x 400 multi-label map
// (synthetic, TotalSegmentator-like: body, spine split into 13 vertebrae, femurs, lungs,
// liver; 0.7 x 0.7 x 1.0 mm), loaded into a Document from a temporary NIfTI as the
// original. What the overlay costs on the CPU after an edit:
//   before  (ec02feb) a full recompute after every change: LabelMap::toVolume, compare
//           with the original, and the panel's count of added/removed (serial), as
//           updateDifferenceOverlay did then (reproduced here, and checked equal);
//   after   the label map's changedSince(version) box, Document::updateDifference in that
//           box only (counts kept exact), and packing the box's bytes for glTexSubImage3D.
// Cases: 10 mm brush dabs (disk and sphere of radius 5 mm) and radius-10 mm spheres at random
// places, the undo of a dab, and a full-volume edit (merging the body into another label).
// Plain timing main: each figure is the median (and worst) over many edits; full passes are
// the best of a few runs. Every incremental result is checked against a full recompute.
//   bench_difference [threads N]
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/nifti_io.h"
#include "seg/document.h"
#include "seg/tools/paint.h"

using namespace marrow;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

const ImageGeometry kGrid({512, 512, 400}, {0.7, 0.7, 1.0}, {-179, -179, 0});

// Body 1 (ellipse), vertebrae 10..22 (the spine column, 30 slices each), femurs 3 and 4
// (k < 200), lungs 5 and 6 (k >= 250), liver 7 (an ellipsoid on the right).
Volume makeLabels() {
    Volume v(kGrid, ScalarType::UInt8, false);
    uint8_t* p = v.data<uint8_t>();
    tbb::parallel_for(0, 400, [&](int k) {
        for (int j = 0; j < 512; ++j)
            for (int i = 0; i < 512; ++i) {
                const double x = (i - 256) / 230.0, y = (j - 256) / 170.0;
                uint8_t l = x * x + y * y < 1 ? 1 : 0;
                const double sx = i - 256, sy = j - 370;
                if (sx * sx + sy * sy < 30 * 30) l = uint8_t(10 + k / 31);
                if (k < 200)
                    for (int f = 0; f < 2; ++f) {
                        const double fx = i - (f ? 362.0 : 150.0), fy = j - 250;
                        if (fx * fx + fy * fy < 28 * 28) l = uint8_t(3 + f);
                    }
                if (k >= 250 && x * x + y * y < 0.6 && std::abs(i - 256) > 40 && j < 330) l = i < 256 ? 5 : 6;
                const double lx = (i - 170) / 80.0, ly = (j - 230) / 60.0, lz = (k - 220) / 45.0;
                if (lx * lx + ly * ly + lz * lz < 1) l = 7;
                p[kGrid.linearIndex(i, j, k)] = l;
            }
    });
    return v;
}

// The overlay update as it was at ec02feb: a dense copy of the labels, a parallel compare,
// then the panel's serial count.
Volume oldFullRecompute(const Document& doc, DifferenceCounts& counts) {
    const Volume& original = doc.originalLabels();
    Volume diff(kGrid, ScalarType::UInt8, true);
    const Volume now = doc.labels().toVolume(original.type());
    uint8_t* d = diff.data<uint8_t>();
    const uint8_t* before = original.data<uint8_t>();
    const uint8_t* after = now.data<uint8_t>();
    tbb::parallel_for(size_t(0), diff.voxelCount(), size_t(1) << 16, [&](size_t n0) {
        const size_t n1 = std::min(n0 + (size_t(1) << 16), diff.voxelCount());
        for (size_t n = n0; n < n1; ++n) d[n] = before[n] == after[n] ? 0 : (after[n] != 0 ? 1 : 2);
    });
    counts = {};
    for (size_t n = 0; n < diff.voxelCount(); ++n) {
        counts.added += d[n] == 1;
        counts.removed += d[n] == 2;
    }
    return diff;
}

// What LabelTexture::updateBox(Volume, box) copies before glTexSubImage3D.
size_t packBox(const Volume& v, const VoxelBox& b, std::vector<uint8_t>& bytes) {
    bytes.resize(size_t(b.count()));
    uint8_t* out = bytes.data();
    for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
        for (int64_t j = b.lo[1]; j < b.hi[1]; ++j, out += b.extent(0))
            std::memcpy(out, v.data<uint8_t>() + kGrid.linearIndex(b.lo[0], j, k), size_t(b.extent(0)));
    return bytes.size();
}

// The incremental overlay: the diff volume, its counts and the version it describes.
struct Overlay {
    Volume diff;
    DifferenceCounts counts;
    uint64_t seen = 0;
    std::vector<uint8_t> upload;
    // Returns the update's time in ms (box query + recompute + upload packing).
    double update(const Document& doc, VoxelBox* boxOut = nullptr) {
        const auto t0 = Clock::now();
        const VoxelBox box = doc.labels().changedSince(seen);
        doc.updateDifference(box, diff, counts);
        seen = doc.labels().version();
        if (!box.empty()) packBox(diff, box, upload);
        const double t = ms(t0, Clock::now());
        if (boxOut) *boxOut = box;
        return t;
    }
};

bool sameAsFull(const Document& doc, const Overlay& o) {
    DifferenceCounts c;
    const Volume full = oldFullRecompute(doc, c);
    return c == o.counts && std::memcmp(full.raw(), o.diff.raw(), full.voxelCount()) == 0;
}

struct Stats {
    std::vector<double> t;
    double median() { std::sort(t.begin(), t.end()); return t.empty() ? 0 : t[t.size() / 2]; }
    double worst() const { return t.empty() ? 0 : *std::max_element(t.begin(), t.end()); }
};

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    const int threads = mode == "threads" && argc > 2 ? std::max(1, std::atoi(argv[2])) : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, size_t(threads));
    std::printf("threads: %d\n", threads);

    auto t0 = Clock::now();
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("marrow_bench_difference_" + std::to_string(::getpid()) + ".nii");
    writeNifti(makeLabels(), path.string());
    Document doc;
    doc.setImage(Volume(kGrid, ScalarType::Int16, true), "ct");
    doc.loadLabels(path.string());
    std::filesystem::remove(path);
    for (const Segment& s : std::vector<Segment>(doc.labels().segments())) doc.editor().setSegmentLocked(s.id, false);
    std::printf("setup (labels %zu segments, written, loaded): %.0f ms\n", doc.labels().segments().size(),
                ms(t0, Clock::now()));

    // Full passes: before (every change) and after (only the first time / after a reload).
    double oldBest = 1e9, newBest = 1e9;
    DifferenceCounts oldCounts;
    for (int r = 0; r < 3; ++r) {
        t0 = Clock::now();
        const Volume d = oldFullRecompute(doc, oldCounts);
        oldBest = std::min(oldBest, ms(t0, Clock::now()));
    }
    Overlay o;
    for (int r = 0; r < 3; ++r) {
        t0 = Clock::now();
        o.diff = Volume(kGrid, ScalarType::UInt8, true);
        o.counts = {};
        doc.updateDifference(VoxelBox::of(kGrid), o.diff, o.counts);
        newBest = std::min(newBest, ms(t0, Clock::now()));
    }
    o.seen = doc.labels().version();
    std::printf("BEFORE full recompute (toVolume + compare + serial count), every change: best %.1f ms\n", oldBest);
    std::printf("AFTER  full pass (first time / reload: allocate + updateDifference on the grid): best %.1f ms\n", newBest);

    // Brush dabs at random places inside the body, alternating paint (liver) and erase.
    struct Case {
        const char* name;
        double radius;
        tools::BrushShape shape;
    };
    std::minstd_rand rng(7);
    for (const Case& c : {Case{"10 mm disk (r 5 mm)", 5, tools::BrushShape::Disk},
                          Case{"10 mm sphere (r 5 mm)", 5, tools::BrushShape::Sphere},
                          Case{"20 mm sphere (r 10 mm)", 10, tools::BrushShape::Sphere}}) {
        tools::PaintParams pp;
        pp.radiusMm = c.radius;
        pp.shape = c.shape;
        Stats paint, update, undo;
        VoxelBox box;
        const int n = 200;
        for (int d = 0; d < n; ++d) {
            const Vec3 p = kGrid.indexToPatient({double(100 + rng() % 312), double(120 + rng() % 272), double(20 + rng() % 360)});
            pp.erase = d % 2 == 1;
            pp.segment = pp.erase ? 0 : 7;
            t0 = Clock::now();
            tools::paintStroke(doc.editor(), pp, {p});
            paint.t.push_back(ms(t0, Clock::now()));
            update.t.push_back(o.update(doc, &box));
            if (d % 10 == 9) {  // every tenth dab is undone (and the overlay follows)
                doc.editor().undo();
                undo.t.push_back(o.update(doc));
            }
        }
        std::printf("%s: last box %lldx%lldx%lld; the dab itself median %.3f ms\n", c.name, (long long)box.extent(0),
                    (long long)box.extent(1), (long long)box.extent(2), paint.median());
        std::printf("  AFTER overlay update per dab: median %.3f ms, worst %.3f ms; after an undo: median %.3f ms, worst %.3f ms\n",
                    update.median(), update.worst(), undo.median(), undo.worst());
    }
    std::printf("incremental overlay equals a full recompute after %s: %s (added %zu, removed %zu)\n", "600 dabs + 60 undos",
                sameAsFull(doc, o) ? "yes" : "NO", o.counts.added, o.counts.removed);

    // A full-volume edit: the body (label 1) merged into a new label (a Set inside segment 1).
    {
        EditOptions opt;
        opt.region = EditRegion::InsideSegment;
        opt.regionSegment = 1;
        const Label into = doc.editor().addSegment("merged body");
        t0 = Clock::now();
        doc.editor().apply(Modifier::everywhere(kGrid), EditMode::Set, into, opt);
        const double edit = ms(t0, Clock::now());
        VoxelBox box;
        const double upd = o.update(doc, &box);
        t0 = Clock::now();
        doc.editor().undo();
        const double undoEdit = ms(t0, Clock::now());
        const double updUndo = o.update(doc);
        std::printf("full-volume edit (merge the body into a new label): edit %.1f ms, box %lldx%lldx%lld\n", edit,
                    (long long)box.extent(0), (long long)box.extent(1), (long long)box.extent(2));
        std::printf("  AFTER overlay update: %.1f ms (incl. packing %.0f MB for upload); after its undo (%.1f ms): %.1f ms\n",
                    upd, double(o.upload.size()) / 1048576.0, undoEdit, updUndo);
        std::printf("  BEFORE it was the full recompute above: %.1f ms\n", oldBest);
    }
    std::printf("incremental overlay equals a full recompute at the end: %s\n", sameAsFull(doc, o) ? "yes" : "NO");
    return 0;
}
