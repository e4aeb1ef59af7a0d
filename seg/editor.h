#pragma once
// LabelMapEditor: the ONLY writer of LabelMap voxels and of its segment table.
//
// A tool (seg/tools/*) computes a modifier (which voxels it wants to change) and hands it
// to apply() with a mode (set segment S / erase) and masking rules; the editor applies the
// rules, writes the changed tiles, and records the step in the History. Tools never write
// voxels, so every change, from a brush dab to "delete segment", can be undone.
//
// Steps: each apply() or segment operation is one undo step, unless it runs between
// beginStep() and endStep(): then everything in between (all the dabs of a brush stroke,
// the set+erase of a smoothing, a whole CLI stage) is one step. A step that changed
// nothing adds no history entry.
//
// Masking and overwrite rules (EditOptions): edit everywhere / only inside segment X /
// only outside all segments / only where the intensity volume is in [lo, hi] / only inside
// an editable-area mask. Locked segments are never overwritten or erased; painting into or
// erasing a locked segment throws marrow::Error.
//
// Threading: call from one thread (the document's owner). apply() is TBB-parallel over tiles
// and gives the same result with any thread count.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "seg/history.h"
#include "seg/label_map.h"

namespace marrow {

// A small binary mask inside a voxel box (a brush dab, a slice polygon): box.count() bytes
// of 0/1, i fastest, box-local. Cheap where a full-volume Mask would be wasteful.
struct BoxMask {
    VoxelBox box;
    std::vector<uint8_t> bits;

    BoxMask() = default;
    explicit BoxMask(const VoxelBox& b) : box(b), bits(size_t(b.count()), 0) {}
    size_t index(int64_t i, int64_t j, int64_t k) const {  // global voxel -> bits index
        return size_t(i - box.lo[0]) +
               size_t(box.extent(0)) * (size_t(j - box.lo[1]) + size_t(box.extent(1)) * size_t(k - box.lo[2]));
    }
    uint8_t& at(int64_t i, int64_t j, int64_t k) { return bits[index(i, j, k)]; }
    uint8_t at(int64_t i, int64_t j, int64_t k) const { return bits[index(i, j, k)]; }
    size_t count() const;
};

// What a tool wants to change: voxels inside `box` for which fill() writes 1. fill(sub, out)
// writes sub.count() bytes (0/1, i fastest, sub-box-local) for a sub-box of box; it is called
// concurrently for disjoint sub-boxes and must not start TBB work itself (the editor's
// workers reuse per-thread buffers around the call). A Modifier made from a dense Mask borrows it (keep it
// alive until apply() returns; temporaries are refused at compile time); one made from a
// BoxMask owns its (small) copy.
struct Modifier {
    VoxelBox box;
    std::function<void(const VoxelBox& sub, uint8_t* out)> fill;

    static Modifier of(const Mask& mask, bool invert = false);
    static Modifier of(Mask&& mask, bool invert = false) = delete;
    static Modifier of(BoxMask mask);
    static Modifier everywhere(const ImageGeometry& g);
};

enum class EditMode {
    Set,    // label := segment
    Erase,  // label := 0 where label == segment (segment 0: where any unlocked segment)
};

enum class EditRegion {
    Everywhere,          // overwrite any unlocked label
    InsideSegment,       // only where label == EditOptions::regionSegment
    OutsideAllSegments,  // only where label == 0
};

struct EditOptions {
    EditRegion region = EditRegion::Everywhere;
    Label regionSegment = 0;
    // When set, only voxels with intensityLo <= value <= intensityHi (e.g. HU) are edited;
    // the volume must be on the label map's grid.
    const Volume* intensity = nullptr;
    double intensityLo = -std::numeric_limits<double>::infinity();
    double intensityHi = std::numeric_limits<double>::infinity();
    // When set, voxels outside this mask are never edited (the body after "remove table").
    const Mask* editableArea = nullptr;
};

struct EditResult {
    VoxelBox changed;          // voxels whose label changed (empty: nothing changed)
    size_t changedVoxels = 0;  // exact for single steps; within a step, per apply()
};

class LabelMapEditor {
public:
    LabelMapEditor(LabelMap& map, History& history);
    ~LabelMapEditor();
    LabelMapEditor(const LabelMapEditor&) = delete;
    LabelMapEditor& operator=(const LabelMapEditor&) = delete;

    const LabelMap& map() const { return map_; }
    const History& history() const { return history_; }

    // Applies a modifier. Throws marrow::Error when segment (for Set, or non-zero for Erase)
    // is not in the table or is locked, or when a mask/volume is on another grid.
    EditResult apply(const Modifier& modifier, EditMode mode, Label segment, const EditOptions& options = {},
                     const std::string& stepName = "Edit");

    // ---- segment table (each an undo step) ----
    Label addSegment(const std::string& name, const Rgb* color = nullptr);  // throws when full
    void removeSegment(Label id);                   // erases its voxels too
    void renameSegment(Label id, const std::string& name);
    void recolorSegment(Label id, Rgb color);
    void setSegmentLocked(Label id, bool locked);
    void mergeSegments(Label into, Label from);     // from's voxels become into; from goes away
    // The segment's label value becomes `to` (a free value, 1..255): its voxels and its
    // table entry (name, colour, visibility) move, keeping its place in the table. For
    // matching another tool's numbering (TotalSegmentator's ids, a lab's label scheme).
    // Throws marrow::Error when `to` is 0 or taken, or the segment is absent or locked.
    void relabelSegment(Label from, Label to);

    // ---- grouping ----
    void beginStep(const std::string& name);  // nests; the outermost name wins
    EditResult endStep();                     // commits the step (if anything changed)
    bool inStep() const { return depth_ > 0; }

    // ---- undo / redo (an open step is committed first) ----
    EditResult undo();  // empty result when there is nothing to undo
    EditResult redo();

    // ---- whole-map changes ----
    // The map becomes a copy of source (voxels and segment table), as one undo step: loading
    // a label map over edits, or recovering a journal, can be undone like any edit. Only
    // tiles that differ are recorded. Throws marrow::Error when the grids differ.
    EditResult replaceAll(const LabelMap& source, const std::string& stepName);
    // Writes a recorded step's "after" (forward) or "before" side into the map without
    // adding history: the recovery journal replays what it recorded this way.
    EditResult replay(const EditRecord& record, bool forward) { return restore(record, forward); }

private:
    struct Step;
    const Segment& requireSegment(Label id, const char* what) const;
    Segment& segmentRef(Label id);
    EditResult restore(const EditRecord& record, bool useAfter);

    LabelMap& map_;
    History& history_;
    int depth_ = 0;
    std::unique_ptr<Step> step_;
};

// RAII step: everything the scope applies is one undo step, committed by commit() or, if an
// exception leaves the scope, by the destructor (what was applied stays undoable).
class ScopedStep {
public:
    ScopedStep(LabelMapEditor& editor, const std::string& name) : editor_(editor) { editor_.beginStep(name); }
    ~ScopedStep() {
        if (open_) editor_.endStep();
    }
    ScopedStep(const ScopedStep&) = delete;
    ScopedStep& operator=(const ScopedStep&) = delete;
    EditResult commit() {
        if (!open_) return {};
        open_ = false;
        return editor_.endStep();
    }

private:
    LabelMapEditor& editor_;
    bool open_ = true;
};

}  // namespace marrow
