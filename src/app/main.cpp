// marrow: the one executable. With a subcommand it is the headless CLI; without one it
// opens the viewer on PATH or the embedded phantom (or, in a build without GUI, prints help).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "src/cli/commands.h"
#include "src/cli/error_line.h"
#ifdef MARROW_HAVE_GUI
#include "ui/cmd_view.h"
#endif

int main(int argc, char** argv) {
    CLI::App app{"Marrow: CT viewer and segmentation editor"};
    app.require_subcommand(0, 1);
    marrow::cli::addAllCommands(app);
    std::string path;
#ifdef MARROW_HAVE_GUI
    marrow::ui::addViewCommand(app);
    app.add_option("path", path, "open this DICOM folder or NIfTI file in the viewer");
#endif
    try {
        app.parse(argc, argv);
#ifdef MARROW_HAVE_GUI
        if (app.get_subcommands().empty()) return marrow::ui::openViewer(path);
#endif
    } catch (const CLI::ParseError& e) {
        // --help and friends print and exit 0 as CLI11 does; a real option error is one
        // line and exit 1 like every other error (not CLI11's 104-107 and a second line).
        if (e.get_exit_code() == 0) return app.exit(e);
        std::fprintf(stderr, "marrow: error: %s\n", marrow::cli::optionErrorLine(app, e).c_str());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "marrow: error: %s\n", marrow::cli::errorLine(std::current_exception()).c_str());
        return 1;
    }
    if (app.get_subcommands().empty()) {
        std::printf("%s", app.help().c_str());
    }
    return 0;
}
