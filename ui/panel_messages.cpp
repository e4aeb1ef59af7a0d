// The message area: the newest message in full, wrapped, at the top of the side panel (so it is
// seen whatever section is open), and the "Messages" window listing every message with its time
// and severity, each one copyable.
#include <imgui.h>

#include "ui/panels.h"
#include "ui/test_probe.h"

namespace marrow::ui {

namespace {
ImVec4 severityColor(Severity s) {
    switch (s) {
    case Severity::Error: return {1.0f, 0.45f, 0.35f, 1.0f};
    case Severity::Warning: return {1.0f, 0.75f, 0.3f, 1.0f};
    default: return {0.8f, 0.85f, 0.9f, 1.0f};
    }
}
}  // namespace

void messageArea(ViewerState& s) {
    if (!s.message.empty()) {
        const Severity severity = s.messages.newest() && s.messages.newest()->text == s.message
                                      ? s.messages.newest()->severity
                                      : guessSeverity(s.message);
        ImGui::PushStyleColor(ImGuiCol_Text, severityColor(severity));
        ImGui::TextWrapped("%s", s.message.c_str());  // never cut: wraps at the panel's edge
        ImGui::PopStyleColor();
        probeItem("message");
        // How many lines that took (the wrapped text's height over one line's), for test mode.
        const float width = ImGui::GetContentRegionAvail().x;
        const float height = ImGui::CalcTextSize(s.message.c_str(), nullptr, false, width).y;
        s.messageWrappedLines = int(height / ImGui::GetTextLineHeight() + 0.5f);
        if (ImGui::SmallButton("Copy##message")) ImGui::SetClipboardText(s.message.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Dismiss##message")) s.message.clear(), s.loggedMessage.clear();
        ImGui::SameLine();
    } else {
        s.messageWrappedLines = 0;
    }
    const std::string label = "Messages (" + std::to_string(s.messages.entries().size()) + ")";
    if (ImGui::SmallButton(label.c_str())) s.showMessages = !s.showMessages;
    probeItem("messages.toggle");
    ImGui::Separator();
}

void messagesWindow(ViewerState& s, const Rect& area) {
    if (!s.showMessages) return;
    ImGui::SetNextWindowPos({area.x + area.w * 0.1f, area.y + area.h * 0.1f}, ImGuiCond_Appearing);
    ImGui::SetNextWindowSize({area.w * 0.8f, area.h * 0.6f}, ImGuiCond_Appearing);
    ImGui::SetNextWindowBgAlpha(1.0f);  // opaque: the log must be readable over the views
    if (!ImGui::Begin("Messages", &s.showMessages, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    if (ImGui::Button("Copy all")) ImGui::SetClipboardText(s.messages.formatAll().c_str());
    ImGui::SameLine();
    if (ImGui::Button("Clear")) s.messages.clear();
    ImGui::Separator();
    ImGui::BeginChild("##log");
    int n = 0;
    for (auto it = s.messages.entries().rbegin(); it != s.messages.entries().rend(); ++it, ++n) {
        ImGui::PushID(n);
        if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(MessageLog::format(*it).c_str());
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, severityColor(it->severity));
        ImGui::TextWrapped("%s", MessageLog::format(*it).c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace marrow::ui
