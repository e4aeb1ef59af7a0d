#include "ui/platform.h"

#include <cstdlib>
#include <filesystem>

namespace marrow::ui {

std::string configDir() {
    namespace fs = std::filesystem;
    fs::path dir;
    if (const char* own = std::getenv("MARROW_CONFIG_DIR"); own && *own) dir = own;
#ifdef _WIN32
    else if (const char* appData = std::getenv("APPDATA")) dir = fs::path(appData) / "Marrow";
#else
    else if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        dir = fs::path(xdg) / "marrow";
    else if (const char* home = std::getenv("HOME"); home && *home)
        dir = fs::path(home) / ".config" / "marrow";
#endif
    if (dir.empty()) return {};
    std::error_code ec;
    fs::create_directories(dir, ec);
    return ec ? std::string() : dir.string();
}

std::string recoveryDir() {
    const std::string config = configDir();
    return config.empty() ? std::string() : (std::filesystem::path(config) / "recovery").string();
}

}  // namespace marrow::ui
