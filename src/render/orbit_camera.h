#pragma once
// The 3D view's camera: orbits a target in LPS mm. Azimuth 0, elevation 0 looks at the
// patient from the front (anterior), superior up, so the patient's left is on the
// screen's right, as when facing a person.
#include <glm/glm.hpp>

#include "io/geometry.h"

namespace marrow::render {

struct OrbitCamera {
    glm::vec3 target{0.0f};
    float distance = 500;     // mm from target
    float azimuthDeg = 0;     // about the S axis
    float elevationDeg = 0;   // towards S, clamped to +-89
    float fovDeg = 30;

    void fit(const ImageGeometry& g);  // target = centre, distance to see the whole box
    glm::vec3 eye() const;
    glm::mat4 view() const;
    glm::mat4 projection(float aspect) const;
    // projection(aspect) * view(): LPS mm -> clip space of a view width/height = aspect.
    glm::mat4 viewProjection(float aspect) const { return projection(aspect) * view(); }
    void orbit(float dxDeg, float dyDeg);
    void zoom(float factor);  // > 1 moves closer
    // Moves the target by a drag of (dx, dy) pixels in a view of the given height.
    void pan(float dxPixels, float dyPixels, int viewHeight);
};

}  // namespace marrow::render
