#include "src/render/slice_geometry.h"

#include <algorithm>
#include <cmath>

namespace marrow::render {

const char* viewName(ViewAxis axis) {
    switch (axis) {
        case ViewAxis::Axial: return "axial";
        case ViewAxis::Coronal: return "coronal";
        default: return "sagittal";
    }
}

SliceFrame sliceFrame(ViewAxis axis) {
    switch (axis) {
        case ViewAxis::Axial: return {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};     // right = L, down = P
        case ViewAxis::Coronal: return {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}};  // right = L, down = I
        default: return {{0, 1, 0}, {0, 0, -1}, {1, 0, 0}};                // right = P, down = I
    }
}

char directionLetter(Vec3 d) {
    const double ax = std::abs(d.x), ay = std::abs(d.y), az = std::abs(d.z);
    if (ax >= ay && ax >= az) return d.x > 0 ? 'L' : 'R';
    if (ay >= az) return d.y > 0 ? 'P' : 'A';
    return d.z > 0 ? 'S' : 'I';
}

std::array<char, 4> edgeLabels(ViewAxis axis) {
    const SliceFrame f = sliceFrame(axis);
    return {directionLetter(f.right * -1.0), directionLetter(f.right), directionLetter(f.down * -1.0),
            directionLetter(f.down)};
}

Vec3 screenToPatient(ViewAxis axis, const SliceViewport& vp, Vec3 crosshair, double x, double y) {
    const SliceFrame f = sliceFrame(axis);
    const double a = vp.centerA + (x - 0.5 * vp.width) / vp.pixelsPerMm;
    const double b = vp.centerB + (y - 0.5 * vp.height) / vp.pixelsPerMm;
    return f.right * a + f.down * b + f.normal * dot(crosshair, f.normal);
}

std::array<double, 2> patientToScreen(ViewAxis axis, const SliceViewport& vp, Vec3 p) {
    const SliceFrame f = sliceFrame(axis);
    return {0.5 * vp.width + (dot(p, f.right) - vp.centerA) * vp.pixelsPerMm,
            0.5 * vp.height + (dot(p, f.down) - vp.centerB) * vp.pixelsPerMm};
}

SliceViewport fitViewport(ViewAxis axis, const ImageGeometry& g, int width, int height) {
    const SliceFrame f = sliceFrame(axis);
    // Project the 8 corners of the voxel-boundary box onto the plane axes.
    double aLo = 1e300, aHi = -1e300, bLo = 1e300, bHi = -1e300;
    for (int c = 0; c < 8; ++c) {
        const Vec3 ijk{(c & 1) ? g.dim(0) - 0.5 : -0.5, (c & 2) ? g.dim(1) - 0.5 : -0.5, (c & 4) ? g.dim(2) - 0.5 : -0.5};
        const Vec3 p = g.indexToPatient(ijk);
        aLo = std::min(aLo, dot(p, f.right));
        aHi = std::max(aHi, dot(p, f.right));
        bLo = std::min(bLo, dot(p, f.down));
        bHi = std::max(bHi, dot(p, f.down));
    }
    SliceViewport vp;
    vp.width = std::max(1, width);
    vp.height = std::max(1, height);
    vp.centerA = 0.5 * (aLo + aHi);
    vp.centerB = 0.5 * (bLo + bHi);
    const double margin = 0.96;
    vp.pixelsPerMm = margin * std::min(vp.width / std::max(aHi - aLo, 1e-6), vp.height / std::max(bHi - bLo, 1e-6));
    return vp;
}

void zoomAbout(SliceViewport& vp, double factor, double x, double y) {
    const double a = vp.centerA + (x - 0.5 * vp.width) / vp.pixelsPerMm;
    const double b = vp.centerB + (y - 0.5 * vp.height) / vp.pixelsPerMm;
    vp.pixelsPerMm = std::clamp(vp.pixelsPerMm * factor, 1e-3, 1e4);
    vp.centerA = a - (x - 0.5 * vp.width) / vp.pixelsPerMm;
    vp.centerB = b - (y - 0.5 * vp.height) / vp.pixelsPerMm;
}

double sliceStepMm(ViewAxis axis, const ImageGeometry& g) {
    const Vec3 n = sliceFrame(axis).normal;
    int best = 0;
    double bestDot = -1;
    for (int c = 0; c < 3; ++c) {
        const double d = std::abs(dot(g.direction().column(c), n));
        if (d > bestDot) {
            bestDot = d;
            best = c;
        }
    }
    return g.spacing()[best];
}

}  // namespace marrow::render
