#pragma once
// Writing a label map as a DICOM Segmentation object (Segmentation IOD, SOP class
// 1.2.840.10008.5.1.4.1.1.66.4), SegmentationType BINARY, as PACS, Slicer (dcmqi),
// OHIF and highdicom read it. One segment per label value present; one bit-packed
// frame per (segment, slice) holding voxels of that segment (or every slice, on request).
// The source series' identity comes from the reference image's meta (io/dicom_reader
// keeps study/series/frame-of-reference UIDs, each slice's SOPInstanceUID and the patient
// and study attributes): the SEG joins the same study and frame of reference and its
// frames reference the source slices. Without them (a NIfTI source) the SEG gets new
// UIDs and a warning says so. GDCM encodes (explicit VR little endian); atomic write.
#include <string>
#include <vector>

#include "io/labeled_volume.h"

namespace marrow {

struct DicomSegWriteOptions {
    std::string algorithmType = "MANUAL";  // MANUAL, SEMIAUTOMATIC or AUTOMATIC
    std::string algorithmName;             // required (and used) unless MANUAL; "Marrow" when empty
    std::string contentLabel = "SEGMENTATION";  // CS: upper case, digits, space, underscore
    std::string contentDescription;
    std::string contentCreatorName;        // PN, e.g. "Doe^Jane"; may be empty
    std::string seriesDescription = "Segmentation";
    bool allSlices = false;                // a frame for every slice of every segment
};

struct DicomSegWriteResult {
    size_t segments = 0, frames = 0;
    std::vector<std::string> warnings;  // one line each (new UIDs, skipped values...)
};

// labels must lie on reference's grid (checkSameGrid); reference's voxels are not used,
// only its geometry and meta. Throws marrow::Error "<path>: <problem>".
DicomSegWriteResult writeDicomSeg(const LabeledVolume& labels, const Volume& reference, const std::string& path,
                                  const DicomSegWriteOptions& options = {});

bool isDicomSegSopClass(const std::string& sopClassUid);
extern const char* const kDicomSegSopClass;

}  // namespace marrow
