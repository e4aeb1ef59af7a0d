#include "ui/platform.h"

#include <cstdlib>
#include <filesystem>

namespace marrow::ui {

std::string configDir() {
    namespace fs = std::filesystem;
    fs::path dir;
#ifdef _WIN32
    if (const char* appData = std::getenv("APPDATA")) dir = fs::path(appData) / "Marrow";
#else
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        dir = fs::path(xdg) / "marrow";
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = fs::path(home) / ".config" / "marrow";
#endif
    if (dir.empty()) return {};
    std::error_code ec;
    fs::create_directories(dir, ec);
    return ec ? std::string() : dir.string();
}

}  // namespace marrow::ui
