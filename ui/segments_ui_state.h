#pragma once
// What the Segments panel remembers between frames while a user corrects a label map: the
// list filters, the name being edited, and caches of full-volume passes (per-segment voxel
// counts, the difference overlay), each keyed by what it was computed from so that it is
// recomputed once after a change, never every frame.
#include <cstdint>
#include <string>
#include <vector>

#include "seg/label_map.h"

namespace marrow::ui {

// Identifies the label map a cache entry was computed from: the document, the loaded
// original's voxel buffer and the label map's change counter. `generation` is bumped on
// every label (re)load, so a new map whose version counter happens to match is not taken
// for the old one.
struct LabelsKey {
    const void* doc = nullptr;
    const void* original = nullptr;
    uint64_t generation = 0;
    uint64_t version = 0;
    friend bool operator==(const LabelsKey&, const LabelsKey&) = default;
};

struct SegmentStatsCache {
    LabelsKey originalKey;               // version unused: the original never changes
    bool haveOriginal = false;
    std::vector<size_t> originalCounts;  // voxels per label value in the loaded original
    Label segment = 0;
    LabelsKey nowKey;
    bool haveNow = false;
    size_t nowCount = 0;
};

struct DifferenceOverlayState {
    bool enabled = false;  // the "show changes vs. loaded labels" box
    bool shown = false;    // s.maskOverlay holds our difference volume
    LabelsKey key;         // what the shown difference was computed from
    size_t added = 0, removed = 0;
};

struct SegmentsUiState {
    std::string search;     // name filter (case-insensitive substring)
    bool bonesOnly = false; // list only bones
    Label editing = 0;      // the segment the name field below belongs to
    std::string name;       // the name field's text
    float color[3]{};       // the colour field (0..1), applied once the mouse is released
    bool colorChanged = false;
    Label mergeInto = 0;    // merge target of the selected segment
    int relabelTo = 0;      // new label value typed for the selected segment (0: not yet)
    uint64_t generation = 0;  // bumped on every label (re)load: see LabelsKey
    SegmentStatsCache stats;
    DifferenceOverlayState difference;
};

}  // namespace marrow::ui
