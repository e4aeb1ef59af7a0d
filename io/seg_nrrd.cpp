#include "io/seg_nrrd.h"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "io/error.h"

namespace marrow {

namespace {
struct SegmentInfo {
    std::string name;
    std::optional<Rgb> color;
    int layer = 0;
    uint32_t labelValue = 1;
};

std::optional<Rgb> parseSlicerColor(const std::string& s) {
    double r, g, b;
    if (std::sscanf(s.c_str(), "%lf %lf %lf", &r, &g, &b) != 3) return std::nullopt;
    auto byte = [](double v) { return uint8_t(std::clamp(std::lround(v * 255.0), 0L, 255L)); };
    return Rgb{byte(r), byte(g), byte(b)};
}

// Segment indices mentioned by any "SegmentN_..." key.
std::set<int> segmentIndices(const NrrdImage& image) {
    std::set<int> out;
    for (const auto& [key, value] : image.keyValues) {
        int n = -1;
        char rest[8];
        if (std::sscanf(key.c_str(), "Segment%d_%7s", &n, rest) == 2 && n >= 0) out.insert(n);
    }
    return out;
}

std::vector<SegmentInfo> readSegments(const NrrdImage& image, const std::string& path) {
    std::vector<SegmentInfo> segments;
    const bool multiLayer = image.layers.size() > 1;
    for (int n : segmentIndices(image)) {
        const std::string p = "Segment" + std::to_string(n) + "_";
        SegmentInfo s;
        s.name = image.value(p + "Name", image.value(p + "ID", "Segment_" + std::to_string(n + 1)));
        s.color = parseSlicerColor(image.value(p + "Color"));
        // Older Slicer files: one segment per layer, voxels 1, no Layer/LabelValue keys.
        s.layer = image.has(p + "Layer") ? std::atoi(image.value(p + "Layer").c_str()) : (multiLayer ? n : 0);
        const long long label = image.has(p + "LabelValue") ? std::atoll(image.value(p + "LabelValue").c_str())
                                                            : (multiLayer ? 1 : n + 1);
        if (s.layer < 0 || s.layer >= int(image.layers.size()))
            throw Error(path, p + "Layer " + std::to_string(s.layer) + " is outside the " +
                                  std::to_string(image.layers.size()) + " layer(s) of the file");
        if (label <= 0 || label > 65535)
            throw Error(path, p + "LabelValue " + std::to_string(label) + " is not in 1..65535");
        s.labelValue = uint32_t(label);
        segments.push_back(s);
    }
    return segments;
}

// Flattens several layers into one label volume (see the header for the rules).
Volume flattenLayers(const std::vector<Volume>& layers, const std::vector<SegmentInfo>& segments,
                     const std::vector<uint32_t>& outLabel, std::vector<std::string>& notes) {
    const size_t n = layers.front().voxelCount();
    const uint32_t maxOut = outLabel.empty() ? 0 : *std::max_element(outLabel.begin(), outLabel.end());
    Volume out(layers.front().geometry(), maxOut <= 255 ? ScalarType::UInt8 : ScalarType::UInt16, true);
    std::vector<std::vector<uint32_t>> lookup(layers.size(), std::vector<uint32_t>(65536, 0));
    for (size_t s = 0; s < segments.size(); ++s) lookup[segments[s].layer][segments[s].labelValue] = outLabel[s];
    tbb::combinable<size_t> overlaps, orphans;
    out.visit([&](auto* dst) {
        using T = std::remove_pointer_t<decltype(dst)>;
        for (size_t l = 0; l < layers.size(); ++l) {
            const Volume layer = castToLabelVolume(layers[l]);
            layer.visit([&](const auto* src) {
                tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
                    size_t& overlap = overlaps.local();
                    size_t& orphan = orphans.local();
                    for (size_t i = r.begin(); i != r.end(); ++i) {
                        if (!src[i]) continue;
                        const uint32_t label = lookup[l][src[i]];
                        if (!label) ++orphan;
                        else if (dst[i]) ++overlap;
                        else dst[i] = T(label);
                    }
                });
            });
        }
    });
    const size_t overlap = overlaps.combine(std::plus<>()), orphan = orphans.combine(std::plus<>());
    if (overlap)
        notes.push_back(std::to_string(overlap) + " voxels belong to more than one segment; each keeps its first segment");
    if (orphan) notes.push_back(std::to_string(orphan) + " voxels carry a value that no segment declares; left empty");
    return out;
}
}  // namespace

LabeledVolume readSegNrrd(const std::string& path) {
    NrrdImage image = readNrrdImage(path);
    LabeledVolume result;
    result.notes = image.notes;
    const std::string representation =
        image.value("Segmentation_SourceRepresentation", image.value("Segmentation_MasterRepresentation", "Binary labelmap"));
    if (representation != "Binary labelmap")
        result.notes.push_back("segmentation representation '" + representation + "' read as a binary labelmap");
    const auto segments = readSegments(image, path);

    // Output label per segment: its LabelValue, unless two segments share one (possible
    // across layers), then index + 1.
    std::set<uint32_t> values;
    for (const auto& s : segments) values.insert(s.labelValue);
    const bool keepValues = values.size() == segments.size();
    std::vector<uint32_t> outLabel;
    for (size_t i = 0; i < segments.size(); ++i) outLabel.push_back(keepValues ? segments[i].labelValue : uint32_t(i + 1));
    if (!keepValues) result.notes.push_back("segments share label values across layers; renumbered 1.." + std::to_string(segments.size()));

    if (image.layers.size() == 1) {
        result.labels = castToLabelVolume(image.layers.front(), &result.notes);
    } else {
        result.notes.push_back("multi-layer segmentation (" + std::to_string(image.layers.size()) + " layers) flattened into one label map");
        result.labels = flattenLayers(image.layers, segments, outLabel, result.notes);
    }
    result.labels.meta["source"] = path;
    result.labels.meta["modality"] = "SEG";
    for (size_t i = 0; i < segments.size(); ++i) result.table.set(outLabel[i], segments[i].name, segments[i].color);
    result.table.source = path;
    return result;
}

// ---------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------
namespace {
struct Box {
    int lo[3] = {INT32_MAX, INT32_MAX, INT32_MAX};
    int hi[3] = {-1, -1, -1};
};

// Bounding box (voxels, inclusive) of every label value; parallel over slices.
std::vector<Box> labelExtents(const Volume& labels) {
    const auto& d = labels.geometry().dims();
    const uint32_t maxValue = labels.type() == ScalarType::UInt8 ? 255 : 65535;
    tbb::combinable<std::vector<Box>> local([&] { return std::vector<Box>(maxValue + 1); });
    labels.visit([&](const auto* p) {
        tbb::parallel_for(0, d[2], [&](int k) {
            auto& boxes = local.local();
            for (int j = 0; j < d[1]; ++j) {
                const auto* row = p + labels.geometry().linearIndex(0, j, k);
                for (int i = 0; i < d[0]; ++i) {
                    if (!row[i]) continue;
                    Box& b = boxes[size_t(row[i])];
                    const int ijk[3] = {i, j, k};
                    for (int a = 0; a < 3; ++a) {
                        b.lo[a] = std::min(b.lo[a], ijk[a]);
                        b.hi[a] = std::max(b.hi[a], ijk[a]);
                    }
                }
            }
        });
    });
    std::vector<Box> all(maxValue + 1);
    local.combine_each([&](const std::vector<Box>& boxes) {
        for (size_t v = 0; v < boxes.size(); ++v)
            for (int a = 0; a < 3; ++a) {
                all[v].lo[a] = std::min(all[v].lo[a], boxes[v].lo[a]);
                all[v].hi[a] = std::max(all[v].hi[a], boxes[v].hi[a]);
            }
    });
    return all;
}
}  // namespace

void writeSegNrrd(const LabeledVolume& labeled, const std::string& path, const NrrdWriteOptions& options) {
    if (labeled.labels.empty()) throw Error(path, "nothing to write (empty label map)");
    const Volume labels = castToLabelVolume(labeled.labels);
    const std::vector<Box> extents = labelExtents(labels);

    std::map<uint32_t, LabelEntry> segments;
    for (const auto& e : labeled.table.entries())
        if (e.value <= (labels.type() == ScalarType::UInt8 ? 255u : 65535u)) segments[e.value] = e;
    for (uint32_t v = 1; v < extents.size(); ++v)
        if (extents[v].hi[0] >= 0 && !segments.count(v)) segments[v] = {v, labeled.table.nameOf(v), labeled.table.colorOf(v), false};

    std::vector<std::pair<std::string, std::string>> kv;
    int n = 0;
    char buf[160];
    for (const auto& [value, e] : segments) {
        const std::string p = "Segment" + std::to_string(n++) + "_";
        std::snprintf(buf, sizeof buf, "%.6g %.6g %.6g", e.color.r / 255.0, e.color.g / 255.0, e.color.b / 255.0);
        kv.push_back({p + "Color", buf});
        kv.push_back({p + "ColorAutoGenerated", e.colorGiven ? "0" : "1"});
        const Box& b = extents[value];
        if (b.hi[0] >= 0)
            std::snprintf(buf, sizeof buf, "%d %d %d %d %d %d", b.lo[0], b.hi[0], b.lo[1], b.hi[1], b.lo[2], b.hi[2]);
        else
            std::snprintf(buf, sizeof buf, "0 -1 0 -1 0 -1");  // Slicer's empty extent
        kv.push_back({p + "Extent", buf});
        kv.push_back({p + "ID", "Segment_" + std::to_string(value)});
        kv.push_back({p + "LabelValue", std::to_string(value)});
        kv.push_back({p + "Layer", "0"});
        kv.push_back({p + "Name", e.name});
        kv.push_back({p + "NameAutoGenerated", "0"});
        // Generic "tissue" terminology, as Slicer assigns to segments it did not classify.
        kv.push_back({p + "Tags",
                      "Segmentation.Status:inprogress|TerminologyEntry:Segmentation category and type - 3D Slicer "
                      "General Anatomy list~SCT^85756007^Tissue~SCT^85756007^Tissue~^^~Anatomic codes - DICOM "
                      "master list~^^~^^|"});
    }
    kv.push_back({"Segmentation_ContainedRepresentationNames", "Binary labelmap|"});
    kv.push_back({"Segmentation_MasterRepresentation", "Binary labelmap"});
    kv.push_back({"Segmentation_ReferenceImageExtentOffset", "0 0 0"});
    kv.push_back({"Segmentation_SourceRepresentation", "Binary labelmap"});
    writeNrrd(labels, kv, path, options);
}

}  // namespace marrow
