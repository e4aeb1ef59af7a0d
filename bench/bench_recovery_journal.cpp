// The viewer's autosave (seg/recovery_journal.h) on a full-size case: what journaling costs
// the editing (UI) thread per edit, how long until a change is on disk (write + fdatasync),
// the image hash a new image costs, the journal's size and the replay time of a recovery.
// Case: a 512 x 512 x 400 int16 CT and a TotalSegmentator label map of the same grid (the
// 20 real slices of example_seg_dicom repeated along k when the shared data is there, else
// synthetic balls). Plain timing main; figures go to bench/RESULTS.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "io/nifti_io.h"
#include "seg/document.h"
#include "seg/recovery_journal.h"

using namespace marrow;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

static BoxMask ball(Index3 c, int r) {
    BoxMask m({{c[0] - r, c[1] - r, c[2] - r}, {c[0] + r + 1, c[1] + r + 1, c[2] + r + 1}});
    for (int64_t k = m.box.lo[2]; k < m.box.hi[2]; ++k)
        for (int64_t j = m.box.lo[1]; j < m.box.hi[1]; ++j)
            for (int64_t i = m.box.lo[0]; i < m.box.hi[0]; ++i) {
                const int64_t di = i - c[0], dj = j - c[1], dk = k - c[2];
                m.at(i, j, k) = di * di + dj * dj + dk * dk <= r * r;
            }
    return m;
}

int main() {
    const ImageGeometry g({512, 512, 400}, {0.8, 0.8, 1.0});
    const fs::path dir = fs::temp_directory_path() / "marrow_bench_journal";
    fs::remove_all(dir);
    fs::create_directories(dir);
    Volume ct(g, ScalarType::Int16);
    for (size_t n = 0; n < ct.voxelCount(); ++n) ct.data<int16_t>()[n] = int16_t((n * 2654435761u >> 20) % 2000 - 1000);

    Volume labels(g, ScalarType::UInt8);
    const std::string real = std::string(MARROW_SHARED_DIR) + "/data/totalseg/example_seg_dicom.nii.gz";
    if (fs::exists(real)) {
        const Volume slab = readNifti(real);  // 512 x 512 x 20
        const size_t slice = size_t(512) * 512;
        for (int k = 0; k < 400; ++k)
            std::copy_n(slab.data<uint8_t>() + (k % slab.geometry().dim(2)) * slice, slice,
                        labels.data<uint8_t>() + k * slice);
    } else {
        for (int b = 0; b < 60; ++b) {
            const BoxMask m = ball({60 + (b * 37) % 390, 60 + (b * 53) % 390, 40 + (b * 29) % 320}, 30);
            for (int64_t k = m.box.lo[2]; k < m.box.hi[2]; ++k)
                for (int64_t j = m.box.lo[1]; j < m.box.hi[1]; ++j)
                    for (int64_t i = m.box.lo[0]; i < m.box.hi[0]; ++i)
                        if (m.at(i, j, k)) labels.data<uint8_t>()[g.linearIndex(i, j, k)] = uint8_t(1 + b % 100);
        }
    }
    const std::string labelsPath = (dir / "labels.nii").string();
    writeNifti(labels, labelsPath);
    std::printf("case: %dx%dx%d int16 CT, labels from %s\n", g.dim(0), g.dim(1), g.dim(2),
                fs::exists(real) ? "example_seg_dicom x20" : "synthetic balls");

    auto t0 = Clock::now();
    const uint64_t hash = imageContentHash(ct);
    std::printf("image content hash (%zu MB): %.1f ms (%016llx)\n", ct.byteSize() >> 20, msSince(t0),
                (unsigned long long)hash);

    Document doc;
    doc.enableRecovery((dir / "recovery").string());
    doc.setImage(ct, "ct.nii.gz");
    Document plain;  // the same without a journal
    plain.setImage(ct, "ct.nii.gz");

    t0 = Clock::now();
    plain.loadLabels(labelsPath);
    const double loadPlain = msSince(t0);
    t0 = Clock::now();
    doc.loadLabels(labelsPath);
    const double loadJournaled = msSince(t0);
    t0 = Clock::now();
    doc.journal()->flush();
    const double loadFlush = msSince(t0);
    // With a journal, the load restarts it from the loaded labels: a clone on this thread, the
    // encoding and writing on the writer's.
    std::printf("load labels (one undo step, %zu tile diffs): %.1f ms without journal, %.1f ms with; "
                "its new journal on disk after %.1f ms more\n",
                doc.history().nextUndo()->tiles.size(), loadPlain, loadJournaled, loadFlush);
    {
        RecoveryJournal scratch((dir / "scratch.journal").string(), ImageIdentity{}, LabelMap(), 0);
        t0 = Clock::now();
        scratch.appendStep(*doc.history().nextUndo(), true, doc.labels().segments(), 1);
        std::printf("queuing a whole-map step (undoing that load, say: a copy of its runs): %.2f ms\n", msSince(t0));
        scratch.remove();
    }

    // Brush dabs (5 mm radius ~ 6 voxels): the edit on the UI thread, with and without the
    // journal, and the time until each is on disk.
    for (Document* d : {&doc, &plain}) {
        d->editor().setSegmentLocked(1, false);
        d->editor().addSegment("brush");
    }
    const Label brush = doc.labels().segments().back().id;
    std::vector<double> withJ, withoutJ, flush;
    for (int n = 0; n < 200; ++n) {
        const BoxMask dab = ball({100 + n, 200 + (n % 7), 150 + (n % 11)}, 6);
        t0 = Clock::now();
        plain.editor().apply(Modifier::of(dab), EditMode::Set, brush);
        withoutJ.push_back(msSince(t0));
        t0 = Clock::now();
        doc.editor().apply(Modifier::of(dab), EditMode::Set, brush);
        withJ.push_back(msSince(t0));
        t0 = Clock::now();
        doc.journal()->flush();
        flush.push_back(msSince(t0));
    }
    std::printf("brush dab (r 6 voxels), median of 200: %.3f ms without journal, %.3f ms with; "
                "on disk (write + fdatasync) median %.2f ms, max %.2f ms\n",
                median(withoutJ), median(withJ), median(flush), *std::max_element(flush.begin(), flush.end()));

    // A full-volume edit: threshold-like Set everywhere the CT is in [200, 1000].
    EditOptions opt;
    opt.intensity = &doc.image();
    opt.intensityLo = 200;
    opt.intensityHi = 1000;
    for (Document* d : {&doc, &plain}) d->editor().setSegmentLocked(2, false);
    t0 = Clock::now();
    plain.editor().apply(Modifier::everywhere(g), EditMode::Set, brush, [&] {
        EditOptions o = opt;
        o.intensity = &plain.image();
        return o;
    }());
    const double bigPlain = msSince(t0);
    t0 = Clock::now();
    doc.editor().apply(Modifier::everywhere(g), EditMode::Set, brush, opt);
    const double bigJournaled = msSince(t0);
    t0 = Clock::now();
    doc.journal()->flush();
    std::printf("full-volume threshold edit: %.1f ms without journal, %.1f ms with; on disk %.1f ms later\n",
                bigPlain, bigJournaled, msSince(t0));

    const std::string path = doc.journal()->path();
    std::printf("journal size: %.1f MB\n", double(fs::file_size(path)) / (1 << 20));
    t0 = Clock::now();
    const LabelMap replayed = RecoveryJournal::replay(path, doc.image());
    std::printf("replay (recovery, hash check included): %.1f ms; bit-exact: %s\n", msSince(t0),
                replayed.sameVoxels(doc.labels()) && replayed.segments() == doc.labels().segments() ? "yes" : "NO");
    doc.discardRecovery();
    fs::remove_all(dir);
    return 0;
}
