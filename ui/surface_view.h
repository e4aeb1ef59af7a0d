#pragma once
// The 3D view's segment surfaces: what the 3D view shows (volume, surfaces or both), and
// the glue between the label map's edits and the GPU copy of the block surfaces. After an
// edit only the blocks that the edit's dirty box touches are re-meshed and re-uploaded
// (seg/mesh/block_surfaces.h), so painting with surfaces shown stays interactive.
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "seg/mesh/block_surfaces.h"
#include "src/render/surface_renderer.h"
#include "ui/background_job.h"

namespace marrow::ui {

enum class View3dMode { Volume = 0, Surfaces, Both };
const char* view3dModeName(View3dMode m);  // "volume", "surfaces", "both"
bool parseView3dMode(const std::string& s, View3dMode& out);

class SurfaceView {
public:
    // Call from the frame's upload step while no job owns the label map, with the box the
    // label texture took (LabelMap::takeDirtyBox) or full = true after a whole new map.
    // Meshes nothing while hidden (the box is kept for later). Up to kInlineBlocks blocks
    // (a brush dab touches 1 to 8) are meshed right here; more (the first show, a
    // threshold over the volume) run as a "surfaces" job on `job` when one is given (the
    // label map is then the job's until it ends; a later sync stores the result). Returns
    // true when the surfaces changed (the 3D view must redraw).
    static constexpr size_t kInlineBlocks = 8;
    bool sync(const LabelMap& map, const VoxelBox& dirty, bool full, bool shown, BackgroundJob* job = nullptr);

    // Renders the surfaces (when rerender or the colours changed; coarse while the view
    // moves, SurfacePiece::coarse) and draws them on the viewport (x, y, w, h) of the bound
    // framebuffer. Blocks meshed here inline have no coarse set yet; the first coarse draw
    // makes theirs (a few blocks after brushing: milliseconds).
    void draw(const render::OrbitCamera& camera, int x, int y, int w, int h, const render::LabelColors& colors,
              bool rerender, bool coarse = false);
    GLuint depthTexture() const { return renderer_ ? renderer_->depthTexture() : 0; }
    size_t triangleCount() const { return renderer_ ? renderer_->triangleCount() : 0; }
    size_t lastDrawnTriangles() const { return renderer_ ? renderer_->lastDrawnTriangles() : 0; }
    size_t lastRemeshedBlocks() const { return lastBlocks_; }
    double lastRemeshMs() const { return lastMs_; }

private:
    // Blocks meshed by a job; `done` once every entry of pieces is filled.
    struct Staged {
        std::vector<size_t> blocks;
        std::vector<VoxelBox> boxes;
        std::vector<std::vector<SurfacePiece>> pieces;
        std::atomic<bool> done{false};
        std::chrono::steady_clock::time_point start;
    };
    void store(const std::vector<size_t>& blocks, std::vector<std::vector<SurfacePiece>>& pieces);
    void addMissingCoarseSets();

    BlockSurfaces blocks_;
    std::shared_ptr<Staged> staged_;
    std::unique_ptr<render::SurfaceRenderer> renderer_;  // made on first use (needs GL)
    bool built_ = false;
    VoxelBox pending_;  // edits while hidden
    std::set<size_t> withoutCoarse_;  // blocks meshed inline (sync), coarse set not made yet
    render::LabelColors colors_{};
    size_t lastBlocks_ = 0;
    double lastMs_ = 0;
};

}  // namespace marrow::ui
