// marrow batch STUDIES_DIR|MANIFEST.csv -o OUT_DIR --pipeline P.json [-j N]: one segment
// pipeline (segment_job.h, the steps of `marrow segment`) over every study, unattended.
// Per study OUT_DIR/<study>/ gets labels.nii.gz, model.stl (when the pipeline asks),
// report.json and, last, its record (batch_record.h); OUT_DIR/summary.csv is rebuilt from
// the records after each study. A re-run skips finished studies; a failed study is recorded
// and the batch goes on; the exit status is 1 when any study failed.
#include <tbb/task_arena.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "io/error.h"
#include "io/memory_budget.h"
#include "io/platform_memory.h"
#include "src/cli/batch_jobs.h"
#include "src/cli/batch_record.h"
#include "src/cli/batch_studies.h"
#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#include "src/cli/output_guard.h"
#include "src/cli/segment_job.h"

namespace marrow::cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BatchArgs {
    std::string input, outDir, pipeline;
    int jobs = 0;    // 0: from the memory estimate
    int row = 0;     // 1-based: run only this study (a Slurm array task, a GNU parallel job)
    bool mergeOnly = false;
    bool list = false;  // print the studies as manifest rows "study,input" (for job arrays)
};

SegmentSteps readPipeline(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the pipeline file");
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false, true);
    if (j.is_discarded()) throw Error(path, "not valid JSON");
    return segmentStepsFromJson(j, path);
}

StudyRecord runStudy(const Study& study, const std::string& outDir, const SegmentSteps& steps) {
    const auto t0 = Clock::now();
    const fs::path dir = fs::path(outDir) / study.id;
    StudyRecord r;
    r.study = study.id;
    r.input = study.input;
    bool mayWriteRecord = false;
    try {
        // The record files and the summary are outputs too (segment's own are checked in runSegmentJob).
        checkOutputs({{study.input, "input"}},
                     {{(dir / kDoneMarker).string(), "record"}, {(dir / kFailedMarker).string(), "failure record"},
                      {(fs::path(outDir) / "summary.csv").string(), "summary"}},
                     false);
        mayWriteRecord = true;
        fs::create_directories(dir);
        SegmentJob job;
        job.input = study.input;
        job.output = (dir / "labels.nii.gz").string();
        job.stl = steps.stl ? (dir / "model.stl").string() : "";
        job.report = (dir / "report.json").string();
        job.steps = steps;
        job.quiet = true;
        const nlohmann::json report = runSegmentJob(job);
        r.series = report["series"].value("uid", "");
        for (const auto& w : report["warnings"]) r.warnings += (r.warnings.empty() ? "" : "; ") + w.get<std::string>();
        r.voxels = report["segment"]["voxels"].get<size_t>();
        r.volumeMl = report["volume_ml"].get<double>();
        r.ok = true;
    } catch (...) {
        r.error = errorLine(std::current_exception());
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    try {
        if (mayWriteRecord) writeStudyRecord(dir.string(), r);  // last: the study counts as done from here
    } catch (...) {
        r.ok = false;
        r.error = errorLine(std::current_exception());
    }
    return r;
}

std::string clockText(double seconds) {
    const long s = long(seconds + 0.5);
    char text[32];
    if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

// Progress: a bar redrawn in place on a terminal, one plain line per study otherwise.
class Progress {
public:
    explicit Progress(size_t total) : total_(total), tty_(isatty(STDERR_FILENO)), start_(Clock::now()) {}
    void finished(const StudyRecord& r, size_t running) {
        ++done_;
        failed_ += r.ok ? 0 : 1;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        const double eta = elapsed / double(done_) * double(total_ - done_);
        if (tty_) {
            const int width = 30, filled = int(width * done_ / std::max<size_t>(total_, 1));
            std::fprintf(stderr, "\r\033[K[%s%s] %zu/%zu, %zu failed, %zu running, ETA %s",
                         std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(), done_, total_,
                         failed_, running, clockText(eta).c_str());
            if (!r.ok) std::fprintf(stderr, "\n%s: FAILED: %s\n", r.study.c_str(), r.error.c_str());
            if (done_ == total_) std::fprintf(stderr, "\n");
        } else if (r.ok) {
            std::printf("[%zu/%zu] %s: ok, %zu voxels, %.2f mL, %.2f s, ETA %s\n", done_, total_, r.study.c_str(),
                        r.voxels, r.volumeMl, r.seconds, clockText(eta).c_str());
        } else {
            std::printf("[%zu/%zu] %s: FAILED: %s\n", done_, total_, r.study.c_str(), r.error.c_str());
        }
        std::fflush(stdout);
    }

private:
    size_t total_, done_ = 0, failed_ = 0;
    bool tty_;
    Clock::time_point start_;
};

void runBatch(const BatchArgs& a) {
    if (a.outDir.empty() && !a.list) throw Error("", "batch: -o OUT_DIR is required");
    if (a.mergeOnly) {
        const auto records = writeSummary(a.outDir);
        const auto failed = std::count_if(records.begin(), records.end(), [](const auto& r) { return !r.ok; });
        std::printf("batch: merged %zu study records (%zu failed) into %s\n", records.size(), size_t(failed),
                    (fs::path(a.outDir) / "summary.csv").string().c_str());
        return;
    }
    if (a.input.empty()) throw Error("", "batch: give STUDIES_DIR or MANIFEST.csv (or --merge-summaries)");
    if (a.list) {
        for (const Study& s : findStudies(a.input, a.outDir))
            std::printf("%s,%s\n", csvField(s.id).c_str(), csvField(s.input).c_str());
        return;
    }
    if (a.pipeline.empty()) throw Error("", "batch: --pipeline P.json is required");
    const SegmentSteps steps = readPipeline(a.pipeline);
    if (sameFile(a.input, a.outDir)) throw Error(a.outDir, "the output folder is the studies folder");
    std::vector<Study> studies = findStudies(a.input, a.outDir);
    if (a.row > 0) {
        if (size_t(a.row) > studies.size())
            throw Error(a.input, "--row " + std::to_string(a.row) + " out of range (" + std::to_string(studies.size()) +
                                     " studies)");
        studies = {studies[size_t(a.row) - 1]};
    }
    if (studies.empty()) throw Error(a.input, "no studies (subfolders or .nii/.nii.gz files) found");
    fs::create_directories(a.outDir);

    std::vector<Study> todo;
    for (const Study& s : studies) {
        const auto r = readStudyRecord((fs::path(a.outDir) / s.id).string());
        if (!r || !r->ok) todo.push_back(s);
    }
    int jobs = a.jobs;
    if (jobs <= 0) {
        std::vector<size_t> bytes;
        for (const Study& s : todo) bytes.push_back(estimateStudyBytes(s.input));
        const size_t available = availableMemoryBytes();
        jobs = chooseJobs(bytes, available, std::thread::hardware_concurrency());
        std::printf("batch: -j %d from the memory estimate (largest study about %s, %s available)\n", jobs,
                    formatBytes(bytes.empty() ? 0 : *std::max_element(bytes.begin(), bytes.end())).c_str(),
                    formatBytes(available).c_str());
    }
    jobs = std::max(1, std::min<int>(jobs, int(std::max<size_t>(todo.size(), 1))));
    std::printf("batch: %zu studies, skipped %zu finished, running %zu with -j %d\n", studies.size(),
                studies.size() - todo.size(), todo.size(), jobs);
    std::fflush(stdout);

    // Each study's TBB work gets its share of the cores, so -j N studies do not each start
    // a thread per core (oversubscription, and N times the per-thread scratch memory).
    const int threadsPerStudy = std::max(1, int(std::thread::hardware_concurrency()) / jobs);
    std::mutex mutex;  // the summary file and the progress display
    Progress progress(todo.size());
    std::atomic<size_t> next{0}, running{0};
    size_t failed = 0;
    const auto t0 = Clock::now();
    auto worker = [&] {
        tbb::task_arena arena(threadsPerStudy);
        for (size_t i; (i = next++) < todo.size();) {
            ++running;
            StudyRecord r;
            arena.execute([&] { r = runStudy(todo[i], a.outDir, steps); });
            --running;
            std::lock_guard lock(mutex);
            failed += r.ok ? 0 : 1;
            try {
                writeSummary(a.outDir);
            } catch (...) {
                std::fprintf(stderr, "marrow: warning: %s\n", errorLine(std::current_exception()).c_str());
            }
            progress.finished(r, running);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    writeSummary(a.outDir);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("batch: %zu ok, %zu failed, %zu skipped (finished before) of %zu studies in %.1f s; summary %s\n",
                todo.size() - failed, failed, studies.size() - todo.size(), studies.size(), seconds,
                (fs::path(a.outDir) / "summary.csv").string().c_str());
    if (failed > 0)
        throw Error((fs::path(a.outDir) / "summary.csv").string(),
                    std::to_string(failed) + " of " + std::to_string(studies.size()) + " studies failed");
}

}  // namespace

void addBatchCommand(CLI::App& app) {
    auto args = std::make_shared<BatchArgs>();
    auto* cmd = app.add_subcommand(
        "batch", "Run one segment pipeline over every study of a folder or CSV manifest; resumable, with a summary CSV");
    cmd->add_option("input", args->input,
                    "STUDIES_DIR (each subfolder or .nii/.nii.gz file is a study) or MANIFEST.csv (rows study,input)");
    cmd->add_option("-o,--output", args->outDir,
                    "Output folder (required but with --list): <study>/labels.nii.gz, report.json, summary.csv");
    cmd->add_option("--pipeline", args->pipeline,
                    "JSON of segment options without '--', e.g. {\"threshold\": \"150:3071\", \"keep-largest\": true, "
                    "\"stl\": true}");
    cmd->add_option("-j,--jobs", args->jobs, "Studies at once (default: from the memory estimate and cores)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--row", args->row, "Run only the Nth study (1-based; a Slurm array task or a parallel job)")
        ->check(CLI::Range(1, 1 << 30));
    cmd->add_flag("--merge-summaries", args->mergeOnly,
                  "Only rebuild OUT_DIR/summary.csv from the study records (after runs on several hosts or tasks)");
    cmd->add_flag("--list", args->list,
                  "Only print the studies as manifest rows 'study,input' (no header), in --row order");
    cmd->callback([args] { runBatch(*args); });
}

}  // namespace marrow::cli
