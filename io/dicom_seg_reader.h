#pragma once
// Reading a DICOM Segmentation object (SOP class 1.2.840.10008.5.1.4.1.1.66.4) into a
// label map with names and colours: TotalSegmentator (highdicom), Slicer (dcmqi), OHIF
// and Marrow's own writer (io/dicom_seg_writer.h) write them.
//   - BINARY (1 bit per pixel, frames packed bit after bit) and FRACTIONAL (8 bits,
//     a voxel belongs to a segment when value >= half of MaximumFractionalValue);
//     uncompressed or deflated transfer syntaxes (encapsulated pixel data is refused).
//   - Segment k becomes label k, except for files whose SegmentDescriptions all read
//     "label N" (Marrow's writer records the original label value there), which keep N.
//     Names from SegmentLabel, colours from RecommendedDisplayCIELabValue.
//   - Frames are placed by their ImagePositionPatient: on the reference grid when one is
//     given (orientation, spacing and every frame must fall on one of its slices; else an
//     error naming the file and the mismatch), otherwise on the SEG's own grid spanning
//     its frames (slice step from SpacingBetweenSlices, else from the positions).
//   - Overlapping segments: a voxel keeps the first segment (lowest number) that claims
//     it; a note counts the voxels where a later segment was dropped.
// Errors are marrow::Error "<path>: <problem>", one line; damaged files never crash
// (checkDicomFile walks the structure before GDCM reads it).
#include <string>

#include "io/labeled_volume.h"

namespace marrow {

// Whether path is a file whose SOPClassUID is the Segmentation Storage class (reads the
// header only; false for folders, non-DICOM and damaged files).
bool isDicomSegFile(const std::string& path);

LabeledVolume readDicomSeg(const std::string& path, const ImageGeometry* reference = nullptr);

}  // namespace marrow
