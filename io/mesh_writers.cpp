// Mesh writers. Binary formats are laid out in one memory buffer, filled in parallel at
// precomputed offsets (each triangle or vertex has a fixed size), then written with a
// single fwrite into the temporary file that writeFileAtomically renames into place.
// OBJ is formatted in parallel chunks with std::to_chars (shortest round-trip floats).
#include "io/mesh_writers.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tiny_gltf.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "io/atomic_file.h"
#include "io/error.h"

namespace marrow {
namespace {

using Vec3f = std::array<float, 3>;

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

Vec3f toFrame(const Vec3f& p, MeshFrame frame) {
    return frame == MeshFrame::Ras ? Vec3f{-p[0], -p[1], p[2]} : p;
}

Vec3f faceNormal(const Vec3f& a, const Vec3f& b, const Vec3f& c) {
    const float u[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    const float v[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    Vec3f n{u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    const float len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len > 0)
        for (float& x : n) x /= len;
    return n;
}

void checkMesh(const std::string& path, const Mesh& m) {
    const size_t nv = m.vertices.size();
    for (const auto& t : m.triangles)
        if (t[0] >= nv || t[1] >= nv || t[2] >= nv)
            throw Error(path, "mesh '" + m.name + "' has a triangle that refers to a missing vertex");
    if (!m.normals.empty() && m.normals.size() != nv)
        throw Error(path, "mesh '" + m.name + "' has a normal count that differs from its vertex count");
}

// Writes bytes to a file with one fwrite; Error on any failure (full disk...).
void writeBytes(const std::string& tmpPath, const std::string& path, const void* data, size_t size) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(tmpPath.c_str(), "wb"), &std::fclose);
    if (!f) throw Error(path, std::string("cannot create the file: ") + std::strerror(errno));
    if (size && std::fwrite(data, 1, size, f.get()) != size)
        throw Error(path, std::string("write failed: ") + std::strerror(errno));
    if (std::fclose(f.release()) != 0) throw Error(path, std::string("write failed: ") + std::strerror(errno));
}

template <class T> void put(std::byte*& p, const T& v) {
    std::memcpy(p, &v, sizeof(T));  // little-endian host (x86-64/aarch64)
    p += sizeof(T);
}

size_t totalTriangles(std::span<const Mesh> meshes) {
    size_t n = 0;
    for (const auto& m : meshes) n += m.triangles.size();
    return n;
}
size_t totalVertices(std::span<const Mesh> meshes) {
    size_t n = 0;
    for (const auto& m : meshes) n += m.vertices.size();
    return n;
}
bool allHaveNormals(std::span<const Mesh> meshes) {
    return std::all_of(meshes.begin(), meshes.end(), [](const Mesh& m) { return !m.normals.empty() || m.vertices.empty(); });
}

std::string describeFrame(MeshFrame frame) {
    return frame == MeshFrame::Lps ? "LPS (x to patient left, y posterior, z superior), millimetres"
                                   : "RAS (x to patient right, y anterior, z superior), millimetres";
}

// ---- STL: 80-byte header, uint32 count, 50 bytes per triangle ----
// Written in 8 MB blocks (filled in parallel, then fwrite) so a 100 MB file needs no
// 100 MB buffer and the page cache copy overlaps nothing else.
void writeStl(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& o) {
    const size_t tris = totalTriangles(meshes);
    if (tris > UINT32_MAX) throw Error(path, "too many triangles for STL");
    std::array<char, 84> head{};
    std::string header = std::string("marrow STL, frame ") + meshFrameName(o.frame) + ", units mm";
    if (meshes.size() == 1 && !meshes[0].name.empty()) header += ", " + meshes[0].name;
    std::memcpy(head.data(), header.data(), std::min<size_t>(header.size(), 80));
    const uint32_t count = uint32_t(tris);
    std::memcpy(head.data() + 80, &count, 4);
    constexpr size_t kBlock = 160 * 1024;  // triangles per block (8 MB)
    std::unique_ptr<std::byte[]> block(new std::byte[kBlock * 50]);
    writeFileAtomically(path, [&](const std::string& tmp) {
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(tmp.c_str(), "wb"), &std::fclose);
        if (!f) throw Error(path, std::string("cannot create the file: ") + std::strerror(errno));
        auto emit = [&](const void* data, size_t n) {
            if (n && std::fwrite(data, 1, n, f.get()) != n) throw Error(path, std::string("write failed: ") + std::strerror(errno));
        };
        emit(head.data(), head.size());
        for (const Mesh& m : meshes)
            for (size_t b0 = 0; b0 < m.triangles.size(); b0 += kBlock) {
                const size_t b1 = std::min(m.triangles.size(), b0 + kBlock);
                tbb::parallel_for(tbb::blocked_range<size_t>(b0, b1, 8192), [&](const tbb::blocked_range<size_t>& r) {
                    std::byte* p = block.get() + 50 * (r.begin() - b0);
                    for (size_t n = r.begin(); n != r.end(); ++n) {
                        const auto& t = m.triangles[n];
                        const Vec3f a = toFrame(m.vertices[t[0]], o.frame), b = toFrame(m.vertices[t[1]], o.frame),
                                    c = toFrame(m.vertices[t[2]], o.frame);
                        put(p, faceNormal(a, b, c));
                        put(p, a);
                        put(p, b);
                        put(p, c);
                        put(p, uint16_t(0));
                    }
                });
                emit(block.get(), 50 * (b1 - b0));
            }
        if (std::fclose(f.release()) != 0) throw Error(path, std::string("write failed: ") + std::strerror(errno));
    });
}

// ---- PLY: binary little-endian, one vertex list with colours, one face list ----
std::string plyHeader(std::span<const Mesh> meshes, MeshFrame frame) {
    std::string h = "ply\nformat binary_little_endian 1.0\ncomment marrow mesh export\n";
    h += "comment coordinate system " + describeFrame(frame) + "\n";
    for (size_t n = 0; n < meshes.size(); ++n) {
        char line[256];
        std::snprintf(line, sizeof line, "comment segment %zu: %s, colour %.3f %.3f %.3f, %zu vertices\n", n,
                      meshes[n].name.empty() ? "(unnamed)" : meshes[n].name.c_str(), meshes[n].color[0],
                      meshes[n].color[1], meshes[n].color[2], meshes[n].vertices.size());
        h += line;
    }
    h += "element vertex " + std::to_string(totalVertices(meshes)) + "\nproperty float x\nproperty float y\nproperty float z\n";
    if (allHaveNormals(meshes)) h += "property float nx\nproperty float ny\nproperty float nz\n";
    h += "property uchar red\nproperty uchar green\nproperty uchar blue\n";
    h += "element face " + std::to_string(totalTriangles(meshes)) + "\nproperty list uchar int vertex_indices\nend_header\n";
    return h;
}

void writePly(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& o) {
    const std::string header = plyHeader(meshes, o.frame);
    const bool normals = allHaveNormals(meshes);
    const size_t vsize = (normals ? 24 : 12) + 3;
    const size_t nv = totalVertices(meshes), nt = totalTriangles(meshes);
    if (nv > size_t(INT32_MAX)) throw Error(path, "too many vertices for PLY int indices");
    std::vector<std::byte> buf(header.size() + vsize * nv + 13 * nt);
    std::memcpy(buf.data(), header.data(), header.size());
    std::byte* vbase = buf.data() + header.size();
    std::byte* fbase = vbase + vsize * nv;
    size_t v0 = 0, t0 = 0;
    for (const Mesh& m : meshes) {
        uint8_t rgb[3];
        for (int c = 0; c < 3; ++c) rgb[c] = uint8_t(std::lround(std::clamp(m.color[c], 0.f, 1.f) * 255));
        tbb::parallel_for(tbb::blocked_range<size_t>(0, m.vertices.size(), 16384), [&](const tbb::blocked_range<size_t>& r) {
            std::byte* p = vbase + vsize * (v0 + r.begin());
            for (size_t n = r.begin(); n != r.end(); ++n) {
                put(p, toFrame(m.vertices[n], o.frame));
                if (normals) put(p, toFrame(m.normals[n], o.frame));
                put(p, rgb);
            }
        });
        tbb::parallel_for(tbb::blocked_range<size_t>(0, m.triangles.size(), 16384), [&](const tbb::blocked_range<size_t>& r) {
            std::byte* p = fbase + 13 * (t0 + r.begin());
            for (size_t n = r.begin(); n != r.end(); ++n) {
                put(p, uint8_t(3));
                for (uint32_t v : m.triangles[n]) put(p, int32_t(v + v0));
            }
        });
        v0 += m.vertices.size();
        t0 += m.triangles.size();
    }
    writeFileAtomically(path, [&](const std::string& tmp) { writeBytes(tmp, path, buf.data(), buf.size()); });
}

// ---- OBJ (+ MTL) ----
void appendFloat(std::string& s, float v) {
    char tmp[32];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    s.append(tmp, r.ptr);
}

template <class Fn>
std::string formatChunks(size_t count, Fn&& line) {
    const size_t chunk = 65536, chunks = (count + chunk - 1) / chunk;
    std::vector<std::string> parts(chunks);
    tbb::parallel_for(size_t(0), chunks, [&](size_t c) {
        std::string& s = parts[c];
        s.reserve(chunk * 40);
        for (size_t n = c * chunk; n < std::min(count, (c + 1) * chunk); ++n) line(s, n);
    });
    std::string all;
    size_t total = 0;
    for (auto& p : parts) total += p.size();
    all.reserve(total);
    for (auto& p : parts) all += p;
    return all;
}

std::string objName(const Mesh& m, size_t n) {
    std::string s = m.name.empty() ? "segment_" + std::to_string(n) : m.name;
    std::replace_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }, '_');
    return s;
}

// OBJ lines of one mesh; `base` is the 1-based index of its first vertex in the file.
struct ObjLines {
    const Mesh& m;
    MeshFrame frame;
    size_t base;
    void vertex(std::string& s, size_t v) const { xyz(s, "v", toFrame(m.vertices[v], frame)); }
    void normal(std::string& s, size_t v) const { xyz(s, "vn", toFrame(m.normals[v], frame)); }
    void face(std::string& s, size_t t) const {
        s += 'f';
        for (uint32_t v : m.triangles[t]) {
            char tmp[24];
            const auto r = std::to_chars(tmp, tmp + sizeof tmp, v + base);
            const std::string_view idx(tmp, size_t(r.ptr - tmp));
            s += ' ';
            s += idx;
            if (!m.normals.empty()) s += "//", s += idx;
        }
        s += '\n';
    }
    static void xyz(std::string& s, const char* tag, const Vec3f& p) {
        s += tag;
        for (float x : p) s += ' ', appendFloat(s, x);
        s += '\n';
    }
};

std::string objHeader(const std::string& mtlName, MeshFrame frame) {
    return "# marrow mesh export\n# coordinate system " + describeFrame(frame) + "\nmtllib " + mtlName + "\n";
}
std::string objObjectHeader(const std::string& name) { return "o " + name + "\nusemtl " + name + "\n"; }

void writeObj(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& o) {
    const std::filesystem::path mtlPath = std::filesystem::path(path).replace_extension(".mtl");
    std::string mtl = "# marrow materials for " + std::filesystem::path(path).filename().string() + "\n";
    std::string obj = objHeader(mtlPath.filename().string(), o.frame);
    size_t base = 1;  // OBJ indices are 1-based and global across objects
    for (size_t n = 0; n < meshes.size(); ++n) {
        const Mesh& m = meshes[n];
        const std::string name = objName(m, n);
        char kd[128];
        std::snprintf(kd, sizeof kd, "Kd %.4f %.4f %.4f\n", m.color[0], m.color[1], m.color[2]);
        mtl += "newmtl " + name + "\n" + kd;
        obj += objObjectHeader(name);
        const ObjLines lines{m, o.frame, base};
        obj += formatChunks(m.vertices.size(), [&](std::string& s, size_t v) { lines.vertex(s, v); });
        obj += formatChunks(m.normals.size(), [&](std::string& s, size_t v) { lines.normal(s, v); });
        obj += formatChunks(m.triangles.size(), [&](std::string& s, size_t t) { lines.face(s, t); });
        base += m.vertices.size();
    }
    writeFileAtomically(mtlPath.string(), [&](const std::string& tmp) { writeBytes(tmp, mtlPath.string(), mtl.data(), mtl.size()); });
    writeFileAtomically(path, [&](const std::string& tmp) { writeBytes(tmp, path, obj.data(), obj.size()); });
}

// Formats an evenly spread sample of up to 1024 lines and scales up.
template <class Fn>
uint64_t sampledSize(size_t count, Fn&& line) {
    if (count == 0) return 0;
    const size_t step = std::max<size_t>(1, count / 1024);
    std::string s;
    size_t n = 0;
    for (size_t i = 0; i < count; i += step, ++n) line(s, i);
    return uint64_t(double(s.size()) / double(n) * double(count) + 0.5);
}

uint64_t estimateObjSize(std::span<const Mesh> meshes, MeshFrame frame) {
    uint64_t size = objHeader("x.mtl", frame).size();
    size_t base = 1;
    for (size_t n = 0; n < meshes.size(); ++n) {
        const ObjLines lines{meshes[n], frame, base};
        size += objObjectHeader(objName(meshes[n], n)).size();
        size += sampledSize(meshes[n].vertices.size(), [&](std::string& s, size_t v) { lines.vertex(s, v); });
        size += sampledSize(meshes[n].normals.size(), [&](std::string& s, size_t v) { lines.normal(s, v); });
        size += sampledSize(meshes[n].triangles.size(), [&](std::string& s, size_t t) { lines.face(s, t); });
        base += meshes[n].vertices.size();
    }
    return size;
}

// ---- glTF / GLB via tinygltf ----
int addView(tinygltf::Model& model, std::vector<unsigned char>& bin, const void* data, size_t bytes, int target) {
    tinygltf::BufferView view;
    view.buffer = 0;
    view.byteOffset = bin.size();
    view.byteLength = bytes;
    view.target = target;
    const auto* b = static_cast<const unsigned char*>(data);
    bin.insert(bin.end(), b, b + bytes);
    model.bufferViews.push_back(view);
    return int(model.bufferViews.size()) - 1;
}

int addAccessor(tinygltf::Model& model, int view, int componentType, size_t count, int type) {
    tinygltf::Accessor a;
    a.bufferView = view;
    a.componentType = componentType;
    a.count = count;
    a.type = type;
    model.accessors.push_back(a);
    return int(model.accessors.size()) - 1;
}

tinygltf::Model buildGltf(std::span<const Mesh> meshes, const MeshWriteOptions& o) {
    tinygltf::Model model;
    model.asset.version = "2.0";
    model.asset.generator = "marrow";
    tinygltf::Value::Object extras;
    extras["coordinateSystem"] = tinygltf::Value(std::string(meshFrameName(o.frame)));
    extras["units"] = tinygltf::Value(std::string("mm"));
    model.asset.extras = tinygltf::Value(extras);
    model.buffers.resize(1);
    auto& bin = model.buffers[0].data;
    tinygltf::Scene scene;
    for (size_t n = 0; n < meshes.size(); ++n) {
        const Mesh& m = meshes[n];
        if (m.triangles.empty()) continue;
        std::vector<Vec3f> pos(m.vertices.size());
        std::vector<double> lo(3, 1e300), hi(3, -1e300);
        for (size_t v = 0; v < pos.size(); ++v) {
            pos[v] = toFrame(m.vertices[v], o.frame);
            for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], double(pos[v][a])), hi[a] = std::max(hi[a], double(pos[v][a]));
        }
        tinygltf::Primitive prim;
        prim.mode = TINYGLTF_MODE_TRIANGLES;
        const int posAcc = addAccessor(model, addView(model, bin, pos.data(), pos.size() * 12, TINYGLTF_TARGET_ARRAY_BUFFER),
                                       TINYGLTF_COMPONENT_TYPE_FLOAT, pos.size(), TINYGLTF_TYPE_VEC3);
        model.accessors[posAcc].minValues = lo;  // required for POSITION
        model.accessors[posAcc].maxValues = hi;
        prim.attributes["POSITION"] = posAcc;
        if (!m.normals.empty()) {
            std::vector<Vec3f> nrm(m.normals.size());
            for (size_t v = 0; v < nrm.size(); ++v) nrm[v] = toFrame(m.normals[v], o.frame);
            prim.attributes["NORMAL"] = addAccessor(
                model, addView(model, bin, nrm.data(), nrm.size() * 12, TINYGLTF_TARGET_ARRAY_BUFFER),
                TINYGLTF_COMPONENT_TYPE_FLOAT, nrm.size(), TINYGLTF_TYPE_VEC3);
        }
        prim.indices = addAccessor(
            model, addView(model, bin, m.triangles.data(), m.triangles.size() * 12, TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER),
            TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT, m.triangles.size() * 3, TINYGLTF_TYPE_SCALAR);
        tinygltf::Material mat;
        mat.name = objName(m, n);
        mat.pbrMetallicRoughness.baseColorFactor = {m.color[0], m.color[1], m.color[2], 1.0};
        mat.pbrMetallicRoughness.metallicFactor = 0.0;
        mat.doubleSided = false;
        model.materials.push_back(mat);
        prim.material = int(model.materials.size()) - 1;
        tinygltf::Mesh gm;
        gm.name = objName(m, n);
        gm.primitives.push_back(prim);
        model.meshes.push_back(gm);
        tinygltf::Node node;
        node.name = gm.name;
        node.mesh = int(model.meshes.size()) - 1;
        model.nodes.push_back(node);
        scene.nodes.push_back(int(model.nodes.size()) - 1);
    }
    model.scenes.push_back(scene);
    model.defaultScene = 0;
    return model;
}

void writeGltf(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& o, bool binary) {
    tinygltf::Model model = buildGltf(meshes, o);
    writeFileAtomically(path, [&](const std::string& tmp) {
        tinygltf::TinyGLTF gltf;
        // embedBuffers: .gltf gets a base64 data URI, .glb the binary chunk; no side files.
        if (!gltf.WriteGltfSceneToFile(&model, tmp, false, true, !binary, binary))
            throw Error(path, "glTF writer failed (disk full or not writable?)");
    });
}

}  // namespace

MeshFormat meshFormatFromPath(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == ".stl") return MeshFormat::Stl;
    if (ext == ".obj") return MeshFormat::Obj;
    if (ext == ".ply") return MeshFormat::Ply;
    if (ext == ".gltf") return MeshFormat::Gltf;
    if (ext == ".glb") return MeshFormat::Glb;
    throw Error(path, "unknown mesh format '" + ext + "' (use .stl, .obj, .ply, .gltf or .glb)");
}

const char* meshFormatName(MeshFormat f) {
    switch (f) {
        case MeshFormat::Stl: return "STL";
        case MeshFormat::Obj: return "OBJ";
        case MeshFormat::Ply: return "PLY";
        case MeshFormat::Gltf: return "glTF";
        default: return "GLB";
    }
}

const char* meshFrameName(MeshFrame f) { return f == MeshFrame::Lps ? "LPS" : "RAS"; }

uint64_t estimateMeshFileSize(std::span<const Mesh> meshes, MeshFormat format, MeshFrame frame) {
    const uint64_t nv = totalVertices(meshes), nt = totalTriangles(meshes);
    uint64_t nn = 0;
    for (const auto& m : meshes) nn += m.normals.size();
    switch (format) {
        case MeshFormat::Stl: return 84 + 50 * nt;
        case MeshFormat::Ply:
            return plyHeader(meshes, frame).size() + nv * ((allHaveNormals(meshes) ? 24 : 12) + 3) + 13 * nt;
        case MeshFormat::Obj: return estimateObjSize(meshes, frame);
        case MeshFormat::Glb: return 28 + 900 + 700 * meshes.size() + 12 * (nv + nn + nt);
        default: return 900 + 700 * meshes.size() + (12 * (nv + nn + nt) + 2) / 3 * 4;
    }
}

void writeMeshes(const std::string& path, std::span<const Mesh> meshes, const MeshWriteOptions& options) {
    const MeshFormat format = meshFormatFromPath(path);
    for (const Mesh& m : meshes) checkMesh(path, m);
    switch (format) {
        case MeshFormat::Stl: return writeStl(path, meshes, options);
        case MeshFormat::Ply: return writePly(path, meshes, options);
        case MeshFormat::Obj: return writeObj(path, meshes, options);
        case MeshFormat::Gltf: return writeGltf(path, meshes, options, false);
        case MeshFormat::Glb: return writeGltf(path, meshes, options, true);
    }
}

}  // namespace marrow
