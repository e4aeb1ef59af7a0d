#include "ui/surface_view.h"

#include <chrono>

namespace marrow::ui {

const char* view3dModeName(View3dMode m) {
    switch (m) {
        case View3dMode::Surfaces: return "surfaces";
        case View3dMode::Both: return "both";
        default: return "volume";
    }
}

bool parseView3dMode(const std::string& s, View3dMode& out) {
    for (View3dMode m : {View3dMode::Volume, View3dMode::Surfaces, View3dMode::Both})
        if (s == view3dModeName(m)) {
            out = m;
            return true;
        }
    return false;
}

bool SurfaceView::sync(const LabelMap& map, const VoxelBox& dirty, bool full, bool shown) {
    if (full) built_ = false;
    if (!dirty.empty()) {
        if (pending_.empty()) pending_ = dirty;
        else pending_.include(dirty);
    }
    if (!shown || (built_ && pending_.empty())) return false;
    if (!renderer_) renderer_ = std::make_unique<render::SurfaceRenderer>();
    const auto start = std::chrono::steady_clock::now();
    std::vector<size_t> changed;
    if (!built_) {
        blocks_.rebuild(map);
        renderer_->clear();
        for (size_t b = 0; b < blocks_.blockCount(); ++b) changed.push_back(b);
        built_ = true;
    } else {
        changed = blocks_.update(map, pending_);
    }
    pending_ = {};
    for (size_t b : changed) renderer_->setBlock(b, blocks_.pieces(b));
    lastBlocks_ = changed.size();
    lastMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return true;
}

void SurfaceView::draw(const render::OrbitCamera& camera, int x, int y, int w, int h,
                       const render::LabelColors& colors, bool rerender) {
    if (!renderer_) renderer_ = std::make_unique<render::SurfaceRenderer>();
    if (rerender || colors != colors_) renderer_->render(camera, w, h, colors);
    colors_ = colors;
    renderer_->blit(x, y, w, h);
}

}  // namespace marrow::ui
