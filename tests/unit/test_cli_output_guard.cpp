// src/cli/output_guard.h: an output that is an input by any spelling (path, "..",
// symlink, hard link, a file inside an input folder) is refused unless forced; two
// outputs that are one file are always refused; new files beside inputs are fine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "io/error.h"
#include "src/cli/output_guard.h"

namespace fs = std::filesystem;
using marrow::cli::checkOutputs;
using marrow::cli::sameFile;

namespace {
struct Folder {
    fs::path dir = fs::temp_directory_path() / ("marrow_guard_" + std::to_string(std::random_device{}()));
    Folder() {
        fs::create_directories(dir / "sub");
        fs::create_directories(dir / "dicom");
        std::ofstream(dir / "CT.nii") << "ct";
        std::ofstream(dir / "dicom" / "IM0001") << "slice";
    }
    ~Folder() { fs::remove_all(dir); }
    std::string operator()(const std::string& rel) const { return (dir / rel).string(); }
};

std::string refusal(const std::vector<marrow::cli::NamedPath>& in, const std::vector<marrow::cli::NamedPath>& out,
                    bool force = false) {
    try {
        checkOutputs(in, out, force);
    } catch (const marrow::Error& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(OutputGuard, SameFileBySpellingLinkAndInode) {
    Folder f;
    fs::create_symlink(f("CT.nii"), f("link.nii"));
    fs::create_hard_link(f("CT.nii"), f("hard.nii"));
    EXPECT_TRUE(sameFile(f("CT.nii"), f("CT.nii")));
    EXPECT_TRUE(sameFile(f("CT.nii"), f("sub/../CT.nii")));
    EXPECT_TRUE(sameFile(f("CT.nii"), f("./CT.nii")));
    EXPECT_TRUE(sameFile(f("link.nii"), f("CT.nii")));
    EXPECT_TRUE(sameFile(f("hard.nii"), f("CT.nii")));
    EXPECT_TRUE(sameFile(f("new.nii"), f("sub/../new.nii")));  // neither exists: by path
    EXPECT_FALSE(sameFile(f("CT.nii"), f("CT.nii.gz")));
    EXPECT_FALSE(sameFile(f("CT.nii"), ""));
    EXPECT_FALSE(sameFile("phantom", "phantom"));
}

TEST(OutputGuard, OutputThatIsAnInputIsRefusedUnlessForced) {
    Folder f;
    fs::create_hard_link(f("CT.nii"), f("hard.nii"));
    const std::string msg = refusal({{f("CT.nii"), "input"}}, {{f("hard.nii"), "-o output"}});
    EXPECT_EQ(msg, f("hard.nii") + ": is the input file " + f("CT.nii") + "; refusing to overwrite it (use --force)");
    EXPECT_EQ(refusal({{f("CT.nii"), "input"}}, {{f("hard.nii"), "-o output"}}, true), "");
    EXPECT_EQ(refusal({{f("CT.nii"), "input"}}, {{f("labels.nii"), "-o output"}}), "");
    EXPECT_EQ(refusal({{"phantom", "input"}}, {{f("phantom"), "-o output"}}), "");
}

TEST(OutputGuard, ExistingFileInsideAnInputFolderIsAnInputNewFileIsNot) {
    Folder f;
    EXPECT_NE(refusal({{f("dicom"), "input"}}, {{f("sub/../dicom/IM0001"), "output"}}), "");
    EXPECT_EQ(refusal({{f("dicom"), "input"}}, {{f("dicom/labels.nii.gz"), "output"}}), "");
    EXPECT_NE(refusal({{f("dicom") + "/", "input"}}, {{f("dicom"), "output"}}), "");
}

TEST(OutputGuard, TwoOutputsThatAreOneFileAreRefusedEvenWithForce) {
    Folder f;
    const std::string msg = refusal({}, {{f("a.stl"), "-o output"}, {f("sub/../a.stl"), "--stl output"}}, true);
    EXPECT_EQ(msg, f("sub/../a.stl") + ": is also the -o output (" + f("a.stl") + "); two outputs cannot be one file");
    EXPECT_EQ(refusal({}, {{f("a.nii"), "-o output"}, {"", "--stl output"}, {f("a.tsv"), "names"}}), "");
}
