#pragma once
// What the file dialog (ui/file_browser.h) decides, without ImGui, so it is tested headless:
// the title and type filters of each purpose, which names a filter shows, the recent folders,
// where it starts, and whether a typed "Save as" target may be written.
#include <string>
#include <vector>

namespace marrow::ui {

enum class FilePurpose { OpenImage, LoadLabels, SaveLabelsAs, ExportFolder, CompareAgainst };

const char* purposeTitle(FilePurpose p);  // "Open CT", "Load labels", "Save labels as", ...
bool purposeSaves(FilePurpose p);          // the chosen path is written (Save as)
bool purposeChoosesFolder(FilePurpose p);  // the chosen path is a folder (the export folder)

struct TypeFilter {
    std::string name;                   // shown in the combo, e.g. "CT images (.nii .nii.gz ...)"
    std::vector<std::string> suffixes;  // lower case, e.g. ".nii.gz"; empty: every file
};
// The purpose's filters, the most useful first; the last one is always "All files".
std::vector<TypeFilter> purposeFilters(FilePurpose p);
// Whether fileName ends with one of the filter's suffixes (case-insensitive).
bool matchesFilter(const std::string& fileName, const TypeFilter& filter);

// The folders of recently opened paths (a folder itself, a file's parent), newest first,
// each once, only those that still exist.
std::vector<std::string> recentFolders(const std::vector<std::string>& recentPaths);

// Where the dialog starts: the folder of startPath (startPath itself when it is a folder),
// else the first recent folder, else the current folder.
std::string startFolder(const std::string& startPath, const std::vector<std::string>& recentPaths);

// A typed Save-as target: error says why it cannot be written (an input file or a file
// inside an input folder, by the CLI's rule io/output_guard.h; no such folder; a folder
// name; a folder that is not writable); exists asks for an overwrite confirmation.
struct SaveTargetCheck {
    std::string error;
    bool exists = false;
};
SaveTargetCheck checkSaveTarget(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace marrow::ui
