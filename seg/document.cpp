#include "seg/document.h"

#include <tbb/parallel_for.h>

#include "io/label_geometry.h"
#include "io/label_io.h"

namespace marrow {

Document::Document() : labels_(std::make_unique<LabelMap>()), history_(std::make_unique<History>()) {
    editor_ = std::make_unique<LabelMapEditor>(*labels_, *history_);
}

Document::~Document() = default;

void Document::resetLabels(LabelMap map) {
    editor_.reset();  // the editor refers to the old map and history
    *labels_ = std::move(map);
    history_->clear();
    editor_ = std::make_unique<LabelMapEditor>(*labels_, *history_);
}

void Document::setImage(Volume image, const std::string& source) {
    image_ = std::move(image);
    imageSource_ = source;
    labelsSource_.clear();
    original_ = Volume();
    resetLabels(LabelMap(image_.geometry()));
}

std::vector<std::string> Document::loadLabels(const std::string& path, const LabelLoadOptions& options) {
    if (image_.empty()) throw Error(path, "open an image before its label map");
    LabelMapReadOptions read;
    read.namesPath = options.namesPath;
    LabeledVolume labeled = readLabelMap(path, read);
    Volume placed = placeOnGrid(std::move(labeled.labels), image_.geometry(), options.resample, path);
    for (const auto& [value, count] : labelHistogram(placed)) {
        (void)count;
        if (value > kMaxLabel)
            throw Error(path, "label value " + std::to_string(value) + " is above " + std::to_string(kMaxLabel) +
                                  ", the largest this build stores");
    }
    LabelMap map = LabelMap::fromVolume(placed);
    resetLabels(std::move(map));
    // Names, colours and locks are set through the editor (so the table stays consistent),
    // then the history is cleared: loading is not an undoable edit.
    for (const Segment& s : std::vector<Segment>(labels_->segments())) {
        if (const LabelEntry* e = labeled.table.find(s.id)) {
            editor_->renameSegment(s.id, e->name);
            editor_->recolorSegment(s.id, e->color);
        }
        if (options.lockImported) editor_->setSegmentLocked(s.id, true);
    }
    history_->clear();
    original_ = std::move(placed);
    labelsSource_ = path;
    return labeled.notes;
}

LabelTable Document::labelTable() const {
    LabelTable table;
    for (const Segment& s : labels_->segments()) table.set(s.id, s.name, s.color);
    return table;
}

std::vector<std::string> Document::saveLabels(const std::string& path) const {
    LabeledVolume out;
    out.labels = labels_->toVolume(ScalarType::UInt8);
    out.labels.meta = original_.meta;  // keep header extensions and source details
    out.table = labelTable();
    return writeLabelMap(path, out);
}

Volume Document::difference() const {
    Volume diff(image_.geometry(), ScalarType::UInt8, true);
    if (original_.empty()) return diff;
    const Volume now = labels_->toVolume(original_.type());
    uint8_t* d = diff.data<uint8_t>();
    original_.visit([&](const auto* before) {
        using T = std::remove_cv_t<std::remove_pointer_t<decltype(before)>>;
        if constexpr (std::is_integral_v<T>) {
            const T* after = now.data<T>();
            tbb::parallel_for(size_t(0), diff.voxelCount(), size_t(1) << 16, [&](size_t n0) {
                const size_t n1 = std::min(n0 + (size_t(1) << 16), diff.voxelCount());
                for (size_t n = n0; n < n1; ++n)
                    d[n] = before[n] == after[n] ? 0 : (after[n] != 0 ? 1 : 2);
            });
        }
    });
    return diff;
}

}  // namespace marrow
