// Series planning on hand-made slice headers (no files): duplicate positions, missing
// positions, and the PixelSpacing order (row spacing first = spacing along j).
#include <gtest/gtest.h>

#include "io/dicom_series_plan.h"
#include "io/error.h"

using namespace marrow;

namespace {
DicomSliceHeader slice(double z, int instance) {
    DicomSliceHeader h;
    h.file = "f";  // (not "f" + to_string: GCC 12 -Wrestrict false positive)
    h.file += std::to_string(instance);
    h.rows = 4;
    h.columns = 6;
    h.hasPosition = h.hasOrientation = h.hasPixelSpacing = true;
    h.position = {1, 2, z};
    h.spacingI = 0.5;  // PixelSpacing[1]
    h.spacingJ = 0.7;  // PixelSpacing[0]
    h.instanceNumber = instance;
    return h;
}
}  // namespace

TEST(DicomPlan, DuplicatePositionsKeepTheLowestInstance) {
    std::vector<DicomSliceHeader> s = {slice(4, 5), slice(0, 1), slice(2, 3), slice(2, 2), slice(4, 4)};
    const DicomSeriesPlan p = planDicomSeries(s, "x");
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].file, "f1");
    EXPECT_EQ(s[1].file, "f2");
    EXPECT_EQ(s[2].file, "f4");
    EXPECT_EQ(p.sliceAtK, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(p.geometry.dims(), (std::array<int, 3>{6, 4, 3}));
    EXPECT_EQ(p.geometry.spacing(), (Vec3{0.5, 0.7, 2}));
    ASSERT_EQ(p.warnings.size(), 1u);
    EXPECT_EQ(p.warnings[0].rfind("2 slices repeat the position", 0), 0u) << p.warnings[0];
}

TEST(DicomPlan, NoPositionsFallBackToInstanceOrderAndThickness) {
    std::vector<DicomSliceHeader> s = {slice(0, 3), slice(0, 1), slice(0, 2)};
    for (auto& h : s) h.hasPosition = false, h.sliceThickness = 2.5;
    const DicomSeriesPlan p = planDicomSeries(s, "x");
    EXPECT_EQ(s[0].file, "f1");
    EXPECT_EQ(s[2].file, "f3");
    EXPECT_EQ(p.geometry.spacing().z, 2.5);
    ASSERT_EQ(p.warnings.size(), 1u);
    EXPECT_NE(p.warnings[0].find("no ImagePositionPatient"), std::string::npos);
}

TEST(DicomPlan, ParallelRowAndColumnDirectionsAreAnError) {
    std::vector<DicomSliceHeader> s = {slice(0, 1)};
    s[0].colDir = s[0].rowDir;
    EXPECT_THROW(planDicomSeries(s, "x"), Error);
    std::vector<DicomSliceHeader> none;
    EXPECT_THROW(planDicomSeries(none, "x"), Error);
}
