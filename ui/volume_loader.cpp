#include "ui/volume_loader.h"

#include <filesystem>

#include "io/load.h"

namespace marrow::ui {

bool VolumeLoader::start(const std::string& path, int seriesIndex) {
    if (job_.running()) return false;
    path_ = path;
    loaded_.reset();
    series_.clear();
    const std::string name = "open " + std::filesystem::path(path).filename().string();
    return job_.start(name, [this, path, seriesIndex](const ProgressFn& progress) {
        LoadOptions options;
        options.progress = progress;
        options.seriesIndex = seriesIndex;
        if (seriesIndex < 0 && path != "phantom" && inputKind(path) == InputKind::Dicom &&
            std::filesystem::is_directory(path)) {
            // Several series in one folder: the user chooses (headers only, fast).
            std::vector<DicomSeriesInfo> series = scanDicom(path);
            if (series.size() > 1) {
                for (DicomSeriesInfo& s : series) s.files.clear();  // not needed by the chooser
                series_ = std::move(series);
                return std::string();
            }
        }
        Volume v = loadVolume(path == "phantom" ? std::string() : path, options);
        // NIfTI and the phantom report no progress: a Cancel pressed meanwhile still counts.
        reportProgress(progress, 1.0, "done");
        loaded_ = std::move(v);
        return std::string();
    });
}

VolumeLoader::Result VolumeLoader::collect(const BackgroundJob::Outcome& outcome) {
    Result r;
    r.path = path_;
    r.cancelled = outcome.cancelled;
    if (outcome.ok && loaded_) r.volume = std::move(loaded_);
    else if (outcome.ok && !series_.empty()) r.series = std::move(series_);
    else r.message = outcome.message;
    loaded_.reset();
    series_.clear();
    return r;
}

std::optional<VolumeLoader::Result> VolumeLoader::poll() {
    const auto outcome = job_.finish();
    if (!outcome) return std::nullopt;
    return collect(*outcome);
}

VolumeLoader::Result VolumeLoader::wait() { return collect(job_.wait()); }

}  // namespace marrow::ui
