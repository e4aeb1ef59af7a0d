// marrow: the one executable. With a subcommand it is the headless CLI; without one it
// opens the viewer (or, in a build without GUI, prints the demo summary).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "io/error.h"
#include "src/cli/commands.h"

int main(int argc, char** argv) {
    CLI::App app{"Marrow: CT viewer and segmentation editor"};
    app.require_subcommand(0, 1);
    marrow::cli::addAllCommands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const marrow::Error& e) {
        std::fprintf(stderr, "marrow: error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "marrow: error: %s\n", e.what());
        return 1;
    }
    if (app.get_subcommands().empty()) {
        std::printf("%s", app.help().c_str());
    }
    return 0;
}
