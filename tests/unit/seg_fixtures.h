#pragma once
// Small synthetic volumes and helpers for the seg/ tests.
#include <tbb/global_control.h>

#include <algorithm>
#include <random>

#include "io/volume.h"
#include "seg/editor.h"
#include "seg/label_map.h"

namespace marrow::test {

// A grid whose dims are not multiples of the 32-voxel tile (edge tiles get exercised).
inline ImageGeometry smallGrid(std::array<int, 3> dims = {40, 35, 33}, Vec3 spacing = {1, 1, 1},
                               Vec3 origin = {0, 0, 0}) {
    return ImageGeometry(dims, spacing, origin);
}

// int16 volume with value = i + 100*j + 10000*(k % 3) - 5000 (every voxel distinct per slab).
inline Volume rampVolume(const ImageGeometry& g) {
    Volume v(g, ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) p[g.linearIndex(i, j, k)] = int16_t(i + 100 * j + 10000 * (k % 3) - 5000);
    return v;
}

// A document: a label map, its history and its editor.
struct EditDoc {
    LabelMap map;
    History history;
    LabelMapEditor editor{map, history};
    explicit EditDoc(const ImageGeometry& g, size_t budget = History::kDefaultBudget) : map(g), history(budget) {}
};

// A BoxMask with every voxel of b set.
inline BoxMask filledBox(VoxelBox b) {
    BoxMask m(b);
    std::fill(m.bits.begin(), m.bits.end(), 1);
    return m;
}

inline size_t countLabel(const LabelMap& lm, Label l) {
    size_t n = 0;
    const auto& d = lm.geometry().dims();
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i) n += lm.at(i, j, k) == l;
    return n;
}

// Runs f once with 1 TBB thread and once with 2, returning both results.
template <class F>
auto withOneAndTwoThreads(F&& f) {
    decltype(f()) a, b;
    {
        tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
        a = f();
    }
    {
        tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
        b = f();
    }
    return std::pair{std::move(a), std::move(b)};
}

}  // namespace marrow::test
