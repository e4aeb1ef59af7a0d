#include "seg/distance_transform.h"

#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>

namespace marrow::edt {

namespace {
// One line: f (n samples, stride apart in values) is replaced by
// d(p) = min_q ((p - q) * s)^2 + f(q). Scratch buffers are per call (per line).
struct Line {
    std::vector<float> f;    // input copy
    std::vector<int> v;      // positions of parabolas in the lower envelope
    std::vector<double> z;   // boundaries between them (in units of positions)

    void run(float* data, size_t stride, int n, double s) {
        f.resize(n);
        v.resize(n);
        z.resize(n + 1);
        for (int q = 0; q < n; ++q) f[q] = data[size_t(q) * stride];
        const double s2 = s * s;
        int k = -1;
        for (int q = 0; q < n; ++q) {
            if (f[q] == kInfinity) continue;  // no parabola: infinitely high
            // Intersection of the parabolas rooted at q and v[k], in index units:
            // (f(q) + s2 q^2 - f(r) - s2 r^2) / (2 s2 (q - r)).
            while (k >= 0) {
                const int r = v[k];
                const double x = (double(f[q]) + s2 * q * q - double(f[r]) - s2 * double(r) * r) / (2 * s2 * (q - r));
                if (x <= z[k]) --k;
                else {
                    ++k;
                    v[k] = q;
                    z[k] = x;
                    z[k + 1] = 1e300;
                    break;
                }
            }
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = -1e300;
                z[1] = 1e300;
            }
        }
        if (k < 0) return;  // no feature on the line: stays infinite
        int j = 0;
        for (int p = 0; p < n; ++p) {
            while (z[j + 1] < p) ++j;
            const double d = double(p - v[j]) * s;
            data[size_t(p) * stride] = float(d * d + f[v[j]]);
        }
    }
};

// Runs Line::run over every line along axis.
void pass(std::vector<float>& values, std::array<int, 3> dims, int axis, double s) {
    const int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;  // the two other axes
    const size_t stride[3] = {1, size_t(dims[0]), size_t(dims[0]) * dims[1]};
    tbb::parallel_for(tbb::blocked_range2d<int>(0, dims[b], 0, dims[a]), [&](const tbb::blocked_range2d<int>& r) {
        Line line;
        for (int y = r.rows().begin(); y != r.rows().end(); ++y)
            for (int x = r.cols().begin(); x != r.cols().end(); ++x)
                line.run(values.data() + x * stride[a] + y * stride[b], stride[axis], dims[axis], s);
    });
}
}  // namespace

void squaredDistanceTransform(std::vector<float>& values, std::array<int, 3> dims, Vec3 spacingMm) {
    for (int axis = 0; axis < 3; ++axis) pass(values, dims, axis, spacingMm[axis]);
}

}  // namespace marrow::edt
