#pragma once
// The built-in file dialog (an opaque ImGui window; no native dialog dependency), titled by
// what it is for ("Open CT", "Load labels", "Save labels as", ...): a typed path field
// (Enter goes there or chooses it), type filters, recent folders, the folders and matching
// files of one folder. Saving checks the target (never an input, by the CLI's rule) and
// asks before overwriting. The rules live in ui/file_dialog_model.h.
#include <string>
#include <vector>

#include "ui/file_dialog_model.h"

namespace marrow::ui {

class FileBrowser {
public:
    // Shows the dialog for purpose, starting at startPath (a folder, or a file whose folder
    // is shown and, when saving, whose name is proposed). inputs: paths a save must not hit.
    void open(FilePurpose purpose, const std::string& startPath, const std::vector<std::string>& recentPaths,
              std::vector<std::string> inputs = {});
    bool visible() const { return visible_; }
    FilePurpose purpose() const { return purpose_; }
    // Draws the window when visible; returns the chosen path once, or "" when none was chosen.
    std::string draw(const std::vector<std::string>& recentPaths);

private:
    std::string choose(const std::string& path);  // the chosen path, or "" while it waits for a confirm
    bool visible_ = false;
    FilePurpose purpose_ = FilePurpose::OpenImage;
    std::string folder_, typed_, error_, confirmOverwrite_;
    std::vector<std::string> inputs_;
    int filter_ = 0;
};

}  // namespace marrow::ui
