#pragma once
// Never lose a user's labels: the "Save / Discard / Cancel" prompt before anything replaces
// unsaved edits (opening another image, loading a label map, closing the window), and the
// offer to recover the edits a crashed or killed session journaled (seg/recovery_journal.h).
// Logic only, on a ViewerState (ui tests drive it without a window); the app draws the
// two modal windows (promptWindows) and carries out what the answers return.
#include <optional>
#include <string>

#include "ui/viewer_state.h"

namespace marrow::ui {

// True when r may go ahead now (no unsaved edits, no edit job running). Else the prompt opens (s.unsavedPrompt)
// and the app carries r out only when answerUnsaved returns it.
bool mayReplace(ViewerState& s, const ReplaceRequest& r);

enum class PromptAnswer { Save, Discard, Cancel };
// Save writes the labels (as Ctrl+S does) and returns the request; a failed save keeps the
// prompt closed, the request dropped and the error in s.message. Discard returns the request
// as it was; Cancel drops it. The prompt closes in every case.
std::optional<ReplaceRequest> answerUnsaved(ViewerState& s, PromptAnswer a);
// "Unsaved edits of <file> (N steps). Save them before opening <path>?"
std::string unsavedPromptText(const ViewerState& s);

// Looks for journals a crashed session left in s.recoveryDir (s.recoveryOffers).
void findRecoveryOffers(ViewerState& s);
// "Recover unsaved edits of <file> (N steps, <local time>)" for the first offer.
std::string recoveryOfferText(const JournalSummary& j);

enum class RecoveryChoice { Recover, Discard, Later };
// Recover: replays the first offer onto the open image when the journal names it, else
// returns the journal's image to open first (s.recoverAfterOpen replays it then). Discard
// deletes the journal; Later keeps it for the next start. The offer goes in every case.
std::optional<std::string> chooseRecovery(ViewerState& s, RecoveryChoice c);
// Replays s.recoverAfterOpen onto the open image (called after an image opened) when that
// is the journal's image; a journal whose image changed is refused with the reason in
// s.message.
void recoverPending(ViewerState& s);

// The two modal windows (ImGui), centred on the window; each sets its answer when clicked.
void promptWindows(ViewerState& s, std::optional<PromptAnswer>& unsaved, std::optional<RecoveryChoice>& recovery);

}  // namespace marrow::ui
