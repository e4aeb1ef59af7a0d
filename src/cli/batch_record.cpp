// Study records and the batch summary (see batch_record.h).
#include "src/cli/batch_record.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/atomic_file.h"
#include "io/error.h"
#include "src/cli/batch_studies.h"
#include "src/cli/json_text.h"

namespace marrow::cli {

namespace fs = std::filesystem;

void writeStudyRecord(const std::string& studyDir, const StudyRecord& r) {
    nlohmann::json j{{"study", r.study},   {"input", r.input},       {"series", r.series},
                     {"warnings", r.warnings}, {"voxels", r.voxels}, {"volume_ml", r.volumeMl},
                     {"seconds", r.seconds}, {"status", r.ok ? "ok" : "failed"}, {"error", r.error}};
    std::error_code ec;
    fs::remove(fs::path(studyDir) / (r.ok ? kFailedMarker : kDoneMarker), ec);
    writeJsonFile((fs::path(studyDir) / (r.ok ? kDoneMarker : kFailedMarker)).string(), j);
}

std::optional<StudyRecord> readStudyRecord(const std::string& studyDir) {
    for (const char* marker : {kDoneMarker, kFailedMarker}) {
        std::ifstream in(fs::path(studyDir) / marker);
        if (!in) continue;
        const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_object()) continue;
        StudyRecord r;
        r.study = j.value("study", "");
        r.input = j.value("input", "");
        r.series = j.value("series", "");
        r.warnings = j.value("warnings", "");
        r.voxels = j.value("voxels", size_t(0));
        r.volumeMl = j.value("volume_ml", 0.0);
        r.seconds = j.value("seconds", 0.0);
        r.ok = j.value("status", "") == "ok";
        r.error = j.value("error", "");
        if (!r.study.empty()) return r;
    }
    return std::nullopt;
}

std::vector<StudyRecord> collectStudyRecords(const std::string& outDir) {
    std::vector<StudyRecord> records;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(outDir, ec))
        if (entry.is_directory(ec))
            if (auto r = readStudyRecord(entry.path().string())) records.push_back(std::move(*r));
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.study < b.study; });
    return records;
}

std::string summaryCsv(const std::vector<StudyRecord>& records) {
    std::ostringstream out;
    out << "study,input,series,warnings,voxels,ml,seconds,status,error\n";
    for (const StudyRecord& r : records) {
        char numbers[96];
        std::snprintf(numbers, sizeof numbers, "%zu,%.3f,%.2f", r.voxels, r.volumeMl, r.seconds);
        out << csvField(r.study) << ',' << csvField(r.input) << ',' << csvField(r.series) << ','
            << csvField(r.warnings) << ',' << numbers << ',' << (r.ok ? "ok" : "failed") << ',' << csvField(r.error)
            << '\n';
    }
    return out.str();
}

std::vector<StudyRecord> writeSummary(const std::string& outDir) {
    std::vector<StudyRecord> records = collectStudyRecords(outDir);
    const std::string text = summaryCsv(records);
    const std::string path = (fs::path(outDir) / "summary.csv").string();
    writeFileAtomically(path, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.flush();
        if (!out) throw Error(tmp, "cannot write");
    });
    return records;
}

}  // namespace marrow::cli
