// Finding the studies of a batch (see batch_studies.h).
#include "src/cli/batch_studies.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/error.h"
#include "src/cli/output_guard.h"
#include "io/text_encoding.h"

namespace marrow::cli {

namespace fs = std::filesystem;

namespace {

std::string stripNiftiExtension(const std::string& name) {
    const std::string l = asciiLower(name);
    for (const char* ext : {".nii.gz", ".nii"}) {
        const std::string e = ext;
        if (l.size() > e.size() && l.compare(l.size() - e.size(), e.size(), e) == 0)
            return name.substr(0, name.size() - e.size());
    }
    return "";
}

// A study id becomes a folder name: no separators, no "." / "..", nothing hidden.
void checkStudyId(const std::string& id, const std::string& where) {
    if (id.empty() || id == "." || id == ".." || id.front() == '.' || id.find_first_of("/\\") != std::string::npos ||
        id.find('\0') != std::string::npos)
        throw Error(where, "study id '" + id + "' must be a plain file name (no '/', not hidden)");
}

void checkUnique(const std::vector<Study>& studies, const std::string& source) {
    std::set<std::string> seen;
    for (const Study& s : studies)
        if (!seen.insert(s.id).second) throw Error(source, "study id '" + s.id + "' appears twice");
}

}  // namespace

std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') fields.emplace_back();
        else if (c != '\r') fields.back() += c;
    }
    return fields;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<Study> parseManifest(const std::string& text, const std::string& baseDir, const std::string& source) {
    std::vector<Study> studies;
    std::istringstream in(text);
    std::string line;
    for (int row = 1; std::getline(in, line); ++row) {
        if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
        const auto f = splitCsvLine(line);
        const std::string where = source + ": row " + std::to_string(row);
        if (studies.empty() && f.size() >= 2 && asciiLower(f[0]) == "study" && asciiLower(f[1]) == "input") continue;
        if (f.size() != 2 || f[1].empty()) throw Error(where, "expected 'study,input'");
        checkStudyId(f[0], where);
        const fs::path input(f[1]);
        studies.push_back({f[0], input.is_absolute() ? input.string() : (fs::path(baseDir) / input).string()});
    }
    checkUnique(studies, source);
    return studies;
}

std::vector<Study> findStudies(const std::string& folderOrManifest, const std::string& skipOutDir) {
    std::error_code ec;
    if (!fs::is_directory(folderOrManifest, ec)) {
        std::ifstream in(folderOrManifest, std::ios::binary);
        if (!in) throw Error(folderOrManifest, "no such folder or manifest file");
        std::stringstream text;
        text << in.rdbuf();
        return parseManifest(text.str(), fs::path(folderOrManifest).parent_path().string(), folderOrManifest);
    }
    std::vector<Study> studies;
    for (const auto& entry : fs::directory_iterator(folderOrManifest, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (!skipOutDir.empty() && sameFile(entry.path().string(), skipOutDir)) continue;
        if (entry.is_directory(ec)) studies.push_back({name, entry.path().string()});
        else if (const std::string id = stripNiftiExtension(name); !id.empty())
            studies.push_back({id, entry.path().string()});
    }
    if (ec) throw Error(folderOrManifest, ec.message());
    std::sort(studies.begin(), studies.end(), [](const Study& a, const Study& b) { return a.id < b.id; });
    for (const Study& s : studies) checkStudyId(s.id, s.input);
    checkUnique(studies, folderOrManifest);
    return studies;
}

}  // namespace marrow::cli
