#include "io/atomic_file.h"

#include <limits>

#include <cstdlib>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>

#include "io/error.h"
#include "io/platform_process.h"

namespace marrow {
namespace fs = std::filesystem;

namespace {
constexpr const char* kPrefix = ".marrow-tmp-";

struct TempName {
    std::string host;
    long pid = 0;
};

// Parses ".marrow-tmp-<8 hex>-<pid>-<hex>-<name>"; false for anything else.
bool parseTempName(const std::string& name, TempName& out) {
    const std::string prefix = kPrefix;
    if (name.compare(0, prefix.size(), prefix) != 0) return false;
    size_t i = prefix.size();
    auto field = [&](auto accept) {
        const size_t start = i;
        while (i < name.size() && accept(static_cast<unsigned char>(name[i]))) ++i;
        if (i == start || i >= name.size() || name[i] != '-') return std::string();
        return name.substr(start, i++ - start);
    };
    const std::string host = field([](unsigned char c) { return std::isxdigit(c) != 0; });
    const std::string pid = field([](unsigned char c) { return std::isdigit(c) != 0; });
    const std::string random = field([](unsigned char c) { return std::isxdigit(c) != 0; });
    if (host.size() != 8 || pid.empty() || pid.size() > 18 || random.empty() || i >= name.size()) return false;
    // strtoll never throws; a pid beyond long (32 bits on Windows) is no process of ours.
    const long long value = std::strtoll(pid.c_str(), nullptr, 10);
    if (value > std::numeric_limits<long>::max()) return false;
    out.host = host;
    out.pid = long(value);
    return true;
}

std::string tempPathFor(const fs::path& target) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    char random[17];
    std::snprintf(random, sizeof random, "%016llx", static_cast<unsigned long long>(rng()));
    const std::string name = kPrefix + hostTag() + "-" + std::to_string(currentProcessId()) + "-" + random + "-" +
                             target.filename().string();
    return (target.parent_path() / name).string();
}

// Cleans each folder once per process: a DICOM series writes hundreds of files into one
// folder, and one scan is enough to find what earlier, killed runs left there.
void cleanFolderOnce(const fs::path& folder) {
    static std::mutex mutex;
    static std::set<std::string> cleaned;
    std::error_code ec;
    fs::path key = fs::weakly_canonical(folder.empty() ? fs::path(".") : folder, ec);
    if (ec) key = folder;
    {
        std::lock_guard lock(mutex);
        if (!cleaned.insert(key.string()).second) return;
    }
    removeStaleTempFiles(key.string());
}
}  // namespace

bool isAtomicTempName(const std::string& fileName) {
    TempName t;
    return parseTempName(fileName, t);
}

size_t removeStaleTempFiles(const std::string& folder, std::chrono::seconds maxAge) {
    const std::string host = hostTag();
    const auto now = fs::file_time_type::clock::now();
    size_t removed = 0;
    std::error_code ec;
    fs::directory_iterator it(folder.empty() ? "." : folder, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        TempName t;
        if (!parseTempName(it->path().filename().string(), t)) continue;
        std::error_code fe;
        if (!it->is_regular_file(fe)) continue;
        const auto modified = it->last_write_time(fe);
        if (fe) continue;
        const bool ownerGone = t.host == host && t.pid != currentProcessId() && !processIsAlive(t.pid);
        const bool abandoned = now - modified > maxAge;
        if ((ownerGone || abandoned) && fs::remove(it->path(), fe)) ++removed;
    }
    return removed;
}

void writeFileAtomically(const std::string& path, const std::function<void(const std::string&)>& write) {
    const fs::path target(path);
    cleanFolderOnce(target.parent_path());
    const std::string tmp = tempPathFor(target);
    try {
        write(tmp);
        std::error_code ec;
        // A replaced file keeps its permissions (a 0600 label file stays private).
        if (const fs::file_status old = fs::status(path, ec); !ec && fs::exists(old))
            fs::permissions(tmp, old.permissions(), ec);
        ec.clear();
        fs::rename(tmp, path, ec);
        if (ec) throw Error(path, "cannot move the written file into place: " + ec.message());
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

}  // namespace marrow
