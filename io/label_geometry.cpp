#include "io/label_geometry.h"

#include <tbb/blocked_range2d.h>
#include <tbb/parallel_for.h>

#include <cmath>

#include "io/error.h"

namespace marrow {

void checkSameGrid(const ImageGeometry& image, const ImageGeometry& labels, const std::string& labelsName, double tol,
                   const std::string& imageName) {
    if (image.sameGrid(labels, tol)) return;
    throw Error(labelsName, "label map grid (" + labels.describe() + ") differs from the grid of the " + imageName + " (" +
                                image.describe() + "); resample it (nearest neighbour) or use the matching " + imageName);
}

Volume resampleNearest(const Volume& source, const ImageGeometry& target) {
    Volume out(target, source.type(), true);
    out.meta = source.meta;
    const ImageGeometry& src = source.geometry();
    // target index -> source continuous index is affine: s = A t + b. Precompute A and b.
    const Vec3 b = src.patientToIndex(target.indexToPatient({0, 0, 0}));
    Vec3 col[3];
    for (int a = 0; a < 3; ++a) {
        Vec3 unit{};
        unit[a] = 1;
        col[a] = src.patientToIndex(target.indexToPatient(unit)) - b;
    }
    const auto& d = target.dims();
    source.visit([&](const auto* in) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(in)>>;
        T* dst = out.data<T>();
        tbb::parallel_for(tbb::blocked_range2d<int>(0, d[2], 0, d[1]), [&](const tbb::blocked_range2d<int>& r) {
            for (int k = r.rows().begin(); k != r.rows().end(); ++k)
                for (int j = r.cols().begin(); j != r.cols().end(); ++j) {
                    const Vec3 rowStart = b + col[1] * double(j) + col[2] * double(k);
                    T* row = dst + target.linearIndex(0, j, k);
                    for (int i = 0; i < d[0]; ++i) {
                        const Vec3 s = rowStart + col[0] * double(i);
                        // Round half up, with a tiny tolerance so grids that
                        // coincide up to floating-point noise map exactly.
                        const int64_t si = int64_t(std::floor(s.x + 0.5 + 1e-6));
                        const int64_t sj = int64_t(std::floor(s.y + 0.5 + 1e-6));
                        const int64_t sk = int64_t(std::floor(s.z + 0.5 + 1e-6));
                        if (src.contains(si, sj, sk)) row[i] = in[src.linearIndex(si, sj, sk)];
                    }
                }
        });
    });
    return out;
}

}  // namespace marrow
