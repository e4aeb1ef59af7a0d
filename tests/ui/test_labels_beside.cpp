// The Data panel offers a label map found beside the opened image (CT_seg.nii.gz next to
// CT.nii.gz), and stops offering once labels are loaded.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/nifti_io.h"
#include "ui/segment_actions.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

TEST(LabelsBeside, AnImageWithALabelMapBesideItOffersIt) {
    const fs::path dir = fs::temp_directory_path() / ("marrow_beside_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const ImageGeometry g({8, 8, 4}, {1, 1, 2});
    writeNifti(Volume(g, ScalarType::Int16), (dir / "CT.nii.gz").string());
    Volume labels(g, ScalarType::UInt8);
    labels.data<uint8_t>()[g.linearIndex(1, 2, 3)] = 1;
    writeNifti(labels, (dir / "CT_seg.nii.gz").string());
    writeNifti(Volume(g, ScalarType::Int16), (dir / "other.nii.gz").string());

    ViewerState s;
    setVolume(s, readNifti((dir / "other.nii.gz").string()), (dir / "other.nii.gz").string());
    EXPECT_TRUE(s.labelsBeside.empty());  // nothing named after it

    setVolume(s, readNifti((dir / "CT.nii.gz").string()), (dir / "CT.nii.gz").string());
    ASSERT_EQ(s.labelsBeside.size(), 1u);
    EXPECT_EQ(fs::path(s.labelsBeside.front()).filename(), "CT_seg.nii.gz");
    ASSERT_TRUE(loadLabelsOnto(s, s.labelsBeside.front())) << s.message;
    EXPECT_EQ(s.doc->labels().countLabel(1), 1u);
    EXPECT_FALSE(s.doc->labelsSource().empty());  // the panel's offer hides once loaded
    fs::remove_all(dir);
}
