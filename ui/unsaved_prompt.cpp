#include "ui/unsaved_prompt.h"

#include <ctime>
#include <filesystem>

#include "ui/edit_actions.h"
#include "ui/segment_actions.h"

namespace marrow::ui {
namespace {

std::string fileName(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

void recoverInto(ViewerState& s, const std::string& journal) {
    try {
        if (!s.doc || s.volume().empty()) throw Error(journal, "no image is open to recover the edits onto");
        s.doc->recover(journal);
        labelsReplaced(s);
        s.message = "recovered the unsaved edits of " + fileName(s.source) + " (Ctrl+Z takes them back)";
    } catch (const std::exception& e) {
        s.message = std::string("recovery refused: ") + e.what();
    }
}

}  // namespace

bool mayReplace(ViewerState& s, const ReplaceRequest& r) {
    // A running edit job may be about to leave unsaved edits (and owns the history): ask.
    if (!s.doc || (!s.busy() && !s.doc->hasUnsavedEdits())) return true;
    s.unsavedPrompt = r;
    return false;
}

std::optional<ReplaceRequest> answerUnsaved(ViewerState& s, PromptAnswer a) {
    std::optional<ReplaceRequest> r = std::move(s.unsavedPrompt);
    s.unsavedPrompt.reset();
    if (!r || a == PromptAnswer::Cancel) return std::nullopt;
    if (a == PromptAnswer::Save) {
        // A running edit job owns the history (reading it here would race) and refuses the
        // save: keep everything and let the user ask again once it has finished.
        if (s.busy()) {
            s.message = "an edit is still running: save once it has finished";
            return std::nullopt;
        }
        saveLabels(s);
        if (s.doc && s.doc->hasUnsavedEdits()) return std::nullopt;  // not saved: keep everything
    }
    return r;
}

std::string unsavedPromptText(const ViewerState& s) {
    if (!s.unsavedPrompt) return {};
    const ReplaceRequest& r = *s.unsavedPrompt;
    std::string text = "The labels of " + fileName(s.source) + " have unsaved edits.\nSave them to " +
                       s.edit.savePath + " before ";
    switch (r.kind) {
        case ReplaceKind::OpenImage: text += "opening " + fileName(r.path) + "?"; break;
        case ReplaceKind::LoadLabels: text += "loading " + fileName(r.path) + " over them?"; break;
        case ReplaceKind::Close: text += "closing?"; break;
    }
    return text;
}

void findRecoveryOffers(ViewerState& s) {
    s.recoveryOffers.clear();
    if (!s.recoveryDir.empty()) s.recoveryOffers = RecoveryJournal::findRecoverable(s.recoveryDir);
}

std::string recoveryOfferText(const JournalSummary& j) {
    char when[64] = "an unknown time";
    const std::time_t t = std::time_t(j.lastChange);
    if (j.lastChange > 0) std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", std::localtime(&t));
    return "Recover unsaved edits of " + fileName(j.image.source) + " (" + std::to_string(j.stepsSinceSave) +
           (j.stepsSinceSave == 1 ? " step, " : " steps, ") + when + ")";
}

std::optional<std::string> chooseRecovery(ViewerState& s, RecoveryChoice c) {
    if (s.recoveryOffers.empty()) return std::nullopt;
    const JournalSummary offer = s.recoveryOffers.front();
    s.recoveryOffers.erase(s.recoveryOffers.begin());
    if (c == RecoveryChoice::Later) return std::nullopt;
    if (c == RecoveryChoice::Discard) {
        std::error_code ec;
        std::filesystem::remove(offer.path, ec);
        return std::nullopt;
    }
    if (s.doc && s.source == offer.image.source) {
        recoverInto(s, offer.path);
        return std::nullopt;
    }
    s.recoverAfterOpen = offer;
    return offer.image.source;
}

void recoverPending(ViewerState& s) {
    if (!s.recoverAfterOpen) return;
    const JournalSummary journal = std::move(*s.recoverAfterOpen);
    s.recoverAfterOpen.reset();
    // Another image opened instead (its open was cancelled, or failed): the journal stays
    // for the next start.
    if (s.source == journal.image.source) recoverInto(s, journal.path);
}

}  // namespace marrow::ui
