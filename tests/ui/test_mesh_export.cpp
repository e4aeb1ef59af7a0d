// The viewer's mesh export (ui/mesh_export.h) as the Export dialog's job runs it: the files
// equal `marrow mesh` for the same options, progress only goes forward, and a cancel at any
// point leaves no file (and an older file of the same name untouched).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <fstream>
#include <iterator>

#include "io/error.h"
#include "io/label_io.h"
#include "io/phantom.h"
#include "src/cli/commands.h"
#include "ui/edit_actions.h"
#include "ui/mesh_export.h"

using namespace marrow;
using namespace marrow::ui;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() : path(fs::temp_directory_path() / ("marrow_mesh_export_" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// The phantom's CT with its bone label map (label 1) loaded from a file, as in the viewer.
std::unique_ptr<Document> phantomDocument(const fs::path& dir) {
    Phantom ph = makePhantom({.size = 64});  // small: the cancel test exports many times
    LabeledVolume lv;
    lv.labels = ph.bones;
    lv.table.set(1, "bone", Rgb{241, 214, 145});
    const std::string labels = (dir / "bone_labels.nii.gz").string();
    writeLabelMap(labels, lv);
    auto doc = std::make_unique<Document>();
    doc->setImage(std::move(ph.ct), "phantom");
    doc->loadLabels(labels);
    return doc;
}

std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
    return out;
}

}  // namespace

TEST(MeshExport, EqualsTheCliMeshCommandForTheSameOptions) {
    TempDir t;
    auto doc = phantomDocument(t.path);
    MeshExportOptions o;
    o.folder = (t.path / "ui").string();
    o.stem = "phantom";
    o.post = {.smooth = 5, .decimate = 0.5};
    const auto report = exportSegmentMeshes(*doc, o);
    ASSERT_EQ(report.size(), 1u) << report.front();
    const fs::path ui = t.path / "ui" / "phantom_bone.stl";
    ASSERT_TRUE(fs::exists(ui)) << report.front();

    CLI::App app;
    cli::addAllCommands(app);
    const fs::path cliOut = t.path / "cli.stl";
    std::vector<std::string> args = {"marrow", "mesh", (t.path / "bone_labels.nii.gz").string(), "-o", cliOut.string(),
                                     "--label", "1", "--smooth", "5", "--decimate", "0.5"};
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    app.parse(int(argv.size()), argv.data());
    ASSERT_TRUE(fs::exists(cliOut));
    const std::string a = bytes(ui), b = bytes(cliOut);
    ASSERT_EQ(a.size(), b.size());
    // The 80-byte STL header names the mesh (segment name vs label); the triangles must match.
    EXPECT_TRUE(a.compare(80, std::string::npos, b, 80, std::string::npos) == 0);
}

TEST(MeshExport, ProgressIsMonotoneAndEndsAtOne) {
    TempDir t;
    auto doc = phantomDocument(t.path);
    MeshExportOptions o;
    o.folder = t.path.string();
    o.stem = "p";
    o.format = MeshFormat::Ply;
    std::vector<double> seen;
    exportSegmentMeshes(*doc, o, [&](double f, const std::string&) {
        seen.push_back(f);
        return true;
    });
    ASSERT_GE(seen.size(), 4u);
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]) << "step " << i;
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_TRUE(fs::exists(t.path / "p_bone.ply"));
}

TEST(MeshExport, CancelAtAnyStepLeavesNoFileAndTheOldTargetUntouched) {
    TempDir t;
    auto doc = phantomDocument(t.path);
    MeshExportOptions o;
    o.folder = (t.path / "out").string();
    o.stem = "p";
    fs::create_directories(o.folder);
    const fs::path old = fs::path(o.folder) / "p_bone.stl";
    std::ofstream(old) << "an older export";
    int calls = 0;
    exportSegmentMeshes(*doc, o, [&](double, const std::string&) { return ++calls, true; });
    ASSERT_GT(calls, 2);
    std::ofstream(old, std::ios::trunc) << "an older export";
    for (int stopAt = 1; stopAt <= calls - 1; ++stopAt) {
        int n = 0;
        EXPECT_THROW(exportSegmentMeshes(*doc, o, [&](double, const std::string&) { return ++n < stopAt; }), Cancelled)
            << "stop at call " << stopAt;
        const auto left = filesIn(o.folder);
        ASSERT_EQ(left.size(), 1u) << "stop at call " << stopAt << ": " << left.back();
        EXPECT_EQ(bytes(old), "an older export") << "stop at call " << stopAt;
    }
}

TEST(MeshExport, RunsOnTheBackgroundJobAndCancelRemovesEverything) {
    TempDir t;
    ViewerState s;
    s.doc = phantomDocument(t.path);
    s.source = "phantom";
    const std::string dir = (t.path / "job").string();
    // Cancelled before it starts meshing (the work waits for the cancel): the job's
    // ProgressFn then returns false at its first call.
    std::atomic<bool> gate{false};
    runEditJob(s, "Export meshes", [dir, &gate](Document& d, const ProgressFn& p) {
        while (!gate.load()) std::this_thread::yield();
        return exportSegmentsStl(d, dir, "p", p).front();
    });
    s.job.cancel();
    gate.store(true);
    const BackgroundJob::Outcome cancelled = s.job.wait();
    EXPECT_TRUE(cancelled.cancelled) << cancelled.message;
    EXPECT_TRUE(!fs::exists(dir) || fs::is_empty(dir));
    runEditJob(s, "Export meshes", [dir](Document& d, const ProgressFn& p) {
        return exportSegmentsStl(d, dir, "p", p).front();
    });
    const BackgroundJob::Outcome done = s.job.wait();
    EXPECT_TRUE(done.ok) << done.message;
    EXPECT_TRUE(fs::exists(fs::path(dir) / "p_bone.stl"));
}
