#pragma once
// The one place where the CLI turns JSON into text (info on stdout, compare --json,
// segment --report). Strings in it come from files (NIfTI descrip, DICOM names, label
// tables) and are bytes, not necessarily UTF-8, while JSON must be UTF-8: every string
// and key goes through validUtf8Text first, so no input can make a dump throw.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace marrow::cli {

// Valid UTF-8 sequences are kept as they are; every byte that is not part of one (a
// Latin-1 "é" = 0xE9, a cut sequence, an overlong form, a surrogate) becomes the
// character with that byte's value (U+0080..U+00FF). Why not U+FFFD: the byte value
// survives, and the legacy text in medical headers is almost always Latin-1 (DICOM
// ISO_IR 100, Windows tools), which this shows exactly ("Müller", not "M?ller").
std::string validUtf8Text(std::string_view bytes);

// j with every string and object key made valid UTF-8, dumped with 2-space indent.
std::string jsonText(const nlohmann::json& j);

// jsonText(j) + "\n" written atomically to path; throws marrow::Error naming path.
void writeJsonFile(const std::string& path, const nlohmann::json& j);

}  // namespace marrow::cli
