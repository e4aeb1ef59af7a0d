#pragma once
// A small built-in file browser (an ImGui window; no native dialog dependency): lists the
// folders and files of one folder; a folder can be entered or opened (a DICOM series).
#include <string>

namespace marrow::ui {

class FileBrowser {
public:
    bool visible = false;
    // Draws the window when visible; returns the chosen path, or "" when none was chosen.
    std::string draw();

private:
    std::string folder_;
};

}  // namespace marrow::ui
