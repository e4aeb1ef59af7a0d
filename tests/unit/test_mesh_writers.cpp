#include <gtest/gtest.h>
#include <tiny_gltf.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/error.h"
#include "io/mesh_writers.h"
#include "seg/mesh/mesh_processing.h"
#include "seg/mesh/surface_extraction.h"
#include "tests/unit/mesh_test_shapes.h"

using namespace marrow;
namespace fs = std::filesystem;

namespace {

using Vec3f = std::array<float, 3>;

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("marrow_mesh_test_" + std::to_string(::getpid()) + "_" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string readAll(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

Mesh testMesh(const std::string& name, Vec3 centre, double radius) {
    ImageGeometry g({20, 20, 20}, {1, 1, 1}, centre - Vec3{9.5, 9.5, 9.5});
    Mesh m = extractSurface(test::sphereMask(g, centre, radius));
    m.name = name;
    return m;
}

Vec3f ras(const Vec3f& p) { return {-p[0], -p[1], p[2]}; }

// Minimal readers: just enough to check what the writers put in the files.
std::vector<std::array<Vec3f, 3>> readStl(const std::string& path, std::string& header) {
    const std::string s = readAll(path);
    header = s.substr(0, 80);
    uint32_t n;
    std::memcpy(&n, s.data() + 80, 4);
    EXPECT_EQ(s.size(), 84 + 50 * size_t(n));
    std::vector<std::array<Vec3f, 3>> tris(n);
    for (uint32_t t = 0; t < n; ++t) std::memcpy(tris[t].data(), s.data() + 84 + 50 * t + 12, 36);
    return tris;
}

}  // namespace

TEST(MeshWriters, StlRoundTripInLpsAndRas) {
    TempDir dir;
    const Mesh m = testMesh("liver", {10, -20, 30}, 5);
    for (MeshFrame frame : {MeshFrame::Lps, MeshFrame::Ras}) {
        const std::string path = dir.file(frame == MeshFrame::Lps ? "a.stl" : "b.STL");
        writeMeshes(path, std::span(&m, 1), {frame});
        EXPECT_EQ(fs::file_size(path), estimateMeshFileSize(std::span(&m, 1), MeshFormat::Stl));
        std::string header;
        const auto tris = readStl(path, header);
        ASSERT_EQ(tris.size(), m.triangles.size());
        EXPECT_NE(header.find(meshFrameName(frame)), std::string::npos);
        EXPECT_NE(header.find("liver"), std::string::npos);
        EXPECT_NE(header.rfind("solid", 0), 0u);  // a binary STL must not start with "solid"
        for (size_t t = 0; t < tris.size(); ++t)
            for (int c = 0; c < 3; ++c) {
                const Vec3f want = m.vertices[m.triangles[t][c]];
                ASSERT_EQ(tris[t][c], frame == MeshFrame::Lps ? want : ras(want));
            }
    }
    // No temporary file left behind.
    for (const auto& e : fs::directory_iterator(dir.path)) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos);
}

TEST(MeshWriters, PlyRoundTripWithColoursAndNormals) {
    TempDir dir;
    std::vector<Mesh> meshes{testMesh("a", {0, 0, 0}, 4), testMesh("b", {30, 0, 0}, 3)};
    meshes[1].color = {1.0f, 0.0f, 0.5f};
    for (auto& m : meshes) computeNormals(m);
    const std::string path = dir.file("x.ply");
    writeMeshes(path, meshes, {MeshFrame::Ras});
    EXPECT_EQ(fs::file_size(path), estimateMeshFileSize(meshes, MeshFormat::Ply, MeshFrame::Ras));
    const std::string s = readAll(path);
    const size_t end = s.find("end_header\n");
    ASSERT_NE(end, std::string::npos);
    const std::string header = s.substr(0, end);
    EXPECT_NE(header.find("format binary_little_endian 1.0"), std::string::npos);
    EXPECT_NE(header.find("comment coordinate system RAS"), std::string::npos);
    const size_t nv = meshes[0].vertices.size() + meshes[1].vertices.size();
    const size_t nt = meshes[0].triangles.size() + meshes[1].triangles.size();
    EXPECT_NE(header.find("element vertex " + std::to_string(nv) + "\n"), std::string::npos);
    const char* p = s.data() + end + 11;
    for (const Mesh& m : meshes) {
        for (size_t v = 0; v < m.vertices.size(); ++v, p += 27) {
            Vec3f pos, nrm;
            std::memcpy(pos.data(), p, 12);
            std::memcpy(nrm.data(), p + 12, 12);
            ASSERT_EQ(pos, ras(m.vertices[v]));
            ASSERT_EQ(nrm, ras(m.normals[v]));
            ASSERT_EQ(uint8_t(p[24]), uint8_t(std::lround(m.color[0] * 255)));
            ASSERT_EQ(uint8_t(p[26]), uint8_t(std::lround(m.color[2] * 255)));
        }
    }
    size_t base = 0;
    for (const Mesh& m : meshes) {
        for (const auto& t : m.triangles) {
            ASSERT_EQ(p[0], 3);
            int32_t idx[3];
            std::memcpy(idx, p + 1, 12);
            for (int c = 0; c < 3; ++c) ASSERT_EQ(size_t(idx[c]), t[c] + base);
            p += 13;
        }
        base += m.vertices.size();
    }
    EXPECT_EQ(p, s.data() + s.size());
    EXPECT_EQ(nt, meshes[0].triangles.size() + meshes[1].triangles.size());
}

TEST(MeshWriters, ObjRoundTripsExactFloatsAndWritesMaterials) {
    TempDir dir;
    std::vector<Mesh> meshes{testMesh("left kidney", {1.25, 2.5, -3}, 4), testMesh("spleen", {40, 1, 1}, 3)};
    meshes[0].color = {0.25f, 0.5f, 0.75f};
    const std::string path = dir.file("organs.obj");
    writeMeshes(path, meshes);
    std::istringstream in(readAll(path));
    std::vector<Vec3f> verts;
    std::vector<std::array<uint32_t, 3>> faces;
    std::vector<std::string> objects;
    std::string line, comment;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string tag;
        ls >> tag;
        if (tag == "v") {
            Vec3f v;
            ls >> v[0] >> v[1] >> v[2];
            verts.push_back(v);
        } else if (tag == "f") {
            std::array<uint32_t, 3> f;
            ls >> f[0] >> f[1] >> f[2];
            faces.push_back(f);
        } else if (tag == "o") {
            objects.push_back(line.substr(2));
        } else if (tag == "#") {
            comment += line;
        }
    }
    EXPECT_NE(comment.find("LPS"), std::string::npos);
    EXPECT_EQ(objects, (std::vector<std::string>{"left_kidney", "spleen"}));
    ASSERT_EQ(verts.size(), meshes[0].vertices.size() + meshes[1].vertices.size());
    for (size_t v = 0; v < meshes[0].vertices.size(); ++v) ASSERT_EQ(verts[v], meshes[0].vertices[v]);
    ASSERT_EQ(faces.size(), meshes[0].triangles.size() + meshes[1].triangles.size());
    const size_t off = meshes[0].triangles.size(), base = meshes[0].vertices.size();
    for (size_t t = 0; t < meshes[1].triangles.size(); ++t)
        for (int c = 0; c < 3; ++c) ASSERT_EQ(faces[off + t][c], meshes[1].triangles[t][c] + base + 1);
    const std::string mtl = readAll(dir.file("organs.mtl"));
    EXPECT_NE(mtl.find("newmtl left_kidney\nKd 0.2500 0.5000 0.7500"), std::string::npos);
    const double est = double(estimateMeshFileSize(meshes, MeshFormat::Obj));
    EXPECT_NEAR(est / double(fs::file_size(path)), 1.0, 0.05);
}

TEST(MeshWriters, GlbHasNamedNodesColoursAndFrame) {
    TempDir dir;
    std::vector<Mesh> meshes{testMesh("femur", {0, 0, 0}, 4), testMesh("pelvis", {20, 0, 0}, 5)};
    meshes[1].color = {0.8f, 0.1f, 0.2f};
    computeNormals(meshes[0]);
    const std::string path = dir.file("bones.glb");
    writeMeshes(path, meshes, {MeshFrame::Ras});
    tinygltf::Model model;
    tinygltf::TinyGLTF loader;
    std::string err, warn;
    ASSERT_TRUE(loader.LoadBinaryFromFile(&model, &err, &warn, path)) << err;
    ASSERT_EQ(model.nodes.size(), 2u);
    EXPECT_EQ(model.nodes[0].name, "femur");
    EXPECT_EQ(model.nodes[1].name, "pelvis");
    EXPECT_EQ(model.asset.extras.Get("coordinateSystem").Get<std::string>(), "RAS");
    EXPECT_EQ(model.asset.extras.Get("units").Get<std::string>(), "mm");
    const auto& prim = model.meshes[1].primitives[0];
    const auto& col = model.materials[prim.material].pbrMetallicRoughness.baseColorFactor;
    EXPECT_NEAR(col[0], 0.8, 1e-6);
    EXPECT_NEAR(col[2], 0.2, 1e-6);
    const auto& acc = model.accessors[prim.attributes.at("POSITION")];
    ASSERT_EQ(acc.count, meshes[1].vertices.size());
    const auto& view = model.bufferViews[acc.bufferView];
    Vec3f first;
    std::memcpy(first.data(), model.buffers[0].data.data() + view.byteOffset + acc.byteOffset, 12);
    EXPECT_EQ(first, ras(meshes[1].vertices[0]));
    EXPECT_EQ(model.accessors[prim.indices].count, 3 * meshes[1].triangles.size());
    EXPECT_EQ(model.meshes[0].primitives[0].attributes.count("NORMAL"), 1u);
    const double est = double(estimateMeshFileSize(meshes, MeshFormat::Glb));
    EXPECT_NEAR(est / double(fs::file_size(path)), 1.0, 0.1);
}

TEST(MeshWriters, BadPathsAndFormatsAreOneLineErrors) {
    TempDir dir;
    const Mesh m = testMesh("x", {0, 0, 0}, 3);
    EXPECT_THROW(meshFormatFromPath("out.vtk"), Error);
    EXPECT_THROW(writeMeshes(dir.file("out.xyz"), std::span(&m, 1)), Error);
    try {
        writeMeshes(dir.file("missing/dir/out.stl"), std::span(&m, 1));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("missing/dir/out.stl"), std::string::npos) << e.what();
    }
    Mesh broken = m;
    broken.triangles.push_back({0, 1, uint32_t(broken.vertices.size())});
    EXPECT_THROW(writeMeshes(dir.file("b.ply"), std::span(&broken, 1)), Error);
    EXPECT_FALSE(fs::exists(dir.file("b.ply")));
}
