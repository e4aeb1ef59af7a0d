#pragma once
// Text read from files (NIfTI descrip, NRRD key-values, label names) is bytes in
// whatever encoding the writing tool used. Everything downstream (ImGui, JSON output,
// TSV/seg.nrrd writers) wants UTF-8, so readers pass such text through textAsUtf8:
// valid UTF-8 is kept byte for byte; anything else is read as Latin-1 (ISO 8859-1, the
// usual legacy single-byte encoding: DICOM ISO_IR 100, Windows tools), which maps every
// byte to a character, so the conversion never fails and never loses a byte's meaning.
#include <string>
#include <string_view>

namespace marrow {

bool isValidUtf8(std::string_view s);
std::string textAsUtf8(std::string_view s);
// ASCII letters lowered, other bytes kept (file extensions, header keys, label names):
// no locale, so UTF-8 names are never altered.
std::string asciiLower(std::string_view s);

}  // namespace marrow
