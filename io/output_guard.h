#pragma once
// The one check every command runs before its (slow) work: no output may be one of the
// inputs, and no two outputs may be one file. "Same file" is decided on the file system,
// not on spelling: equal after making absolute, resolving symlinks and "..", or the same
// existing file (device + inode: hard links, case-insensitive names). An existing file
// inside an input folder (a DICOM slice, a mask) is an input too; a new file written into
// an input folder is not. --force allows overwriting an input; colliding outputs are
// always refused (one would silently replace the other).
// The CLI's commands and the viewer's Save as / Export dialogs share this one rule.
#include <string>
#include <vector>

namespace marrow {

struct NamedPath {
    std::string path;  // empty or "phantom": nothing on disk, skipped
    std::string role;  // for the message, e.g. "input", "--stl output"
};

// Throws marrow::Error "<out>: is the input file <in>; refusing to overwrite it (use
// --force)" or "<out>: is also the <role> (<other>); two outputs cannot be one file".
void checkOutputs(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs, bool force);

// Whether a and b name the same file (see above); false when either is empty.
bool sameFile(const std::string& a, const std::string& b);

// The names-table file writeLabelMap (io/label_io.h) writes beside a NIfTI label map
// ("<stem>.tsv"), or "" for other formats: it is an output too.
std::string labelMapSidecar(const std::string& labelMapPath);

// Where the viewer proposes outputs (saved labels, meshes) for an input: beside the user's
// data but never inside a DICOM folder. A file's folder, unless that folder is a DICOM
// series (the input is a .dcm file or the folder itself): then the DICOM folder's parent.
// A folder that is not writable gives the home folder ($HOME; else the current folder).
// "phantom" or "" gives the current folder (or home when that is not writable).
std::string defaultOutputFolder(const std::string& source);
// Whether p is an existing folder this process can create files in.
bool isWritableFolder(const std::string& p);

}  // namespace marrow
