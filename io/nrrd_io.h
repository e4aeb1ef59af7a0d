#pragma once
// NRRD (.nrrd, attached header) reading and writing: the container of Slicer's .seg.nrrd
// and of plain .nrrd volumes. Spec: teem.sourceforge.net/nrrd/format.html.
//
// Read: NRRD0001..0005 magic, encodings raw and gzip (zlib streams too), any endianness,
// types (u)char, (u)short, (u)int, float, double (kept as UInt8/Int16/UInt16/Int32/Float32;
// int8 widens to Int16, uint32 to Int32 when it fits, double narrows to Float32), 3
// spatial axes optionally preceded by one list axis (4D: Slicer's overlapping layers).
// Geometry from "space directions"/"space origin" in LPS; RAS and LAS spaces are turned
// into LPS; files with only "spacings" get an identity direction. Detached data files
// ("data file:") are refused with a clear message.
// Write: NRRD0004, attached, little endian, LPS, raw or gzip, 3D, any Volume type.
#include <string>
#include <utility>
#include <vector>

#include "io/volume.h"

namespace marrow {

struct NrrdImage {
    // One Volume per layer of the list axis (a 3D file has exactly one).
    std::vector<Volume> layers;
    // "key:=value" pairs in file order (Slicer's SegmentN_... and Segmentation_... keys).
    std::vector<std::pair<std::string, std::string>> keyValues;
    std::vector<std::string> notes;  // things the reader had to assume

    // Value of a key-value pair, or fallback when absent.
    std::string value(const std::string& key, const std::string& fallback = "") const;
    bool has(const std::string& key) const;
};

// Throws marrow::Error "<path>: <problem>". Before allocating, the header's sizes are
// checked against the memory available (io/memory_budget.h) and "byte skip" against the
// data present; gzip data is inflated only as far as the header says it reaches.
NrrdImage readNrrdImage(const std::string& path);
// The same from the file's bytes in memory (fuzzing, tests); path names it in errors.
NrrdImage parseNrrdImage(const std::string& fileBytes, const std::string& path);

// A plain 3D .nrrd as a Volume (first layer when there is a list axis).
Volume readNrrd(const std::string& path);

struct NrrdWriteOptions {
    bool gzip = true;
    int gzipLevel = 1;  // label maps compress well even at level 1, and it is ~5x faster than 6
};

// Writes a 3D volume with the given key-value pairs. Atomic (io/atomic_file.h).
void writeNrrd(const Volume& volume, const std::vector<std::pair<std::string, std::string>>& keyValues,
               const std::string& path, const NrrdWriteOptions& options = {});

bool isNrrdPath(const std::string& path);     // *.nrrd (including *.seg.nrrd)
bool isSegNrrdPath(const std::string& path);  // *.seg.nrrd

}  // namespace marrow
