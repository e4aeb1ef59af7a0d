// Scissors build a per-voxel "inside" test as a Modifier and hand it to the editor with the
// mode's inversion. The slice case rasterises the polygon once on the slice (scanline,
// O(rows * edges)); the 3D case multiplies each voxel centre by the combined
// index->clip matrix (12 multiply-adds) and looks the NDC point up in a raster of the
// polygon: O(voxels), TBB-parallel over tiles through the editor.
#include "seg/tools/scissors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "seg/tools/tool_common.h"

namespace marrow::tools {

namespace {

void requirePolygon(size_t n, const char* what) {
    if (n < 3) throw Error("", std::string(what) + ": the polygon needs at least 3 points");
}

EditResult applyInside(LabelMapEditor& editor, const Modifier& inside, const Modifier& outside, ScissorsMode mode,
                       Label segment, const EditOptions& options) {
    switch (mode) {
        case ScissorsMode::FillInside: return editor.apply(inside, EditMode::Set, segment, options, "Scissors fill");
        case ScissorsMode::EraseInside: return editor.apply(inside, EditMode::Erase, segment, options, "Scissors erase inside");
        case ScissorsMode::EraseOutside:
        default: return editor.apply(outside, EditMode::Erase, segment, options, "Scissors erase outside");
    }
}

}  // namespace

std::vector<uint8_t> slicePolygonMask(const ImageGeometry& g, int axis, const std::vector<Vec3>& polygonLps) {
    const auto [u, v] = inPlaneAxes(axis);
    std::vector<std::array<double, 2>> poly;
    for (const Vec3& p : polygonLps) {
        const Vec3 c = g.patientToIndex(p);
        poly.push_back({c[u], c[v]});
    }
    return fillPolygon(poly, g.dim(u), g.dim(v));
}

EditResult scissorsSlice(LabelMapEditor& editor, const ScissorsSliceParams& p) {
    requirePolygon(p.polygonLps.size(), "scissors");
    const ImageGeometry& g = editor.map().geometry();
    requireSlice(g, p.axis, p.slice, "scissors");
    const auto [u, v] = inPlaneAxes(p.axis);
    auto plane = std::make_shared<std::vector<uint8_t>>(slicePolygonMask(g, p.axis, p.polygonLps));
    VoxelBox box = VoxelBox::of(g);
    if (!p.throughVolume) {
        box.lo[p.axis] = p.slice;
        box.hi[p.axis] = p.slice + 1;
    }
    const int64_t nu = g.dim(u);
    auto modifier = [&, plane, nu, u, v](bool invert) {
        return Modifier{box, [plane, nu, u, v, invert](const VoxelBox& sub, uint8_t* out) {
                            for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                                for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j)
                                    for (int64_t i = sub.lo[0]; i < sub.hi[0]; ++i) {
                                        const Index3 x{i, j, k};
                                        *out++ = uint8_t((*plane)[size_t(x[u]) + size_t(nu) * size_t(x[v])] ^ invert);
                                    }
                        }};
    };
    return applyInside(editor, modifier(false), modifier(true), p.mode, p.segment, p.options);
}

EditResult scissorsView(LabelMapEditor& editor, const ScissorsViewParams& p) {
    requirePolygon(p.polygonNdc.size(), "scissors");
    const ImageGeometry& g = editor.map().geometry();
    // Combined index -> clip matrix: worldToClip * indexToPatient.
    const std::array<double, 16> i2p = g.indexToPatientMatrix();
    std::array<double, 16> m{};
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            for (int n = 0; n < 4; ++n) m[r * 4 + c] += p.worldToClip[r * 4 + n] * i2p[n * 4 + c];
    // Raster of the polygon over its NDC bounding box.
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (const auto& q : p.polygonNdc) {
        x0 = std::min(x0, q[0]); x1 = std::max(x1, q[0]);
        y0 = std::min(y0, q[1]); y1 = std::max(y1, q[1]);
    }
    constexpr int R = 4096;
    const double dx = std::max(x1 - x0, 1e-12) / R, dy = std::max(y1 - y0, 1e-12) / R;
    auto raster = std::make_shared<std::vector<uint8_t>>(fillPolygon(p.polygonNdc, R, R, x0 + dx / 2, y0 + dy / 2, dx, dy));
    auto modifier = [&, raster, m](bool invert) {
        return Modifier{VoxelBox::of(g), [raster, m, x0, y0, dx, dy, invert](const VoxelBox& sub, uint8_t* out) {
                            for (int64_t k = sub.lo[2]; k < sub.hi[2]; ++k)
                                for (int64_t j = sub.lo[1]; j < sub.hi[1]; ++j)
                                    for (int64_t i = sub.lo[0]; i < sub.hi[0]; ++i) {
                                        const double c[4] = {double(i), double(j), double(k), 1.0};
                                        double clip[4];
                                        for (int r = 0; r < 4; ++r)
                                            clip[r] = m[r * 4] * c[0] + m[r * 4 + 1] * c[1] + m[r * 4 + 2] * c[2] + m[r * 4 + 3];
                                        bool inside = false;
                                        if (clip[3] > 0) {
                                            const double px = (clip[0] / clip[3] - x0) / dx;
                                            const double py = (clip[1] / clip[3] - y0) / dy;
                                            if (px >= 0 && py >= 0 && px < R && py < R)
                                                inside = (*raster)[size_t(py) * R + size_t(px)];
                                        }
                                        *out++ = uint8_t(inside ^ invert);
                                    }
                        }};
    };
    return applyInside(editor, modifier(false), modifier(true), p.mode, p.segment, p.options);
}

}  // namespace marrow::tools
