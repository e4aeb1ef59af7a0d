#pragma once
// The one list of editing tools: what the GUI's tools panel shows and `marrow segment`
// documents. Each entry names a seg/tools/<file> whose Params struct and function are
// called the same way by the GUI, the CLI and the tests. No plugin loader: add a tool by
// adding a file and a line here.
#include <span>

namespace marrow::tools {

struct ToolInfo {
    const char* id;           // stable key (settings, scripts)
    const char* name;         // shown to the user
    const char* description;  // one line
};

std::span<const ToolInfo> toolRegistry();
const ToolInfo* findTool(const char* id);  // nullptr when unknown

}  // namespace marrow::tools
