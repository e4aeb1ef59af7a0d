#pragma once
// Putting a label map on a CT's voxel grid.
//
// A label map is only meaningful on the grid it was made on. checkSameGrid refuses a
// mismatch with a message naming both geometries (ImageGeometry::describe), so nobody
// edits labels that silently sit a voxel off. resampleNearest moves labels onto another
// grid when the user asks: each target voxel centre is mapped to LPS millimetres and
// back into the source grid (direction cosines honoured) and takes the nearest source
// voxel's label; outside the source grid it is 0. When both grids share directions and
// spacing and their origins differ by whole voxels (Slicer's cropped .seg.nrrd) this
// is an exact copy with an offset.
#include <string>
#include <vector>

#include "io/volume.h"

namespace marrow {

// Throws marrow::Error when the grids differ by more than tol (mm for origin and
// spacing, unitless for direction cosines): "<labelsName>: label map grid (...) differs
// from the grid of the <imageName> (...)".
void checkSameGrid(const ImageGeometry& image, const ImageGeometry& labels, const std::string& labelsName = "label map",
                   double tol = 1e-3, const std::string& imageName = "image");

// Nearest-neighbour resampling of any volume onto target (same scalar type). TBB-parallel.
Volume resampleNearest(const Volume& source, const ImageGeometry& target);

// True when both grids hold exactly the same voxel centres (within tolMm), possibly
// with axes in another order or direction: a label map stored RAS-first in NIfTI over an
// LPS-ordered DICOM series. Reordering such a map onto the other grid loses nothing.
bool sameVoxelCentres(const ImageGeometry& a, const ImageGeometry& b, double tolMm = 1e-3);

// Puts labels on the target grid: as is when the grid is the same; reordered exactly
// (axis permutation/flip, no interpolation) when sameVoxelCentres; resampled nearest-
// neighbour when resample is true; otherwise throws checkSameGrid's error. What it did
// goes into notes (when given) as one line.
Volume placeOnGrid(Volume labels, const ImageGeometry& target, bool resample, const std::string& labelsName,
                   std::vector<std::string>* notes = nullptr);

}  // namespace marrow
