#include "src/render/transfer_function.h"

#include <algorithm>

namespace marrow::render {
namespace {

template <class P> std::vector<P> shifted(std::vector<P> points, double shift) {
    for (size_t n = 1; n + 1 < points.size(); ++n) points[n].hu += shift;
    return points;
}

// Index of the segment [n, n+1] holding hu, or -1 / size-1 beyond the ends.
template <class P> int segmentOf(const std::vector<P>& p, double hu) {
    if (hu <= p.front().hu) return -1;
    for (size_t n = 0; n + 1 < p.size(); ++n)
        if (hu < p[n + 1].hu) return int(n);
    return int(p.size()) - 1;
}

}  // namespace

double evaluateOpacity(const std::vector<OpacityPoint>& p, double hu) {
    if (p.empty()) return 0;
    const int s = segmentOf(p, hu);
    if (s < 0) return p.front().alpha;
    if (s >= int(p.size()) - 1) return p.back().alpha;
    const double span = p[s + 1].hu - p[s].hu;
    const double t = span > 0 ? (hu - p[s].hu) / span : 1.0;
    return p[s].alpha + t * (p[s + 1].alpha - p[s].alpha);
}

std::array<double, 3> evaluateColor(const std::vector<ColorPoint>& p, double hu) {
    if (p.empty()) return {1, 1, 1};
    const int s = segmentOf(p, hu);
    if (s < 0) return {p.front().r, p.front().g, p.front().b};
    if (s >= int(p.size()) - 1) return {p.back().r, p.back().g, p.back().b};
    const double span = p[s + 1].hu - p[s].hu;
    const double t = span > 0 ? (hu - p[s].hu) / span : 1.0;
    return {p[s].r + t * (p[s + 1].r - p[s].r), p[s].g + t * (p[s + 1].g - p[s].g),
            p[s].b + t * (p[s + 1].b - p[s].b)};
}

TransferTable buildTransferTable(const std::vector<OpacityPoint>& opacity, const std::vector<ColorPoint>& color,
                                 double shiftHu) {
    const auto o = shifted(opacity, shiftHu);
    const auto c = shifted(color, shiftHu);
    TransferTable t;
    t.rgba.resize(TransferTable::kSize);
    for (int n = 0; n < TransferTable::kSize; ++n) {
        const double hu = TransferTable::kLowHu + n;
        const auto rgb = evaluateColor(c, hu);
        t.rgba[n] = {float(rgb[0]), float(rgb[1]), float(rgb[2]), float(std::clamp(evaluateOpacity(o, hu), 0.0, 1.0))};
    }
    return t;
}

std::vector<bool> TransferTable::visible() const {
    std::vector<bool> v(rgba.size(), false);
    for (size_t n = 0; n < rgba.size(); ++n)
        if (rgba[n][3] > 0) {
            v[n] = true;
            if (n > 0) v[n - 1] = true;
            if (n + 1 < rgba.size()) v[n + 1] = true;
        }
    return v;
}

TransferTexture::~TransferTexture() {
    if (texture_) glDeleteTextures(1, &texture_);
}

void TransferTexture::upload(const TransferTable& table) {
    if (!texture_) glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA16F, TransferTable::kSize, 1, 0, GL_RGBA, GL_FLOAT, table.rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    MARROW_GL_CHECK("upload transfer function");
}

}  // namespace marrow::render
