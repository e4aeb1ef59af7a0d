// The actions behind scissors, island click, grow, slice marking and Ctrl+click picking:
// each checks what the UI thread can check cheaply (a document, no job, a voxel under the
// click, a segment to work on), then runs one seg/tools command as one undo step, on the
// UI thread when it touches one slice, else on the background job.
#include <cstdio>
#include <string>

#include <glm/glm.hpp>

#include "seg/tools/auto_threshold.h"
#include "seg/tools/grow.h"
#include "seg/tools/islands.h"
#include "seg/tools/ray_pick.h"
#include "ui/click_tools.h"
#include "ui/edit_actions.h"
#include "ui/viewer_state.h"

namespace marrow::ui {
namespace {

std::string voxels(size_t n) { return std::to_string(n) + (n == 1 ? " voxel" : " voxels"); }

std::string segmentName(const LabelMap& m, Label id) {
    const Segment* seg = m.segment(id);
    return seg ? "'" + seg->name + "'" : "segment " + std::to_string(id);
}

// The editor is free and a document is open; else says why not.
bool ready(ViewerState& s) {
    if (!s.doc) return false;
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return false;
    }
    return true;
}

// The selected segment to erase from, or 0 (every unlocked segment) when none is selected.
Label eraseTarget(const ViewerState& s) { return s.doc->labels().segment(s.edit.segment) ? s.edit.segment : 0; }

// The voxel under an LPS point, or nullopt (with a message) when it is off the image.
std::optional<Index3> voxelUnder(ViewerState& s, Vec3 p, const char* what) {
    const ImageGeometry& g = s.doc->labels().geometry();
    const Index3 v = g.patientToNearestVoxel(p);
    if (g.contains(v[0], v[1], v[2])) return v;
    s.message = std::string(what) + ": the click is outside the image";
    return std::nullopt;
}

// The slice (index along axis) holding an MPR outline: that of its first point.
std::optional<int> outlineSlice(ViewerState& s, int axis, const std::vector<Vec3>& points, const char* what) {
    if (points.size() < 3) {
        s.message = std::string(what) + ": draw a closed outline (at least 3 points)";
        return std::nullopt;
    }
    const ImageGeometry& g = s.doc->labels().geometry();
    const int64_t slice = g.patientToNearestVoxel(points.front())[axis];
    if (slice >= 0 && slice < g.dim(axis)) return int(slice);
    s.message = std::string(what) + ": the slice is outside the image";
    return std::nullopt;
}

const char* modeName(tools::ScissorsMode m) {
    switch (m) {
        case tools::ScissorsMode::EraseInside: return "erased inside";
        case tools::ScissorsMode::EraseOutside: return "erased outside";
        default: return "filled inside";
    }
}

// Runs a scissors cut (slice or 3D) as one step, making the fill segment first if needed.
template <class Params, class Cut>
void runScissors(ViewerState& s, Params p, bool background, Cut cut) {
    const bool fill = p.mode == tools::ScissorsMode::FillInside;
    p.segment = fill ? fillTarget(s) : eraseTarget(s);
    if (fill && !p.segment) return;
    auto work = [p, cut](Document& doc, const ProgressFn&) {
        ScopedStep step(doc.editor(), "Scissors");
        if (p.mode == tools::ScissorsMode::FillInside) ensureSegment(doc, p.segment);
        const EditResult r = cut(doc.editor(), p);
        step.commit();
        return std::string("scissors: ") + modeName(p.mode) + ", " + voxels(r.changedVoxels) + " changed";
    };
    if (background) {
        runEditJob(s, "Scissors", work);
        return;
    }
    try {
        s.message = work(*s.doc, {});
        s.view3dDirty = true;
    } catch (const std::exception& e) {
        s.message = e.what();
    }
}

}  // namespace

void finishLasso(ViewerState& s, render::ViewAxis axis, const std::vector<Vec3>& pointsLps) {
    if (!ready(s)) return;
    const ClickToolsState& c = s.edit.click;
    tools::ScissorsSliceParams p;
    p.axis = viewIndexAxis(s.doc->labels().geometry(), axis);
    const auto slice = outlineSlice(s, p.axis, pointsLps, "scissors");
    if (!slice) return;
    p.slice = *slice;
    p.polygonLps = pointsLps;
    p.throughVolume = c.scissorsThroughVolume;
    p.mode = c.scissorsMode;
    runScissors(s, p, p.throughVolume, [](LabelMapEditor& e, const tools::ScissorsSliceParams& q) {
        return tools::scissorsSlice(e, q);
    });
}

void finishLasso3d(ViewerState& s, const std::array<double, 16>& worldToClip,
                   const std::vector<std::array<double, 2>>& polygonNdc) {
    if (!ready(s)) return;
    if (polygonNdc.size() < 3) {
        s.message = "scissors: draw a closed outline (at least 3 points)";
        return;
    }
    tools::ScissorsViewParams p;
    p.worldToClip = worldToClip;
    p.polygonNdc = polygonNdc;
    p.mode = s.edit.click.scissorsMode;
    runScissors(s, p, true, [](LabelMapEditor& e, const tools::ScissorsViewParams& q) {
        return tools::scissorsView(e, q);
    });
}

void islandClick(ViewerState& s, Vec3 pointLps) {
    if (!ready(s)) return;
    const auto v = voxelUnder(s, pointLps, "island");
    if (!v) return;
    const LabelMap& m = s.doc->labels();
    const Label under = m.at(*v);
    const Label segment = m.segment(s.edit.segment) ? s.edit.segment : under;
    if (under == 0 || under != segment) {
        s.message = under == 0 ? "island: the click is on the background; click on a voxel of " +
                                     (segment ? segmentName(m, segment) : std::string("a segment")) +
                                     " (nothing changed)"
                               : "island: the click is on " + segmentName(m, under) + ", not on the selected " +
                                     segmentName(m, segment) + " (nothing changed; Ctrl+click selects it)";
        return;
    }
    s.edit.segment = segment;
    tools::IslandsParams p;
    p.operation = tools::IslandOperation::KeepAtPoint;
    p.segment = segment;
    p.pointLps = pointLps;
    runEditJob(s, "Keep island", [p](Document& doc, const ProgressFn& progress) {
        const tools::IslandsResult r = tools::islands(doc.editor(), p, progress);
        return "island: kept the clicked island, " + voxels(r.edit.changedVoxels) + " of other islands removed";
    });
}

void growClick(ViewerState& s, Vec3 pointLps) {
    if (!ready(s)) return;
    ClickToolsState& c = s.edit.click;
    const auto v = voxelUnder(s, pointLps, "grow");
    if (!v) return;
    if (c.growAutoRange) {  // cheap (a box's histogram): on the UI thread, so the panel shows it now
        try {
            c.growAutoLo = float(tools::localBoneThreshold(s.volume(), pointLps, c.growAutoBoxMm).threshold);
            c.growLo = c.growAutoLo;
        } catch (const std::exception& e) {
            s.message = std::string("grow: ") + e.what() + " (nothing changed)";
            return;
        }
    }
    if (!(c.growLo <= c.growHi)) {
        s.message = "grow: the HU range is empty (low > high)";
        return;
    }
    if (const double hu = s.volume().valueAt((*v)[0], (*v)[1], (*v)[2]); !(hu >= c.growLo && hu <= c.growHi)) {
        char text[160];
        std::snprintf(text, sizeof text, "grow: the clicked voxel (%.0f HU) is outside the range %.0f..%.0f (nothing changed)",
                      hu, c.growLo, c.growHi);
        s.message = text;
        return;
    }
    tools::GrowParams p;
    p.seedLps = pointLps;
    p.lo = c.growLo;
    p.hi = c.growHi;
    p.minDiameterMm = c.growMinDiameterMm;
    p.segment = fillTarget(s);
    if (!p.segment) return;
    runEditJob(s, "Grow", [p](Document& doc, const ProgressFn& progress) {
        ScopedStep step(doc.editor(), "Grow");
        ensureSegment(doc, p.segment);
        const EditResult r = tools::grow(doc.editor(), doc.image(), p, progress);
        step.commit();
        return "grow: " + voxels(r.changedVoxels) + " added";
    });
}

void clickAlongRay(ViewerState& s, const std::array<double, 16>& worldToClip, std::array<double, 2> ndc) {
    const Tool tool = s.edit.tool;
    if (tool != Tool::Island && tool != Tool::Grow) return;
    if (!ready(s)) return;
    // Unproject the click at the near (z = -1) and far (z = +1) planes, in double.
    glm::dmat4 m;
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 4; ++col) m[col][row] = worldToClip[size_t(row * 4 + col)];
    const glm::dmat4 inv = glm::inverse(m);
    auto unproject = [&](double z) {
        const glm::dvec4 p = inv * glm::dvec4(ndc[0], ndc[1], z, 1);
        return Vec3{p.x / p.w, p.y / p.w, p.z / p.w};
    };
    const Vec3 nearLps = unproject(-1), farLps = unproject(1);
    const char* what = tool == Tool::Island ? "island" : "grow";
    std::optional<tools::RayHit> hit;
    std::string target;
    if (tool == Tool::Island) {
        const LabelMap& labels = s.doc->labels();
        const Label selected = labels.segment(s.edit.segment) ? s.edit.segment : 0;
        hit = tools::firstLabelAlongRay(labels, nearLps, farLps - nearLps, selected);
        target = selected ? "no voxel of " + segmentName(labels, selected) : std::string("no visible segment");
    } else {
        const ClickToolsState& c = s.edit.click;
        hit = tools::firstValueInRangeAlongRay(s.volume(), nearLps, farLps - nearLps, c.growLo, c.growHi);
        char text[96];
        std::snprintf(text, sizeof text, "no voxel in %.0f..%.0f HU", c.growLo, c.growHi);
        target = text;
    }
    if (!hit) {
        s.message = std::string(what) + ": the click in the 3D view hits " + target + " (nothing changed)";
        return;
    }
    // The same action as a click in a slice view, on the centre of the voxel seen.
    if (tool == Tool::Island) islandClick(s, hit->centreLps);
    else growClick(s, hit->centreLps);
}

void finishContour(ViewerState& s, render::ViewAxis axis, const std::vector<Vec3>& pointsLps, bool erase) {
    if (!ready(s)) return;
    ClickToolsState& c = s.edit.click;
    tools::SliceContourParams p;
    p.axis = viewIndexAxis(s.doc->labels().geometry(), axis);
    const auto slice = outlineSlice(s, p.axis, pointsLps, "contour");
    if (!slice) return;
    p.slice = *slice;
    p.contourLps = pointsLps;
    p.erase = erase;
    if (erase && !s.doc->labels().segment(s.edit.segment)) {
        s.message = "contour: select the segment to erase from first";
        return;
    }
    p.segment = erase ? s.edit.segment : fillTarget(s);
    if (!p.segment) return;
    try {
        ScopedStep step(s.doc->editor(), erase ? "Erase contour" : "Contour");
        if (!erase) ensureSegment(*s.doc, p.segment);
        const EditResult r = tools::markSlice(s.doc->editor(), p, c.marks);
        step.commit();
        c.markAxis = p.axis;
        s.view3dDirty = true;
        s.message = "contour: slice " + std::to_string(p.slice) + " marked, " + voxels(r.changedVoxels) +
                    (erase ? " erased" : " filled");
    } catch (const std::exception& e) {
        s.message = e.what();
    }
}

void fillBetweenMarkedSlices(ViewerState& s) {
    if (!ready(s)) return;
    const ClickToolsState& c = s.edit.click;
    const Label segment = s.edit.segment;
    if (c.markAxis < 0 || !s.doc->labels().segment(segment) ||
        c.marks.slices(segment, c.markAxis, s.doc->history()).size() < 2) {
        s.message = "fill between slices: draw contours of the selected segment on at least two slices first";
        return;
    }
    tools::FillBetweenParams p;
    p.axis = c.markAxis;
    p.segment = segment;
    runEditJob(s, "Fill between slices", [p, marks = c.marks](Document& doc, const ProgressFn& progress) {
        const EditResult r = tools::fillBetweenSlices(doc.editor(), p, marks, progress);
        return "fill between slices: " + voxels(r.changedVoxels) + " filled";
    });
}

void pickSegment(ViewerState& s, Vec3 pointLps) {
    if (!ready(s)) return;
    const auto v = voxelUnder(s, pointLps, "pick");
    if (!v) return;
    const LabelMap& m = s.doc->labels();
    const Label under = m.at(*v);
    if (!under) {
        s.message = "no segment under the cursor (the selection is unchanged)";
        return;
    }
    s.edit.segment = under;
    s.message = "selected " + segmentName(m, under);
}

}  // namespace marrow::ui
