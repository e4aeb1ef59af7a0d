#include "io/output_guard.h"

#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <filesystem>

#include "io/error.h"
#include "io/label_io.h"
#include "io/load.h"

namespace marrow {
namespace fs = std::filesystem;

namespace {
bool onDisk(const std::string& p) { return !p.empty() && p != "phantom"; }

// Absolute, symlinks of the existing part resolved, "." and ".." removed.
fs::path resolved(const std::string& p) {
    std::error_code ec;
    fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::absolute(p, ec).lexically_normal() : r;
}

bool isInside(const fs::path& file, const fs::path& folder) {
    auto f = file.begin(), d = folder.begin();
    for (; d != folder.end(); ++d, ++f)
        if (d->empty()) continue;  // trailing separator
        else if (f == file.end() || *f != *d) return false;
    return f != file.end();
}

// An existing regular file under an input folder was (or may have been) read as input.
bool isExistingFileInFolder(const std::string& out, const std::string& folder) {
    std::error_code ec;
    return fs::is_directory(folder, ec) && fs::is_regular_file(out, ec) && isInside(resolved(out), resolved(folder));
}
}  // namespace

bool sameFile(const std::string& a, const std::string& b) {
    if (!onDisk(a) || !onDisk(b)) return false;
    std::error_code ec;
    if (fs::equivalent(a, b, ec) && !ec) return true;
    return resolved(a) == resolved(b);
}

std::string labelMapSidecar(const std::string& labelMapPath) {
    return isNiftiPath(labelMapPath) ? labelPathStem(labelMapPath) + ".tsv" : "";
}

bool isWritableFolder(const std::string& p) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    // A folder nobody may write (a read-only data set) counts as not writable even for
    // root, whom access() always allows.
    const auto anyWrite = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
    return !ec && fs::is_directory(st) && (st.permissions() & anyWrite) != fs::perms::none &&
           ::access(p.c_str(), W_OK | X_OK) == 0;
}

std::string defaultOutputFolder(const std::string& source) {
    fs::path folder = ".";
    if (onDisk(source)) {
        // Lexically, not through symlinks: a link to a CT in the user's folder keeps its
        // outputs there, not beside the file it points to.
        std::error_code ec;
        fs::path p = fs::absolute(source, ec).lexically_normal();
        if (!p.has_filename()) p = p.parent_path();  // "ct/" -> "ct"
        const bool dicom = inputKind(source) == InputKind::Dicom;
        if (fs::is_directory(p, ec)) folder = dicom ? p.parent_path() : p;  // a mask folder holds outputs
        else folder = dicom ? p.parent_path().parent_path() : p.parent_path();
        if (folder.empty()) folder = ".";
    }
    if (isWritableFolder(folder.string())) return folder.string();
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) : std::string(".");
}

void checkOutputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs, bool force) {
    for (size_t o = 0; o < outputs.size(); ++o) {
        const std::string& out = outputs[o].path;
        if (!onDisk(out)) continue;
        for (size_t k = 0; k < o; ++k)
            if (sameFile(out, outputs[k].path))
                throw Error(out, "is also the " + outputs[k].role + " (" + outputs[k].path +
                                     "); two outputs cannot be one file");
        if (force) continue;
        for (const NamedPath& in : inputs) {
            std::error_code ec;
            if (!onDisk(in.path) || !fs::exists(in.path, ec)) continue;  // a missing input fails its load
            if (sameFile(out, in.path))
                throw Error(out, "is the " + in.role + " file " + in.path + "; refusing to overwrite it (use --force)");
            if (isExistingFileInFolder(out, in.path))
                throw Error(out, "is a file inside the " + in.role + " folder " + in.path +
                                     "; refusing to overwrite it (use --force)");
        }
    }
}

}  // namespace marrow
