// copyLabelBox (the label texture's dirty-box upload) gives exactly the labels at()
// reads, box-local and i fastest, across tile edges, all-zero tiles and the grid's edge.
#include <gtest/gtest.h>

#include <vector>

#include "seg/editor.h"
#include "seg/label_map_box.h"

using namespace marrow;

TEST(LabelMapCopyBox, MatchesAtOverTileEdgesZeroTilesAndTheGridEdge) {
    const ImageGeometry g({70, 50, 40}, {1, 1, 1});  // not a multiple of the 32-voxel tiles
    LabelMap map(g);
    History history;
    LabelMapEditor editor(map, history);
    const Label a = editor.addSegment("a"), b = editor.addSegment("b");
    BoxMask m(VoxelBox{{5, 3, 2}, {60, 40, 30}});
    for (int64_t k = m.box.lo[2]; k < m.box.hi[2]; ++k)
        for (int64_t j = m.box.lo[1]; j < m.box.hi[1]; ++j)
            for (int64_t i = m.box.lo[0]; i < m.box.hi[0]; ++i) m.at(i, j, k) = (i * 7 + j * 3 + k) % 5 == 0;
    editor.apply(Modifier::of(m), EditMode::Set, a);
    BoxMask m2(VoxelBox{{33, 33, 33}, {70, 50, 40}});
    std::fill(m2.bits.begin(), m2.bits.end(), 1);
    editor.apply(Modifier::of(m2), EditMode::Set, b);
    ASSERT_LT(map.allocatedTiles(), map.tileCount()) << "the test needs some all-zero tiles";
    for (const VoxelBox box : {VoxelBox{{0, 0, 0}, {70, 50, 40}}, VoxelBox{{3, 31, 1}, {67, 34, 39}},
                               VoxelBox{{31, 0, 29}, {34, 50, 34}}}) {
        std::vector<Label> out(size_t(box.count()), 99);
        copyLabelBox(map, box, out.data());
        size_t n = 0, nonzero = 0;
        for (int64_t k = box.lo[2]; k < box.hi[2]; ++k)
            for (int64_t j = box.lo[1]; j < box.hi[1]; ++j)
                for (int64_t i = box.lo[0]; i < box.hi[0]; ++i, ++n) {
                    ASSERT_EQ(out[n], map.at(i, j, k)) << i << "," << j << "," << k;
                    nonzero += out[n] != 0;
                }
        EXPECT_GT(nonzero, 0u);
    }
}
