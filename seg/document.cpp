#include "seg/document.h"

#include "io/labels_baseline.h"
#include "io/output_guard.h"

#include <tbb/parallel_for.h>

#include <array>
#include <ctime>
#include <filesystem>
#include <limits>
#include <random>
#include <type_traits>

#include "io/dicom_seg_writer.h"
#include "io/label_geometry.h"
#include "io/label_io.h"
#include "seg/recovery_journal.h"

namespace marrow {

Document::Document() : labels_(std::make_unique<LabelMap>()), history_(std::make_unique<History>()) {
    editor_ = std::make_unique<LabelMapEditor>(*labels_, *history_);
    // Every applied change (edit, undo, redo) goes to the journal, from whichever thread
    // applied it (the journal's queue is thread-safe).
    history_->setObserver([this](const EditRecord& record, bool forward) {
        if (!journal_) return;
        journaledTable_ = labels_->segments();
        journal_->appendStep(record, forward, journaledTable_, history_->state());
    });
}

Document::~Document() = default;

void Document::resetLabels(LabelMap map) {
    editor_.reset();  // the editor refers to the old map and history
    *labels_ = std::move(map);
    history_->clear();
    editor_ = std::make_unique<LabelMapEditor>(*labels_, *history_);
}

void Document::setImage(Volume image, const std::string& source) {
    image_ = std::move(image);
    imageSource_ = source;
    labelsSource_.clear();
    baselineSource_.clear();
    original_ = Volume();
    identity_.reset();
    resetLabels(LabelMap(image_.geometry()));
    savedState_ = history_->state();
    startJournal();
}

Volume Document::readPlaced(const std::string& path, const LabelLoadOptions& options, LabelTable* table,
                            std::vector<std::string>* notes) const {
    if (image_.empty()) throw Error(path, "open an image before its label map");
    LabelMapReadOptions read;
    read.namesPath = options.namesPath;
    // A DICOM-SEG's frames go straight onto the image's slices (its own grid spans only them).
    if (!options.resample) read.referenceGrid = &image_.geometry();
    LabeledVolume labeled = readLabelMap(path, read);
    Volume placed = placeOnGrid(std::move(labeled.labels), image_.geometry(), options.resample, path);
    for (const auto& [value, count] : labelHistogram(placed)) {
        (void)count;
        if (value > kMaxLabel)
            throw Error(path, "label value " + std::to_string(value) + " is above " + std::to_string(kMaxLabel) +
                                  ", the largest this build stores");
    }
    if (table) *table = std::move(labeled.table);
    if (notes) *notes = std::move(labeled.notes);
    return placed;
}

void Document::compareAgainst(const std::string& path, const LabelLoadOptions& options) {
    original_ = readPlaced(path, options, nullptr, nullptr);
    baselineSource_ = path;
}

std::vector<std::string> Document::loadLabels(const std::string& path, const LabelLoadOptions& options) {
    LabeledVolume labeled;
    Volume placed = readPlaced(path, options, &labeled.table, &labeled.notes);
    if (labeled.table.replaceRepeatedColours())
        labeled.notes.push_back(path + ": the label colours repeat; each label gets its own colour");
    LabelMap map = LabelMap::fromVolume(placed);
    {
        // Names, colours and locks are set through an editor of the new map (so the table
        // stays consistent); its scratch history goes with it.
        History scratch;
        LabelMapEditor table(map, scratch);
        for (const Segment& s : std::vector<Segment>(map.segments())) {
            if (const LabelEntry* e = labeled.table.find(s.id)) {
                table.renameSegment(s.id, e->name);
                table.recolorSegment(s.id, e->color);
            }
            if (options.lockImported) table.setSegmentLocked(s.id, true);
        }
    }
    // One undo step: edits the load replaced come back with Undo.
    editor_->replaceAll(map, "Load labels");
    // New segments must not take a structure's number, even one deleted later.
    std::vector<Label> named;
    for (const LabelEntry& e : labeled.table.entries())
        if (e.value <= kMaxLabel) named.push_back(Label(e.value));
    labels_->reserveIds(std::move(named));
    savedState_ = history_->state();
    if (journal_) startJournal();  // from the loaded labels: the load step need not be kept
    original_ = std::move(placed);
    labelsSource_ = baselineSource_ = path;
    // Saved corrections name the labels they were made from: compare against those again.
    if (const std::optional<BaselineRef> ref = readBaselineSidecar(path)) {
        if (ref->unchanged) {
            original_ = readPlaced(ref->path, options, nullptr, nullptr);
            baselineSource_ = ref->path;
            labeled.notes.push_back(path + ": changes are shown against " + ref->path + " (its baseline)");
        } else {
            labeled.notes.push_back(path + ": its baseline " + ref->recorded +
                                    (ref->path.empty() ? " is missing" : " has changed since") +
                                    "; changes are shown against this file");
        }
    }
    return labeled.notes;
}

LabelTable Document::labelTable() const {
    LabelTable table;
    for (const Segment& s : labels_->segments()) table.set(s.id, s.name, s.color);
    return table;
}

std::vector<std::string> Document::saveLabels(const std::string& path) {
    LabeledVolume out;
    out.labels = labels_->toVolume(ScalarType::UInt8);
    out.labels.meta = original_.meta;  // keep header extensions and source details
    out.table = labelTable();
    std::vector<std::string> written = writeLabelMap(path, out);
    if (!baselineSource_.empty() && !sameFile(baselineSource_, path)) {
        writeBaselineSidecar(path, baselineSource_);
        written.push_back(baselineSidecarPath(path));
    }
    savedState_ = history_->state();
    if (journal_) startJournal();  // from the saved labels: what came before is on disk
    return written;
}

std::vector<std::string> Document::exportDicomSeg(const std::string& path) {
    if (image_.empty()) throw Error(path, "open an image before exporting its labels");
    LabeledVolume out;
    out.labels = labels_->toVolume(ScalarType::UInt8);
    out.table = labelTable();
    DicomSegWriteOptions options;
    options.algorithmType = "SEMIAUTOMATIC";
    options.algorithmName = "Marrow";
    return writeDicomSeg(out, image_, path, options).warnings;
}

// [SECTION] unsaved work and crash recovery

bool Document::hasUnsavedEdits() const { return history_->state() != savedState_; }

void Document::enableRecovery(const std::string& folder) {
    recoveryFolder_ = folder;
    startJournal();
    if (!recoveryProblem_.empty()) throw Error(folder, recoveryProblem_);
}

void Document::startJournal() {
    if (journal_) journal_->remove();  // the labels it recorded were replaced on purpose
    journal_.reset();
    recoveryProblem_.clear();
    if (recoveryFolder_.empty() || image_.empty()) return;
    // Called after a load or save has done its work: a folder that cannot take the journal
    // (unwritable, disk full) turns autosave off and says so, it never fails that work.
    try {
        startJournalIn(recoveryFolder_);
    } catch (const std::exception& e) {
        journal_.reset();
        recoveryProblem_ = e.what();
    }
}

std::string Document::recoveryProblem() const {
    if (recoveryProblem_.empty() && journal_ && journal_->failed())
        return "the recovery journal could not be written (disk full?); save your work";
    return recoveryProblem_;
}

void Document::startJournalIn(const std::string& folder) {
    std::filesystem::create_directories(folder);
    // Unique per session and document: several viewers may share the folder.
    const std::string name = "marrow-" + std::to_string(std::time(nullptr)) + "-" +
                             std::to_string(std::random_device{}() & 0xffffff) + ".journal";
    const std::string path = (std::filesystem::path(folder) / name).string();
    if (!identity_) identity_ = std::make_unique<ImageIdentity>(ImageIdentity::of(image_, imageSource_));
    journal_ = std::make_unique<RecoveryJournal>(path, *identity_, *labels_, savedState_);
    journaledTable_ = labels_->segments();
    if (hasUnsavedEdits()) journal_->appendTable(journaledTable_, history_->state());
}

void Document::journalDisplayChanges() {
    if (journal_ && labels_->segments() != journaledTable_) {
        journaledTable_ = labels_->segments();
        journal_->appendTable(journaledTable_, history_->state());
    }
}

void Document::discardRecovery() {
    if (journal_) journal_->remove();
    journal_.reset();
}

void Document::recover(const std::string& journalPath) {
    const LabelMap map = RecoveryJournal::replay(journalPath, image_);
    editor_->replaceAll(map, "Recover unsaved edits");
    if (!journal_) return;  // nothing else holds the edits: keep their journal
    journal_->flush();      // the recovered labels are on disk in this session's journal
    std::error_code ec;
    std::filesystem::remove(journalPath, ec);
}

Volume Document::difference() const {
    Volume diff(image_.geometry(), ScalarType::UInt8, true);
    DifferenceCounts counts;
    updateDifference(VoxelBox::of(image_.geometry()), diff, counts);
    return diff;
}

void Document::updateDifference(const VoxelBox& box, Volume& diff, DifferenceCounts& counts) const {
    const ImageGeometry& g = image_.geometry();
    if (diff.type() != ScalarType::UInt8 || diff.geometry().dims() != g.dims())
        throw Error("", "difference: the volume to update must be uint8 on the image grid");
    if (original_.empty()) return;
    const VoxelBox clipped = box.intersect(VoxelBox::of(g));
    if (clipped.empty()) return;
    const LabelMap& map = *labels_;
    const std::vector<size_t> tiles = map.tilesIn(clipped);
    // Per tile: the old and new counts of its part of the box (summed after, so no atomics).
    std::vector<std::array<size_t, 4>> perTile(tiles.size());
    uint8_t* d = diff.data<uint8_t>();
    original_.visit([&](const auto* before) {
        using T = std::remove_cv_t<std::remove_pointer_t<decltype(before)>>;
        // Compared by value in a type that holds both (an int16 or float original included);
        // T itself when it holds every label (the common uint8/uint16 case: vectorises).
        using Wide = std::conditional_t<std::is_integral_v<T>, int64_t, double>;
        using Common = std::conditional_t<std::is_integral_v<T> && std::numeric_limits<T>::max() >= kMaxLabel, T, Wide>;
        static constexpr Label kNoTile[LabelMap::kTileSize] = {};  // a tile never written reads 0
        tbb::parallel_for(size_t(0), tiles.size(), [&](size_t n) {
            const VoxelBox sub = map.tileBox(tiles[n]).intersect(clipped);
            const Label* tile = map.tile(tiles[n]);
            size_t oldAdded = 0, oldRemoved = 0, added = 0, removed = 0;
            for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j) {
                    const size_t at = g.linearIndex(sub.lo[0], j, k);
                    const T* b = before + at;
                    uint8_t* out = d + at;
                    const Label* now = tile ? tile + LabelMap::offsetInTile(sub.lo[0], j, k) : kNoTile;
                    // Row counters narrow enough for the loop to vectorise (a row is <= 32 voxels).
                    uint32_t rowOldAdded = 0, rowOldRemoved = 0, rowAdded = 0, rowRemoved = 0;
                    for (int64_t i = 0, e = sub.extent(0); i < e; ++i) {
                        const Label a = now[i];
                        const uint8_t code = Common(b[i]) == Common(a) ? 0 : (a != 0 ? 1 : 2);
                        rowOldAdded += out[i] == 1;
                        rowOldRemoved += out[i] == 2;
                        rowAdded += code == 1;
                        rowRemoved += code == 2;
                        out[i] = code;
                    }
                    oldAdded += rowOldAdded;
                    oldRemoved += rowOldRemoved;
                    added += rowAdded;
                    removed += rowRemoved;
                }
            perTile[n] = {oldAdded, oldRemoved, added, removed};
        });
    });
    for (const auto& c : perTile) {
        counts.added = counts.added - c[0] + c[2];
        counts.removed = counts.removed - c[1] + c[3];
    }
}

}  // namespace marrow
