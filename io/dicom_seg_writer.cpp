// DICOM-SEG writer (see dicom_seg_writer.h). Attribute lists follow PS3.3 A.51
// (Segmentation IOD) and what dciodvfy checks; comments name the module of each block.
#include "io/dicom_seg_writer.h"

#include <algorithm>
#include <ctime>
#include <sstream>

#include <gdcmUIDGenerator.h>
#include <gdcmWriter.h>

#include "io/atomic_file.h"
#include "io/cielab.h"
#include "io/error.h"
#include "io/gdcm_dataset.h"
#include "io/gdcm_support.h"
#include "io/label_geometry.h"

namespace marrow {

const char* const kDicomSegSopClass = "1.2.840.10008.5.1.4.1.1.66.4";
bool isDicomSegSopClass(const std::string& uid) { return uid == kDicomSegSopClass; }

namespace {
using gdcm::VR;

std::string metaOf(const Volume& v, const char* key) {
    const auto it = v.meta.find(key);
    return it == v.meta.end() ? std::string() : it->second;
}

std::vector<std::string> splitBackslash(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == '\\') out.push_back(cur), cur.clear();
        else cur.push_back(c);
    }
    out.push_back(cur);
    return out;
}

// One frame: which segment, which slice.
struct Frame {
    uint16_t segment;
    uint32_t value;
    int k;
};

void setTime(gdcm::DataSet& ds, uint16_t dateElement, uint16_t timeElement) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char date[16], time[16];
    std::strftime(date, sizeof date, "%Y%m%d", &tm);
    std::strftime(time, sizeof time, "%H%M%S", &tm);
    setDicomText(ds, 0x0008, dateElement, VR::DA, date);
    setDicomText(ds, 0x0008, timeElement, VR::TM, time);
}

gdcm::DataSet segmentItem(uint16_t number, const LabelEntry& entry, const DicomSegWriteOptions& o) {
    gdcm::DataSet item;
    setDicomUS(item, 0x0062, 0x0004, {number});
    std::string name = entry.name.substr(0, 64);
    std::replace(name.begin(), name.end(), '\\', '/');  // a backslash would split the LO value
    setDicomText(item, 0x0062, 0x0005, VR::LO, name);
    // The label value, so a round trip through Marrow keeps it (segment numbers must be 1..N).
    setDicomText(item, 0x0062, 0x0006, VR::ST, "label " + std::to_string(entry.value));
    setDicomText(item, 0x0062, 0x0008, VR::CS, o.algorithmType);
    if (o.algorithmType != "MANUAL")
        setDicomText(item, 0x0062, 0x0009, VR::LO, o.algorithmName.empty() ? "Marrow" : o.algorithmName);
    // Generic codes (SNOMED CT): Anatomical Structure for both category and type; the
    // label's own name is SegmentLabel. A coded mapping of names is left to the user.
    setDicomSequence(item, 0x0062, 0x0003, {dicomCode("91723000", "SCT", "Anatomical Structure")});
    setDicomSequence(item, 0x0062, 0x000f, {dicomCode("91723000", "SCT", "Anatomical Structure")});
    const auto lab = rgbToDicomLab(entry.color);
    setDicomUS(item, 0x0062, 0x000d, {lab[0], lab[1], lab[2]});
    return item;
}

// Frames of each segment: slices holding its voxels (all slices when asked), segment-major.
std::vector<Frame> listFrames(const Volume& labels, const std::vector<uint32_t>& values, bool allSlices) {
    const auto& d = labels.geometry().dims();
    const size_t plane = size_t(d[0]) * size_t(d[1]);
    std::vector<std::vector<char>> present(values.size(), std::vector<char>(size_t(d[2]), allSlices ? 1 : 0));
    if (!allSlices) {
        labels.visit([&](const auto* p) {
            for (int k = 0; k < d[2]; ++k)
                for (size_t i = 0; i < plane; ++i) {
                    const uint32_t v = uint32_t(p[size_t(k) * plane + i]);
                    if (!v) continue;
                    const auto it = std::lower_bound(values.begin(), values.end(), v);
                    if (it != values.end() && *it == v) present[size_t(it - values.begin())][size_t(k)] = 1;
                }
        });
    }
    std::vector<Frame> frames;
    for (size_t s = 0; s < values.size(); ++s)
        for (int k = 0; k < d[2]; ++k)
            if (present[s][size_t(k)]) frames.push_back({uint16_t(s + 1), values[s], k});
    return frames;
}

// BINARY pixel data: frames follow each other bit by bit (no padding between frames),
// least significant bit first (PS3.5 8.1.1, PS3.3 C.8.20.2.1).
std::string packFrames(const Volume& labels, const std::vector<Frame>& frames) {
    const auto& d = labels.geometry().dims();
    const size_t plane = size_t(d[0]) * size_t(d[1]);
    std::string bits((frames.size() * plane + 7) / 8, '\0');
    if (bits.size() % 2) bits.push_back('\0');
    labels.visit([&](const auto* p) {
        size_t bit = 0;
        for (const Frame& f : frames) {
            const auto* slice = p + size_t(f.k) * plane;
            for (size_t i = 0; i < plane; ++i, ++bit)
                if (uint32_t(slice[i]) == f.value) bits[bit >> 3] = char(uint8_t(bits[bit >> 3]) | (1u << (bit & 7)));
        }
    });
    return bits;
}
}  // namespace

DicomSegWriteResult writeDicomSeg(const LabeledVolume& lv, const Volume& reference, const std::string& path,
                                  const DicomSegWriteOptions& o) {
    silenceGdcmTrace();
    if (o.algorithmType != "MANUAL" && o.algorithmType != "SEMIAUTOMATIC" && o.algorithmType != "AUTOMATIC")
        throw Error(path, "segment algorithm type must be MANUAL, SEMIAUTOMATIC or AUTOMATIC, not '" + o.algorithmType + "'");
    checkSameGrid(reference.geometry(), lv.labels.geometry(), "label map", 1e-3, "reference image");
    const ImageGeometry& g = lv.labels.geometry();
    if (g.dim(0) > 65535 || g.dim(1) > 65535) throw Error(path, "slices larger than 65535 pixels do not fit DICOM's Rows/Columns");
    DicomSegWriteResult result;

    std::vector<uint32_t> values;
    for (const auto& [value, count] : labelHistogram(lv.labels)) values.push_back(value);
    if (values.empty()) throw Error(path, "the label map is empty: a DICOM-SEG needs at least one segment");
    if (values.size() > 65535) throw Error(path, "more than 65535 segments");
    const std::vector<Frame> frames = listFrames(lv.labels, values, o.allSlices);
    result.segments = values.size();
    result.frames = frames.size();

    gdcm::UIDGenerator uids;
    std::string studyUid = metaOf(reference, "study_uid"), forUid = metaOf(reference, "frame_of_reference_uid");
    const std::string sourceSeries = metaOf(reference, "series_uid");
    const std::string sourceClass = metaOf(reference, "sop_class_uid");
    std::vector<std::string> sourceSops = splitBackslash(metaOf(reference, "sop_instance_uids"));
    const bool haveSource = !studyUid.empty() && !sourceSeries.empty() && !sourceClass.empty() &&
                            int(sourceSops.size()) == g.dim(2);
    if (!haveSource) {
        result.warnings.push_back(
            "the reference image lacks a StudyInstanceUID, SeriesInstanceUID or SOP UIDs (not a DICOM series, or "
            "de-identified without them): the SEG gets a new study" +
            std::string(metaOf(reference, "frame_of_reference_uid").empty() ? " and frame of reference" : "") +
            " and references no source images");
        sourceSops.assign(size_t(g.dim(2)), std::string());
        studyUid = uids.Generate();  // a SEG outside the source's study must not claim it
    }
    if (forUid.empty()) forUid = uids.Generate();

    gdcm::DataSet ds;
    // SOP Common
    setDicomText(ds, 0x0008, 0x0005, VR::CS, "ISO_IR 192");
    setDicomText(ds, 0x0008, 0x0016, VR::UI, kDicomSegSopClass);
    setDicomText(ds, 0x0008, 0x0018, VR::UI, uids.Generate());
    // Patient (type 2: present even when empty)
    setDicomText(ds, 0x0010, 0x0010, VR::PN, metaOf(reference, "patient_name"));
    setDicomText(ds, 0x0010, 0x0020, VR::LO, metaOf(reference, "patient_id"));
    setDicomText(ds, 0x0010, 0x0030, VR::DA, metaOf(reference, "patient_birth_date"));
    setDicomText(ds, 0x0010, 0x0040, VR::CS, metaOf(reference, "patient_sex"));
    // General Study
    setDicomText(ds, 0x0020, 0x000d, VR::UI, studyUid);
    setDicomText(ds, 0x0008, 0x0020, VR::DA, metaOf(reference, "study_date"));
    setDicomText(ds, 0x0008, 0x0030, VR::TM, metaOf(reference, "study_time"));
    setDicomText(ds, 0x0008, 0x0090, VR::PN, metaOf(reference, "referring_physician"));
    setDicomText(ds, 0x0020, 0x0010, VR::SH, metaOf(reference, "study_id"));
    setDicomText(ds, 0x0008, 0x0050, VR::SH, metaOf(reference, "accession_number"));
    if (!metaOf(reference, "study_description").empty())
        setDicomText(ds, 0x0008, 0x1030, VR::LO, metaOf(reference, "study_description"));
    // General Series + Segmentation Series
    setDicomText(ds, 0x0008, 0x0060, VR::CS, "SEG");
    setDicomText(ds, 0x0020, 0x000e, VR::UI, uids.Generate());
    setDicomText(ds, 0x0020, 0x0011, VR::IS, "300");
    setDicomText(ds, 0x0008, 0x103e, VR::LO, o.seriesDescription.substr(0, 64));
    // Frame of Reference
    setDicomText(ds, 0x0020, 0x0052, VR::UI, forUid);
    setDicomText(ds, 0x0020, 0x1040, VR::LO, "");
    // General + Enhanced General Equipment
    setDicomText(ds, 0x0008, 0x0070, VR::LO, "Marrow");
    setDicomText(ds, 0x0008, 0x1090, VR::LO, "Marrow");
    setDicomText(ds, 0x0018, 0x1000, VR::LO, "1");
    setDicomText(ds, 0x0018, 0x1020, VR::LO, "1.0");
    // General Image / Segmentation Image / Multi-frame Functional Groups
    setDicomText(ds, 0x0020, 0x0013, VR::IS, "1");
    setTime(ds, 0x0023, 0x0033);  // ContentDate, ContentTime
    setDicomText(ds, 0x0008, 0x0008, VR::CS, "DERIVED\\PRIMARY");
    setDicomText(ds, 0x0070, 0x0080, VR::CS, o.contentLabel);
    setDicomText(ds, 0x0070, 0x0081, VR::LO, o.contentDescription);
    setDicomText(ds, 0x0070, 0x0084, VR::PN, o.contentCreatorName);
    setDicomText(ds, 0x0062, 0x0001, VR::CS, "BINARY");
    setDicomText(ds, 0x0062, 0x0013, VR::CS, "NO");  // a label map never overlaps
    setDicomText(ds, 0x0028, 0x2110, VR::CS, "00");  // LossyImageCompression
    // Image Pixel
    setDicomUS(ds, 0x0028, 0x0002, {1});
    setDicomText(ds, 0x0028, 0x0004, VR::CS, "MONOCHROME2");
    setDicomUS(ds, 0x0028, 0x0010, {uint16_t(g.dim(1))});
    setDicomUS(ds, 0x0028, 0x0011, {uint16_t(g.dim(0))});
    setDicomUS(ds, 0x0028, 0x0100, {1});
    setDicomUS(ds, 0x0028, 0x0101, {1});
    setDicomUS(ds, 0x0028, 0x0102, {0});
    setDicomUS(ds, 0x0028, 0x0103, {0});
    setDicomText(ds, 0x0028, 0x0008, VR::IS, std::to_string(frames.size()));

    std::vector<gdcm::DataSet> segments;
    for (size_t s = 0; s < values.size(); ++s) {
        const LabelEntry* e = lv.table.find(values[s]);
        LabelEntry entry = e ? *e : LabelEntry{values[s], "label " + std::to_string(values[s]),
                                               lv.table.colorOf(values[s]), false};
        segments.push_back(segmentItem(uint16_t(s + 1), entry, o));
    }
    setDicomSequence(ds, 0x0062, 0x0002, segments);

    // Multi-frame Dimension: frames are indexed by segment, then by position.
    const std::string dimUid = uids.Generate();
    setDicomSequence(ds, 0x0020, 0x9221, {[&] {
                         gdcm::DataSet item;
                         setDicomText(item, 0x0020, 0x9164, VR::UI, dimUid);
                         return item;
                     }()});
    auto dimension = [&](gdcm::Tag pointer, gdcm::Tag group, const char* label) {
        gdcm::DataSet item;
        setDicomText(item, 0x0020, 0x9164, VR::UI, dimUid);
        setDicomTags(item, 0x0020, 0x9165, {pointer});
        setDicomTags(item, 0x0020, 0x9167, {group});
        setDicomText(item, 0x0020, 0x9421, VR::LO, label);
        return item;
    };
    setDicomSequence(ds, 0x0020, 0x9222,
                     {dimension(gdcm::Tag(0x0062, 0x000b), gdcm::Tag(0x0062, 0x000a), "ReferencedSegmentNumber"),
                      dimension(gdcm::Tag(0x0020, 0x0032), gdcm::Tag(0x0020, 0x9113), "ImagePositionPatient")});

    // Shared functional groups: pixel measures and orientation (one grid for all frames).
    gdcm::DataSet shared, measures, orientation;
    setDicomDecimals(measures, 0x0028, 0x0030, {g.spacing().y, g.spacing().x});
    setDicomDecimals(measures, 0x0018, 0x0050, {g.spacing().z});
    setDicomDecimals(measures, 0x0018, 0x0088, {g.spacing().z});
    setDicomSequence(shared, 0x0028, 0x9110, {measures});
    const Vec3 row = g.direction().column(0), col = g.direction().column(1);
    setDicomDecimals(orientation, 0x0020, 0x0037, {row.x, row.y, row.z, col.x, col.y, col.z});
    setDicomSequence(shared, 0x0020, 0x9116, {orientation});
    setDicomSequence(ds, 0x5200, 0x9229, {shared});

    // Per-frame functional groups.
    const gdcm::DataSet purpose = dicomCode("121322", "DCM", "Source image for image processing operation");
    const gdcm::DataSet derivationCode = dicomCode("113076", "DCM", "Segmentation");
    std::vector<gdcm::DataSet> perFrame;
    perFrame.reserve(frames.size());
    for (const Frame& f : frames) {
        gdcm::DataSet item, content, position, ident;
        setDicomUL(content, 0x0020, 0x9157, {f.segment, uint32_t(f.k + 1)});
        setDicomSequence(item, 0x0020, 0x9111, {content});
        const Vec3 p = g.indexToPatient(Vec3{0, 0, double(f.k)});
        setDicomDecimals(position, 0x0020, 0x0032, {p.x, p.y, p.z});
        setDicomSequence(item, 0x0020, 0x9113, {position});
        setDicomUS(ident, 0x0062, 0x000b, {f.segment});
        setDicomSequence(item, 0x0062, 0x000a, {ident});
        if (const std::string& sop = sourceSops[size_t(f.k)]; haveSource && !sop.empty()) {
            gdcm::DataSet derivation, source;
            setDicomText(source, 0x0008, 0x1150, VR::UI, sourceClass);
            setDicomText(source, 0x0008, 0x1155, VR::UI, sop);
            setDicomSequence(source, 0x0040, 0xa170, {purpose});
            setDicomSequence(derivation, 0x0008, 0x2112, {source});
            setDicomSequence(derivation, 0x0008, 0x9215, {derivationCode});
            setDicomSequence(item, 0x0008, 0x9124, {derivation});
        }
        perFrame.push_back(std::move(item));
    }
    setDicomSequence(ds, 0x5200, 0x9230, perFrame);

    // Common Instance Reference: the source series and its instances.
    if (haveSource) {
        std::vector<gdcm::DataSet> instances;
        for (const std::string& sop : sourceSops) {
            if (sop.empty()) continue;
            gdcm::DataSet ref;
            setDicomText(ref, 0x0008, 0x1150, VR::UI, sourceClass);
            setDicomText(ref, 0x0008, 0x1155, VR::UI, sop);
            instances.push_back(std::move(ref));
        }
        gdcm::DataSet series;
        setDicomText(series, 0x0020, 0x000e, VR::UI, sourceSeries);
        setDicomSequence(series, 0x0008, 0x114a, instances);
        setDicomSequence(ds, 0x0008, 0x1115, {series});
    }

    const std::string bits = packFrames(lv.labels, frames);
    gdcm::DataElement pixels(gdcm::Tag(0x7fe0, 0x0010));
    pixels.SetVR(VR::OB);
    pixels.SetByteValue(bits.data(), uint32_t(bits.size()));
    ds.Replace(pixels);

    writeFileAtomically(path, [&](const std::string& tmp) {
        gdcm::Writer writer;
        writer.SetFileName(tmp.c_str());
        writer.GetFile().SetDataSet(ds);
        gdcm::FileMetaInformation& header = writer.GetFile().GetHeader();
        header.SetDataSetTransferSyntax(gdcm::TransferSyntax::ExplicitVRLittleEndian);
        if (!writer.Write()) throw Error(path, "GDCM could not write the DICOM-SEG file");
    });
    return result;
}

}  // namespace marrow
