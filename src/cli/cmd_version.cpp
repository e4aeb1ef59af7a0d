#include <cstdio>

#include "src/cli/commands.h"

namespace marrow::cli {

void addVersionCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("version", "Print Marrow's version");
    cmd->callback([] { std::printf("marrow 0.1.0\n"); });
}

}  // namespace marrow::cli
