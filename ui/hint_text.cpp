#include "ui/hint_text.h"

#include <imgui.h>

#include <cstdarg>

namespace marrow::ui {

void hintText(const char* fmt, ...) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    va_list args;
    va_start(args, fmt);
    ImGui::TextWrappedV(fmt, args);
    va_end(args);
    ImGui::PopStyleColor();
}

}  // namespace marrow::ui
