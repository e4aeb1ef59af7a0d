#include <gtest/gtest.h>

#include "seg/label_map.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;

TEST(VoxelBox, IntersectIncludeCount) {
    VoxelBox a{{0, 0, 0}, {10, 10, 10}}, b{{5, 8, 9}, {20, 12, 11}};
    EXPECT_EQ(a.intersect(b), (VoxelBox{{5, 8, 9}, {10, 10, 10}}));
    EXPECT_EQ(a.intersect(b).count(), 5 * 2 * 1);
    VoxelBox u;
    EXPECT_TRUE(u.empty());
    u.include(a);
    u.include(b);
    EXPECT_EQ(u, (VoxelBox{{0, 0, 0}, {20, 12, 11}}));
    EXPECT_TRUE((VoxelBox{{0, 0, 0}, {3, 0, 3}}).empty());
}

TEST(LabelMap, EmptyMapAllocatesNothing) {
    LabelMap lm(smallGrid());
    EXPECT_EQ(lm.tileGrid(), (std::array<int, 3>{2, 2, 2}));
    EXPECT_EQ(lm.tileCount(), 8u);
    EXPECT_EQ(lm.allocatedTiles(), 0u);
    EXPECT_EQ(lm.at(39, 34, 32), 0);
    EXPECT_EQ(lm.tileBox(7), (VoxelBox{{32, 32, 32}, {40, 35, 33}}));
    EXPECT_EQ(lm.tilesIn({{30, 0, 0}, {33, 1, 1}}), (std::vector<size_t>{0, 1}));
}

TEST(LabelMap, VolumeRoundTripKeepsEveryVoxelAndOnlyAllocatesUsedTiles) {
    const ImageGeometry g = smallGrid();
    Volume v(g, ScalarType::UInt8);
    uint8_t* p = v.data<uint8_t>();
    std::mt19937 rng(7);
    // Labels only in the first tile (i,j,k < 32) plus one voxel in the last tile.
    for (int k = 0; k < 20; ++k)
        for (int j = 0; j < 20; ++j)
            for (int i = 0; i < 20; ++i) p[g.linearIndex(i, j, k)] = uint8_t(rng() % 4);  // 0..3
    p[g.linearIndex(39, 34, 32)] = 9;
    const LabelMap lm = LabelMap::fromVolume(v);
    EXPECT_EQ(lm.allocatedTiles(), 2u);
    ASSERT_EQ(lm.segments().size(), 4u);
    EXPECT_EQ(lm.segments()[0].id, 1);
    EXPECT_EQ(lm.segments()[3].id, 9);
    EXPECT_EQ(lm.segments()[3].name, "Segment 9");
    const Volume back = lm.toVolume();
    ASSERT_EQ(back.type(), ScalarType::UInt8);
    EXPECT_EQ(0, std::memcmp(back.raw(), v.raw(), v.byteSize()));
    const Volume back16 = lm.toVolume(ScalarType::UInt16);
    for (size_t n = 0; n < v.voxelCount(); ++n) ASSERT_EQ(back16.data<uint16_t>()[n], p[n]);

    size_t expect2 = 0;
    for (size_t n = 0; n < v.voxelCount(); ++n) expect2 += p[n] == 2;
    EXPECT_EQ(lm.segmentMask(2).count(), expect2);
    EXPECT_EQ(lm.segmentMask(9).count(), 1u);
    EXPECT_EQ(lm.segmentMask(0).count() + lm.labelledMask().count(), g.voxelCount());
}

TEST(LabelMap, FromVolumeRejectsOutOfRangeAndFloat) {
    const ImageGeometry g = smallGrid({4, 4, 4});
    Volume v16(g, ScalarType::UInt16);
    v16.data<uint16_t>()[5] = uint16_t(kMaxLabel) + 1;
    EXPECT_THROW(LabelMap::fromVolume(v16), Error);
    Volume neg(g, ScalarType::Int16);
    neg.data<int16_t>()[3] = -1;
    EXPECT_THROW(LabelMap::fromVolume(neg), Error);
    EXPECT_THROW(LabelMap::fromVolume(Volume(g, ScalarType::Float32)), Error);
}

TEST(LabelMap, ConversionsSameWithOneAndTwoThreads) {
    const ImageGeometry g = smallGrid({70, 40, 35});
    Volume v(g, ScalarType::Int16);
    std::mt19937 rng(3);
    for (size_t n = 0; n < v.voxelCount(); ++n) v.data<int16_t>()[n] = int16_t(rng() % 3 == 0 ? rng() % 6 : 0);
    auto [a, b] = withOneAndTwoThreads([&] {
        const LabelMap lm = LabelMap::fromVolume(v);
        return std::pair{lm.segmentMask(3).voxels, lm.toVolume().byteSize()};
    });
    EXPECT_EQ(a.first, b.first);
    EXPECT_EQ(a.second, b.second);
}
