#pragma once
// Turning a series' slice headers into a voxel grid, without touching pixel data:
// which file lands on which k, the exact LPS geometry, and what the user must be
// warned about. Kept apart from the GDCM I/O in dicom_reader.cpp so it can be tested
// on hand-made headers.
//
// Rules (DICOM PS3.3 C.7.6.2): ImageOrientationPatient holds the row direction (i axis,
// along a row) then the column direction (j axis); PixelSpacing holds the spacing
// between rows (along j) then between columns (along i). The slice normal is
// row x column; slices are sorted by ImagePositionPatient projected on it, ascending,
// and the slice step comes from those positions only (never SliceThickness).
#include <string>
#include <vector>

#include "io/geometry.h"

namespace marrow {

struct DicomSliceHeader {
    std::string file;
    int rows = 0, columns = 0;
    bool hasPosition = false, hasOrientation = false, hasPixelSpacing = false;
    Vec3 position;                 // ImagePositionPatient, LPS mm: centre of pixel (0,0)
    Vec3 rowDir{1, 0, 0};          // IOP[0..2]: direction of increasing column index (i)
    Vec3 colDir{0, 1, 0};          // IOP[3..5]: direction of increasing row index (j)
    double spacingI = 1, spacingJ = 1;  // mm between columns (PixelSpacing[1]) and rows ([0])
    double sliceThickness = 0;     // only a fallback for single slices / missing positions
    int instanceNumber = 0;
    double slope = 1, intercept = 0;
};

struct DicomSeriesPlan {
    // For each k of the volume, the index into the (filtered) slice list, or -1 where a
    // slice is missing (filled with background by the loader).
    std::vector<int> sliceAtK;
    ImageGeometry geometry;
    std::vector<std::string> warnings;  // one line each, for volume.meta["warning.N"]
};

// Sorts and checks one series. Slices whose size differs from the majority, or that lack
// a position while others have one, are dropped with a warning (slices is filtered in
// place). Throws marrow::Error(path, ...) when nothing usable is left.
DicomSeriesPlan planDicomSeries(std::vector<DicomSliceHeader>& slices, const std::string& path);

}  // namespace marrow
