#pragma once
// Recently opened paths, newest first, one per line in <configDir>/recent.txt.
#include <string>
#include <vector>

namespace marrow::ui {

class RecentFiles {
public:
    static constexpr size_t kMax = 10;
    explicit RecentFiles(std::string file);  // "" = remember nothing
    static RecentFiles inConfigDir();
    const std::vector<std::string>& paths() const { return paths_; }
    // Moves path to the front and saves (atomically); a failed save is ignored: losing the
    // recent list must never stop the viewer.
    void add(const std::string& path);

private:
    std::string file_;
    std::vector<std::string> paths_;
};

}  // namespace marrow::ui
