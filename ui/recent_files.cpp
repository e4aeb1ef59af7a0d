#include "ui/recent_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "io/atomic_file.h"
#include "ui/platform.h"

namespace marrow::ui {

RecentFiles::RecentFiles(std::string file) : file_(std::move(file)) {
    if (file_.empty()) return;
    std::ifstream in(file_);
    for (std::string line; std::getline(in, line) && paths_.size() < kMax;)
        if (!line.empty()) paths_.push_back(line);
}

RecentFiles RecentFiles::inConfigDir() {
    const std::string dir = configDir();
    return RecentFiles(dir.empty() ? std::string() : (std::filesystem::path(dir) / "recent.txt").string());
}

void RecentFiles::add(const std::string& path) {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).string();
    const std::string p = ec ? path : absolute;
    paths_.erase(std::remove(paths_.begin(), paths_.end(), p), paths_.end());
    paths_.insert(paths_.begin(), p);
    if (paths_.size() > kMax) paths_.resize(kMax);
    if (file_.empty()) return;
    try {
        writeFileAtomically(file_, [&](const std::string& tmp) {
            std::ofstream out(tmp);
            for (const auto& q : paths_) out << q << '\n';
        });
    } catch (const std::exception&) {
    }
}

}  // namespace marrow::ui
