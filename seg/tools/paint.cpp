// Brush rasterisation: for each stroke segment A->B (continuous index space scaled by the
// spacing, i.e. millimetres along the index axes; the direction matrix is a rotation, so
// distances are preserved), every voxel in the segment's padded bounding box is tested
// against the capsule: distance from its centre to segment AB <= r. Cost: the voxels of
// the swept bounding box, O(length * r^2) per segment.
#include "seg/tools/paint.h"

#include <algorithm>
#include <cmath>

namespace marrow::tools {

namespace {

void validate(const PaintParams& p) {
    if (!(p.radiusMm > 0) || !std::isfinite(p.radiusMm))
        throw Error("", "brush: the radius must be a positive number of mm");
    if (p.shape == BrushShape::Disk && (p.sliceAxis < 0 || p.sliceAxis > 2))
        throw Error("", "brush: slice axis must be 0, 1 or 2");
}

// Marks into mask (whose box may be larger) the capsule between index points a and b.
void markCapsule(BoxMask& mask, const ImageGeometry& g, const PaintParams& p, Vec3 a, Vec3 b, int64_t diskSlice) {
    const Vec3 s = g.spacing();
    const double r = p.radiusMm;
    const double r2 = r * r * (1 + 1e-12);  // a centre exactly on the sphere counts as inside
    VoxelBox box;
    for (int ax = 0; ax < 3; ++ax) {
        box.lo[ax] = int64_t(std::ceil(std::min(a[ax], b[ax]) - r / s[ax] - 1e-9));
        box.hi[ax] = int64_t(std::floor(std::max(a[ax], b[ax]) + r / s[ax] + 1e-9)) + 1;
    }
    if (p.shape == BrushShape::Disk) {
        box.lo[p.sliceAxis] = diskSlice;
        box.hi[p.sliceAxis] = diskSlice + 1;
    }
    box = box.intersect(mask.box);
    // Work in mm along the index axes; a disk ignores its normal axis.
    Vec3 w{s.x, s.y, s.z};
    if (p.shape == BrushShape::Disk) w[p.sliceAxis] = 0;
    const Vec3 A{a.x * w.x, a.y * w.y, a.z * w.z};
    const Vec3 AB = Vec3{b.x * w.x, b.y * w.y, b.z * w.z} - A;
    const double len2 = dot(AB, AB);
    for (int64_t k = box.lo[2]; k < box.hi[2]; ++k)
        for (int64_t j = box.lo[1]; j < box.hi[1]; ++j) {
            uint8_t* row = &mask.at(box.lo[0], j, k);
            for (int64_t i = box.lo[0]; i < box.hi[0]; ++i) {
                const Vec3 P = Vec3{double(i) * w.x, double(j) * w.y, double(k) * w.z} - A;
                const double t = len2 > 0 ? std::clamp(dot(P, AB) / len2, 0.0, 1.0) : 0.0;
                const Vec3 d = P - AB * t;
                if (dot(d, d) <= r2) row[i - box.lo[0]] = 1;
            }
        }
}

VoxelBox strokeBox(const ImageGeometry& g, const PaintParams& p, const std::vector<Vec3>& idx, int64_t diskSlice) {
    VoxelBox box;
    const Vec3 s = g.spacing();
    for (const Vec3& c : idx) {
        VoxelBox b;
        for (int ax = 0; ax < 3; ++ax) {
            b.lo[ax] = int64_t(std::ceil(c[ax] - p.radiusMm / s[ax] - 1e-9));
            b.hi[ax] = int64_t(std::floor(c[ax] + p.radiusMm / s[ax] + 1e-9)) + 1;
        }
        if (p.shape == BrushShape::Disk) {
            b.lo[p.sliceAxis] = diskSlice;
            b.hi[p.sliceAxis] = diskSlice + 1;
        }
        box.include(b);
    }
    return box.intersect(VoxelBox::of(g));
}

}  // namespace

BoxMask brushMask(const ImageGeometry& g, const PaintParams& p, const std::vector<Vec3>& pointsLps) {
    validate(p);
    if (pointsLps.empty()) return {};
    std::vector<Vec3> idx;
    for (const Vec3& q : pointsLps) idx.push_back(g.patientToIndex(q));
    const int64_t diskSlice = int64_t(std::lround(idx[0][p.shape == BrushShape::Disk ? p.sliceAxis : 0]));
    BoxMask mask(strokeBox(g, p, idx, diskSlice));
    if (mask.box.empty()) return mask;
    for (size_t n = 0; n < idx.size(); ++n)
        markCapsule(mask, g, p, idx[n], idx[n + 1 < idx.size() ? n + 1 : n], diskSlice);
    return mask;
}

EditResult paintStroke(LabelMapEditor& editor, const PaintParams& params, const std::vector<Vec3>& pointsLps) {
    BrushStroke stroke(editor, params);
    for (const Vec3& p : pointsLps) stroke.addPoint(p);
    return stroke.finish();
}

BrushStroke::BrushStroke(LabelMapEditor& editor, const PaintParams& params) : editor_(editor), params_(params) {
    validate(params_);
    editor_.beginStep(params_.erase ? "Erase stroke" : "Paint stroke");
}

BrushStroke::~BrushStroke() {
    if (open_) editor_.endStep();
}

EditResult BrushStroke::addPoint(Vec3 lps) {
    if (!open_) throw Error("", "brush: the stroke is already finished");
    std::vector<Vec3> pts = last_;
    if (params_.shape == BrushShape::Disk) {
        // Keep the disk on the first point's slice: project later points onto it.
        if (!haveSlice_) {
            firstPoint_ = lps;
            haveSlice_ = true;
        }
        const ImageGeometry& g = editor_.map().geometry();
        Vec3 c = g.patientToIndex(lps);
        c[params_.sliceAxis] = g.patientToIndex(firstPoint_)[params_.sliceAxis];
        lps = g.indexToPatient(c);
    }
    pts.push_back(lps);
    last_ = {lps};
    BoxMask mask = brushMask(editor_.map().geometry(), params_, pts);
    if (mask.box.empty()) return {};
    return editor_.apply(Modifier::of(std::move(mask)), params_.erase ? EditMode::Erase : EditMode::Set, params_.segment,
                         params_.options);
}

EditResult BrushStroke::finish() {
    if (!open_) return {};
    open_ = false;
    return editor_.endStep();
}

}  // namespace marrow::tools
