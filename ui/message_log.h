#pragma once
// Every error, warning and notice the viewer shows, kept in order with its time, so nothing
// the user needs to read is cut to one line of the side panel or lost when the next message
// replaces it. A plain model (no ImGui): the panel draws the newest entry wrapped and the
// "Messages" window lists them all, each copyable.
#include <chrono>
#include <cstddef>
#include <deque>
#include <string>

namespace marrow::ui {

enum class Severity { Info = 0, Warning, Error };
const char* severityName(Severity s);  // "info", "warning", "error"

struct LogEntry {
    std::chrono::system_clock::time_point time;
    Severity severity = Severity::Info;
    std::string text;  // in full: never shortened, may hold several lines
};

class MessageLog {
public:
    explicit MessageLog(size_t capacity = 500) : capacity_(capacity) {}

    // Appends an entry (empty text is ignored); the oldest entries go beyond capacity.
    void post(Severity severity, std::string text);
    const std::deque<LogEntry>& entries() const { return entries_; }
    const LogEntry* newest() const { return entries_.empty() ? nullptr : &entries_.back(); }
    // Counts every post ever made: a view notices new entries by comparing it.
    size_t posted() const { return posted_; }
    void clear() { entries_.clear(); }

    // "03:04:05 warning: text" for one entry, and all entries one per line (the copy text).
    static std::string format(const LogEntry& e);
    std::string formatAll() const;

private:
    size_t capacity_;
    size_t posted_ = 0;
    std::deque<LogEntry> entries_;
};

// Which severity a free-form viewer message has, for messages set without one (the many
// s.message = ... across the panels): failures read as errors, "warning"/"not CT" as warnings.
Severity guessSeverity(const std::string& text);

}  // namespace marrow::ui
