#include "io/labels_baseline.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "io/atomic_file.h"
#include "io/error.h"

namespace marrow {
namespace fs = std::filesystem;

std::string baselineSidecarPath(const std::string& labelsPath) { return labelsPath + ".marrow.json"; }

std::string fileFingerprint(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot read the file");
    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t size = 0;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        const std::streamsize n = in.gcount();
        crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), uInt(n));
        size += uint64_t(n);
    }
    char text[48];
    std::snprintf(text, sizeof text, "%llu:%08lx", static_cast<unsigned long long>(size), crc);
    return text;
}

void writeBaselineSidecar(const std::string& labelsPath, const std::string& baselinePath) {
    std::error_code ec;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(baselinePath), ec);
    const fs::path folder = fs::absolute(labelsPath).parent_path();
    const std::string fingerprint = fileFingerprint(baselinePath);
    const nlohmann::json j = {{"marrow", "labels-baseline"},
                              {"version", 1},
                              {"baseline",
                               {{"relative", absolute.lexically_relative(fs::weakly_canonical(folder, ec)).string()},
                                {"absolute", absolute.string()},
                                {"fingerprint", fingerprint}}}};
    const std::string sidecar = baselineSidecarPath(labelsPath);
    writeFileAtomically(sidecar, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out << j.dump(2) << "\n";
        if (!out.flush()) throw Error(sidecar, "cannot write the baseline sidecar");
    });
}

std::optional<BaselineRef> readBaselineSidecar(const std::string& labelsPath) {
    const std::string sidecar = baselineSidecarPath(labelsPath);
    std::error_code ec;
    if (!fs::is_regular_file(sidecar, ec)) return std::nullopt;
    std::ifstream in(sidecar, std::ios::binary);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("marrow", "") != "labels-baseline" || !j.contains("baseline") ||
        !j["baseline"].is_object())
        throw Error(sidecar, "not a Marrow labels-baseline sidecar");
    const nlohmann::json& b = j["baseline"];
    BaselineRef ref;
    ref.recorded = b.value("absolute", "");
    const fs::path relative = fs::absolute(labelsPath).parent_path() / b.value("relative", "");
    for (const fs::path& candidate : {relative, fs::path(ref.recorded)})
        if (!candidate.empty() && fs::is_regular_file(candidate, ec)) {
            ref.path = candidate.lexically_normal().string();
            break;
        }
    if (!ref.path.empty()) ref.unchanged = fileFingerprint(ref.path) == b.value("fingerprint", "");
    return ref;
}

}  // namespace marrow
