#include "ui/file_browser.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <imgui.h>

namespace marrow::ui {

std::string FileBrowser::draw() {
    if (!visible) return {};
    namespace fs = std::filesystem;
    std::error_code ec;
    if (folder_.empty()) folder_ = fs::current_path(ec).string();
    std::string chosen;
    ImGui::SetNextWindowSize({520, 420}, ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Open", &visible)) {
        ImGui::TextWrapped("%s", folder_.c_str());
        if (ImGui::Button("Up")) folder_ = fs::path(folder_).parent_path().string();
        ImGui::SameLine();
        if (ImGui::Button("Open this folder (DICOM series)")) chosen = folder_;
        std::vector<fs::directory_entry> folders, files;
        for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            if (it->path().filename().string().rfind('.', 0) == 0) continue;  // hidden
            (it->is_directory(ec) ? folders : files).push_back(*it);
        }
        auto byName = [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); };
        std::sort(folders.begin(), folders.end(), byName);
        std::sort(files.begin(), files.end(), byName);
        ImGui::BeginChild("entries");
        for (const auto& f : folders)
            if (ImGui::Selectable((f.path().filename().string() + "/").c_str())) folder_ = f.path().string();
        for (const auto& f : files)
            if (ImGui::Selectable(f.path().filename().string().c_str(), false, ImGuiSelectableFlags_AllowDoubleClick))
                chosen = f.path().string();
        ImGui::EndChild();
    }
    ImGui::End();
    if (!chosen.empty()) visible = false;
    return chosen;
}

}  // namespace marrow::ui
