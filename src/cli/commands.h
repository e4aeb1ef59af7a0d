#pragma once
// The headless subcommands. Each lives in its own cmd_<name>.cpp and registers itself
// on the CLI11 app here; commands.cpp is the single list. A command's callback throws
// marrow::Error on bad input; main() prints it as one line and exits 1.
#include <CLI/CLI.hpp>

namespace marrow::cli {

void addAllCommands(CLI::App& app);

// One per file (cmd_<name>.cpp).
void addVersionCommand(CLI::App& app);
void addConvertCommand(CLI::App& app);
void addPhantomCommand(CLI::App& app);
void addInfoCommand(CLI::App& app);
void addMeshCommand(CLI::App& app);
void addSegmentCommand(CLI::App& app);
void addCompareCommand(CLI::App& app);
void addSplitCommand(CLI::App& app);
void addBatchCommand(CLI::App& app);

}  // namespace marrow::cli
