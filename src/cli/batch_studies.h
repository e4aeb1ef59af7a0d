#pragma once
// Which studies `marrow batch` runs: every immediate subfolder (a DICOM series) and every
// .nii/.nii.gz file of a folder, or the rows of a CSV manifest "study,input" (a header row
// "study,input" is optional; relative inputs are relative to the manifest's folder).
// A study's id names its output folder, so it must be a plain, unique file name.
#include <string>
#include <vector>

namespace marrow::cli {

struct Study {
    std::string id;     // output folder name: the input's name without .nii/.nii.gz
    std::string input;  // what loadVolume reads
};

// Studies of a folder (sorted by id, hidden entries and skipOutDir left out) or a manifest
// (in row order). Throws marrow::Error naming the folder/manifest (and the row).
std::vector<Study> findStudies(const std::string& folderOrManifest, const std::string& skipOutDir = "");

// The manifest's rows from its text; baseDir resolves relative inputs, source names it.
std::vector<Study> parseManifest(const std::string& text, const std::string& baseDir, const std::string& source);

// One CSV line split into fields (RFC 4180 quotes: "a,b" and "say ""hi""").
std::vector<std::string> splitCsvLine(const std::string& line);
// A field quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text);

}  // namespace marrow::cli
