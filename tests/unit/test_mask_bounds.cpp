// maskBounds (remove table's crop box) is the box of the set voxels, as a voxel-by-voxel
// scan finds it; empty for an empty mask.
#include <gtest/gtest.h>

#include <algorithm>

#include "seg/mask_bounds.h"

using namespace marrow;

TEST(MaskBounds, IsTheBoxOfTheSetVoxels) {
    Mask m(ImageGeometry({37, 21, 13}, {1, 1, 1}));
    EXPECT_TRUE(maskBounds(m).empty());
    m.at(5, 20, 3) = 1;
    m.at(36, 2, 7) = 1;
    m.at(0, 9, 12) = 1;
    m.at(17, 9, 12) = 1;
    Index3 lo{99, 99, 99}, hi{-1, -1, -1};  // the voxel-by-voxel reference
    for (int64_t k = 0; k < 13; ++k)
        for (int64_t j = 0; j < 21; ++j)
            for (int64_t i = 0; i < 37; ++i)
                if (m.at(i, j, k)) {
                    const Index3 v{i, j, k};
                    for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], v[a]), hi[a] = std::max(hi[a], v[a] + 1);
                }
    const VoxelBox b = maskBounds(m);
    EXPECT_EQ(b.lo, lo);
    EXPECT_EQ(b.hi, hi);
    EXPECT_EQ(b.lo, (Index3{0, 2, 3}));
    EXPECT_EQ(b.hi, (Index3{37, 21, 13}));
    Mask one(ImageGeometry({8, 8, 8}, {1, 1, 1}));
    one.at(4, 5, 6) = 1;
    EXPECT_EQ(maskBounds(one).lo, (Index3{4, 5, 6}));
    EXPECT_EQ(maskBounds(one).hi, (Index3{5, 6, 7}));
}
