#include <gtest/gtest.h>

#include "seg/tools/statistics.h"
#include "seg_fixtures.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

TEST(Statistics, CountsVolumeIntensityAndBox) {
    const ImageGeometry g({40, 35, 33}, {0.5, 1, 2}, {10, 20, 30});
    const Volume v = rampVolume(g);
    LabelMap m(g);
    History h;
    LabelMapEditor e(m, h);
    const Label a = e.addSegment("a"), empty = e.addSegment("empty");
    BoxMask box({{2, 3, 0}, {6, 5, 3}});  // i 2..5, j 3..4, k 0..2: 24 voxels
    std::fill(box.bits.begin(), box.bits.end(), 1);
    e.apply(Modifier::of(box), EditMode::Set, a);
    const auto stats = segmentStatistics(m, &v);
    ASSERT_EQ(stats.size(), 2u);
    EXPECT_EQ(stats[0].id, a);
    EXPECT_EQ(stats[0].voxels, 24u);
    EXPECT_DOUBLE_EQ(stats[0].volumeMl, 24 * 0.5 * 1 * 2 / 1000.0);
    // values i + 100 j + 10000 k - 5000: min at (2,3,0) = -4698, max at (5,4,2) = 15405,
    // mean = 3.5 + 350 + 10000 - 5000.
    EXPECT_EQ(stats[0].min, -4698);
    EXPECT_EQ(stats[0].max, 15405);
    EXPECT_DOUBLE_EQ(stats[0].mean, 5353.5);
    // Voxel boundaries: x 10 + 0.5 * [1.5, 5.5], y 20 + [2.5, 4.5], z 30 + 2 * [-0.5, 2.5].
    EXPECT_DOUBLE_EQ(stats[0].boxLoMm.x, 10.75);
    EXPECT_DOUBLE_EQ(stats[0].boxHiMm.x, 12.75);
    EXPECT_DOUBLE_EQ(stats[0].boxLoMm.y, 22.5);
    EXPECT_DOUBLE_EQ(stats[0].boxHiMm.y, 24.5);
    EXPECT_DOUBLE_EQ(stats[0].boxLoMm.z, 29);
    EXPECT_DOUBLE_EQ(stats[0].boxHiMm.z, 35);
    EXPECT_EQ(stats[1].id, empty);
    EXPECT_EQ(stats[1].voxels, 0u);
    EXPECT_TRUE(std::isnan(stats[1].mean));
    EXPECT_TRUE(std::isnan(segmentStatistics(m)[0].mean));
}
