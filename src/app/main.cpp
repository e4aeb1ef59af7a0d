// marrow: the one executable. With a subcommand it is the headless CLI; without one it
// opens the viewer on PATH or the embedded phantom (or, in a build without GUI, prints help).
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "io/error.h"
#include "src/cli/commands.h"
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
