// Per-thread accumulators indexed by label value (kMaxLabel + 1 entries), combined at the
// end; unallocated tiles are skipped (they hold only background). Sums are doubles: exact
// for integer voxels (CT) below 2^53, so results do not depend on the thread count.
#include "seg/tools/statistics.h"

#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace marrow::tools {

namespace {

struct Acc {
    size_t n = 0;
    double sum = 0, min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
    Index3 lo{INT64_MAX, INT64_MAX, INT64_MAX}, hi{INT64_MIN, INT64_MIN, INT64_MIN};
    void merge(const Acc& o) {
        n += o.n;
        sum += o.sum;
        min = std::min(min, o.min);
        max = std::max(max, o.max);
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], o.lo[a]);
            hi[a] = std::max(hi[a], o.hi[a]);
        }
    }
};

}  // namespace

std::vector<SegmentStats> segmentStatistics(const LabelMap& lm, const Volume* intensity) {
    const ImageGeometry& g = lm.geometry();
    if (intensity && intensity->geometry().dims() != g.dims())
        throw Error("", "statistics: the volume is not on the label map's grid");
    using Table = std::vector<Acc>;
    tbb::combinable<Table> local([] { return Table(size_t(kMaxLabel) + 1); });
    auto pass = [&](const auto* vox) {
        tbb::parallel_for(size_t(0), lm.tileCount(), [&](size_t t) {
            const Label* tile = lm.tile(t);
            if (!tile) return;
            Table& acc = local.local();
            const VoxelBox b = lm.tileBox(t);
            for (int64_t k = b.lo[2]; k < b.hi[2]; ++k)
                for (int64_t j = b.lo[1]; j < b.hi[1]; ++j) {
                    const Label* row = tile + LabelMap::offsetInTile(b.lo[0], j, k);
                    const size_t base = g.linearIndex(b.lo[0], j, k);
                    for (int64_t x = 0; x < b.extent(0); ++x) {
                        const Label l = row[x];
                        if (!l) continue;
                        Acc& a = acc[l];
                        ++a.n;
                        if (vox) {
                            const double v = double(vox[base + x]);
                            a.sum += v;
                            a.min = std::min(a.min, v);
                            a.max = std::max(a.max, v);
                        }
                        const Index3 p{b.lo[0] + x, j, k};
                        for (int ax = 0; ax < 3; ++ax) {
                            a.lo[ax] = std::min(a.lo[ax], p[ax]);
                            a.hi[ax] = std::max(a.hi[ax], p[ax]);
                        }
                    }
                }
        });
    };
    if (intensity) intensity->visit([&](const auto* p) { pass(p); });
    else pass(static_cast<const int16_t*>(nullptr));

    Table total(size_t(kMaxLabel) + 1);
    local.combine_each([&](const Table& t) {
        for (size_t l = 0; l < t.size(); ++l) total[l].merge(t[l]);
    });
    std::vector<SegmentStats> out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const Segment& s : lm.segments()) {
        const Acc& a = total[s.id];
        SegmentStats st;
        st.id = s.id;
        st.voxels = a.n;
        st.volumeMl = double(a.n) * g.voxelVolumeMm3() / 1000.0;
        st.mean = intensity && a.n ? a.sum / double(a.n) : nan;
        st.min = intensity && a.n ? a.min : nan;
        st.max = intensity && a.n ? a.max : nan;
        if (a.n) {
            Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
            for (int c = 0; c < 8; ++c) {
                const Vec3 ijk{(c & 1) ? a.hi[0] + 0.5 : a.lo[0] - 0.5, (c & 2) ? a.hi[1] + 0.5 : a.lo[1] - 0.5,
                               (c & 4) ? a.hi[2] + 0.5 : a.lo[2] - 0.5};
                const Vec3 p = g.indexToPatient(ijk);
                for (int ax = 0; ax < 3; ++ax) {
                    lo[ax] = std::min(lo[ax], p[ax]);
                    hi[ax] = std::max(hi[ax], p[ax]);
                }
            }
            st.boxLoMm = lo;
            st.boxHiMm = hi;
        }
        out.push_back(st);
    }
    return out;
}

}  // namespace marrow::tools
