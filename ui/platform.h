#pragma once
// The one place with OS-specific code in the UI: where per-user settings live.
#include <string>

namespace marrow::ui {

// The folder for Marrow's per-user files, created if missing:
// $XDG_CONFIG_HOME/marrow or ~/.config/marrow on Linux/macOS, %APPDATA%\Marrow on Windows;
// $MARROW_CONFIG_DIR instead when set (tests, portable installs).
// Empty when none can be found (then nothing is remembered).
std::string configDir();
// <configDir>/recovery: the viewer's autosave journals (seg/recovery_journal.h); empty when
// there is no config folder (then nothing is journaled).
std::string recoveryDir();

}  // namespace marrow::ui
