// io/atomic_file.h: temporary files are recognisable, and the next write into a folder
// removes those of killed writers (dead pid on this host, or untouched for an hour) but
// never a live writer's, nor any other file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/platform_process.h"

namespace fs = std::filesystem;
using namespace marrow;

namespace {
fs::path freshFolder() {
    const fs::path p = fs::temp_directory_path() / ("marrow_atomic_" + std::to_string(currentProcessId()) + "_" +
                                                    std::to_string(std::random_device{}()));
    fs::create_directories(p);
    return p;
}

fs::path touch(const fs::path& p, std::chrono::hours age = std::chrono::hours(0)) {
    std::ofstream(p) << "partial";
    fs::last_write_time(p, fs::file_time_type::clock::now() - age);
    return p;
}

std::string tempName(const std::string& host, long pid, const std::string& file) {
    return ".marrow-tmp-" + host + "-" + std::to_string(pid) + "-0123abcd-" + file;
}

constexpr long kDeadPid = 2147483000;  // above any pid_max: no such process
}  // namespace

TEST(AtomicFile, TempFileIsHiddenRecognisableInTheSameFolderAndKeepsTheExtension) {
    const fs::path dir = freshFolder();
    std::string seen;
    writeFileAtomically((dir / "labels.nii.gz").string(), [&](const std::string& tmp) {
        seen = tmp;
        touch(tmp);
    });
    const fs::path tmp(seen);
    EXPECT_EQ(tmp.parent_path(), dir);
    EXPECT_TRUE(isAtomicTempName(tmp.filename().string())) << seen;
    EXPECT_EQ(tmp.filename().string().front(), '.');
    EXPECT_NE(tmp.filename().string().find("-" + std::to_string(currentProcessId()) + "-"), std::string::npos);
    EXPECT_TRUE(seen.ends_with("labels.nii.gz"));
    EXPECT_FALSE(fs::exists(tmp));
    EXPECT_TRUE(fs::exists(dir / "labels.nii.gz"));
    fs::remove_all(dir);
}

TEST(AtomicFile, FailedWriteLeavesNoTempFile) {
    const fs::path dir = freshFolder();
    EXPECT_THROW(writeFileAtomically((dir / "a.bin").string(),
                                     [&](const std::string& tmp) {
                                         touch(tmp);
                                         throw std::runtime_error("disk full");
                                     }),
                 std::runtime_error);
    EXPECT_TRUE(fs::is_empty(dir));
    fs::remove_all(dir);
}

TEST(AtomicFile, NextWriteRemovesStaleTempFilesOnlyAndKeepsLiveWritersFiles) {
    const fs::path dir = freshFolder();
    const std::string host = hostTag(), otherHost = host == "00000000" ? "11111111" : "00000000";
    const fs::path deadHere = touch(dir / tempName(host, kDeadPid, "CT.nii.gz"));
    const fs::path liveHere = touch(dir / tempName(host, currentProcessId(), "CT.nii.gz"));
    const fs::path otherRecent = touch(dir / tempName(otherHost, kDeadPid, "x.nii"));
    const fs::path otherOld = touch(dir / tempName(otherHost, 123, "x.nii"), std::chrono::hours(2));
    const fs::path unrelated = touch(dir / ".CT.nii.gz.tmp-12345");       // not ours: never touched
    const fs::path lookalike = touch(dir / ".marrow-tmp-zz-1-2-CT.nii"); // not the pattern
    const fs::path user = touch(dir / "CT.nii.gz", std::chrono::hours(5));
    ASSERT_FALSE(processIsAlive(kDeadPid));
    ASSERT_TRUE(processIsAlive(currentProcessId()));

    writeFileAtomically((dir / "out.bin").string(), [](const std::string& tmp) { touch(tmp); });

    EXPECT_FALSE(fs::exists(deadHere)) << "a dead writer's file on this host stays";
    EXPECT_FALSE(fs::exists(otherOld)) << "an abandoned file (2 h untouched) stays";
    EXPECT_TRUE(fs::exists(liveHere)) << "a live writer's file was removed";
    EXPECT_TRUE(fs::exists(otherRecent)) << "another host's recent file was removed (its pid means nothing here)";
    EXPECT_TRUE(fs::exists(unrelated));
    EXPECT_TRUE(fs::exists(lookalike));
    EXPECT_TRUE(fs::exists(user));
    EXPECT_TRUE(fs::exists(dir / "out.bin"));
    fs::remove_all(dir);
}

TEST(AtomicFile, RemoveStaleTempFilesCountsAndNeverThrows) {
    const fs::path dir = freshFolder();
    touch(dir / tempName(hostTag(), kDeadPid, "a.stl"));
    touch(dir / tempName(hostTag(), kDeadPid, "b.stl"));
    EXPECT_EQ(removeStaleTempFiles(dir.string()), 2u);
    EXPECT_EQ(removeStaleTempFiles(dir.string()), 0u);
    EXPECT_EQ(removeStaleTempFiles((dir / "missing").string()), 0u);
    fs::remove_all(dir);
}

// The temp file got default permissions and was renamed over the target, so a private
// (0600) label file became world-readable after a save.
TEST(AtomicFile, ReplacedFileKeepsItsPermissions) {
    const fs::path dir = freshFolder();
    const fs::path target = dir / "labels.nii";
    touch(target.string());
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    writeFileAtomically(target.string(), [&](const std::string& tmp) { touch(tmp); });
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    fs::remove_all(dir);
}
