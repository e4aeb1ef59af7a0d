#pragma once
// Document: what a user has open — one image, its label map, the undo history, and the
// label map as it was loaded (so a correction can be compared against the AI output).
// The viewer, the CLI and tests open, edit and save through this one object; edits go
// through editor() (seg/editor.h) and so always leave an undo record.
//
// Threading: not thread-safe; the GUI runs long tools on a worker while the UI only reads
// a snapshot, or blocks input until they finish.
#include <memory>
#include <string>
#include <vector>

#include "io/label_table.h"
#include "io/volume.h"
#include "seg/editor.h"
#include "seg/history.h"
#include "seg/label_map.h"

namespace marrow {

class RecoveryJournal;
struct ImageIdentity;

// Voxels a difference volume marks as added (1) and removed (2).
struct DifferenceCounts {
    size_t added = 0, removed = 0;
    friend bool operator==(const DifferenceCounts&, const DifferenceCounts&) = default;
};

struct LabelLoadOptions {
    std::string namesPath;       // explicit names file (TSV/CSV/ITK-SNAP label file)
    bool lockImported = true;    // AI labels start locked: an explicit unlock allows edits
    bool resample = false;       // nearest-neighbour resampling when the grids differ
};

class Document {
public:
    Document();
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    // Replaces the image; the label map becomes empty on the image's grid, history cleared.
    void setImage(Volume image, const std::string& source);
    // Reads a label map (NIfTI, .seg.nrrd, a folder of masks) with names and colours and
    // places it on the image grid: exact reorientation when the voxel centres coincide
    // (e.g. a NIfTI stored with a flipped axis), else refused with both geometries named,
    // unless options.resample. The replacement is one undo step (edits made before it come
    // back with Undo) and counts as saved; the loaded voxels are kept as the original for
    // difference() and compare. Returns the loader's notes (names source...).
    std::vector<std::string> loadLabels(const std::string& path, const LabelLoadOptions& options = {});
    // Writes the label map with names/colours (NIfTI + .tsv beside it, or .seg.nrrd), on
    // the image's grid, atomically; the current state counts as saved from then on.
    // When a baseline file is known (baselineSource()) and is not path itself, its
    // reference goes into "<path>.marrow.json" (io/labels_baseline.h), so that loading the
    // saved labels later compares them against the same original. Returns the files written.
    std::vector<std::string> saveLabels(const std::string& path);
    // The file the difference overlay compares against: the labels as loaded, or the
    // baseline a loaded file's sidecar named (loadLabels then reads that file as the
    // original and says so in its notes), or the one compareAgainst chose. "" when none.
    const std::string& baselineSource() const { return baselineSource_; }
    // "Compare against...": reads path as the original for difference(), on the image grid
    // (same placement rules as loadLabels); the labels themselves are not touched.
    void compareAgainst(const std::string& path, const LabelLoadOptions& options = {});
    // Writes the labels as a DICOM Segmentation referencing the image's DICOM series
    // (io/dicom_seg_writer.h, SEMIAUTOMATIC by "Marrow"); returns the writer's warnings
    // (e.g. new UIDs for a NIfTI image). Does not change the saved state.
    std::vector<std::string> exportDicomSeg(const std::string& path);

    // ---- unsaved work and crash recovery ----
    // True when the labels differ from what was last loaded or saved (undoing back to that
    // state makes it false again; hiding a segment does not count).
    bool hasUnsavedEdits() const;
    // Journals every change from now on into a new file in folder (seg/recovery_journal.h),
    // starting from the current labels; a new image, a load or a save starts a new journal
    // from the labels then (so its size stays that of the edits since). "" stops it.
    // Throws marrow::Error when the folder cannot be written.
    void enableRecovery(const std::string& folder);
    const RecoveryJournal* journal() const { return journal_.get(); }
    // Why autosave is off ("" while it runs): a later journal (after a load or a save)
    // could not be started; that load or save itself succeeded.
    std::string recoveryProblem() const;
    RecoveryJournal* journal() { return journal_.get(); }
    // Journals segment display changes (visibility), which are not undo steps. Cheap: the
    // viewer calls it once a frame.
    void journalDisplayChanges();
    // The work was saved or discarded on purpose: the journal file goes (no recovery offer).
    void discardRecovery();
    // Replaces the labels with the ones the journal at path ends with, as one undo step.
    // Throws marrow::Error (naming the difference) when it was written for another image.
    void recover(const std::string& journalPath);

    const Volume& image() const { return image_; }
    const std::string& imageSource() const { return imageSource_; }
    const std::string& labelsSource() const { return labelsSource_; }
    LabelMap& labels() { return *labels_; }
    const LabelMap& labels() const { return *labels_; }
    LabelMapEditor& editor() { return *editor_; }
    const History& history() const { return *history_; }
    // Label map as loaded (empty Volume when none was loaded).
    const Volume& originalLabels() const { return original_; }
    // The label table of the current segments (names, colours) for writers.
    LabelTable labelTable() const;

    // Per voxel, relative to the loaded original: 0 same, 1 added (now labelled with a
    // different label than before and before was background or another label), 2 removed
    // (labelled before, background now). UInt8 volume on the image grid; all zero when no
    // original was loaded.
    Volume difference() const;
    // difference() inside box only (clipped to the grid), written into diff (a UInt8 volume
    // on the image grid holding an earlier difference; marrow::Error otherwise); voxels
    // outside box are left as they are. counts, the added/removed totals of diff, stay exact:
    // the box's old codes are taken off, its new ones added. Reads only the label tiles
    // inside box (no dense copy), so a brush-sized box costs microseconds; TBB-parallel
    // over tiles. Any integer or float original type (compared by value).
    void updateDifference(const VoxelBox& box, Volume& diff, DifferenceCounts& counts) const;

private:
    void resetLabels(LabelMap map);
    Volume readPlaced(const std::string& path, const LabelLoadOptions& options, LabelTable* table,
                      std::vector<std::string>* notes) const;
    void startJournal();
    void startJournalIn(const std::string& folder);
    Volume image_;
    std::string recoveryFolder_;
    std::string recoveryProblem_;
    std::unique_ptr<RecoveryJournal> journal_;
    std::unique_ptr<ImageIdentity> identity_;  // of image_, computed once for its journals
    std::vector<Segment> journaledTable_;  // the table the journal last recorded
    uint64_t savedState_ = 0;              // history state last loaded or saved
    std::string imageSource_, labelsSource_, baselineSource_;
    std::unique_ptr<LabelMap> labels_;
    std::unique_ptr<History> history_;
    std::unique_ptr<LabelMapEditor> editor_;
    Volume original_;
};

}  // namespace marrow
