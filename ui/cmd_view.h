#pragma once
// The viewer's entry points for main(): `marrow view ...` and `marrow [PATH]`.
#include <string>

#include <CLI/CLI.hpp>

namespace marrow::ui {

void addViewCommand(CLI::App& app);
// Opens the viewer on path ("" = the embedded phantom); returns the exit code.
int openViewer(const std::string& path);

}  // namespace marrow::ui
