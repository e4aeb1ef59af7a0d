#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "algo_test_util.h"
#include "seg/algo/connectivity.h"

using namespace marrow;
using namespace marrow::test;

namespace {

int islandCount(const Mask& m, Connectivity c) {
    int n = -1;
    splitComponents(m, 1000, c, &n);
    return n;
}

// splitComponents must give the same partition as a brute-force flood fill, with labels
// by decreasing size and ties by first voxel in memory.
void expectSameAsReference(const Mask& m, Connectivity c) {
    const std::vector<int> ref = referenceLabels(m, c == Connectivity::TwentySix);
    int count = -1;
    const Volume split = splitComponents(m, 65535, c, &count);
    const uint16_t* got = split.data<uint16_t>();
    const int refCount = ref.empty() ? 0 : *std::max_element(ref.begin(), ref.end());
    ASSERT_EQ(count, refCount);
    std::map<int, int> refToGot;
    std::vector<size_t> sizeOfLabel(size_t(count) + 1, 0);
    std::vector<size_t> firstOfLabel(size_t(count) + 1, SIZE_MAX);
    for (size_t n = 0; n < ref.size(); ++n) {
        ASSERT_EQ(ref[n] == 0, got[n] == 0) << "voxel " << n;
        if (!ref[n]) continue;
        auto [it, inserted] = refToGot.emplace(ref[n], got[n]);
        ASSERT_EQ(it->second, got[n]) << "one reference island split into two labels at voxel " << n;
        ++sizeOfLabel[got[n]];
        firstOfLabel[got[n]] = std::min(firstOfLabel[got[n]], n);
    }
    ASSERT_EQ(int(refToGot.size()), count);
    for (int l = 2; l <= count; ++l) {
        EXPECT_GE(sizeOfLabel[size_t(l - 1)], sizeOfLabel[size_t(l)]);
        if (sizeOfLabel[size_t(l - 1)] == sizeOfLabel[size_t(l)]) {
            EXPECT_LT(firstOfLabel[size_t(l - 1)], firstOfLabel[size_t(l)]);
        }
    }
}

}  // namespace

TEST(AlgoConnectivity, DiagonalPairIsOneIslandWith26AndTwoWith6) {
    Mask m = makeMask(4, 4, 4);
    m.at(1, 1, 1) = 1;
    m.at(2, 2, 2) = 1;  // corner neighbour
    EXPECT_EQ(islandCount(m, Connectivity::TwentySix), 1);
    EXPECT_EQ(islandCount(m, Connectivity::Six), 2);
    Mask edge = makeMask(4, 4, 4);
    edge.at(1, 1, 1) = 1;
    edge.at(1, 2, 2) = 1;  // edge neighbour across slices
    EXPECT_EQ(islandCount(edge, Connectivity::TwentySix), 1);
    EXPECT_EQ(islandCount(edge, Connectivity::Six), 2);
    Mask face = makeMask(4, 4, 4);
    face.at(1, 1, 1) = 1;
    face.at(1, 1, 2) = 1;
    EXPECT_EQ(islandCount(face, Connectivity::Six), 1);
}

TEST(AlgoConnectivity, KeepLargestKeepsExactlyTheBiggestIsland) {
    Mask m = makeMask(10, 10, 10);
    setBox(m, {0, 0, 0}, {1, 1, 1});  // 8 voxels
    setBox(m, {5, 5, 5}, {7, 7, 7});  // 27 voxels
    m.at(9, 0, 9) = 1;
    Mask expected = makeMask(10, 10, 10);
    setBox(expected, {5, 5, 5}, {7, 7, 7});
    EXPECT_EQ(keepLargestComponent(m).voxels, expected.voxels);
    EXPECT_EQ(keepLargestComponent(m, Connectivity::Six).voxels, expected.voxels);
}

TEST(AlgoConnectivity, KeepLargestTieGoesToFirstInMemory) {
    Mask m = makeMask(8, 8, 8);
    setBox(m, {5, 5, 1}, {6, 6, 2});  // first in memory (k = 1)
    setBox(m, {0, 0, 5}, {1, 1, 6});
    Mask expected = makeMask(8, 8, 8);
    setBox(expected, {5, 5, 1}, {6, 6, 2});
    EXPECT_EQ(keepLargestComponent(m).voxels, expected.voxels);
}

TEST(AlgoConnectivity, KeepComponentAtSeed) {
    Mask m = makeMask(10, 10, 10);
    setBox(m, {0, 0, 0}, {1, 1, 1});
    setBox(m, {5, 5, 5}, {7, 7, 7});
    Mask small = makeMask(10, 10, 10);
    setBox(small, {0, 0, 0}, {1, 1, 1});
    EXPECT_EQ(keepComponentAt(m, {1, 0, 1}).voxels, small.voxels);
    EXPECT_EQ(keepComponentAt(m, {3, 3, 3}).count(), 0u);    // background seed
    EXPECT_EQ(keepComponentAt(m, {-1, 0, 0}).count(), 0u);   // outside the grid
    EXPECT_EQ(keepComponentAt(m, {10, 0, 0}).count(), 0u);
}

TEST(AlgoConnectivity, RemoveSmallKeepsIslandsOfAtLeastN) {
    Mask m = makeMask(10, 10, 10);
    m.at(9, 9, 9) = 1;                 // 1 voxel
    setBox(m, {0, 0, 0}, {1, 1, 1});  // 8
    setBox(m, {5, 5, 5}, {7, 7, 7});  // 27
    Mask expected = m;
    expected.at(9, 9, 9) = 0;
    EXPECT_EQ(removeSmallComponents(m, 8).voxels, expected.voxels);
    EXPECT_EQ(removeSmallComponents(m, 9).count(), 27u);
    EXPECT_EQ(removeSmallComponents(m, 0).voxels, m.voxels);
}

TEST(AlgoConnectivity, SplitLabelsBySizeAndCaps) {
    Mask m = makeMask(10, 10, 10);
    m.at(9, 9, 9) = 1;
    setBox(m, {0, 0, 0}, {1, 1, 1});
    setBox(m, {5, 5, 5}, {7, 7, 7});
    int count = 0;
    const Volume two = splitComponents(m, 2, Connectivity::TwentySix, &count);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(two.type(), ScalarType::UInt16);
    EXPECT_EQ(two.valueAt(6, 6, 6), 1);
    EXPECT_EQ(two.valueAt(0, 1, 0), 2);
    EXPECT_EQ(two.valueAt(9, 9, 9), 0);  // beyond the cap
    EXPECT_EQ(two.valueAt(3, 3, 3), 0);
    EXPECT_TRUE(two.geometry().sameGrid(m.geometry));
}

TEST(AlgoConnectivity, EmptyAndFullMasks) {
    Mask empty = makeMask(5, 4, 3);
    EXPECT_EQ(keepLargestComponent(empty).count(), 0u);
    EXPECT_EQ(islandCount(empty, Connectivity::Six), 0);
    Mask full = makeMask(5, 4, 3);
    std::fill(full.voxels.begin(), full.voxels.end(), uint8_t(1));
    EXPECT_EQ(keepLargestComponent(full).voxels, full.voxels);
    EXPECT_EQ(islandCount(full, Connectivity::Six), 1);
}

TEST(AlgoConnectivity, MatchesFloodFillOnRandomMasks) {
    // 40 slices: several slabs, so slab-border merging is exercised; 33 wide: word skipping tails.
    for (unsigned seed = 1; seed <= 3; ++seed) {
        const Mask m = randomMask(33, 17, 40, 0.25 + 0.1 * seed, seed);
        expectSameAsReference(m, Connectivity::Six);
        expectSameAsReference(m, Connectivity::TwentySix);
    }
}

TEST(AlgoConnectivity, SameResultWithOneAndTwoThreads) {
    const Mask m = randomMask(48, 40, 70, 0.3, 7);
    for (Connectivity c : {Connectivity::Six, Connectivity::TwentySix}) {
        const Volume one = withThreads(1, [&] { return splitComponents(m, 65535, c); });
        const Volume two = withThreads(2, [&] { return splitComponents(m, 65535, c); });
        ASSERT_EQ(one.byteSize(), two.byteSize());
        EXPECT_EQ(std::memcmp(one.raw(), two.raw(), one.byteSize()), 0);
        EXPECT_EQ(withThreads(1, [&] { return keepLargestComponent(m, c); }).voxels,
                  withThreads(2, [&] { return keepLargestComponent(m, c); }).voxels);
    }
}
