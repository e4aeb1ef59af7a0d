#include "seg/history.h"

#include <algorithm>

namespace marrow {

size_t EditRecord::bytes() const {
    size_t n = sizeof(EditRecord) + name.capacity();
    for (const TileDiff& t : tiles) n += sizeof(TileDiff) + t.runs.capacity();
    for (const auto* table : {&segmentsBefore, &segmentsAfter})
        if (*table)
            for (const Segment& s : **table) n += sizeof(Segment) + s.name.capacity();
    return n;
}

void History::push(EditRecord record) {
    if (record.empty()) return;
    for (const EditRecord& r : redo_) bytes_ -= r.bytes();
    redo_.clear();
    for (TileDiff& t : record.tiles) t.runs.shrink_to_fit();
    bytes_ += record.bytes();
    record.serial = nextSerial_++;
    undo_.push_back(std::move(record));
    notify(undo_.back(), true);
    enforceBudget();
}

void History::movedToRedo() {
    if (undo_.empty()) return;
    redo_.push_back(std::move(undo_.back()));
    undo_.pop_back();
    notify(redo_.back(), false);
}

void History::movedToUndo() {
    if (redo_.empty()) return;
    undo_.push_back(std::move(redo_.back()));
    redo_.pop_back();
    notify(undo_.back(), true);
}

bool History::isApplied(uint64_t state) const {
    if (state <= permanent_) return true;
    // undo_ holds increasing serials (a push clears redo, whose serials are the newest).
    const auto it = std::lower_bound(undo_.begin(), undo_.end(), state,
                                     [](const EditRecord& r, uint64_t s) { return r.serial < s; });
    return it != undo_.end() && it->serial == state;
}

uint64_t History::lastStepWithout(Label id) const {
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it)
        if (it->segmentsAfter && std::none_of(it->segmentsAfter->begin(), it->segmentsAfter->end(),
                                              [id](const Segment& s) { return s.id == id; }))
            return it->serial;
    return 0;
}

void History::clear() {
    // What was applied stays applied; redo steps are gone, so their states never come back.
    if (!undo_.empty()) permanent_ = undo_.back().serial;
    undo_.clear();
    redo_.clear();
    bytes_ = 0;
}

std::vector<std::string> History::undoNames() const {
    std::vector<std::string> names;
    for (const EditRecord& r : undo_) names.push_back(r.name);
    return names;
}

std::vector<std::string> History::redoNames() const {
    std::vector<std::string> names;
    for (auto r = redo_.rbegin(); r != redo_.rend(); ++r) names.push_back(r->name);
    return names;
}

void History::setBudget(size_t bytes) {
    budget_ = bytes;
    enforceBudget();
}

void History::enforceBudget() {
    // Redo steps are the least likely to be needed, so the farthest go first; the newest
    // undo step is never dropped.
    while (bytes_ > budget_ && !redo_.empty()) {
        bytes_ -= redo_.front().bytes();
        redo_.pop_front();
    }
    while (bytes_ > budget_ && undo_.size() > 1) {
        bytes_ -= undo_.front().bytes();
        permanent_ = undo_.front().serial;
        undo_.pop_front();
    }
}

}  // namespace marrow
