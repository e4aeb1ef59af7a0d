#pragma once
// Where an MPR view looks, in patient space. Pure math (no GL): the UI, the renderer and
// the tests share it, so "what pixel shows which mm" has one definition.
//
// Views are in patient orientation, radiological convention: axial is seen from the feet
// (patient's left on the screen's right, anterior up), coronal from the front (left on the
// right, superior up), sagittal from the patient's left (anterior on the left, superior up).
// Plane coordinates (a, b) in mm: a = dot(p, right), b = dot(p, down); the slice passes
// through the crosshair along normal. A view maps plane mm to pixels by a centre and a
// uniform zoom, so anisotropic voxels keep their true aspect.
#include <array>
#include <string>

#include "io/geometry.h"

namespace marrow::render {

enum class ViewAxis { Axial = 0, Coronal = 1, Sagittal = 2 };
const char* viewName(ViewAxis axis);  // "axial", ...

struct SliceFrame {
    Vec3 right, down, normal;  // unit LPS directions
};
SliceFrame sliceFrame(ViewAxis axis);

// The patient-direction letter (L R A P S I) closest to a direction.
char directionLetter(Vec3 d);
// Edge labels: left, right, top, bottom.
std::array<char, 4> edgeLabels(ViewAxis axis);

struct SliceViewport {
    double centerA = 0, centerB = 0;  // plane mm at the view's centre
    double pixelsPerMm = 1;
    int width = 1, height = 1;        // pixels
};

// Pixel (x right, y down from the view's top-left; pixel centres at +0.5) -> LPS mm on the
// slice through crosshair.
Vec3 screenToPatient(ViewAxis axis, const SliceViewport& vp, Vec3 crosshair, double x, double y);
// LPS mm -> pixel (projected onto the view plane).
std::array<double, 2> patientToScreen(ViewAxis axis, const SliceViewport& vp, Vec3 p);
// Centre on the volume's bounds and zoom so that they fit with a small margin.
SliceViewport fitViewport(ViewAxis axis, const ImageGeometry& g, int width, int height);
// Zoom by factor keeping the plane point under pixel (x, y) fixed.
void zoomAbout(SliceViewport& vp, double factor, double x, double y);
// One slice step along the view normal: the spacing of the voxel axis most aligned with it.
double sliceStepMm(ViewAxis axis, const ImageGeometry& g);

}  // namespace marrow::render
