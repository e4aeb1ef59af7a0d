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

#include "io/volume.h"

namespace marrow {

// Throws marrow::Error when the grids differ by more than tol (mm for origin and
// spacing, unitless for direction cosines): "<labelsName>: label map grid (...) differs
// from the grid of the <imageName> (...)".
void checkSameGrid(const ImageGeometry& image, const ImageGeometry& labels, const std::string& labelsName = "label map",
                   double tol = 1e-3, const std::string& imageName = "image");

// Nearest-neighbour resampling of any volume onto target (same scalar type). TBB-parallel.
Volume resampleNearest(const Volume& source, const ImageGeometry& target);

}  // namespace marrow
