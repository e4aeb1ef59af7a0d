#include "seg/recovery_journal.h"

#include <fcntl.h>
#include <tbb/parallel_for.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

#ifdef _WIN32
#include <io.h>
#else
#include <sys/file.h>
#include <unistd.h>
#endif

#include "io/error.h"
#include "seg/editor.h"

namespace marrow {
namespace {

constexpr char kMagic[8] = {'M', 'A', 'R', 'R', 'O', 'W', 'J', '1'};
enum RecordType : uint8_t { kHeader = 'H', kBase = 'B', kStep = 'S', kTable = 'T' };

// [SECTION] byte encoding (little-endian as the host writes it: a journal is read back on
// the machine that wrote it)
struct Out {
    std::vector<uint8_t> bytes;
    template <class T>
    void put(T v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes.insert(bytes.end(), p, p + sizeof v);
    }
    void str(const std::string& s) {
        put(uint32_t(s.size()));
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    void blob(const std::vector<uint8_t>& b) {
        put(uint32_t(b.size()));
        bytes.insert(bytes.end(), b.begin(), b.end());
    }
};

struct In {
    const uint8_t* p;
    const uint8_t* end;
    void need(size_t n) const {
        if (size_t(end - p) < n) throw Error("", "journal record ends early");
    }
    template <class T>
    T get() {
        need(sizeof(T));
        T v;
        std::memcpy(&v, p, sizeof v);
        p += sizeof v;
        return v;
    }
    std::string str() {
        const uint32_t n = get<uint32_t>();
        need(n);
        std::string s(reinterpret_cast<const char*>(p), n);
        p += n;
        return s;
    }
    std::vector<uint8_t> blob() {
        const uint32_t n = get<uint32_t>();
        need(n);
        std::vector<uint8_t> b(p, p + n);
        p += n;
        return b;
    }
};

void putTable(Out& o, const std::vector<Segment>& table) {
    o.put(uint32_t(table.size()));
    for (const Segment& s : table) {
        o.put(uint32_t(s.id));
        o.str(s.name);
        o.put(s.color.r), o.put(s.color.g), o.put(s.color.b);
        o.put(uint8_t(s.visible)), o.put(uint8_t(s.locked));
    }
}

std::vector<Segment> getTable(In& in) {
    std::vector<Segment> table(in.get<uint32_t>() & 0xffff);
    for (Segment& s : table) {
        s.id = Label(in.get<uint32_t>());
        s.name = in.str();
        s.color.r = in.get<uint8_t>(), s.color.g = in.get<uint8_t>(), s.color.b = in.get<uint8_t>();
        s.visible = in.get<uint8_t>() != 0;
        s.locked = in.get<uint8_t>() != 0;
    }
    return table;
}

void putTiles(Out& o, const std::vector<TileDiff>& tiles) {
    o.put(uint32_t(tiles.size()));
    for (const TileDiff& t : tiles) {
        o.put(t.tile);
        o.blob(t.runs);
    }
}

std::vector<TileDiff> getTiles(In& in) {
    const uint32_t n = in.get<uint32_t>();
    in.need(size_t(n) * 8);  // each entry takes at least 8 bytes: no allocation beyond the record
    std::vector<TileDiff> tiles(n);
    for (TileDiff& t : tiles) {
        t.tile = in.get<uint32_t>();
        t.runs = in.blob();
    }
    return tiles;
}

std::vector<uint8_t> headerPayload(const ImageIdentity& id, uint64_t state) {
    Out o;
    o.put(uint8_t(kHeader));
    o.str(id.source);
    for (int d : id.dims) o.put(int32_t(d));
    for (int a = 0; a < 3; ++a) o.put(id.spacing[a]);
    for (int a = 0; a < 3; ++a) o.put(id.origin[a]);
    for (const auto& row : id.direction.m)
        for (double v : row) o.put(v);
    o.put(id.type);
    o.put(id.contentHash);
    o.put(state);
    return std::move(o.bytes);
}

ImageIdentity getHeader(In& in, uint64_t& state) {
    ImageIdentity id;
    id.source = in.str();
    for (int& d : id.dims) d = in.get<int32_t>();
    for (int a = 0; a < 3; ++a) id.spacing[a] = in.get<double>();
    for (int a = 0; a < 3; ++a) id.origin[a] = in.get<double>();
    for (auto& row : id.direction.m)
        for (double& v : row) v = in.get<double>();
    id.type = in.get<uint8_t>();
    id.contentHash = in.get<uint64_t>();
    state = in.get<uint64_t>();
    return id;
}

// The base map as one forward step from an all-zero map: each allocated tile against zero.
std::vector<uint8_t> basePayload(const LabelMap& base) {
    std::vector<TileDiff> tiles(base.tileCount());
    tbb::parallel_for(size_t(0), base.tileCount(), [&](size_t t) {
        tiles[t].tile = uint32_t(t);
        if (base.tile(t)) tiles[t].runs = encodeTileDiff(nullptr, base.tile(t));
    });
    std::erase_if(tiles, [](const TileDiff& t) { return t.runs.empty(); });
    Out o;
    o.put(uint8_t(kBase));
    putTiles(o, tiles);
    putTable(o, base.segments());
    return std::move(o.bytes);
}

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path, "cannot read the recovery journal");
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Calls visit(payload In) for each intact record; returns false when a damaged tail was cut.
template <class Visit>
bool forEachRecord(const std::string& path, const std::vector<uint8_t>& file, Visit visit) {
    if (file.size() < sizeof kMagic || std::memcmp(file.data(), kMagic, sizeof kMagic) != 0)
        throw Error(path, "not a Marrow recovery journal");
    size_t at = sizeof kMagic;
    while (at < file.size()) {
        if (file.size() - at < 8) return false;
        uint32_t length = 0, crc = 0;
        std::memcpy(&length, &file[at], 4);
        std::memcpy(&crc, &file[at + 4], 4);
        if (file.size() - at - 8 < length) return false;
        const uint8_t* payload = &file[at + 8];
        if (length == 0 || uint32_t(crc32(0, payload, length)) != crc) return false;
        visit(In{payload, payload + length});
        at += 8 + size_t(length);
    }
    return true;
}

bool lockedByOther(const std::string& path) {
#ifdef _WIN32
    (void)path;
    return false;
#else
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return true;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    ::close(fd);
    return held;
#endif
}

}  // namespace

// [SECTION] image identity

uint64_t imageContentHash(const Volume& image) {
    constexpr size_t kChunk = size_t(1) << 20;
    const size_t bytes = image.byteSize();
    const auto* data = static_cast<const Bytef*>(image.raw());
    std::vector<uint32_t> crcs((bytes + kChunk - 1) / kChunk);
    tbb::parallel_for(size_t(0), crcs.size(), [&](size_t c) {
        const size_t n = std::min(kChunk, bytes - c * kChunk);
        crcs[c] = uint32_t(crc32(0, data + c * kChunk, uInt(n)));
    });
    uint64_t h = 0x9E3779B97F4A7C15ull ^ bytes;
    for (uint32_t c : crcs) h = (h ^ c) * 0x100000001B3ull + (h >> 29);
    return h;
}

ImageIdentity ImageIdentity::of(const Volume& image, const std::string& source) {
    ImageIdentity id;
    id.source = source;
    const ImageGeometry& g = image.geometry();
    id.dims = g.dims();
    id.spacing = g.spacing();
    id.origin = g.origin();
    id.direction = g.direction();
    id.type = uint8_t(image.type());
    id.contentHash = imageContentHash(image);
    return id;
}

std::string ImageIdentity::differenceFrom(const ImageIdentity& o) const {
    auto dimsText = [](const std::array<int, 3>& d) {
        return std::to_string(d[0]) + "x" + std::to_string(d[1]) + "x" + std::to_string(d[2]);
    };
    if (dims != o.dims) return "its grid is " + dimsText(o.dims) + ", the journal's " + dimsText(dims);
    if (!(spacing == o.spacing) || !(origin == o.origin) || direction.m != o.direction.m)
        return "its spacing, origin or orientation differ from the journal's";
    if (type != o.type || contentHash != o.contentHash) return "its voxels differ from the journal's image";
    return {};
}

// [SECTION] writing

RecoveryJournal::RecoveryJournal(std::string path, const ImageIdentity& image, const LabelMap& base, uint64_t state)
    : path_(std::move(path)) {
#ifdef _WIN32
    fd_ = ::_open(path_.c_str(), _O_CREAT | _O_TRUNC | _O_WRONLY | _O_BINARY, 0600);
#else
    fd_ = ::open(path_.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
#endif
    if (fd_ < 0) throw Error(path_, "cannot create the recovery journal");
#ifndef _WIN32
    // Locked before it is emptied: a viewer starting meanwhile never sees an empty, unlocked
    // journal (which it would take for a dead session's and remove).
    ::flock(fd_, LOCK_EX | LOCK_NB);
    (void)!::ftruncate(fd_, 0);
#endif
    if (::write(fd_, kMagic, sizeof kMagic) != sizeof kMagic) {
        ::close(fd_);
        throw Error(path_, "cannot write the recovery journal");
    }
    goodSize_ = sizeof kMagic;
    enqueue({headerPayload(image, state), nullptr});
    if (base.allocatedTiles() > 0 || !base.segments().empty())
        enqueue({{}, std::make_shared<const LabelMap>(base.clone())});
    writer_ = std::thread([this] { writerLoop(); });
}

RecoveryJournal::~RecoveryJournal() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (writer_.joinable()) writer_.join();
    if (fd_ >= 0) ::close(fd_);
}

void RecoveryJournal::enqueue(Item item) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(item));
        ++queued_;
    }
    wake_.notify_one();
}

uint64_t RecoveryJournal::recordsQueued() const {
    std::lock_guard lock(mutex_);
    return queued_;
}

void RecoveryJournal::appendStep(const EditRecord& record, bool forward, const std::vector<Segment>& tableAfter,
                                 uint64_t stateAfter) {
    Out o;
    size_t runBytes = 0;
    for (const TileDiff& t : record.tiles) runBytes += t.runs.size() + 8;
    o.bytes.reserve(runBytes + record.name.size() + 64 + tableAfter.size() * 32);
    o.put(uint8_t(kStep));
    o.put(uint8_t(forward));
    o.put(stateAfter);
    o.put(int64_t(std::time(nullptr)));
    o.str(record.name);
    putTiles(o, record.tiles);
    putTable(o, tableAfter);
    enqueue({std::move(o.bytes), nullptr});
}

void RecoveryJournal::appendTable(const std::vector<Segment>& table, uint64_t state) {
    Out o;
    o.put(uint8_t(kTable));
    o.put(state);
    putTable(o, table);
    enqueue({std::move(o.bytes), nullptr});
}

void RecoveryJournal::flush() {
    std::unique_lock lock(mutex_);
    drained_.wait(lock, [&] { return written_.load() == queued_ || fd_ < 0; });
}

void RecoveryJournal::remove() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
        std::lock_guard lock(mutex_);
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    drained_.notify_all();
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

void RecoveryJournal::writerLoop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, nothing left
        std::deque<Item> batch;
        batch.swap(queue_);
        lock.unlock();
        // One write for the batch: a kill leaves at most its last record torn.
        std::vector<uint8_t> bytes;
        for (Item& item : batch) {
            if (item.base) item.payload = basePayload(*item.base);
            const uint32_t length = uint32_t(item.payload.size());
            const uint32_t crc = uint32_t(crc32(0, item.payload.data(), length));
            const auto* l = reinterpret_cast<const uint8_t*>(&length);
            const auto* c = reinterpret_cast<const uint8_t*>(&crc);
            bytes.insert(bytes.end(), l, l + 4);
            bytes.insert(bytes.end(), c, c + 4);
            bytes.insert(bytes.end(), item.payload.begin(), item.payload.end());
        }
        // After a failed write nothing more is appended: the records are changes relative to
        // each other, so later ones without the lost batch would replay a wrong state. What is
        // on disk stays a consistent prefix (the torn batch is cut off again).
        bool ok = !failed_;
        for (size_t at = 0; ok && at < bytes.size();) {
            const auto n = ::write(fd_, bytes.data() + at, unsigned(std::min<size_t>(bytes.size() - at, 1u << 30)));
            ok = n > 0;
            at += ok ? size_t(n) : 0;
        }
        if (ok) {
            goodSize_ += bytes.size();
#ifndef _WIN32
            ::fdatasync(fd_);
#endif
        } else if (!failed_) {
            failed_ = true;
#ifdef _WIN32
            (void)::_chsize_s(fd_, int64_t(goodSize_));
#else
            (void)!::ftruncate(fd_, off_t(goodSize_));
#endif
        }
        lock.lock();
        written_ += batch.size();  // a failed write counts too: nobody must wait forever
        drained_.notify_all();
    }
}

// [SECTION] reading

JournalSummary RecoveryJournal::inspect(const std::string& path) {
    const std::vector<uint8_t> file = readFile(path);
    JournalSummary sum;
    sum.path = path;
    uint64_t state = 0, saved = 0;
    bool header = false;
    size_t steps = 0;
    sum.torn = !forEachRecord(path, file, [&](In in) {
        const uint8_t type = in.get<uint8_t>();
        if (!header) {
            if (type != kHeader) throw Error(path, "recovery journal without a header");
            sum.image = getHeader(in, state);
            saved = state;
            header = true;
        } else if (type == kStep) {
            in.get<uint8_t>();
            state = in.get<uint64_t>();
            sum.lastChange = in.get<int64_t>();
            ++steps;
        } else if (type == kTable) {
            state = in.get<uint64_t>();
        }
    });
    if (!header) throw Error(path, "recovery journal without a header");
    sum.stepsSinceSave = steps;
    sum.unsaved = state != saved;
    return sum;
}

std::vector<JournalSummary> RecoveryJournal::findRecoverable(const std::string& folder) {
    namespace fs = std::filesystem;
    std::vector<JournalSummary> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string path = entry.path().string();
        if (entry.path().extension() != ".journal" || lockedByOther(path)) continue;
        try {
            JournalSummary s = inspect(path);
            if (s.unsaved) found.push_back(std::move(s));
            else fs::remove(path, ec);
        } catch (const Error&) {
            // Not readable as a journal (cut before its header): nothing to recover.
            fs::remove(path, ec);
        }
    }
    std::sort(found.begin(), found.end(),
              [](const JournalSummary& a, const JournalSummary& b) { return a.lastChange > b.lastChange; });
    return found;
}

LabelMap RecoveryJournal::replay(const std::string& path, const Volume& image) {
    const std::vector<uint8_t> file = readFile(path);
    LabelMap map(image.geometry());
    History scratch;  // replay() adds no steps; the editor needs one
    LabelMapEditor editor(map, scratch);
    bool header = false;
    auto apply = [&](std::vector<TileDiff> tiles, std::vector<Segment> table, bool forward) {
        std::vector<uint8_t> seen(map.tileCount(), 0);
        for (const TileDiff& t : tiles) {
            if (t.tile >= map.tileCount()) throw Error(path, "recovery journal names a tile outside the grid");
            // The CRC catches accidental damage only: runs are checked before they write.
            if (seen[t.tile]++ || !isValidTileDiff(t.runs))
                throw Error(path, "recovery journal holds a malformed change of tile " + std::to_string(t.tile));
        }
        EditRecord r;
        r.tiles = std::move(tiles);
        r.segmentsBefore = table;  // either side: the table after this change
        r.segmentsAfter = std::move(table);
        editor.replay(r, forward);
    };
    forEachRecord(path, file, [&](In in) {
        const uint8_t type = in.get<uint8_t>();
        if (!header) {
            uint64_t state = 0;
            const ImageIdentity id = type == kHeader ? getHeader(in, state) : ImageIdentity{};
            if (type != kHeader) throw Error(path, "recovery journal without a header");
            const std::string why = id.differenceFrom(ImageIdentity::of(image, id.source));
            if (!why.empty())
                throw Error(path, "these edits were made on " + id.source + ", not on the open image: " + why);
            header = true;
        } else if (type == kBase) {
            std::vector<TileDiff> tiles = getTiles(in);
            apply(std::move(tiles), getTable(in), true);
        } else if (type == kStep) {
            const bool forward = in.get<uint8_t>() != 0;
            in.get<uint64_t>();
            in.get<int64_t>();
            in.str();
            std::vector<TileDiff> tiles = getTiles(in);
            apply(std::move(tiles), getTable(in), forward);
        } else if (type == kTable) {
            in.get<uint64_t>();
            apply({}, getTable(in), true);
        }
    });
    if (!header) throw Error(path, "recovery journal without a header");
    return map;
}

}  // namespace marrow
