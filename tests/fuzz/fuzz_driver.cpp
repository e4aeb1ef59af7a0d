// Standalone runner for the fuzz targets, for any compiler (no libFuzzer needed): runs
// every corpus file once, then a deterministic mutation loop (tests/fuzz/fuzz_mutator.h)
// for --runs inputs or --seconds, whichever ends first. A finding (an exception other
// than marrow::Error escaping the target, a crash, a sanitizer report, an input running
// longer than --timeout) saves the input as <crash-dir>/crash-<target>-<n> and exits 1.
//   marrow_fuzz_nifti [--seconds S] [--runs N] [--seed N] [--max-len BYTES]
//                     [--timeout S] [--crash-dir DIR] CORPUS_FILE_OR_FOLDER...
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <typeinfo>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#if defined(__SANITIZE_ADDRESS__)
#define MARROW_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MARROW_FUZZ_ASAN 1
#endif
#endif

#ifdef MARROW_FUZZ_ASAN
// Allocations above 2 GiB fail (std::bad_alloc, reported as a finding) instead of being
// served from overcommitted memory, as libFuzzer's -malloc_limit_mb=2048 would flag them.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1:max_allocation_size_mb=2048"; }
#endif
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

using marrow::fuzz::Bytes;

struct Options {
    double seconds = 10;
    size_t runs = size_t(-1);
    uint64_t seed = 1;
    size_t maxLen = 1 << 20;
    unsigned timeout = 10;
    std::string crashDir = ".";
    std::string target;
    std::vector<std::string> paths;
};

// What a signal handler needs to save the input being run: plain globals.
const Bytes* gCurrent = nullptr;
std::string gCrashPath;

void saveCurrentInput() {
    if (!gCurrent) return;
    const int fd = ::open(gCrashPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    if (::write(fd, gCurrent->data(), gCurrent->size()) < 0) {}
    ::close(fd);
    static const char msg[] = "\nfuzz_driver: the input being run is saved as ";
    if (::write(2, msg, sizeof msg - 1) < 0 || ::write(2, gCrashPath.data(), gCrashPath.size()) < 0 ||
        ::write(2, "\n", 1) < 0) {}
}

void onFatalSignal(int sig) {
    if (sig == SIGALRM) {
        static const char msg[] = "fuzz_driver: finding: input ran longer than --timeout (a hang)\n";
        if (::write(2, msg, sizeof msg - 1) < 0) {}
    }
    saveCurrentInput();
    gCurrent = nullptr;  // saved once, whatever signal follows
    const int deadly = sig == SIGALRM ? SIGABRT : sig;
    ::signal(deadly, SIG_DFL);
    ::raise(deadly);
}

void installHandlers() {
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM}) ::signal(sig, onFatalSignal);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(saveCurrentInput);
#ifndef MARROW_FUZZ_ASAN
    // Without ASan's allocator limit, bound the address space so that a reader asking
    // for tens of GB fails with std::bad_alloc instead of swapping the machine.
    const rlimit limit{rlim_t(8) << 30, rlim_t(8) << 30};
    ::setrlimit(RLIMIT_AS, &limit);
#endif
}

Bytes readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::filesystem::path> corpusFiles(const std::vector<std::string>& paths) {
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.emplace_back(p);
        }
    }
    std::sort(files.begin(), files.end());  // a deterministic order whatever the file system
    return files;
}

bool parseArgs(int argc, char** argv, Options& o) {
    o.target = std::filesystem::path(argv[0]).filename().string();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--seconds" && hasValue) o.seconds = std::atof(argv[++i]);
        else if (a == "--runs" && hasValue) o.runs = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--seed" && hasValue) o.seed = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--max-len" && hasValue) o.maxLen = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--timeout" && hasValue) o.timeout = unsigned(std::atoi(argv[++i]));
        else if (a == "--crash-dir" && hasValue) o.crashDir = argv[++i];
        else if (!a.empty() && a[0] != '-') o.paths.push_back(a);
        else return false;
    }
    return !o.paths.empty();
}

// Runs one input; false (after saving it) when something other than marrow::Error escaped.
bool runOne(const Bytes& input, const Options& o) {
    gCurrent = &input;
    ::alarm(o.timeout);
    try {
        LLVMFuzzerTestOneInput(input.data(), input.size());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_driver: finding: uncaught %s: %s\n", typeid(e).name(), e.what());
        saveCurrentInput();
        return false;
    } catch (...) {
        std::fprintf(stderr, "fuzz_driver: finding: uncaught non-std exception\n");
        saveCurrentInput();
        return false;
    }
    ::alarm(0);
    gCurrent = nullptr;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseArgs(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: %s [--seconds S] [--runs N] [--seed N] [--max-len BYTES] [--timeout S] "
                     "[--crash-dir DIR] CORPUS_FILE_OR_FOLDER...\n",
                     argv[0]);
        return 2;
    }
    std::filesystem::create_directories(o.crashDir);
    gCrashPath = (std::filesystem::path(o.crashDir) / ("crash-" + o.target + "-seed" + std::to_string(o.seed))).string();
    installHandlers();

    std::vector<Bytes> corpus;
    const auto files = corpusFiles(o.paths);
    const auto start = std::chrono::steady_clock::now();
    for (const auto& f : files) {
        Bytes b = readFile(f);
        if (!runOne(b, o)) {
            std::fprintf(stderr, "fuzz_driver: corpus file %s\n", f.c_str());
            return 1;
        }
        if (b.size() <= o.maxLen) corpus.push_back(std::move(b));
    }
    if (corpus.empty()) corpus.emplace_back();
    marrow::fuzz::Mutator mutator(o.seed, o.maxLen);
    size_t mutations = 0;
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    while (mutations < o.runs && elapsed() < o.seconds) {
        const Bytes input = mutator.next(corpus);
        ++mutations;
        if (!runOne(input, o)) {
            std::fprintf(stderr, "fuzz_driver: mutation %zu of seed %llu\n", mutations, (unsigned long long)o.seed);
            return 1;
        }
    }
    const double s = elapsed();
    std::printf("%s: %zu corpus files + %zu mutations in %.1f s (%.0f exec/s), 0 findings\n", o.target.c_str(),
                files.size(), mutations, s, double(files.size() + mutations) / std::max(s, 1e-9));
    return 0;
}
