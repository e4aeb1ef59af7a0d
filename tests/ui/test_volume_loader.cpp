// VolumeLoader: a load runs on the worker and its volume comes back once; a bad path gives
// the loader's one-line error naming the file and no volume.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <unistd.h>

#include "io/dicom_writer.h"
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

namespace {
// A folder holding two DICOM series of one grid with different descriptions.
std::string twoSeriesFolder() {
    const auto dir = std::filesystem::temp_directory_path() / ("marrow_two_series_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    Volume v(ImageGeometry({6, 5, 4}, {1, 1, 2}), ScalarType::Int16);
    for (const char* name : {"Head 1.0 H60s (bone)", "Head 1.0 H30s (standard)"}) {
        DicomWriteOptions o;
        o.description = name;
        o.seriesUid = std::string("1.2.826.0.1.3680043.8.498.") + (name[10] == '6' ? "1" : "2");
        o.filePrefix = name[10] == '6' ? "bone" : "std";
        writeDicomSeries(v, dir.string(), o);
    }
    return dir.string();
}
}  // namespace

TEST(VolumeLoader, AFolderOfSeveralSeriesAsksWhichAndLoadsTheChosenOne) {
    const std::string dir = twoSeriesFolder();
    VolumeLoader loader;
    ASSERT_TRUE(loader.start(dir));
    VolumeLoader::Result r = loader.wait();
    EXPECT_FALSE(r.volume.has_value()) << "nothing loads before the user chooses";
    ASSERT_EQ(r.series.size(), 2u) << r.message;
    ASSERT_EQ(r.thumbnails.size(), 2u);  // each series' middle slice, decoded on the worker
    EXPECT_EQ(r.thumbnails[0].width, 6);
    EXPECT_EQ(r.thumbnails[0].height, 5);
    const auto second = std::find_if(r.series.begin(), r.series.end(),
                                     [](const DicomSeriesInfo& s) { return s.description.find("standard") != std::string::npos; });
    ASSERT_NE(second, r.series.end());
    EXPECT_EQ(second->slices, 4);
    EXPECT_EQ(second->pixelSpacing[0], 1.0);
    ASSERT_TRUE(loader.start(dir, int(second - r.series.begin())));
    r = loader.wait();
    ASSERT_TRUE(r.volume.has_value()) << r.message;
    EXPECT_EQ(r.volume->meta.at("description"), "Head 1.0 H30s (standard)");
    if (!getenv("KEEP")) std::filesystem::remove_all(dir);
}

TEST(VolumeLoader, ThumbnailsAreDownsampledAndWindowedByModality) {
    Volume slice(ImageGeometry({300, 150, 1}, {1, 1, 1}), ScalarType::Int16);
    slice.meta["modality"] = "CT";
    for (int i = 0; i < 300; ++i)
        for (int j = 0; j < 150; ++j) slice.data<int16_t>()[slice.geometry().linearIndex(i, j, 0)] = i < 150 ? -1000 : 1000;
    const auto t = VolumeLoader::thumbnailOf(slice, 96);
    EXPECT_EQ(t.width, 75);  // step 4: 300 / 4
    EXPECT_EQ(t.height, 38);
    ASSERT_EQ(t.grey.size(), size_t(75 * 38));
    EXPECT_EQ(t.grey[0], 0);     // air below the soft-tissue window
    EXPECT_EQ(t.grey[74], 255);  // bone above it
}
