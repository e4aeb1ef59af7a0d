#pragma once
// The "Split segment" panel's state and actions: markers clicked in any MPR view (the
// "split marker" click mode), or automatic markers with a minimum size; Preview computes the
// split (seg/tools/split_watershed.h: planSplit) on the background job without editing and
// shows each part's voxels; Apply writes it as one undo step with the names typed for the
// parts. The selected segment is the one split.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "seg/tools/split_watershed.h"

namespace marrow::ui {

struct ViewerState;

struct SplitToolState {
    std::vector<Vec3> markers;  // LPS mm, in click order; marker n seeds part n
    bool automatic = false;
    float minSizeMm = 10;
    std::vector<std::array<char, 64>> names;  // per part (empty: the default name)
    // The last preview: valid only for the document and label-map version it was made from.
    std::shared_ptr<tools::SplitPlan> preview;
    uint64_t previewVersion = 0;
    const void* previewDocument = nullptr;
    void clear() {
        markers.clear();
        names.clear();
        preview.reset();
    }
};

// "split: marker n at x, y, z mm" (the click must lie on the selected segment).
void addSplitMarker(ViewerState& s, Vec3 pointLps);
// The markers as "x,y,z;x,y,z" (mm, one decimal more than the voxel size needs).
std::string splitMarkersText(const SplitToolState& t);
void previewSplit(ViewerState& s);  // background job; the message lists the parts
void applySplit(ViewerState& s);    // background job; one undo step
// The preview is done and still describes the current labels (no job running, no edit since).
bool splitPreviewCurrent(const ViewerState& s);

}  // namespace marrow::ui
