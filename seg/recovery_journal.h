#pragma once
// RecoveryJournal: the viewer's autosave. Every change applied to a document's label map
// (an edit, an undo, a redo: History's observer) is appended to a file as the step's
// run-length tile diffs (seg/tile_diff.h), its direction and the segment table after it,
// so replaying the file from its base onto an empty map gives the labels bit for bit.
//
// File: "MARROWJ1", then records [u32 length][u32 crc32][payload]. The first record is the
// header (the image's identity: source, grid, voxel type and a content hash); a base record
// holds the map the journal started from when it was not empty (tile diffs from zero);
// step and table (display-only changes: visibility) records follow. The state the journal
// starts in is the saved one: a document starts a new journal whenever it saves or loads. A record cut short by a kill, or whose checksum fails, ends the replay: everything
// before it is restored.
//
// Threading: append*() encode on the caller's thread (a copy of the runs:
// microseconds for a dab) and queue the bytes; a writer thread appends them, fflush()es and
// fdatasync()s, so the file is at most one write behind (milliseconds). The file is locked
// (flock) while a journal owns it, so another viewer never offers to recover a live session.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/volume.h"
#include "seg/history.h"
#include "seg/label_map.h"

namespace marrow {

// What a journal was written for: a recovery onto another image is refused.
struct ImageIdentity {
    std::string source;  // path or "phantom"
    std::array<int, 3> dims{0, 0, 0};
    Vec3 spacing, origin;
    Mat3 direction;
    uint8_t type = 0;          // ScalarType
    uint64_t contentHash = 0;  // of the voxels (imageContentHash)

    static ImageIdentity of(const Volume& image, const std::string& source);
    // "" when other is the same image (the source path may differ: a moved file is fine),
    // else what differs, for the refusal message.
    std::string differenceFrom(const ImageIdentity& other) const;
};

// A 64-bit hash of every voxel byte (CRC32 per 1 MiB chunk, TBB-parallel, chunks mixed in
// order): about 10 ms for a 512x512x400 int16 CT on 16 cores.
uint64_t imageContentHash(const Volume& image);

// What a journal file holds, read without replaying it.
struct JournalSummary {
    std::string path;
    ImageIdentity image;
    size_t stepsSinceSave = 0;  // step records (edits, undos, redos) since the journal began
    bool unsaved = false;       // the last state differs from the saved one it began in
    int64_t lastChange = 0;     // unix time of the last step record (0: none)
    bool torn = false;          // a damaged tail was ignored
};

class RecoveryJournal {
public:
    // Creates (truncates) path and locks it. base: the map the journal starts from (written in
    // the background when it has any voxel or segment); state: the history state the map is in,
    // counted as saved. Throws marrow::Error when the file cannot be created.
    RecoveryJournal(std::string path, const ImageIdentity& image, const LabelMap& base, uint64_t state);
    ~RecoveryJournal();  // writes what is queued, closes; the file stays
    RecoveryJournal(const RecoveryJournal&) = delete;
    RecoveryJournal& operator=(const RecoveryJournal&) = delete;

    const std::string& path() const { return path_; }
    void appendStep(const EditRecord& record, bool forward, const std::vector<Segment>& tableAfter, uint64_t stateAfter);
    void appendTable(const std::vector<Segment>& table, uint64_t state);  // display-only change
    void flush();  // blocks until everything queued is on disk
    uint64_t recordsWritten() const { return written_.load(); }
    // A write failed (disk full, folder gone): the file keeps the edits up to that batch and
    // nothing later is journaled.
    bool failed() const { return failed_.load(); }
    uint64_t recordsQueued() const;
    // Stops the writer and deletes the file (the work was saved or discarded).
    void remove();

    // Reads a journal's header and records. Throws marrow::Error when it is not a journal.
    static JournalSummary inspect(const std::string& path);
    // Journals in folder with unsaved steps that no running viewer holds, newest first.
    // Journals with nothing unsaved and no owner are deleted (left by a crash after a save,
    // or before any edit).
    static std::vector<JournalSummary> findRecoverable(const std::string& folder);
    // The label map the journal ends with, on image's grid. Throws marrow::Error naming the
    // difference when image is not the journal's image.
    static LabelMap replay(const std::string& path, const Volume& image);

private:
    struct Item {
        std::vector<uint8_t> payload;
        std::shared_ptr<const LabelMap> base;  // encoded by the writer when set
    };
    void enqueue(Item item);
    void writerLoop();

    std::string path_;
    int fd_ = -1;
    mutable std::mutex mutex_;
    std::condition_variable wake_, drained_;
    std::deque<Item> queue_;
    uint64_t queued_ = 0;
    std::atomic<uint64_t> written_{0};
    std::atomic<bool> failed_{false};  // a write failed (disk full?): journaling stopped
    uint64_t goodSize_ = 0;            // file bytes of complete batches (writer thread)
    bool stop_ = false;
    std::thread writer_;
};

}  // namespace marrow
