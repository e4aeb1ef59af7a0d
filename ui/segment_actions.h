#pragma once
// The Segments panel's actions, separate from its widgets so that tests run them on a
// ViewerState without a window. Table edits (locks, names, colours) go through the
// document's editor and are undoable; edits that touch every voxel of the volume (delete,
// merge, split by islands) run as background jobs (runEditJob). Visibility is display
// state, not an edit.
#include <string>
#include <vector>

#include "ui/viewer_state.h"

namespace marrow::ui {

// Segments whose name contains search (case-insensitive; all for an empty text), bones only
// when bonesOnly (io/label_table.h isBone), in table order.
std::vector<Label> filterSegments(const Document& doc, const std::string& search, bool bonesOnly);

// One undo step: every segment but keep locked, keep unlocked (keep 0: lock all).
void lockAllOthers(Document& doc, Label keep);
void unlockAll(Document& doc);  // one undo step
void showAllSegments(LabelMap& map, bool visible);
void showBonesOnly(LabelMap& map);  // bones visible, every other segment hidden

// Background jobs (one undo step each; the outcome lands in s.message). Locked segments are
// refused by the editor with a message naming them.
void deleteSegmentJob(ViewerState& s, Label id);
void mergeSegmentJob(ViewerState& s, Label from, Label into);  // from's voxels become into
void splitByIslandsJob(ViewerState& s, Label id);              // tools::islands SplitIntoSegments
// The segment's label value becomes `to` (a free value 1..255); the selection follows it.
// A taken value or a locked segment is refused with a message.
void relabelSegmentJob(ViewerState& s, Label id, int to);

// The panel's cached statistics of one segment: voxels and millilitres now and in the
// loaded original (0 when no original was loaded or the value was absent). Counting is a
// full pass, so it reruns only when the label map changed and no brush stroke is open;
// during a stroke the last counts are returned (fresh = false).
struct SegmentStats {
    size_t nowVoxels = 0, originalVoxels = 0;
    double nowMl = 0, originalMl = 0;
    bool hasOriginal = false;
    bool fresh = true;
};
SegmentStats segmentStats(ViewerState& s, Label id);

// Per-frame upkeep of the "show changes vs. loaded labels" overlay: when enabled, keeps
// s.maskOverlay equal to doc.difference() (1 added = green, 2 removed = magenta) whenever
// the label map changed, also during a brush stroke, but not while a job runs. The first
// time (or after a reload) it is one full pass; after that only the box the label map
// changed since the last update (LabelMap::changedSince: edits, undo, redo) is compared
// again and put in s.maskOverlayDirtyBox for a sub-box upload, so a brush dab costs well
// under a millisecond. When disabled, removes it. Returns true when it updated.
bool updateDifferenceOverlay(ViewerState& s);
render::LabelColors differenceColors();

// Loads a label map onto the current image (Document::loadLabels: names, locks, grid
// checks; one undo step) and resets what the panel cached about the old one. The outcome
// (or the error) goes to s.message; returns false on error, leaving the document as it was.
// The caller asks first when there are unsaved edits (ui/unsaved_prompt.h).
bool loadLabelsOnto(ViewerState& s, const std::string& path);
// The whole label map was replaced (a load, a recovery): the stroke, slice marks, panel
// caches and the selected segment of the old one go; everything is uploaded again.
void labelsReplaced(ViewerState& s);

}  // namespace marrow::ui
