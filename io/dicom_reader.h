#pragma once
// DICOM series loading through GDCM (every transfer syntax GDCM decodes).
// A path is a file or a folder (searched recursively). Files are grouped by
// SeriesInstanceUID; slices are sorted by ImagePositionPatient projected on the slice
// normal, and the slice step comes from those positions (never from SliceThickness).
// Voxels get RescaleSlope/Intercept applied; CT becomes int16 HU.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "io/progress.h"
#include "io/volume.h"

namespace marrow {

struct DicomSeriesInfo {
    std::string uid;          // SeriesInstanceUID
    std::string modality;     // (0008,0060)
    std::string description;  // SeriesDescription
    int rows = 0, columns = 0;
    int slices = 0;           // number of image files in the series
    std::string transferSyntax;
    // From the first file, for the viewer's series chooser: (0020,0011), ConvolutionKernel
    // (0018,1210), PixelSpacing (between columns, between rows; 1 mm when absent) and
    // SliceThickness (0 when absent).
    std::string seriesNumber, kernel;
    std::array<double, 2> pixelSpacing{1, 1};
    double sliceThickness = 0;
    std::vector<std::string> files;  // unsorted
};

// Lists every image series under path (fast: reads headers only). Throws marrow::Error
// when path does not exist or holds no DICOM image.
std::vector<DicomSeriesInfo> scanDicom(const std::string& path, const ProgressFn& progress = {});

// Index of the series loadVolume picks by default: the CT series with the most slices,
// else the series with the most slices.
int defaultSeriesIndex(const std::vector<DicomSeriesInfo>& series);

struct DicomLoadOptions {
    std::string seriesUid;        // pick by UID ...
    int seriesIndex = -1;         // ... or by index in scanDicom's list; else the default
    size_t memoryLimitBytes = 0;  // refuse series needing more; 0 = from available RAM
    ProgressFn progress;
};

// Loads one series. Warnings (missing slices, uneven spacing, gantry tilt, mixed sizes)
// go into volume.meta["warning.N"]. Throws marrow::Error naming the path and problem.
Volume readDicomSeries(const std::string& path, const DicomLoadOptions& options = {});

}  // namespace marrow
