#pragma once
// VolumeLoader: opens a DICOM series or NIfTI file on a worker thread (a BackgroundJob of
// its own: loading is not an edit, so the document stays usable and the edit job free),
// so the UI keeps drawing the old data with a progress bar and Cancel. The app polls it
// once a frame and swaps the new volume in on the UI thread; a failed or cancelled load
// leaves the old data as it was.
#include <optional>
#include <string>

#include <vector>

#include "io/dicom_reader.h"
#include "io/volume.h"
#include "ui/background_job.h"

namespace marrow::ui {

class VolumeLoader {
public:
    struct Result {
        std::string path;
        std::optional<Volume> volume;  // set when the load succeeded
        std::string message;           // the one-line error, or "<job>: cancelled"
        bool cancelled = false;
        // A DICOM folder holding several series, none chosen: nothing was loaded; the user
        // picks one (the series chooser) and start(path, index) loads it.
        std::vector<DicomSeriesInfo> series;
        // One small greyscale picture per series (its middle file, at most 96 px a side,
        // windowed by modality), decoded on the worker; width 0 when it could not be read.
        struct Thumbnail {
            int width = 0, height = 0;
            std::vector<uint8_t> grey;  // row-major, top row first
        };
        std::vector<Thumbnail> thumbnails;
    };

    // Starts loading path ("phantom" = the embedded phantom); false while a load runs.
    // A DICOM folder with more than one series stops after the scan (Result::series) unless
    // seriesIndex (in Result::series, scanDicom's order) picks one; by index, not UID, since
    // de-identified series may all have a blank UID.
    bool start(const std::string& path, int seriesIndex = -1);
    bool running() const { return job_.running(); }
    BackgroundJob& job() { return job_; }
    const std::string& path() const { return path_; }
    // After the worker ended: its result, once. Else nothing.
    std::optional<Result> poll();
    // Blocks until the running load ends (tests).
    Result wait();

private:
    Result collect(const BackgroundJob::Outcome& outcome);
public:
    // The thumbnail of a one-slice volume (tests use it too).
    static Result::Thumbnail thumbnailOf(const Volume& slice, int maxSide = 96);
private:

    BackgroundJob job_;
    std::string path_;
    std::optional<Volume> loaded_;  // written by the worker, read after the join
    std::vector<DicomSeriesInfo> series_;  // likewise: the series to choose from
    std::vector<Result::Thumbnail> thumbnails_;
};

}  // namespace marrow::ui
