#include "ui/volume_loader.h"

#include <algorithm>
#include <filesystem>

#include "io/load.h"
#include "ui/modality_defaults.h"

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
                std::vector<Result::Thumbnail> thumbnails;
                for (DicomSeriesInfo& s : series) {
                    std::sort(s.files.begin(), s.files.end());
                    try {  // a series whose middle file will not decode still gets its row
                        thumbnails.push_back(thumbnailOf(readDicomSeries(s.files[s.files.size() / 2])));
                    } catch (const std::exception&) {
                        thumbnails.emplace_back();
                    }
                    s.files.clear();  // not needed by the chooser
                }
                series_ = std::move(series);
                thumbnails_ = std::move(thumbnails);
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
    else if (outcome.ok && !series_.empty()) r.series = std::move(series_), r.thumbnails = std::move(thumbnails_);
    else r.message = outcome.message;
    loaded_.reset();
    series_.clear();
    thumbnails_.clear();
    return r;
}

std::optional<VolumeLoader::Result> VolumeLoader::poll() {
    const auto outcome = job_.finish();
    if (!outcome) return std::nullopt;
    return collect(*outcome);
}

VolumeLoader::Result VolumeLoader::wait() { return collect(job_.wait()); }

VolumeLoader::Result::Thumbnail VolumeLoader::thumbnailOf(const Volume& slice, int maxSide) {
    Result::Thumbnail t;
    const auto& d = slice.geometry().dims();
    if (slice.empty() || d[0] <= 0 || d[1] <= 0) return t;
    const int step = std::max(1, (std::max(d[0], d[1]) + maxSide - 1) / maxSide);
    t.width = (d[0] + step - 1) / step;
    t.height = (d[1] + step - 1) / step;
    // The window the volume would open with (ui/modality_defaults.h): soft tissue for CT,
    // 1st..99th percentile otherwise.
    const render::WindowLevel wl = modalityDefaults(slice).wl;
    const double lo = wl.level - wl.window / 2;
    t.grey.resize(size_t(t.width) * size_t(t.height));
    for (int y = 0; y < t.height; ++y)
        for (int x = 0; x < t.width; ++x) {
            const double v = slice.valueAt(x * step, y * step, 0);
            t.grey[size_t(y) * size_t(t.width) + size_t(x)] = uint8_t(std::clamp((v - lo) / wl.window, 0.0, 1.0) * 255);
        }
    return t;
}

}  // namespace marrow::ui
