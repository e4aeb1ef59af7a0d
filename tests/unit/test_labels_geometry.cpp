// Label maps on a CT grid: the mismatch message and nearest-neighbour resampling.
#include <gtest/gtest.h>

#include "io/error.h"
#include "io/label_geometry.h"

using namespace marrow;

namespace {
Volume ramp(const ImageGeometry& g) {
    Volume v(g, ScalarType::UInt16, false);
    for (size_t i = 0; i < v.voxelCount(); ++i) v.data<uint16_t>()[i] = uint16_t(i + 1);
    return v;
}

Mat3 rotationZ(double a) {
    Mat3 d;
    d.m = {{{std::cos(a), -std::sin(a), 0}, {std::sin(a), std::cos(a), 0}, {0, 0, 1}}};
    return d;
}
}  // namespace

TEST(LabelGeometry, MismatchMessageNamesBothGrids) {
    const ImageGeometry ct({512, 512, 20}, {0.9765625, 0.9765625, 2}, {-249.5, -61.5, -804.5});
    const ImageGeometry labels({512, 512, 20}, {0.9765625, 0.9765625, 2}, {-249.5, -61.5, -802.5});
    EXPECT_NO_THROW(checkSameGrid(ct, ct, "seg.nii.gz"));
    try {
        checkSameGrid(ct, labels, "seg.nii.gz");
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind("seg.nii.gz: label map grid (" + labels.describe() + ") differs from the grid of the image (" +
                              ct.describe() + ")",
                          0),
                  0u)
            << m;
    }
}

TEST(LabelGeometry, ResampleOntoSameGridIsIdentity) {
    const ImageGeometry g({5, 4, 3}, {0.7, 0.8, 2.5}, {10, -20, 30}, rotationZ(0.4));
    const Volume v = ramp(g);
    const Volume r = resampleNearest(v, g);
    EXPECT_EQ(std::memcmp(r.raw(), v.raw(), v.byteSize()), 0);
}

TEST(LabelGeometry, CroppedMapLandsAtItsOffset) {
    // Slicer saves .seg.nrrd cropped to its content: same axes, origin whole voxels in.
    const Mat3 d = rotationZ(0.4);
    const ImageGeometry ct({10, 9, 8}, {0.7, 0.8, 2.5}, {10, -20, 30}, d);
    const ImageGeometry crop({3, 2, 2}, {0.7, 0.8, 2.5}, ct.indexToPatient({4, 5, 6}), d);
    const Volume small = ramp(crop);
    const Volume r = resampleNearest(small, ct);
    size_t nonzero = 0;
    for (int k = 0; k < 8; ++k)
        for (int j = 0; j < 9; ++j)
            for (int i = 0; i < 10; ++i) {
                const uint16_t got = r.data<uint16_t>()[ct.linearIndex(i, j, k)];
                const bool inside = crop.contains(i - 4, j - 5, k - 6);
                const uint16_t want = inside ? small.data<uint16_t>()[crop.linearIndex(i - 4, j - 5, k - 6)] : 0;
                EXPECT_EQ(got, want) << i << "," << j << "," << k;
                nonzero += got != 0;
            }
    EXPECT_EQ(nonzero, 12u);
}

TEST(LabelGeometry, FlippedAxesAreHonoured) {
    // Same voxels stored with i running right-to-left (as a RAS-ordered file would):
    // column 0 of the direction is -x and the origin is the other end of the row.
    const ImageGeometry lps({4, 3, 2}, {1.5, 1, 3}, {0, 0, 0});
    const ImageGeometry flipped({4, 3, 2}, {1.5, 1, 3}, {4.5, 0, 0}, Mat3{{{{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}});
    const Volume v = ramp(flipped);
    const Volume r = resampleNearest(v, lps);
    for (int k = 0; k < 2; ++k)
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 4; ++i)
                EXPECT_EQ(r.data<uint16_t>()[lps.linearIndex(i, j, k)], v.data<uint16_t>()[flipped.linearIndex(3 - i, j, k)]);
}

TEST(LabelGeometry, FinerTargetRepeatsNearestVoxels) {
    const ImageGeometry coarse({2, 1, 1}, {2, 2, 2}, {0, 0, 0});
    const ImageGeometry fine({4, 1, 1}, {1, 2, 2}, {-0.5, 0, 0});  // centres at -0.5, 0.5, 1.5, 2.5
    Volume v(coarse, ScalarType::UInt8, true);
    v.data<uint8_t>()[0] = 7;
    v.data<uint8_t>()[1] = 9;
    const Volume r = resampleNearest(v, fine);
    const uint8_t* p = r.data<uint8_t>();
    // Source index = centre / 2: -0.25, 0.25, 0.75, 1.25 -> 0, 0, 1, 1.
    EXPECT_EQ(p[0], 7);
    EXPECT_EQ(p[1], 7);
    EXPECT_EQ(p[2], 9);
    EXPECT_EQ(p[3], 9);
}

// example_seg_dicom.nii.gz over example_ct_dicom: NIfTI stores rows anterior-first
// (RAS affine diag(-0.977, 0.977, 2)), DICOM rows run posterior. Same voxel centres.
TEST(LabelGeometry, NiftiOrderedMapIsReorderedExactlyOntoDicomGrid) {
    const double px = 0.9765625;
    const ImageGeometry dicom({512, 512, 20}, {px, px, 2}, {-249.51171875, -437.51171875, -804.5});
    const ImageGeometry nifti({512, 512, 20}, {px, px, 2}, {-249.51171875, -437.51171875 + 511 * px, -804.5},
                              Mat3{{{{1, 0, 0}, {0, -1, 0}, {0, 0, 1}}}});
    EXPECT_FALSE(dicom.sameGrid(nifti));
    EXPECT_TRUE(sameVoxelCentres(dicom, nifti));
    EXPECT_FALSE(sameVoxelCentres(dicom, ImageGeometry({512, 512, 20}, {px, px, 2}, {-249.0, -437.51171875, -804.5})));
    Volume labels(nifti, ScalarType::UInt8, true);
    labels.data<uint8_t>()[nifti.linearIndex(10, 0, 3)] = 7;  // most anterior row of the NIfTI
    std::vector<std::string> notes;
    const Volume placed = placeOnGrid(labels, dicom, false, "seg.nii.gz", &notes);
    EXPECT_TRUE(placed.geometry().sameGrid(dicom, 0));
    EXPECT_EQ(placed.data<uint8_t>()[dicom.linearIndex(10, 511, 3)], 7);  // last DICOM row
    size_t nonzero = 0;
    for (size_t i = 0; i < placed.voxelCount(); ++i) nonzero += placed.data<uint8_t>()[i] != 0;
    EXPECT_EQ(nonzero, 1u);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("reordered"), std::string::npos);
}

TEST(LabelGeometry, PlaceOnGridRefusesOrResamplesOnRequest) {
    const ImageGeometry ct({4, 4, 4}, {1, 1, 1});
    const ImageGeometry other({2, 2, 2}, {2, 2, 2}, {0.5, 0.5, 0.5});
    Volume labels(other, ScalarType::UInt8, true);
    labels.data<uint8_t>()[0] = 3;
    EXPECT_THROW(placeOnGrid(labels, ct, false, "l.nii.gz"), Error);
    const Volume r = placeOnGrid(labels, ct, true, "l.nii.gz");
    // Source index = (target centre - 0.5) / 2: indices 0 and 1 of ct land on source 0.
    EXPECT_EQ(r.valueAt(0, 0, 0), 3);
    EXPECT_EQ(r.valueAt(1, 1, 1), 3);
    EXPECT_EQ(r.valueAt(2, 1, 1), 0);
}
