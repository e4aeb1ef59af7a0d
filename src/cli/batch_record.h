#pragma once
// A batch's per-study record and its summary. Each study's folder gets, written last and
// atomically, "done.json" (finished: its outputs are complete) or "failed.json" (its
// one-line error). The summary CSV is always rebuilt from these records, so a batch killed
// midway, several `marrow batch` processes sharing one output folder (GNU parallel, a
// Slurm array) and --merge-summaries all give the same summary.csv.
#include <optional>
#include <string>
#include <vector>

namespace marrow::cli {

struct StudyRecord {
    std::string study, input, series, warnings;  // warnings joined by "; "
    size_t voxels = 0;
    double volumeMl = 0, seconds = 0;
    bool ok = false;
    std::string error;  // one line, when !ok
};

inline constexpr const char* kDoneMarker = "done.json";
inline constexpr const char* kFailedMarker = "failed.json";

// Writes studyDir/done.json or failed.json (removing the other) atomically.
void writeStudyRecord(const std::string& studyDir, const StudyRecord& record);
// The record in studyDir, done.json first; nothing when neither exists or is readable.
std::optional<StudyRecord> readStudyRecord(const std::string& studyDir);

// Every record under outDir's immediate subfolders, sorted by study.
std::vector<StudyRecord> collectStudyRecords(const std::string& outDir);
// "study,input,series,warnings,voxels,ml,seconds,status,error" and one row per record.
std::string summaryCsv(const std::vector<StudyRecord>& records);
// outDir/summary.csv from collectStudyRecords, written atomically; returns the records.
std::vector<StudyRecord> writeSummary(const std::string& outDir);

}  // namespace marrow::cli
