// MPR view geometry: radiological orientation, exact mm <-> pixel mapping, aspect ratio
// of anisotropic voxels, zoom about the cursor, slice steps.
#include <gtest/gtest.h>

#include "src/render/slice_geometry.h"

using namespace marrow;
using namespace marrow::render;

TEST(SliceGeometry, RadiologicalEdgeLetters) {
    // left, right, top, bottom
    EXPECT_EQ(edgeLabels(ViewAxis::Axial), (std::array<char, 4>{'R', 'L', 'A', 'P'}));
    EXPECT_EQ(edgeLabels(ViewAxis::Coronal), (std::array<char, 4>{'R', 'L', 'S', 'I'}));
    EXPECT_EQ(edgeLabels(ViewAxis::Sagittal), (std::array<char, 4>{'A', 'P', 'S', 'I'}));
}

TEST(SliceGeometry, DirectionLetterPicksTheDominantAxis) {
    EXPECT_EQ(directionLetter({0.9, 0.3, 0.1}), 'L');
    EXPECT_EQ(directionLetter({-0.2, -0.9, 0.1}), 'A');
    EXPECT_EQ(directionLetter({0.1, 0.2, -0.95}), 'I');
}

TEST(SliceGeometry, PatientLeftIsOnTheScreenRightInAxial) {
    SliceViewport vp;
    vp.width = 200;
    vp.height = 100;
    vp.pixelsPerMm = 2;
    const Vec3 cross{0, 0, 7};
    // The patient's left (+x) lands right of the centre, posterior (+y) below it.
    const auto left = patientToScreen(ViewAxis::Axial, vp, {10, 0, 7});
    EXPECT_DOUBLE_EQ(left[0], 120);
    EXPECT_DOUBLE_EQ(left[1], 50);
    const auto posterior = patientToScreen(ViewAxis::Axial, vp, {0, 10, 7});
    EXPECT_DOUBLE_EQ(posterior[1], 70);
    // screenToPatient is its inverse and keeps the slice depth.
    const Vec3 p = screenToPatient(ViewAxis::Axial, vp, cross, 120, 70);
    EXPECT_DOUBLE_EQ(p.x, 10);
    EXPECT_DOUBLE_EQ(p.y, 10);
    EXPECT_DOUBLE_EQ(p.z, 7);
}

TEST(SliceGeometry, SuperiorIsUpInCoronalAndSagittal) {
    SliceViewport vp;
    vp.width = vp.height = 100;
    const auto cor = patientToScreen(ViewAxis::Coronal, vp, {0, 0, 20});
    EXPECT_DOUBLE_EQ(cor[1], 30);
    const auto sag = patientToScreen(ViewAxis::Sagittal, vp, {0, -20, 0});  // anterior
    EXPECT_DOUBLE_EQ(sag[0], 30);  // on the left
}

TEST(SliceGeometry, FitKeepsTheTrueAspectOfAnisotropicVoxels) {
    // 100 x 50 voxels of 1 x 4 mm: 100 mm wide, 200 mm tall in the coronal view (z).
    ImageGeometry g({100, 10, 50}, {1, 1, 4});
    const SliceViewport vp = fitViewport(ViewAxis::Coronal, g, 400, 400);
    EXPECT_DOUBLE_EQ(vp.pixelsPerMm, 0.96 * 400 / 200.0);
    EXPECT_DOUBLE_EQ(vp.centerA, 49.5);          // (-0.5 + 99.5) / 2
    EXPECT_DOUBLE_EQ(vp.centerB, -(-2 + 198) / 2.0);  // down = -z
}

TEST(SliceGeometry, ZoomKeepsThePointUnderTheCursor) {
    SliceViewport vp;
    vp.width = 300;
    vp.height = 200;
    vp.pixelsPerMm = 1.5;
    vp.centerA = 12;
    vp.centerB = -4;
    const Vec3 before = screenToPatient(ViewAxis::Axial, vp, {}, 40, 170);
    zoomAbout(vp, 2.0, 40, 170);
    const Vec3 after = screenToPatient(ViewAxis::Axial, vp, {}, 40, 170);
    EXPECT_NEAR(after.x, before.x, 1e-12);
    EXPECT_NEAR(after.y, before.y, 1e-12);
    EXPECT_DOUBLE_EQ(vp.pixelsPerMm, 3.0);
}

TEST(SliceGeometry, SliceStepIsTheSpacingAlongTheNormal) {
    ImageGeometry g({10, 10, 10}, {0.75, 0.8, 2.5});
    EXPECT_DOUBLE_EQ(sliceStepMm(ViewAxis::Axial, g), 2.5);
    EXPECT_DOUBLE_EQ(sliceStepMm(ViewAxis::Coronal, g), 0.8);
    EXPECT_DOUBLE_EQ(sliceStepMm(ViewAxis::Sagittal, g), 0.75);
    // A volume stored with k along y (coronal acquisition): the axial step is j's spacing.
    Mat3 d;
    d.setColumn(1, {0, 0, 1});
    d.setColumn(2, {0, 1, 0});
    ImageGeometry c({10, 10, 10}, {0.75, 0.8, 2.5}, {}, d);
    EXPECT_DOUBLE_EQ(sliceStepMm(ViewAxis::Axial, c), 0.8);
}
