#include <gtest/gtest.h>

#include "io/error.h"
#include "io/geometry.h"
#include "io/volume.h"

using namespace marrow;

TEST(Geometry, IndexToPatientRoundTripWithObliqueDirection) {
    Mat3 d;
    const double c = std::cos(0.3), s = std::sin(0.3);
    d.m = {{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}};
    ImageGeometry g({10, 20, 30}, {0.5, 0.75, 2.0}, {-100, 50, 7}, d);
    const Vec3 ijk{3, 4, 5};
    const Vec3 p = g.indexToPatient(ijk);
    EXPECT_NEAR(p.x, -100 + c * 1.5 - s * 3.0, 1e-12);
    EXPECT_NEAR(p.y, 50 + s * 1.5 + c * 3.0, 1e-12);
    EXPECT_NEAR(p.z, 7 + 10.0, 1e-12);
    const Vec3 back = g.patientToIndex(p);
    EXPECT_NEAR(back.x, 3, 1e-12);
    EXPECT_NEAR(back.y, 4, 1e-12);
    EXPECT_NEAR(back.z, 5, 1e-12);
    EXPECT_EQ(g.patientToNearestVoxel(p), (Index3{3, 4, 5}));
}

TEST(Geometry, BoundsCoverWholeVoxels) {
    ImageGeometry g({4, 2, 1}, {1, 2, 3}, {10, 20, 30});
    Vec3 lo, hi;
    g.patientBounds(lo, hi);
    EXPECT_DOUBLE_EQ(lo.x, 9.5);
    EXPECT_DOUBLE_EQ(hi.x, 13.5);
    EXPECT_DOUBLE_EQ(lo.y, 19);
    EXPECT_DOUBLE_EQ(hi.y, 23);
    EXPECT_DOUBLE_EQ(lo.z, 28.5);
    EXPECT_DOUBLE_EQ(hi.z, 31.5);
}

TEST(Geometry, RejectsBadParameters) {
    EXPECT_THROW(ImageGeometry({0, 1, 1}, {1, 1, 1}), Error);
    EXPECT_THROW(ImageGeometry({1, 1, 1}, {1, -1, 1}), Error);
    Mat3 singular;
    singular.m = {{{1, 0, 0}, {1, 0, 0}, {0, 0, 1}}};
    EXPECT_THROW(ImageGeometry({1, 1, 1}, {1, 1, 1}, {}, singular), Error);
}

TEST(Volume, TypedAccessAndCopy) {
    ImageGeometry g({3, 3, 3}, {1, 1, 1});
    Volume v(g, ScalarType::Int16);
    v.data<int16_t>()[g.linearIndex(1, 2, 0)] = -1000;
    EXPECT_EQ(v.valueAt(1, 2, 0), -1000);
    EXPECT_THROW(v.data<float>(), Error);
    Volume w = v;
    EXPECT_EQ(w.valueAt(1, 2, 0), -1000);
    w.data<int16_t>()[0] = 5;
    EXPECT_EQ(v.valueAt(0, 0, 0), 0);
}
