// What a file dropped on the window becomes: a label map for the open image or a new image.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/nifti_io.h"
#include "ui/drop_target.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

const ImageGeometry kGrid({12, 10, 8}, {1, 1, 2});

// A CT-like int16 volume: 960 voxels, 960 distinct values.
Volume ctLike() {
    Volume v(kGrid, ScalarType::Int16);
    for (size_t n = 0; n < v.voxelCount(); ++n) v.data<int16_t>()[n] = int16_t(int(n) - 500);
    return v;
}

// A label map with values 0..4 on the grid g.
Volume labelsOn(const ImageGeometry& g, ScalarType t = ScalarType::UInt8) {
    Volume v(g, t);
    v.visit([&](auto* p) {
        for (size_t n = 0; n < v.voxelCount(); ++n) p[n] = std::remove_reference_t<decltype(*p)>(n % 5);
    });
    return v;
}

class DropTarget : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("marrow_drop_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string file(const std::string& name, const Volume& v) {
        const std::string p = (dir_ / name).string();
        writeNifti(v, p);
        return p;
    }
    fs::path dir_;
    const Volume image_ = ctLike();
};

}  // namespace

TEST(DropRules, EachRule) {
    DropFacts f;
    f.segNrrd = f.nameSaysLabels = true;
    EXPECT_EQ(decideDrop(f), DropAs::Image) << "nothing open: everything is an image";
    f = {};
    f.haveImage = true;
    EXPECT_EQ(decideDrop(f), DropAs::Image);
    f.segNrrd = true;
    EXPECT_EQ(decideDrop(f), DropAs::Labels);
    f = {.haveImage = true, .folder = true, .folderHasNifti = true};
    EXPECT_EQ(decideDrop(f), DropAs::Labels);
    f.folderHasDicom = true;
    EXPECT_EQ(decideDrop(f), DropAs::Image);
    f = {.haveImage = true, .nameSaysLabels = true};
    EXPECT_EQ(decideDrop(f), DropAs::Labels);
    f = {.haveImage = true, .integerNifti = true, .sameGrid = true, .distinctValues = kMaxLabelMapValues};
    EXPECT_EQ(decideDrop(f), DropAs::Labels);
    f.distinctValues = kMaxLabelMapValues + 1;
    EXPECT_EQ(decideDrop(f), DropAs::Image);
    f.distinctValues = 3;
    f.sameGrid = false;
    EXPECT_EQ(decideDrop(f), DropAs::Image);
    f.sameGrid = true;
    f.integerNifti = false;
    EXPECT_EQ(decideDrop(f), DropAs::Image);
}

TEST(DropRules, NamesAndDistinctValues) {
    EXPECT_TRUE(nameSaysLabels("/a/CT_seg.nii.gz"));
    EXPECT_TRUE(nameSaysLabels("/a/Labels.nii"));
    EXPECT_TRUE(nameSaysLabels("/a/liver_MASK.nii.gz"));
    EXPECT_TRUE(nameSaysLabels("/a/segmentations/"));
    EXPECT_FALSE(nameSaysLabels("/seg/ct.nii.gz")) << "only the file's own name counts";
    EXPECT_FALSE(nameSaysLabels("example_ct_sm.nii.gz"));
    EXPECT_EQ(countDistinctValues(labelsOn(kGrid)), 5);
    EXPECT_EQ(countDistinctValues(labelsOn(kGrid, ScalarType::Int32)), 5);
    EXPECT_EQ(countDistinctValues(ctLike()), kMaxLabelMapValues + 1);  // stops counting past the limit
    EXPECT_EQ(countDistinctValues(ctLike(), 2000), 960);
}

TEST_F(DropTarget, FilesOnDisk) {
    const std::string neutralLabels = file("a.nii.gz", labelsOn(kGrid));
    EXPECT_EQ(dropTargetFor(neutralLabels, image_), DropAs::Labels);
    EXPECT_EQ(dropTargetFor(neutralLabels, Volume()), DropAs::Image) << "no image open";
    // uint16 with few values on the grid: labels too.
    EXPECT_EQ(dropTargetFor(file("b.nii.gz", labelsOn(kGrid, ScalarType::UInt16)), image_), DropAs::Labels);
    // Another CT on the same grid: many values.
    EXPECT_EQ(dropTargetFor(file("ct2.nii.gz", ctLike()), image_), DropAs::Image);
    // Few values but another grid and a neutral name: a new image.
    const ImageGeometry other({6, 6, 6}, {1, 1, 1});
    EXPECT_EQ(dropTargetFor(file("small.nii.gz", labelsOn(other)), image_), DropAs::Image);
    // ... named as labels: loaded as labels (and refused there, naming both grids).
    EXPECT_EQ(dropTargetFor(file("small_seg.nii.gz", labelsOn(other)), image_), DropAs::Labels);
    // Float voxels on the grid with a neutral name: an image.
    Volume f(kGrid, ScalarType::Float32);
    EXPECT_EQ(dropTargetFor(file("f.nii.gz", f), image_), DropAs::Image);
    // Missing or unreadable: the image path reports it.
    EXPECT_EQ(dropTargetFor((dir_ / "none.nii.gz").string(), image_), DropAs::Image);
    std::ofstream((dir_ / "junk.nii").string()) << "junk";
    EXPECT_EQ(dropTargetFor((dir_ / "junk.nii").string(), image_), DropAs::Image);
    EXPECT_EQ(dropTargetFor((dir_ / "x.seg.nrrd").string(), image_), DropAs::Labels);
    EXPECT_EQ(dropTargetFor("phantom", image_), DropAs::Image);
}

TEST_F(DropTarget, Folders) {
    fs::create_directories(dir_ / "masks");
    writeNifti(labelsOn(kGrid), (dir_ / "masks" / "liver.nii.gz").string());
    std::ofstream((dir_ / "masks" / ".DS_Store").string()) << "x";
    std::ofstream((dir_ / "masks" / "names.tsv").string()) << "1\tliver\n";
    EXPECT_EQ(dropTargetFor((dir_ / "masks").string(), image_), DropAs::Labels);
    EXPECT_EQ(dropTargetFor((dir_ / "masks").string() + "/", image_), DropAs::Labels);
    fs::create_directories(dir_ / "series");
    std::ofstream((dir_ / "series" / "IM0001").string()) << "DICM";
    EXPECT_EQ(dropTargetFor((dir_ / "series").string(), image_), DropAs::Image);
    std::ofstream((dir_ / "masks" / "IM0002").string()) << "DICM";
    EXPECT_EQ(dropTargetFor((dir_ / "masks").string(), image_), DropAs::Image) << "DICOM files beside masks";
}
