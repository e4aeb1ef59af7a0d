#include "ui/message_log.h"

#include <array>
#include <ctime>

namespace marrow::ui {

const char* severityName(Severity s) {
    static constexpr std::array<const char*, 3> kNames{"info", "warning", "error"};
    return kNames[size_t(s)];
}

void MessageLog::post(Severity severity, std::string text) {
    if (text.empty()) return;
    entries_.push_back({std::chrono::system_clock::now(), severity, std::move(text)});
    ++posted_;
    while (entries_.size() > capacity_) entries_.pop_front();
}

std::string MessageLog::format(const LogEntry& e) {
    const std::time_t t = std::chrono::system_clock::to_time_t(e.time);
    std::tm local{};
    localtime_r(&t, &local);
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
    return std::string(clock) + " " + severityName(e.severity) + ": " + e.text;
}

std::string MessageLog::formatAll() const {
    std::string all;
    for (const LogEntry& e : entries_) all += format(e) + "\n";
    return all;
}

Severity guessSeverity(const std::string& text) {
    const auto has = [&](const char* word) { return text.find(word) != std::string::npos; };
    if (has("warning") || has("not CT") || has("autosave is off") || has("autosave stopped"))
        return Severity::Warning;
    // Engine errors are "<file>: <problem>" (io/error.h); these words mark a failure.
    for (const char* word : {"cannot", "failed", "no DICOM", "not found", "refused", "error", "invalid",
                             "does not", "mismatch", "unsupported", "No such"})
        if (has(word)) return Severity::Error;
    return Severity::Info;
}

}  // namespace marrow::ui
