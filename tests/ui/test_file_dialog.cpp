// The file dialog's rules (ui/file_dialog_model.h) and the default output folder
// (io/output_guard.h defaultOutputFolder): titles by purpose, type filters, recent folders,
// Save-as targets never an input (the CLI's rule) and confirmed before an overwrite, and
// outputs beside the data but never inside a DICOM folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "io/output_guard.h"
#include "ui/edit_actions.h"
#include "ui/file_dialog_model.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

struct Tree {
    fs::path root = fs::temp_directory_path() /
                    (std::string("marrow_file_dialog_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::path dicom = root / "patient" / "CT_series";
    fs::path nifti = root / "nifti" / "ct.nii.gz";
    Tree() {
        fs::remove_all(root);
        fs::create_directories(dicom);
        fs::create_directories(nifti.parent_path());
        for (const char* f : {"IM0001.dcm", "IM0002.dcm"}) std::ofstream(dicom / f) << "slice";
        std::ofstream(nifti) << "image";
    }
    ~Tree() { fs::remove_all(root); }
};

std::string resolvedPath(const fs::path& p) { return fs::weakly_canonical(p).string(); }

}  // namespace

TEST(FileDialog, EachPurposeHasItsOwnTitle) {
    EXPECT_STREQ(purposeTitle(FilePurpose::OpenImage), "Open CT");
    EXPECT_STREQ(purposeTitle(FilePurpose::LoadLabels), "Load labels");
    EXPECT_STREQ(purposeTitle(FilePurpose::SaveLabelsAs), "Save labels as");
    std::set<std::string> titles;
    for (auto p : {FilePurpose::OpenImage, FilePurpose::LoadLabels, FilePurpose::SaveLabelsAs, FilePurpose::ExportFolder,
                   FilePurpose::CompareAgainst})
        titles.insert(purposeTitle(p));
    EXPECT_EQ(titles.size(), 5u);
    EXPECT_TRUE(purposeSaves(FilePurpose::SaveLabelsAs));
    EXPECT_FALSE(purposeSaves(FilePurpose::LoadLabels));
    EXPECT_TRUE(purposeChoosesFolder(FilePurpose::ExportFolder));
}

TEST(FileDialog, TypeFiltersShowOnlyTheirFilesAndAllFilesShowsEverything) {
    const auto ct = purposeFilters(FilePurpose::OpenImage);
    ASSERT_GE(ct.size(), 2u);
    EXPECT_TRUE(matchesFilter("CT.NII.GZ", ct[0]));
    EXPECT_TRUE(matchesFilter("IM0001.dcm", ct[0]));
    EXPECT_FALSE(matchesFilter("notes.txt", ct[0]));
    EXPECT_FALSE(matchesFilter("skull.stl", ct[0]));
    EXPECT_TRUE(matchesFilter("notes.txt", ct.back()));
    const auto labels = purposeFilters(FilePurpose::LoadLabels);
    EXPECT_TRUE(matchesFilter("seg.seg.nrrd", labels[0]));
    EXPECT_FALSE(matchesFilter("IM0001.dcm", labels[0]));
    const auto meshes = purposeFilters(FilePurpose::ExportFolder);
    EXPECT_TRUE(matchesFilter("skull.STL", meshes[0]));
    EXPECT_TRUE(matchesFilter("skull.glb", meshes[0]));
    EXPECT_FALSE(matchesFilter("ct.nii", meshes[0]));
}

TEST(FileDialog, RecentFoldersAreTheFoldersOfRecentPathsOnceEachNewestFirst) {
    Tree t;
    const auto folders = recentFolders({t.nifti.string(), t.dicom.string(), (t.nifti.parent_path() / "other.nii").string(),
                                        (t.root / "gone" / "x.nii").string()});
    ASSERT_EQ(folders.size(), 2u);
    EXPECT_EQ(resolvedPath(folders[0]), resolvedPath(t.nifti.parent_path()));
    EXPECT_EQ(resolvedPath(folders[1]), resolvedPath(t.dicom));
    EXPECT_EQ(resolvedPath(startFolder("", {t.dicom.string()})), resolvedPath(t.dicom));
    EXPECT_EQ(resolvedPath(startFolder(t.nifti.string(), {t.dicom.string()})), resolvedPath(t.nifti.parent_path()));
}

TEST(FileDialog, SaveAsRefusesInputsAsksBeforeOverwritingAndAcceptsNewFiles) {
    Tree t;
    const std::vector<std::string> inputs = {t.dicom.string(), t.nifti.string()};
    EXPECT_NE(checkSaveTarget(t.nifti.string(), inputs).error.find("is the input file"), std::string::npos);
    // A slice of the DICOM input folder, by another spelling.
    const std::string slice = (t.dicom / ".." / "CT_series" / "IM0001.dcm").string();
    EXPECT_NE(checkSaveTarget(slice, inputs).error.find("inside the input folder"), std::string::npos);
    const SaveTargetCheck fresh = checkSaveTarget((t.root / "nifti" / "ct_labels.nii.gz").string(), inputs);
    EXPECT_EQ(fresh.error, "");
    EXPECT_FALSE(fresh.exists);
    std::ofstream(t.root / "nifti" / "old_labels.nii.gz") << "labels";
    const SaveTargetCheck old = checkSaveTarget((t.root / "nifti" / "old_labels.nii.gz").string(), inputs);
    EXPECT_EQ(old.error, "");
    EXPECT_TRUE(old.exists);  // the dialog asks "Replace it?"
    EXPECT_NE(checkSaveTarget((t.root / "nowhere" / "l.nii.gz").string(), inputs).error.find("no such folder"),
              std::string::npos);
    EXPECT_NE(checkSaveTarget(t.dicom.string(), inputs).error.find("is a folder"), std::string::npos);
}

TEST(FileDialog, OutputsGoBesideTheDataButNeverInsideADicomFolder) {
    Tree t;
    EXPECT_EQ(resolvedPath(defaultOutputFolder(t.dicom.string())), resolvedPath(t.dicom.parent_path()));
    EXPECT_EQ(resolvedPath(defaultOutputFolder(t.dicom.string() + "/")), resolvedPath(t.dicom.parent_path()));
    EXPECT_EQ(resolvedPath(defaultOutputFolder((t.dicom / "IM0001.dcm").string())), resolvedPath(t.dicom.parent_path()));
    EXPECT_EQ(resolvedPath(defaultOutputFolder(t.nifti.string())), resolvedPath(t.nifti.parent_path()));
    // The viewer's proposed labels file and export folder follow the same rule.
    EXPECT_EQ(resolvedPath(fs::path(defaultLabelsPath(t.dicom.string())).parent_path()), resolvedPath(t.dicom.parent_path()));
    EXPECT_EQ(resolvedPath(defaultExportDir((t.dicom / "IM0002.dcm").string())), resolvedPath(t.dicom.parent_path()));
}

TEST(FileDialog, ALinkedInputKeepsItsOutputsBesideTheLinkNotItsTarget) {
    Tree t;
    fs::create_directories(t.root / "mine");
    fs::create_symlink(t.nifti, t.root / "mine" / "ct.nii.gz");
    EXPECT_EQ(defaultOutputFolder((t.root / "mine" / "ct.nii.gz").string()), (t.root / "mine").string());
}

TEST(FileDialog, AReadOnlyDataFolderGivesTheHomeFolderEvenForRoot) {
    Tree t;
    fs::permissions(t.nifti.parent_path(), fs::perms::owner_read | fs::perms::owner_exec);
    const char* home = std::getenv("HOME");
    ASSERT_TRUE(home && *home);
    EXPECT_FALSE(isWritableFolder(t.nifti.parent_path().string()));
    EXPECT_EQ(defaultOutputFolder(t.nifti.string()), std::string(home));
    fs::permissions(t.nifti.parent_path(), fs::perms::owner_all);
}

TEST(FileDialog, AFolderThatCannotBeWrittenGivesTheHomeFolder) {
    Tree t;
    const char* home = std::getenv("HOME");
    ASSERT_TRUE(home && *home);
    // A source on a folder that is gone (a read-only medium looks the same to the rule:
    // isWritableFolder false).
    EXPECT_EQ(defaultOutputFolder((t.root / "unmounted" / "ct.nii.gz").string()), std::string(home));
    EXPECT_FALSE(isWritableFolder((t.root / "unmounted").string()));
    EXPECT_TRUE(isWritableFolder(t.root.string()));
}
