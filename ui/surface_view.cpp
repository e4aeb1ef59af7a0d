#include "ui/surface_view.h"

#include "seg/stage_timer.h"

#include <tbb/parallel_for.h>

#include <chrono>
#include <mutex>

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

void SurfaceView::store(const std::vector<size_t>& blocks, std::vector<std::vector<SurfacePiece>>& pieces) {
    for (size_t n = 0; n < blocks.size(); ++n) {
        withoutCoarse_.erase(blocks[n]);  // a job's pieces have theirs; inline callers re-add
        blocks_.store(blocks[n], std::move(pieces[n]));
        renderer_->setBlock(blocks[n], blocks_.pieces(blocks[n]));
    }
    lastBlocks_ = blocks.size();
}

bool SurfaceView::sync(const LabelMap& map, const VoxelBox& dirty, bool full, bool shown, BackgroundJob* job) {
    if (full) built_ = false;
    if (!dirty.empty()) {
        if (pending_.empty()) pending_ = dirty;
        else pending_.include(dirty);
    }
    bool changed = false;
    if (staged_) {  // a job meshed blocks: store them (a cancelled one leaves them stale)
        if (staged_->done && built_) {
            store(staged_->blocks, staged_->pieces);
            lastMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - staged_->start).count();
            changed = true;
        }
        staged_.reset();
    }
    if (!shown || (built_ && pending_.empty())) return changed;
    if (!renderer_) renderer_ = std::make_unique<render::SurfaceRenderer>();
    const auto start = std::chrono::steady_clock::now();
    std::vector<size_t> todo;
    if (!built_ || !blocks_.sameGrid(map.geometry())) {
        blocks_.reset(map.geometry());
        renderer_->clear();
        withoutCoarse_.clear();
        for (size_t b = 0; b < blocks_.blockCount(); ++b) todo.push_back(b);
    } else {
        todo = blocks_.blocksTouching(pending_);
    }
    built_ = true;
    pending_ = {};
    auto staged = std::make_shared<Staged>();
    staged->start = start;
    staged->blocks = std::move(todo);
    for (size_t b : staged->blocks) staged->boxes.push_back(blocks_.blockBox(b));
    staged->pieces.resize(staged->blocks.size());
    // On the worker the coarse sets are made with the meshing; inline (a few blocks while
    // brushing) they wait for the first coarse draw, which keeps a dab's update cheap.
    auto mesh = [staged, &map](const ProgressFn& progress, bool withCoarse) {
        size_t finished = 0;
        std::mutex report;  // progress is never called concurrently
        tbb::parallel_for(size_t(0), staged->boxes.size(), [&](size_t n) {
            staged->pieces[n] = meshBlock(map, staged->boxes[n]);
            if (withCoarse)
                for (SurfacePiece& piece : staged->pieces[n]) addCoarseSet(piece);
            std::lock_guard<std::mutex> lock(report);
            reportProgress(progress, double(++finished) / double(staged->boxes.size()), "surfaces");
        });
        staged->done = true;
        return "surfaces: " + std::to_string(staged->blocks.size()) + " blocks meshed";
    };
    if (job && staged->blocks.size() > kInlineBlocks &&
        job->start("surfaces", [mesh](const ProgressFn& progress) {
            StageTimer timer("remesh");  // the latency trace's "remesh" (surfaces on, after a big edit)
            return mesh(progress, true);
        })) {
        staged_ = staged;  // stored by the first sync after the job
        return changed;
    }
    mesh({}, false);
    store(staged->blocks, staged->pieces);
    withoutCoarse_.insert(staged->blocks.begin(), staged->blocks.end());
    lastMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return true;
}

void SurfaceView::addMissingCoarseSets() {
    const std::vector<size_t> blocks(withoutCoarse_.begin(), withoutCoarse_.end());
    withoutCoarse_.clear();
    std::vector<std::vector<SurfacePiece>> pieces(blocks.size());
    tbb::parallel_for(size_t(0), blocks.size(), [&](size_t n) {
        pieces[n] = blocks_.pieces(blocks[n]);
        for (SurfacePiece& piece : pieces[n]) addCoarseSet(piece);
    });
    for (size_t n = 0; n < blocks.size(); ++n) {
        blocks_.store(blocks[n], std::move(pieces[n]));
        renderer_->setBlock(blocks[n], blocks_.pieces(blocks[n]));
    }
}

void SurfaceView::draw(const render::OrbitCamera& camera, int x, int y, int w, int h,
                       const render::LabelColors& colors, bool rerender, bool coarse) {
    if (!renderer_) renderer_ = std::make_unique<render::SurfaceRenderer>();
    if (coarse && !withoutCoarse_.empty()) {
        addMissingCoarseSets();
        rerender = true;
    }
    if (rerender || colors != colors_) renderer_->render(camera, w, h, colors, coarse);
    colors_ = colors;
    renderer_->blit(x, y, w, h);
}

}  // namespace marrow::ui
