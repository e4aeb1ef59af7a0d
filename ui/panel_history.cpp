// History: the named undo steps, oldest first, then the redoable ones (greyed). Clicking
// an entry undoes or redoes until that step is the last one applied.
#include <imgui.h>

#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

void historySection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("History")) return;
    const History& h = s.doc->history();  // Undo/Redo buttons: the Tools section
    hintText("%zu steps, %.1f MB", h.undoCount() + h.redoCount(), double(h.bytes()) / 1e6);
    const auto done = h.undoNames(), redo = h.redoNames();
    size_t target = h.undoCount();  // applied after this frame's click, if any
    ImGui::BeginChild("##history", {0, 120}, true);
    if (ImGui::Selectable("(start)", done.empty())) target = 0;
    for (size_t n = 0; n < done.size(); ++n) {
        ImGui::PushID(int(n));
        if (ImGui::Selectable(done[n].c_str(), n + 1 == done.size())) target = n + 1;
        ImGui::PopID();
    }
    for (size_t n = 0; n < redo.size(); ++n) {
        ImGui::PushID(int(done.size() + n));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        if (ImGui::Selectable(redo[n].c_str(), false)) target = done.size() + n + 1;
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (target != h.undoCount()) moveHistoryTo(s, target);
}

}  // namespace marrow::ui
