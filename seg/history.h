#pragma once
// Undo/redo history of a LabelMap, capped in bytes rather than steps.
//
// A step (EditRecord) holds the run-length-coded differences of the tiles it changed
// (seg/tile_diff.h) and, when the segment table changed, the table before and after
// (a few hundred bytes). So a one-voxel dab costs tens of bytes, a full-volume threshold
// a few MB, and segment add/delete/rename/merge/recolour/lock are steps like any other.
//
// Budget: when the records exceed byteBudget, steps are dropped: first the farthest redo
// steps, then the oldest undo steps. The newest step is always kept, even
// alone over budget, so the last edit can always be undone.
// History never writes voxels itself: LabelMapEditor::undo()/redo() apply the records.
// Not thread-safe: the editor's (main) thread owns it.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "seg/tile_diff.h"

namespace marrow {

struct EditRecord {
    std::string name;                   // shown in the GUI's history list
    std::vector<TileDiff> tiles;        // in increasing tile order
    VoxelBox changed;                   // voxels whose label changed (GPU re-upload box)
    size_t changedVoxels = 0;
    std::optional<std::vector<Segment>> segmentsBefore, segmentsAfter;  // when the table changed
    uint64_t serial = 0;                // set by History::push: 1, 2, 3... (never reused)

    bool empty() const { return tiles.empty() && !segmentsBefore; }
    size_t bytes() const;  // memory held by this record (payload + bookkeeping)
};

class History {
public:
    static constexpr size_t kDefaultBudget = size_t(256) << 20;  // 256 MiB
    explicit History(size_t byteBudget = kDefaultBudget) : budget_(byteBudget) {}

    // Adds a step (an empty record is ignored: a no-op adds no step) and clears redo.
    void push(EditRecord record);
    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    const EditRecord* nextUndo() const { return undo_.empty() ? nullptr : &undo_.back(); }
    const EditRecord* nextRedo() const { return redo_.empty() ? nullptr : &redo_.back(); }
    // Move the top step between the stacks (the caller has applied it).
    void movedToRedo();
    void movedToUndo();
    void clear();
    // Called after every applied change with the step and its direction: push and
    // movedToUndo (forward: the step's "after" side is now in the map), movedToRedo
    // (backward). The recovery journal (seg/recovery_journal.h) appends each one.
    using Observer = std::function<void(const EditRecord& record, bool forward)>;
    void setObserver(Observer observer) { observer_ = std::move(observer); }

    // Label-map states: a state is the serial of the newest applied step (0 before any).
    // Bookkeeping kept beside the voxels (slice marks) records the state it belongs to and
    // asks later whether that state is still applied: a step that was undone is not (until
    // it is redone); one dropped for budget or by clear() while applied stays applied.
    uint64_t state() const { return undo_.empty() ? permanent_ : undo_.back().serial; }
    uint64_t nextSerial() const { return nextSerial_; }  // the serial the next push gets
    bool isApplied(uint64_t state) const;
    // The serial of the newest applied step whose segment table lacks segment id (it was
    // deleted, merged away or relabelled there), 0 when no applied step in the history did.
    // Bookkeeping of a segment made at a state before that serial belongs to a segment that
    // is gone, even when a new one got the same id. Steps dropped by clear() or for budget
    // are not known.
    uint64_t lastStepWithout(Label id) const;

    size_t undoCount() const { return undo_.size(); }
    size_t redoCount() const { return redo_.size(); }
    std::vector<std::string> undoNames() const;  // oldest first
    std::vector<std::string> redoNames() const;  // next to redo first
    size_t bytes() const { return bytes_; }
    size_t budget() const { return budget_; }
    void setBudget(size_t bytes);

private:
    void enforceBudget();
    void notify(const EditRecord& record, bool forward) {
        if (observer_) observer_(record, forward);
    }
    Observer observer_;
    size_t budget_;
    size_t bytes_ = 0;
    uint64_t nextSerial_ = 1;
    uint64_t permanent_ = 0;  // steps up to this serial are applied for good
    std::deque<EditRecord> undo_;  // back = most recent
    std::deque<EditRecord> redo_;  // back = next to redo
};

}  // namespace marrow
