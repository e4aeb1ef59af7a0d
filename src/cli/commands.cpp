#include "src/cli/commands.h"

namespace marrow::cli {

void addAllCommands(CLI::App& app) {
    addVersionCommand(app);
    addConvertCommand(app);
    addPhantomCommand(app);
    addInfoCommand(app);
    addMeshCommand(app);
    addSegmentCommand(app);
    addCompareCommand(app);
    addSplitCommand(app);
    addBatchCommand(app);
}

}  // namespace marrow::cli
