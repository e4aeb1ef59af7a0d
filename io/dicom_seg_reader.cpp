// DICOM-SEG reader (see dicom_seg_reader.h).
#include "io/dicom_seg_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include <gdcmReader.h>

#include "io/cielab.h"
#include "io/dicom_seg_writer.h"
#include "io/error.h"
#include "io/gdcm_dataset.h"
#include "io/gdcm_support.h"
#include "io/platform_memory.h"

namespace marrow {
namespace {

struct SegFrame {
    int segment = 0;
    Vec3 position;
};

std::string vecText(Vec3 v) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.3f, %.3f, %.3f)", v.x, v.y, v.z);
    return buf;
}

// A functional group item of frame f: its per-frame group, else the shared one.
const gdcm::DataSet* functionalGroup(const gdcm::DataSet* perFrame, const gdcm::DataSet* shared, uint16_t g,
                                     uint16_t e) {
    for (const gdcm::DataSet* groups : {perFrame, shared}) {
        if (!groups) continue;
        const auto items = dicomItems(*groups, g, e);
        if (!items.empty()) return items.front();
    }
    return nullptr;
}

// Grid the frames lie on: the reference's (checked), or one spanning the frames.
ImageGeometry frameGrid(const std::string& path, int rows, int columns, Vec3 row, Vec3 col, double spacingRow,
                        double spacingCol, double sliceStep, const std::vector<SegFrame>& frames,
                        const ImageGeometry* reference) {
    const Vec3 normal = cross(row, col);
    if (reference) {
        const ImageGeometry& r = *reference;
        char buf[160];
        if (r.dim(0) != columns || r.dim(1) != rows) {
            std::snprintf(buf, sizeof buf, "frames are %d x %d pixels but the reference slices are %d x %d", columns,
                          rows, r.dim(0), r.dim(1));
            throw Error(path, buf);
        }
        const Vec3 rr = r.direction().column(0), rc = r.direction().column(1);
        if (norm(rr - row) > 1e-3 || norm(rc - col) > 1e-3)
            throw Error(path, "frame orientation " + vecText(row) + vecText(col) + " differs from the reference's " +
                                  vecText(rr) + vecText(rc));
        if (std::abs(r.spacing().x - spacingCol) > 1e-3 || std::abs(r.spacing().y - spacingRow) > 1e-3) {
            std::snprintf(buf, sizeof buf, "pixel spacing %g x %g mm differs from the reference's %g x %g mm",
                          spacingCol, spacingRow, r.spacing().x, r.spacing().y);
            throw Error(path, buf);
        }
        return r;
    }
    (void)normal;
    std::vector<double> depth;
    for (const SegFrame& f : frames) depth.push_back(dot(f.position, normal));
    std::sort(depth.begin(), depth.end());
    depth.erase(std::unique(depth.begin(), depth.end(), [](double a, double b) { return std::abs(a - b) < 1e-3; }),
                depth.end());
    double step = sliceStep;
    if (!(step > 0) && depth.size() > 1) {
        step = depth[1] - depth[0];
        for (size_t i = 2; i < depth.size(); ++i) step = std::min(step, depth[i] - depth[i - 1]);
    }
    if (!(step > 0)) step = 1;
    const double slices = (depth.back() - depth.front()) / step + 1;
    if (slices > 65535) throw Error(path, "frames span more than 65535 slices");
    const double bytes = double(rows) * double(columns) * slices * 2;
    if (bytes > double(availableMemoryBytes()))
        throw Error(path, "the frames span " + std::to_string(std::lround(slices)) +
                              " slices, more than fits in the available memory (positions far apart?)");
    const SegFrame* first = &frames.front();
    for (const SegFrame& f : frames)
        if (dot(f.position, normal) < dot(first->position, normal)) first = &f;
    Mat3 direction;
    direction.setColumn(0, row);
    direction.setColumn(1, col);
    direction.setColumn(2, normal);
    return ImageGeometry({columns, rows, int(std::lround(slices))}, {spacingCol, spacingRow, step}, first->position,
                         direction);
}

}  // namespace

bool isDicomSegFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    if (checkDicomFile(path) != DicomFileCheck::Complete) return false;
    silenceGdcmTrace();
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    if (!reader.ReadUpToTag(gdcm::Tag(0x0008, 0x0017))) return false;
    return isDicomSegSopClass(dicomText(reader.GetFile().GetDataSet(), 0x0008, 0x0016));
}

LabeledVolume readDicomSeg(const std::string& path, const ImageGeometry* reference) {
    std::string problem;
    const DicomFileCheck check = checkDicomFile(path, &problem);
    if (check == DicomFileCheck::NotDicom) throw Error(path, "not a DICOM file");
    if (check == DicomFileCheck::Damaged) throw Error(path, "damaged DICOM file: " + problem);
    silenceGdcmTrace();
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    if (!reader.Read()) throw Error(path, "GDCM cannot read this DICOM file");
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    if (!isDicomSegSopClass(dicomText(ds, 0x0008, 0x0016)))
        throw Error(path, "not a DICOM Segmentation (SOPClassUID " + dicomText(ds, 0x0008, 0x0016) + ")");

    const std::string type = dicomText(ds, 0x0062, 0x0001);
    const bool fractional = type == "FRACTIONAL";
    if (type != "BINARY" && !fractional) throw Error(path, "SegmentationType '" + type + "' is not BINARY or FRACTIONAL");
    auto number = [&](const gdcm::DataSet& d, uint16_t g, uint16_t e, const char* name) {
        const auto v = dicomNumbers(d, g, e);
        if (v.size() != 1 || !(v[0] >= 0)) throw Error(path, std::string("missing or invalid ") + name);
        return v[0];
    };
    const int rows = int(number(ds, 0x0028, 0x0010, "Rows")), columns = int(number(ds, 0x0028, 0x0011, "Columns"));
    const double frameCount = number(ds, 0x0028, 0x0008, "NumberOfFrames");
    const int bits = int(number(ds, 0x0028, 0x0100, "BitsAllocated"));
    if (rows <= 0 || columns <= 0 || frameCount < 1 || frameCount > 1e7) throw Error(path, "invalid frame size or count");
    if (bits != (fractional ? 8 : 1))
        throw Error(path, "BitsAllocated " + std::to_string(bits) + " does not match SegmentationType " + type);
    const size_t nFrames = size_t(frameCount);
    double threshold = 0.5;
    if (fractional) threshold = 0.5 * number(ds, 0x0062, 0x000e, "MaximumFractionalValue");

    // Segments: number -> label value, name, colour.
    LabeledVolume lv;
    std::map<int, uint32_t> labelOf;
    std::vector<std::pair<int, LabelEntry>> segments;
    bool valuesFromDescription = true;
    std::set<uint32_t> described;
    for (const gdcm::DataSet* item : dicomItems(ds, 0x0062, 0x0002)) {
        const auto num = dicomNumbers(*item, 0x0062, 0x0004);
        if (num.size() != 1 || num[0] < 1 || num[0] > 65535) throw Error(path, "a segment has no valid SegmentNumber");
        LabelEntry e;
        e.value = uint32_t(num[0]);
        e.name = dicomText(*item, 0x0062, 0x0005);
        if (e.name.empty()) e.name = "segment " + std::to_string(e.value);
        const auto lab = dicomNumbers(*item, 0x0062, 0x000d);
        if (lab.size() == 3) {
            e.color = dicomLabToRgb({uint16_t(lab[0]), uint16_t(lab[1]), uint16_t(lab[2])});
            e.colorGiven = true;
        }
        unsigned long described_value = 0;
        char tail = 0;
        const std::string desc = dicomText(*item, 0x0062, 0x0006);
        if (std::sscanf(desc.c_str(), "label %lu%c", &described_value, &tail) != 1 || described_value < 1 ||
            described_value > 65535 || !described.insert(uint32_t(described_value)).second)
            valuesFromDescription = false;
        else
            e.value = uint32_t(described_value);
        segments.push_back({int(num[0]), e});
    }
    if (segments.empty()) throw Error(path, "the Segment Sequence is empty or missing");
    for (auto& [num, e] : segments) {
        if (!valuesFromDescription) e.value = uint32_t(num);
        if (labelOf.count(num)) throw Error(path, "SegmentNumber " + std::to_string(num) + " appears twice");
        labelOf[num] = e.value;
        if (e.colorGiven) lv.table.set(e.value, e.name, e.color);
        else lv.table.set(e.value, e.name);
    }
    lv.table.source = "DICOM-SEG segment labels";

    // Geometry of the frames.
    const auto sharedItems = dicomItems(ds, 0x5200, 0x9229);
    const gdcm::DataSet* shared = sharedItems.empty() ? nullptr : sharedItems.front();
    const auto perFrame = dicomItems(ds, 0x5200, 0x9230);
    if (perFrame.size() != nFrames)
        throw Error(path, "NumberOfFrames is " + std::to_string(nFrames) + " but the Per-frame Functional Groups hold " +
                              std::to_string(perFrame.size()) + " items");
    const gdcm::DataSet* measures = functionalGroup(perFrame.front(), shared, 0x0028, 0x9110);
    const gdcm::DataSet* orientation = functionalGroup(perFrame.front(), shared, 0x0020, 0x9116);
    if (!measures || !orientation) throw Error(path, "no Pixel Measures or Plane Orientation functional group");
    const auto spacing = dicomNumbers(*measures, 0x0028, 0x0030);
    const auto iop = dicomNumbers(*orientation, 0x0020, 0x0037);
    if (spacing.size() != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) throw Error(path, "invalid PixelSpacing");
    if (iop.size() != 6) throw Error(path, "invalid ImageOrientationPatient");
    const Vec3 row{iop[0], iop[1], iop[2]}, col{iop[3], iop[4], iop[5]};
    if (std::abs(norm(row) - 1) > 1e-3 || std::abs(norm(col) - 1) > 1e-3 || std::abs(dot(row, col)) > 1e-3)
        throw Error(path, "ImageOrientationPatient is not two perpendicular unit vectors");
    const auto between = dicomNumbers(*measures, 0x0018, 0x0088);
    const double sliceStep = between.size() == 1 ? between[0] : 0;

    std::vector<SegFrame> frames(nFrames);
    for (size_t f = 0; f < nFrames; ++f) {
        const gdcm::DataSet* ident = functionalGroup(perFrame[f], shared, 0x0062, 0x000a);
        const gdcm::DataSet* position = functionalGroup(perFrame[f], nullptr, 0x0020, 0x9113);
        const auto seg = ident ? dicomNumbers(*ident, 0x0062, 0x000b) : std::vector<double>{};
        const auto ipp = position ? dicomNumbers(*position, 0x0020, 0x0032) : std::vector<double>{};
        if (seg.size() != 1 || !labelOf.count(int(seg[0])))
            throw Error(path, "frame " + std::to_string(f + 1) + " names no segment of the Segment Sequence");
        if (ipp.size() != 3) throw Error(path, "frame " + std::to_string(f + 1) + " has no ImagePositionPatient");
        frames[f] = {int(seg[0]), {ipp[0], ipp[1], ipp[2]}};
    }

    // Pixel data.
    const gdcm::Tag pixelTag(0x7fe0, 0x0010);
    if (!ds.FindDataElement(pixelTag)) throw Error(path, "no Pixel Data");
    const gdcm::ByteValue* pixels = ds.GetDataElement(pixelTag).GetByteValue();
    if (!pixels) throw Error(path, "compressed (encapsulated) SEG pixel data is not supported");
    const size_t plane = size_t(rows) * size_t(columns);
    const size_t needBytes = fractional ? plane * nFrames : (plane * nFrames + 7) / 8;
    if (pixels->GetLength() < needBytes)
        throw Error(path, "Pixel Data holds " + std::to_string(pixels->GetLength()) + " bytes, " +
                              std::to_string(nFrames) + " frames need " + std::to_string(needBytes));
    const auto* data = reinterpret_cast<const uint8_t*>(pixels->GetPointer());

    const ImageGeometry grid =
        frameGrid(path, rows, columns, row, col, spacing[0], spacing[1], sliceStep, frames, reference);
    const bool wide = lv.table.maxValue() > 255;
    Volume labels(grid, wide ? ScalarType::UInt16 : ScalarType::UInt8, /*zero=*/true);
    size_t overlaps = 0;
    // Frames in segment order, so the lowest segment number wins an overlap whatever the frame order.
    std::vector<size_t> order(nFrames);
    for (size_t f = 0; f < nFrames; ++f) order[f] = f;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return frames[a].segment < frames[b].segment; });
    labels.visit([&](auto* out) {
        using T = std::remove_pointer_t<decltype(out)>;
        for (const size_t f : order) {
            const Vec3 ijk = grid.patientToIndex(frames[f].position);
            const double k = std::round(ijk.z);
            if (std::abs(ijk.x) > 1e-2 || std::abs(ijk.y) > 1e-2 || std::abs(ijk.z - k) > 1e-2 || k < 0 ||
                k >= grid.dim(2))
                throw Error(path, "frame " + std::to_string(f + 1) + " at " + vecText(frames[f].position) +
                                      " does not lie on a slice of the " + (reference ? "reference " : "") +
                                      "grid (" + grid.describe() + ")");
            const T value = T(labelOf[frames[f].segment]);
            T* slice = out + size_t(k) * plane;
            for (size_t i = 0; i < plane; ++i) {
                const size_t at = f * plane + i;
                const bool on = fractional ? data[at] >= threshold && data[at] > 0 : (data[at >> 3] >> (at & 7)) & 1;
                if (!on) continue;
                if (slice[i] == 0) slice[i] = value;
                else if (slice[i] != value) ++overlaps;
            }
        }
    });
    labels.meta["modality"] = "SEG";
    labels.meta["source"] = path;
    lv.labels = std::move(labels);
    lv.notes.push_back("DICOM-SEG: " + std::to_string(segments.size()) + " segments, " + std::to_string(nFrames) +
                       " frames" + (fractional ? " (FRACTIONAL, thresholded at 50%)" : ""));
    if (overlaps)
        lv.notes.push_back("segments overlap at " + std::to_string(overlaps) +
                           " voxels: each keeps the first (lowest numbered) segment");
    return lv;
}

}  // namespace marrow
