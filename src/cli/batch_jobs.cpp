// Choosing -j for `marrow batch` (see batch_jobs.h).
#include "src/cli/batch_jobs.h"

#include <algorithm>
#include <filesystem>

namespace marrow::cli {

namespace fs = std::filesystem;

size_t estimateStudyBytes(const std::string& input) {
    constexpr size_t kPeakPerStoredByte = 4;
    std::error_code ec;
    size_t stored = 0;
    auto add = [&](const fs::path& p) {
        const auto size = fs::file_size(p, ec);
        if (ec) return;
        const std::string name = p.filename().string();
        const bool gz = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
        stored += size_t(size) * (gz ? 4 : 1);
    };
    if (fs::is_directory(input, ec)) {
        for (const auto& e : fs::directory_iterator(input, ec))
            if (e.is_regular_file(ec)) add(e.path());
    } else {
        add(input);
    }
    return stored * kPeakPerStoredByte;
}

int chooseJobs(const std::vector<size_t>& studyBytes, size_t availableBytes, unsigned cores) {
    const size_t largest = studyBytes.empty() ? 0 : *std::max_element(studyBytes.begin(), studyBytes.end());
    const size_t usable = size_t(double(availableBytes) * 0.8);
    const size_t byMemory = largest == 0 ? size_t(cores) : usable / largest;
    return int(std::clamp<size_t>(std::min<size_t>(byMemory, std::max(1u, cores)), 1, 1024));
}

}  // namespace marrow::cli
