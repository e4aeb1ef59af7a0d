// The unsaved-edits prompt and the recovery offer (ui/unsaved_prompt.h), as ImGui modals.
#include <imgui.h>

#include "ui/test_probe.h"
#include "ui/unsaved_prompt.h"

namespace marrow::ui {
namespace {

// A centred modal with a text and a row of buttons; returns the index of the one clicked.
// Each button's rectangle is probed as "<probe>.<label in lower case>" for the e2e tests.
int modal(const char* title, const std::string& text, std::initializer_list<const char*> buttons, const char* probe) {
    if (!ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos({io.DisplaySize.x / 2, io.DisplaySize.y / 2}, ImGuiCond_Always, {0.5f, 0.5f});
    int clicked = -1;
    if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted(text.c_str());
        ImGui::Spacing();
        int n = 0;
        for (const char* label : buttons) {
            if (n > 0) ImGui::SameLine();
            if (ImGui::Button(label, {110, 0})) clicked = n;
            std::string id = std::string(probe) + "." + label;
            for (char& c : id) c = char(std::tolower(static_cast<unsigned char>(c)));
            probeItem(id);
            ++n;
        }
        if (clicked >= 0) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return clicked;
}

}  // namespace

void promptWindows(ViewerState& s, std::optional<PromptAnswer>& unsaved, std::optional<RecoveryChoice>& recovery) {
    if (s.unsavedPrompt) {
        const int b = modal("Unsaved edits", unsavedPromptText(s), {"Save", "Discard", "Cancel"}, "unsaved");
        if (b >= 0) unsaved = PromptAnswer(b);
    } else if (!s.recoveryOffers.empty() && !s.busy()) {  // a running job owns the label map
        const std::string text = recoveryOfferText(s.recoveryOffers.front()) +
                                 "?\nThe viewer was closed without saving them (a crash or a kill).";
        const int b = modal("Recover unsaved edits", text, {"Recover", "Discard", "Later"}, "recovery");
        if (b >= 0) recovery = RecoveryChoice(b);
    }
}

}  // namespace marrow::ui
