#include <zlib.h>

#include <iterator>
#include <random>
#include <stdexcept>
#include <type_traits>

#include "tests/fuzz/corpus.h"

namespace marrow::corpus {

Bytes readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const fs::path& path, const Bytes& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

Bytes toBytes(const std::string& text) { return Bytes(text.begin(), text.end()); }

namespace {
// Streams head then `zeros` zero bytes through one gzip deflate stream.
Bytes deflateGzip(const Bytes& head, size_t zeros) {
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib");
    Bytes out;
    Bytes buffer(1 << 16);
    const Bytes zeroBlock(1 << 20, 0);
    auto pump = [&](const uint8_t* data, size_t size, int flush) {
        z.next_in = const_cast<uint8_t*>(data);
        z.avail_in = uInt(size);
        do {
            z.next_out = buffer.data();
            z.avail_out = uInt(buffer.size());
            deflate(&z, flush);
            out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
        } while (z.avail_out == 0 || z.avail_in > 0);
    };
    pump(head.data(), head.size(), Z_NO_FLUSH);
    for (size_t left = zeros; left > 0;) {
        const size_t n = std::min(left, zeroBlock.size());
        pump(zeroBlock.data(), n, Z_NO_FLUSH);
        left -= n;
    }
    pump(nullptr, 0, Z_FINISH);
    deflateEnd(&z);
    return out;
}
}  // namespace

Bytes gzip(const Bytes& raw) { return deflateGzip(raw, 0); }
Bytes gzipWithZeros(const Bytes& head, size_t zeros) { return deflateGzip(head, zeros); }

void replaceText(Bytes& b, const std::string& from, const std::string& to) {
    const std::string s(b.begin(), b.end());
    const size_t at = s.find(from);
    if (at == std::string::npos) throw std::runtime_error("corpus: '" + from + "' not found");
    b.erase(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(at + from.size()));
    b.insert(b.begin() + std::ptrdiff_t(at), to.begin(), to.end());
}

Volume smallVolume(ScalarType type, int nx, int ny, int nz, int maxValue) {
    ImageGeometry g({nx, ny, nz}, {0.8, 0.9, 2.5}, {-10, 20, 30});
    Volume v(g, type);
    std::mt19937 rng(7);
    for (int k = 0; k < nz; ++k)
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const int value = int(rng() % unsigned(maxValue + 1));
                v.visit([&](auto* p) { p[g.linearIndex(i, j, k)] = std::remove_pointer_t<decltype(p)>(value); });
            }
    return v;
}

Manifest::Manifest(const fs::path& root) : root_(root), out_(root / "manifest.tsv") {
    if (!out_) throw std::runtime_error("cannot write " + (root / "manifest.tsv").string());
}

fs::path Manifest::folder(const std::string& sub) const {
    fs::create_directories(root_ / sub);
    return root_ / sub;
}

void Manifest::add(const std::string& id, Expect cls, const std::string& mustName, const std::vector<std::string>& args) {
    static const char* const names[] = {"error", "warning", "accept"};
    out_ << id << '\t' << names[int(cls)] << '\t' << mustName;
    for (const auto& a : args) out_ << '\t' << a;
    out_ << '\n';
    ++count_;
}

void Manifest::info(const std::string& id, Expect cls, const fs::path& file) {
    add(id, cls, cls == Expect::Error ? file.string() : "-", {"info", file.string()});
}

}  // namespace marrow::corpus
