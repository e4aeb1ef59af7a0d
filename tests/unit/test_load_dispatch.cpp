// io/load.h: one dispatch for every command. A DICOM folder into which a label map was
// saved stays a DICOM series; a folder of NIfTI masks is a mask folder; label maps load
// from any input, and an intensity image is refused as a label map.
#include <gtest/gtest.h>

#include "dicom_fixtures.h"
#include "io/error.h"
#include "io/load.h"
#include "io/nifti_io.h"

using namespace marrow;
using marrow::test::TempDir;

namespace {
Volume mask(const ImageGeometry& g) {
    Volume v(g, ScalarType::UInt8, true);
    v.data<uint8_t>()[0] = 1;
    return v;
}
}  // namespace

TEST(LoadDispatch, DicomFolderWithALabelMapSavedIntoItStaysDicom) {
    TempDir dir;
    const ImageGeometry g({4, 3, 3}, {1, 1, 2}, {0, 0, 0});
    writeDicomSeries(test::patternVolume(g), dir.path());
    writeNifti(mask(g), dir / "labels.nii.gz");
    EXPECT_EQ(inputKind(dir.path()), InputKind::Dicom);
    const Volume v = loadVolume(dir.path());
    EXPECT_EQ(v.modality(), "CT");
    EXPECT_EQ(v.geometry().dims(), g.dims());
    // As a label map, a CT series is refused clearly instead of giving thousands of labels.
    try {
        (void)loadLabelMap(dir.path());
        FAIL() << "a CT series was accepted as a label map";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("not a label map"), std::string::npos) << e.what();
    }
}

TEST(LoadDispatch, FolderOfNiftiMasksIsAMaskFolder) {
    TempDir dir;
    const ImageGeometry g({4, 3, 3}, {1, 1, 2}, {0, 0, 0});
    writeNifti(mask(g), dir / "liver.nii.gz");
    writeNifti(mask(g), dir / "spleen.nii.gz");
    EXPECT_EQ(inputKind(dir.path()), InputKind::MaskFolder);
    EXPECT_EQ(loadVolume(dir.path()).geometry().dims(), g.dims());
}

TEST(LoadDispatch, KindsByName) {
    EXPECT_EQ(inputKind("phantom"), InputKind::Phantom);
    EXPECT_EQ(inputKind(""), InputKind::Phantom);
    EXPECT_EQ(inputKind("a/CT.NII.GZ"), InputKind::Nifti);
    EXPECT_EQ(inputKind("seg.seg.nrrd"), InputKind::SegNrrd);
    EXPECT_EQ(inputKind("vol.nrrd"), InputKind::Nrrd);
    EXPECT_EQ(inputKind("IM0001"), InputKind::Dicom);
}

TEST(LoadDispatch, IntensityImageReason) {
    const ImageGeometry g({40, 40, 1}, {1, 1, 1});
    Volume ct(g, ScalarType::Int16, false);
    for (size_t i = 0; i < ct.voxelCount(); ++i) ct.data<int16_t>()[i] = int16_t(int(i) - 1000);
    EXPECT_NE(intensityImageReason(ct), "");
    Volume labels(g, ScalarType::Int16, true);
    labels.data<int16_t>()[3] = -3;  // negative labels exist; few values: still labels
    labels.data<int16_t>()[4] = 7;
    EXPECT_EQ(intensityImageReason(labels), "");
}
