#pragma once
// The tools driven by a click or a drawn outline in the views: scissors (lasso/rectangle,
// MPR and 3D), island click, grow from a click, slice-by-slice contour marking, and
// Ctrl+click segment picking. Each action is a plain function of the state and the points
// in LPS mm (or NDC in the 3D view), so the mouse code in ui/tool_input.cpp and the tests
// run the very same seg/tools/* commands; each action is one undo step. Long ones (through
// the volume, 3D, islands, grow, fill between) run on the background job (runEditJob):
// headless callers s.job.wait() after them.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "seg/tools/scissors.h"
#include "seg/tools/slice_marking.h"
#include "src/render/slice_geometry.h"

namespace marrow::ui {

struct ViewerState;
struct Rect;

// Settings of these tools and the outline being drawn; one member of EditState.
struct ClickToolsState {
    tools::ScissorsMode scissorsMode = tools::ScissorsMode::EraseInside;
    bool scissorsRectangle = false;      // a rectangle (press corner -> release corner), else freehand
    bool scissorsThroughVolume = false;  // MPR: extrude along the view axis, else this slice only
    // Scissors cut in the 3D view only once turned on there ("Cut in 3D" in the view): a
    // drag meant to orbit must not cut (ui/view_mode.h).
    bool cutIn3d = false;
    float growLo = 150, growHi = 3071;   // HU range of the grow tool
    float growMinDiameterMm = 0;         // opening before the connectivity test (0: off)
    bool growAutoRange = false;          // low end from the histogram around the click (tools/auto_threshold.h)
    float growAutoBoxMm = 40;            // ... of a box this wide
    float growAutoLo = -1;               // the low end the last auto click chose (-1: none yet)
    bool contourErase = false;           // slice marking erases inside (Shift does too)
    // Slices marked per segment and axis; belongs to the loaded document (setDocument resets it).
    tools::SliceMarks marks;
    int markAxis = -1;  // index axis of the view last drawn in (fill between slices), -1: none
    // The label map was replaced (labels loaded): its marks are meaningless now.
    void forgetMarks() {
        marks.clear();
        markAxis = -1;
    }

    // The outline in progress: view 0..2 (MPR axis) or 3 (3D), -1 none. MPR points are LPS
    // mm on the view plane; 3D points are NDC (z unused).
    int outlineView = -1;
    std::vector<Vec3> outline;  // rectangle mode: the press and the current corner
    bool outlineErase = false;  // Shift was down at the press (slice marking erases)
    // 3D view, island/grow: the pixel where the left button went down; cleared once the
    // mouse moves further than a click's slop (the press became an orbit drag).
    std::optional<std::array<float, 2>> press3d;
};

// Index axis of the voxel grid closest to an MPR view's normal (the slice a 2D edit uses).
int viewIndexAxis(const ImageGeometry& g, render::ViewAxis axis);

// ---- actions (one undo step each; the outcome, or why nothing changed, goes to s.message) ----
// A closed outline drawn in an MPR view (LPS mm, on the slice through its first point):
// scissors with the state's mode, this slice or through the volume, on s.edit.segment
// (0: every unlocked segment; fill needs a segment and makes one when there is none).
void finishLasso(ViewerState& s, render::ViewAxis axis, const std::vector<Vec3>& pointsLps);
// A lasso in the 3D view: polygon in NDC, worldToClip row-major (LPS mm -> clip).
void finishLasso3d(ViewerState& s, const std::array<double, 16>& worldToClip,
                   const std::vector<std::array<double, 2>>& polygonNdc);
// Keeps the island of the selected segment (or, with none selected, of the segment under
// the click) that contains the clicked point; background: a message, no change.
void islandClick(ViewerState& s, Vec3 pointLps);
// The connected region within [growLo, growHi] HU around the click joins the selected
// segment (a new one when none is selected). With growAutoRange the low end is chosen from
// the histogram of a growAutoBoxMm box around the click (shown in the panel: growAutoLo).
void growClick(ViewerState& s, Vec3 pointLps);
// A click in the 3D view at ndc (x right, y up, [-1, 1]), worldToClip row-major (LPS mm ->
// clip, as view3dWorldToClip): the ray through the click (unprojected from the near to the
// far plane) picks, with the island tool, the first voxel of the selected segment (of any
// visible segment when none is selected) and runs islandClick there; with the grow tool,
// the first voxel whose HU is in the grow range, and runs growClick there. A ray that hits
// nothing: a message, no change.
void clickAlongRay(ViewerState& s, const std::array<double, 16>& worldToClip, std::array<double, 2> ndc);
// A closed contour on an MPR slice: fills (or erases) it into the selected segment and marks
// the slice (tools::markSlice).
void finishContour(ViewerState& s, render::ViewAxis axis, const std::vector<Vec3>& pointsLps, bool erase);
// Interpolates the marked slices of the selected segment on the axis last drawn in.
void fillBetweenMarkedSlices(ViewerState& s);
// Ctrl+click: the segment under the point becomes the selected one (background: a
// message, the selection stays).
void pickSegment(ViewerState& s, Vec3 pointLps);

// ---- mouse input (ui/tool_input.cpp), called by the views ----
// Returns true when these tools own the left button this frame (the view must not move the
// crosshair / orbit). Draws the outline in progress and the tool's cursor hint.
bool clickToolsMpr(ViewerState& s, render::ViewAxis axis, const Rect& r, const render::SliceViewport& vp,
                   bool hovered, bool active);
bool clickTools3d(ViewerState& s, const Rect& r, bool hovered, bool active);
// The 3D view's world (LPS mm) -> clip transform as the ray caster draws it in rect r
// (camera.projection(r.w / r.h) * camera.view()), row-major.
std::array<double, 16> view3dWorldToClip(const ViewerState& s, const Rect& r);
// --test-mode: "OUTLINE view points x y" (the outline being drawn, its last point in window
// pixels) or "OUTLINE none", so a real-input test can wait until the app has seen each
// vertex it moved the mouse to before moving on.
std::string outlineStateLine(const ViewerState& s);

}  // namespace marrow::ui
