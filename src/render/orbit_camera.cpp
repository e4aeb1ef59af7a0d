#include "src/render/orbit_camera.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace marrow::render {

void OrbitCamera::fit(const ImageGeometry& g) {
    Vec3 lo, hi;
    g.patientBounds(lo, hi);
    const Vec3 c = (lo + hi) * 0.5;
    target = {float(c.x), float(c.y), float(c.z)};
    // Fit the box's largest cross-section seen from the front (x by z), with a margin; a
    // bounding sphere would leave the patient small in the frame.
    const double half = 0.5 * std::max(hi.x - lo.x, hi.z - lo.z);
    const double depth = 0.5 * (hi.y - lo.y);
    distance = float(depth + half / std::tan(glm::radians(fovDeg * 0.5)) * 1.05);
    azimuthDeg = 0;
    elevationDeg = 0;
}

glm::vec3 OrbitCamera::eye() const {
    const float az = glm::radians(azimuthDeg), el = glm::radians(elevationDeg);
    const glm::vec3 offset{std::sin(az) * std::cos(el), -std::cos(az) * std::cos(el), std::sin(el)};
    return target + distance * offset;
}

glm::mat4 OrbitCamera::view() const { return glm::lookAt(eye(), target, glm::vec3(0, 0, 1)); }

glm::mat4 OrbitCamera::projection(float aspect) const {
    const float nearPlane = std::max(1.0f, distance * 0.01f);
    return glm::perspective(glm::radians(fovDeg), std::max(aspect, 1e-3f), nearPlane, distance * 4.0f);
}

void OrbitCamera::orbit(float dxDeg, float dyDeg) {
    azimuthDeg = std::fmod(azimuthDeg + dxDeg, 360.0f);
    elevationDeg = std::clamp(elevationDeg + dyDeg, -89.0f, 89.0f);
}

void OrbitCamera::zoom(float factor) { distance = std::clamp(distance / factor, 1.0f, 1e5f); }

void OrbitCamera::pan(float dxPixels, float dyPixels, int viewHeight) {
    const glm::mat4 v = view();
    const glm::vec3 right{v[0][0], v[1][0], v[2][0]}, up{v[0][1], v[1][1], v[2][1]};
    const float mmPerPixel = 2.0f * distance * std::tan(glm::radians(fovDeg * 0.5f)) / float(std::max(viewHeight, 1));
    target += (-dxPixels * right + dyPixels * up) * mmPerPixel;
}

}  // namespace marrow::render
