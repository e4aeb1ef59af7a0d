#include "ui/file_dialog_model.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "io/output_guard.h"

namespace marrow::ui {
namespace fs = std::filesystem;

const char* purposeTitle(FilePurpose p) {
    switch (p) {
        case FilePurpose::OpenImage: return "Open CT";
        case FilePurpose::LoadLabels: return "Load labels";
        case FilePurpose::SaveLabelsAs: return "Save labels as";
        case FilePurpose::ExportFolder: return "Export mesh: choose the folder";
        case FilePurpose::CompareAgainst: return "Compare against labels";
    }
    return "Open";
}

bool purposeSaves(FilePurpose p) { return p == FilePurpose::SaveLabelsAs; }
bool purposeChoosesFolder(FilePurpose p) { return p == FilePurpose::ExportFolder; }

std::vector<TypeFilter> purposeFilters(FilePurpose p) {
    const TypeFilter ct{"CT images (.nii .nii.gz .nrrd .dcm, DICOM folders)", {".nii", ".nii.gz", ".nrrd", ".dcm"}};
    const TypeFilter labels{"Label maps (.nii .nii.gz .seg.nrrd .nrrd)", {".nii", ".nii.gz", ".seg.nrrd", ".nrrd"}};
    const TypeFilter meshes{"Meshes (.stl .obj .ply .gltf .glb)", {".stl", ".obj", ".ply", ".gltf", ".glb"}};
    const TypeFilter all{"All files", {}};
    switch (p) {
        case FilePurpose::OpenImage: return {ct, all};
        case FilePurpose::ExportFolder: return {meshes, all};
        default: return {labels, all};
    }
}

bool matchesFilter(const std::string& fileName, const TypeFilter& filter) {
    if (filter.suffixes.empty()) return true;
    std::string lower = fileName;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::any_of(filter.suffixes.begin(), filter.suffixes.end(), [&](const std::string& s) { return lower.ends_with(s); });
}

std::vector<std::string> recentFolders(const std::vector<std::string>& recentPaths) {
    std::vector<std::string> out;
    for (const std::string& p : recentPaths) {
        std::error_code ec;
        const fs::path path = fs::absolute(p, ec).lexically_normal();
        const std::string folder = fs::is_directory(path, ec) ? path.string() : path.parent_path().string();
        if (!folder.empty() && fs::is_directory(folder, ec) && std::find(out.begin(), out.end(), folder) == out.end())
            out.push_back(folder);
    }
    return out;
}

std::string startFolder(const std::string& startPath, const std::vector<std::string>& recentPaths) {
    std::error_code ec;
    if (!startPath.empty() && startPath != "phantom") {
        const fs::path p = fs::absolute(startPath, ec).lexically_normal();
        if (fs::is_directory(p, ec)) return p.string();
        if (fs::is_directory(p.parent_path(), ec)) return p.parent_path().string();
    }
    const std::vector<std::string> recent = recentFolders(recentPaths);
    return recent.empty() ? fs::current_path(ec).string() : recent.front();
}

SaveTargetCheck checkSaveTarget(const std::string& path, const std::vector<std::string>& inputs) {
    SaveTargetCheck c;
    std::error_code ec;
    const fs::path p(path);
    const fs::path folder = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    if (path.empty()) c.error = "type a file name";
    else if (fs::is_directory(p, ec)) c.error = path + ": is a folder; type a file name";
    else if (!fs::is_directory(folder, ec)) c.error = folder.string() + ": no such folder";
    else if (!isWritableFolder(folder.string())) c.error = folder.string() + ": the folder is not writable";
    if (!c.error.empty()) return c;
    std::vector<NamedPath> in;
    for (const std::string& i : inputs) in.push_back({i, "input"});
    try {
        checkOutputs(in, {{path, "output"}}, false);
    } catch (const std::exception& e) {
        c.error = e.what();
        const std::string force = " (use --force)";  // the CLI's advice; the dialog offers another name
        if (const size_t at = c.error.find(force); at != std::string::npos) c.error.erase(at, force.size());
        return c;
    }
    c.exists = fs::exists(p, ec);
    return c;
}

}  // namespace marrow::ui
