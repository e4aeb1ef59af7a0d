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

namespace {
// target index -> source continuous index is affine: s = b + sum_a col[a] * t[a].
struct IndexMap {
    Vec3 b, col[3];
    IndexMap(const ImageGeometry& src, const ImageGeometry& target) {
        b = src.patientToIndex(target.indexToPatient({0, 0, 0}));
        for (int a = 0; a < 3; ++a) {
            Vec3 unit{};
            unit[a] = 1;
            col[a] = src.patientToIndex(target.indexToPatient(unit)) - b;
        }
    }
};
}  // namespace

bool sameVoxelCentres(const ImageGeometry& a, const ImageGeometry& b, double tolMm) {
    if (a.voxelCount() != b.voxelCount()) return false;
    const IndexMap m(a, b);
    // Each axis of b must step exactly one voxel along a distinct axis of a...
    bool used[3] = {false, false, false};
    for (int c = 0; c < 3; ++c) {
        int hit = -1;
        for (int r = 0; r < 3; ++r) {
            const double v = std::abs(m.col[c][r]);
            const double tol = tolMm / a.spacing()[r];
            if (std::abs(v - 1) <= tol && hit < 0) hit = r;
            else if (v > tol) return false;
        }
        if (hit < 0 || used[hit] || a.dim(hit) != b.dim(c)) return false;
        used[hit] = true;
    }
    // ...and b's corners must land on a's corners (whole voxels inside a).
    for (int corner = 0; corner < 8; ++corner) {
        Vec3 s = m.b;
        for (int c = 0; c < 3; ++c)
            if (corner & (1 << c)) s = s + m.col[c] * double(b.dim(c) - 1);
        for (int r = 0; r < 3; ++r) {
            const double rounded = std::round(s[r]);
            if (std::abs(s[r] - rounded) * a.spacing()[r] > tolMm || rounded < 0 || rounded > a.dim(r) - 1) return false;
        }
    }
    return true;
}

Volume placeOnGrid(Volume labels, const ImageGeometry& target, bool resample, const std::string& labelsName,
                   std::vector<std::string>* notes) {
    auto note = [&](const std::string& s) {
        if (notes) notes->push_back(s);
    };
    if (labels.geometry().sameGrid(target, 1e-3)) {
        // Equal within tolerance: adopt the target's exact numbers so later checks agree.
        labels.setGeometry(target);
        return labels;
    }
    if (sameVoxelCentres(target, labels.geometry())) {
        note("voxel axes reordered onto the image grid (same voxel centres, other axis order or direction; no interpolation)");
        return resampleNearest(labels, target);
    }
    if (!resample) checkSameGrid(target, labels.geometry(), labelsName);
    note("resampled (nearest neighbour) from " + labels.geometry().describe() + " onto " + target.describe());
    return resampleNearest(labels, target);
}

Volume resampleNearest(const Volume& source, const ImageGeometry& target) {
    Volume out(target, source.type(), true);
    out.meta = source.meta;
    const ImageGeometry& src = source.geometry();
    const IndexMap map(src, target);
    const Vec3 b = map.b;
    const Vec3* col = map.col;
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
