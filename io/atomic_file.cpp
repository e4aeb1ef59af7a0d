#include "io/atomic_file.h"

#include <filesystem>
#include <random>

#include "io/error.h"

namespace marrow {

void writeFileAtomically(const std::string& path, const std::function<void(const std::string&)>& write) {
    namespace fs = std::filesystem;
    std::random_device rd;
    // Keep the final extension (.gz...) so libraries that pick a format by name still work.
    const fs::path target(path);
    const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp" +
                                                     std::to_string(rd() % 1000000) + "-" +
                                                     target.filename().string()))
                                .string();
    try {
        write(tmp);
        std::error_code ec;
        fs::rename(tmp, path, ec);
        if (ec) throw Error(path, "cannot move the written file into place: " + ec.message());
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

}  // namespace marrow
