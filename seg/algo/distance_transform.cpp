// Exact squared Euclidean distance transform by lower envelopes of parabolas.
//
// Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions", Theory of
// Computing 8, 2012: one 1D pass along v, then one along u, each O(n) per line; the
// spacing enters as the parabola weight, so distances are exact in mm for anisotropic
// pixels. Two transforms (to the set and to the unset pixels) give the signed distance.
#include "seg/algo/distance_transform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace marrow::detail {
namespace {

constexpr double kNone = 1e30;  // squared distance where no source pixel exists

// d[q] = min_p w*(q-p)^2 + f[p] over a line of n samples (f may hold kNone).
void envelope1D(const double* f, int n, double w, double* d, int* v, double* z) {
    int k = 0;
    v[0] = 0;
    z[0] = -std::numeric_limits<double>::infinity();
    z[1] = std::numeric_limits<double>::infinity();
    auto meet = [&](int q, int p) { return ((f[q] + w * q * q) - (f[p] + w * double(p) * p)) / (2 * w * (q - p)); };
    for (int q = 1; q < n; ++q) {
        double s = meet(q, v[k]);
        while (s <= z[k]) {  // z[0] = -inf stops this at k = 0
            --k;
            s = meet(q, v[k]);
        }
        ++k;
        v[k] = q;
        z[k] = s;
        z[k + 1] = std::numeric_limits<double>::infinity();
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[k + 1] < q) ++k;
        const double dq = q - v[k];
        d[q] = w * dq * dq + f[v[k]];
    }
}

// Squared distance in mm^2 from each pixel to the nearest pixel equal to `target`.
std::vector<double> squaredDistanceTo(const uint8_t* image, int nu, int nv, double su, double sv, uint8_t target) {
    const size_t n = size_t(nu) * size_t(nv);
    std::vector<double> g(n);
    const int longest = std::max(nu, nv);
    std::vector<double> f(static_cast<size_t>(longest)), d(static_cast<size_t>(longest)), z(static_cast<size_t>(longest) + 1);
    std::vector<int> v(static_cast<size_t>(longest));
    for (int u = 0; u < nu; ++u) {  // along v
        for (int y = 0; y < nv; ++y) f[size_t(y)] = image[size_t(y) * nu + u] == target ? 0 : kNone;
        envelope1D(f.data(), nv, sv * sv, d.data(), v.data(), z.data());
        for (int y = 0; y < nv; ++y) g[size_t(y) * nu + u] = d[size_t(y)];
    }
    for (int y = 0; y < nv; ++y) {  // along u
        double* line = g.data() + size_t(y) * nu;
        std::copy(line, line + nu, f.begin());
        envelope1D(f.data(), nu, su * su, line, v.data(), z.data());
    }
    return g;
}

}  // namespace

std::vector<float> signedDistance2D(const uint8_t* image, int nu, int nv, double su, double sv, double far) {
    const size_t n = size_t(nu) * size_t(nv);
    std::vector<float> sd(n);
    const size_t set = size_t(std::count_if(image, image + n, [](uint8_t b) { return b != 0; }));
    if (set == 0 || set == n) {
        std::fill(sd.begin(), sd.end(), float(set == 0 ? far : -far));
        return sd;
    }
    const std::vector<double> toSet = squaredDistanceTo(image, nu, nv, su, sv, 1);
    const std::vector<double> toUnset = squaredDistanceTo(image, nu, nv, su, sv, 0);
    for (size_t p = 0; p < n; ++p) sd[p] = float(image[p] ? -std::sqrt(toUnset[p]) : std::sqrt(toSet[p]));
    return sd;
}

}  // namespace marrow::detail
