#include "ui/file_browser.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <imgui.h>

#include "ui/test_probe.h"

namespace marrow::ui {
namespace fs = std::filesystem;

namespace {

bool pathField(const char* label, std::string& value) {
    char buf[4096];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    const bool enter = ImGui::InputText(label, buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
    value = buf;
    return enter;
}

}  // namespace

void FileBrowser::open(FilePurpose purpose, const std::string& startPath, const std::vector<std::string>& recentPaths,
                       std::vector<std::string> inputs) {
    purpose_ = purpose;
    inputs_ = std::move(inputs);
    folder_ = startFolder(startPath, recentPaths);
    std::error_code ec;
    typed_ = purposeSaves(purpose) && !startPath.empty() && !fs::is_directory(startPath, ec)
                 ? (fs::path(folder_) / fs::path(startPath).filename()).string()
                 : folder_;
    error_.clear();
    confirmOverwrite_.clear();
    filter_ = 0;
    visible_ = true;
}

std::string FileBrowser::choose(const std::string& path) {
    std::error_code ec;
    if (purposeChoosesFolder(purpose_)) {
        if (!fs::is_directory(path, ec)) return error_ = path + ": not a folder", "";
        return path;
    }
    if (!purposeSaves(purpose_)) {
        if (!fs::exists(path, ec)) return error_ = path + ": no such file or folder", "";
        return path;
    }
    const SaveTargetCheck c = checkSaveTarget(path, inputs_);
    if (!c.error.empty()) return error_ = c.error, "";
    if (c.exists && confirmOverwrite_ != path) {
        confirmOverwrite_ = path;
        return "";
    }
    return path;
}

std::string FileBrowser::draw(const std::vector<std::string>& recentPaths) {
    if (!visible_) return {};
    std::error_code ec;
    std::string chosen;
    ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: the views must not show through
    ImGui::SetNextWindowSize({620, 460}, ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, {0.5f, 0.5f});
    const std::string title = std::string(purposeTitle(purpose_)) + "###filedialog";
    if (ImGui::Begin(title.c_str(), &visible_, ImGuiWindowFlags_NoCollapse)) {
        ImGui::SetNextItemWidth(-90);
        const bool enter = pathField("##path", typed_);
        probeItem("file-dialog.path");
        ImGui::SameLine();
        const char* action = purposeSaves(purpose_) ? "Save" : purposeChoosesFolder(purpose_) ? "Use" : "Open";
        const bool go = ImGui::Button(action, {80, 0});
        probeItem("file-dialog.go");
        if (enter || go) {
            error_.clear();
            if (fs::is_directory(typed_, ec) && !purposeChoosesFolder(purpose_) && enter &&
                purpose_ != FilePurpose::OpenImage)
                folder_ = typed_;  // Enter on a folder goes there (Open opens it: a DICOM series)
            else chosen = choose(typed_);
        }
        const std::vector<TypeFilter> filters = purposeFilters(purpose_);
        filter_ = std::clamp(filter_, 0, int(filters.size()) - 1);
        ImGui::SetNextItemWidth(ImGui::CalcTextSize(filters[filter_].name.c_str()).x + 40);
        if (ImGui::BeginCombo("type", filters[filter_].name.c_str())) {
            for (int n = 0; n < int(filters.size()); ++n)
                if (ImGui::Selectable(filters[n].name.c_str(), n == filter_)) filter_ = n;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        const std::vector<std::string> recent = recentFolders(recentPaths);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::BeginCombo("##recent", "recent folders")) {
            for (const auto& f : recent)
                if (ImGui::Selectable(f.c_str())) folder_ = typed_ = f;
            ImGui::EndCombo();
        }
        if (ImGui::Button("Up")) folder_ = typed_ = fs::path(folder_).parent_path().string();
        ImGui::SameLine();
        ImGui::TextWrapped("%s", folder_.c_str());
        if (!error_.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", error_.c_str());
        if (!confirmOverwrite_.empty()) {
            ImGui::TextColored({1, 0.8f, 0.2f, 1}, "%s exists. Replace it?", confirmOverwrite_.c_str());
            if (ImGui::Button("Replace")) chosen = confirmOverwrite_;
            probeItem("file-dialog.replace");
            ImGui::SameLine();
            if (ImGui::Button("Keep it")) confirmOverwrite_.clear();
        }
        std::vector<fs::directory_entry> folders, files;
        for (fs::directory_iterator it(folder_, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.rfind('.', 0) == 0) continue;  // hidden
            if (it->is_directory(ec)) folders.push_back(*it);
            else if (matchesFilter(name, filters[filter_])) files.push_back(*it);
        }
        auto byName = [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); };
        std::sort(folders.begin(), folders.end(), byName);
        std::sort(files.begin(), files.end(), byName);
        ImGui::BeginChild("entries", {0, 0}, true);
        for (const auto& f : folders)
            if (ImGui::Selectable((f.path().filename().string() + "/").c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
                // One click selects (Open opens a DICOM folder with the button), two enter.
                typed_ = f.path().string();
                if (ImGui::IsMouseDoubleClicked(0)) folder_ = typed_;
            }
        for (const auto& f : files)
            if (ImGui::Selectable(f.path().filename().string().c_str(), typed_ == f.path().string(),
                                  ImGuiSelectableFlags_AllowDoubleClick)) {
                typed_ = f.path().string();
                if (ImGui::IsMouseDoubleClicked(0) && !purposeChoosesFolder(purpose_)) chosen = choose(typed_);
            }
        ImGui::EndChild();
    }
    ImGui::End();
    if (!chosen.empty()) visible_ = false;
    return chosen;
}

}  // namespace marrow::ui
