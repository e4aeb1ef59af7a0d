// VolumeLoader: a load runs on the worker and its volume comes back once; a bad path gives
// the loader's one-line error naming the file and no volume.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/nifti_io.h"
#include "ui/volume_loader.h"

using namespace marrow;
using namespace marrow::ui;

TEST(VolumeLoader, LoadsANiftiOnTheWorker) {
    const ImageGeometry g({7, 5, 3}, {1, 2, 3});
    Volume v(g, ScalarType::Int16);
    v.data<int16_t>()[g.linearIndex(6, 4, 2)] = 1234;
    const auto path = (std::filesystem::temp_directory_path() / "marrow_loader_test.nii").string();
    writeNifti(v, path);
    VolumeLoader loader;
    ASSERT_TRUE(loader.start(path));
    EXPECT_FALSE(loader.start(path)) << "a second load while one runs is refused";
    const VolumeLoader::Result r = loader.wait();
    std::filesystem::remove(path);
    EXPECT_EQ(r.path, path);
    ASSERT_TRUE(r.volume.has_value()) << r.message;
    EXPECT_EQ(r.volume->geometry().dims(), (std::array<int, 3>{7, 5, 3}));
    EXPECT_EQ(r.volume->geometry().spacing().z, 3.0);
    EXPECT_EQ(r.volume->data<int16_t>()[g.linearIndex(6, 4, 2)], 1234);
    EXPECT_FALSE(loader.running());
    EXPECT_FALSE(loader.poll().has_value()) << "the result comes back once";
}

TEST(VolumeLoader, ABadFileGivesItsErrorAndNoVolume) {
    const auto path = (std::filesystem::temp_directory_path() / "marrow_loader_bad.nii").string();
    {
        FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fputs("not a nifti header", f);
        std::fclose(f);
    }
    VolumeLoader loader;
    ASSERT_TRUE(loader.start(path));
    const VolumeLoader::Result r = loader.wait();
    std::filesystem::remove(path);
    EXPECT_FALSE(r.volume.has_value());
    EXPECT_FALSE(r.cancelled);
    EXPECT_NE(r.message.find("marrow_loader_bad.nii"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find('\n'), std::string::npos) << "one line";
}

TEST(VolumeLoader, AMissingPathSaysSo) {
    VolumeLoader loader;
    ASSERT_TRUE(loader.start("/nonexistent/marrow/ct.nii.gz"));
    const VolumeLoader::Result r = loader.wait();
    EXPECT_FALSE(r.volume.has_value());
    EXPECT_EQ(r.message, "/nonexistent/marrow/ct.nii.gz: no such file or folder");
}
