#pragma once
// Small helpers shared by the GDCM-based reader and writer (internal to io/).
#include <string>

namespace marrow {

// GDCM prints debug/warning/error traces to stderr; we report problems ourselves
// (marrow::Error, volume warnings), so switch them off once per process.
void silenceGdcmTrace();

// GDCM (Debian builds keep assert()) aborts on some files cut inside the File Meta
// Information (group 0002). This checks that group ourselves before GDCM sees a file:
// false when a Part 10 file ("DICM" at offset 128) ends inside or right after it.
// Files without the DICM preamble pass (GDCM decides whether they are DICOM).
bool fileMetaLooksComplete(const std::string& path);

}  // namespace marrow
