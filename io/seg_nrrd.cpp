#include "io/seg_nrrd.h"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
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
    if (!std::isfinite(r) || !std::isfinite(g) || !std::isfinite(b)) return std::nullopt;
    auto byte = [](double v) { return uint8_t(std::clamp(std::lround(v * 255.0), 0L, 255L)); };
    return Rgb{byte(r), byte(g), byte(b)};
}

// A whole field as an integer in [lo, hi]; nullopt for anything else (text, overflow).
std::optional<long long> parseInteger(std::string_view text, long long lo, long long hi) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return std::nullopt;
    return v;
}

// Segment indices mentioned by any "SegmentN_..." key (N a decimal number that fits an
// int; larger is an Error, and N + 1 is computed wide so that nothing overflows).
std::set<int> segmentIndices(const NrrdImage& image, const std::string& path) {
    std::set<int> out;
    constexpr std::string_view kPrefix = "Segment";
    for (const auto& [key, value] : image.keyValues) {
        if (key.compare(0, kPrefix.size(), kPrefix) != 0) continue;
        const size_t underscore = key.find('_', kPrefix.size());
        if (underscore == std::string::npos || underscore + 1 == key.size()) continue;
        const std::string_view digits = std::string_view(key).substr(kPrefix.size(), underscore - kPrefix.size());
        if (digits.empty() || digits.front() < '0' || digits.front() > '9') continue;
        const auto n = parseInteger(digits, 0, std::numeric_limits<int>::max());
        if (!n) throw Error(path, "segment number in key '" + key + "' is too large");
        out.insert(int(*n));
    }
    return out;
}

std::vector<SegmentInfo> readSegments(const NrrdImage& image, const std::string& path) {
    std::vector<SegmentInfo> segments;
    const bool multiLayer = image.layers.size() > 1;
    for (int n : segmentIndices(image, path)) {
        const std::string p = "Segment" + std::to_string(n) + "_";
        SegmentInfo s;
        s.name = image.value(p + "Name", image.value(p + "ID", "Segment_" + std::to_string((long long)n + 1)));
        s.color = parseSlicerColor(image.value(p + "Color"));
        // Older Slicer files: one segment per layer, voxels 1, no Layer/LabelValue keys.
        const long long layers = (long long)image.layers.size();
        const std::optional<long long> layer =
            image.has(p + "Layer") ? parseInteger(image.value(p + "Layer"), 0, layers - 1) : (multiLayer ? n : 0);
        if (!layer || *layer >= layers)
            throw Error(path, p + "Layer '" + image.value(p + "Layer", std::to_string(n)) + "' is not one of the " +
                                  std::to_string(layers) + " layer(s) of the file");
        s.layer = int(*layer);
        const std::optional<long long> label = image.has(p + "LabelValue")
                                                   ? parseInteger(image.value(p + "LabelValue"), 1, 65535)
                                                   : (multiLayer ? 1 : (long long)n + 1);
        if (!label || *label > 65535)
            throw Error(path, p + "LabelValue '" + image.value(p + "LabelValue", std::to_string((long long)n + 1)) +
                                  "' is not in 1..65535");
        s.labelValue = uint32_t(*label);
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
    // value -> output label for the layer at hand: one 64K table, filled with that layer's
    // segments and cleared again after it, so work and memory follow the segments and
    // voxels, not layers x 65536 (a 1 KB file with 100,000 layers once asked for 26 GB).
    std::vector<std::vector<size_t>> segmentsOfLayer(layers.size());
    for (size_t s = 0; s < segments.size(); ++s) segmentsOfLayer[size_t(segments[s].layer)].push_back(s);
    std::vector<uint32_t> lookup(65536, 0);
    tbb::combinable<size_t> overlaps, orphans;
    out.visit([&](auto* dst) {
        using T = std::remove_pointer_t<decltype(dst)>;
        for (size_t l = 0; l < layers.size(); ++l) {
            for (size_t s : segmentsOfLayer[l]) lookup[segments[s].labelValue] = outLabel[s];
            const Volume layer = castToLabelVolume(layers[l]);
            layer.visit([&](const auto* src) {
                tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<size_t>& r) {
                    size_t& overlap = overlaps.local();
                    size_t& orphan = orphans.local();
                    for (size_t i = r.begin(); i != r.end(); ++i) {
                        if (!src[i]) continue;
                        const uint32_t label = lookup[src[i]];
                        if (!label) ++orphan;
                        else if (dst[i]) ++overlap;
                        else dst[i] = T(label);
                    }
                });
            });
            for (size_t s : segmentsOfLayer[l]) lookup[segments[s].labelValue] = 0;
        }
    });
    const size_t overlap = overlaps.combine(std::plus<>()), orphan = orphans.combine(std::plus<>());
    if (overlap)
        notes.push_back(std::to_string(overlap) + " voxels belong to more than one segment; each keeps its first segment");
    if (orphan) notes.push_back(std::to_string(orphan) + " voxels carry a value that no segment declares; left empty");
    return out;
}
}  // namespace

LabeledVolume readSegNrrd(const std::string& path) { return segNrrdFromImage(readNrrdImage(path), path); }

LabeledVolume parseSegNrrd(const std::string& fileBytes, const std::string& path) {
    return segNrrdFromImage(parseNrrdImage(fileBytes, path), path);
}

LabeledVolume segNrrdFromImage(NrrdImage image, const std::string& path) {
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
                // One box update per run of equal values (label rows are long runs), not per voxel.
                for (int i = 0; i < d[0];) {
                    const auto value = row[i];
                    int end = i + 1;
                    while (end < d[0] && row[end] == value) ++end;
                    if (value) {
                        Box& b = boxes[size_t(value)];
                        b.lo[0] = std::min(b.lo[0], i), b.hi[0] = std::max(b.hi[0], end - 1);
                        b.lo[1] = std::min(b.lo[1], j), b.hi[1] = std::max(b.hi[1], j);
                        b.lo[2] = std::min(b.lo[2], k), b.hi[2] = std::max(b.hi[2], k);
                    }
                    i = end;
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
    // uint8/uint16 label maps are written as they are (no 100 MB copy); others converted.
    const bool direct = labeled.labels.type() == ScalarType::UInt8 || labeled.labels.type() == ScalarType::UInt16;
    const Volume converted = direct ? Volume() : castToLabelVolume(labeled.labels);
    const Volume& labels = direct ? labeled.labels : converted;
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
