// src/cli/json_text.h: text from files is bytes; every JSON the CLI writes is valid
// UTF-8 whatever the bytes (before: nlohmann type_error.316 for a Latin-1 "é").
#include <gtest/gtest.h>

#include "src/cli/json_text.h"

using marrow::cli::jsonText;
using marrow::cli::validUtf8Text;

TEST(JsonText, ValidUtf8IsKeptAsIs) {
    const std::string text = "M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\xA6\xB4 plain";  // Müller € 🦴
    EXPECT_EQ(validUtf8Text(text), text);
}

TEST(JsonText, Latin1BytesBecomeTheirCharacters) {
    EXPECT_EQ(validUtf8Text("M\xFCller, os coxal \xE9"), "M\xC3\xBCller, os coxal \xC3\xA9");
}

TEST(JsonText, MalformedSequencesAreEscapedBytewise) {
    // Cut sequence, overlong "/", surrogate, above U+10FFFF, lone continuation byte.
    EXPECT_EQ(validUtf8Text("\xE2\x82"), "\xC3\xA2\xC2\x82");
    EXPECT_EQ(validUtf8Text("\xC0\xAF"), "\xC3\x80\xC2\xAF");
    EXPECT_EQ(validUtf8Text("\xED\xA0\x80"), "\xC3\xAD\xC2\xA0\xC2\x80");
    EXPECT_EQ(validUtf8Text("\xF4\x90\x80\x80").size(), 8u);
    EXPECT_EQ(validUtf8Text("a\x80z"), "a\xC2\x80z");
}

TEST(JsonText, DumpOfNonUtf8StringsAndKeysDoesNotThrowAndParsesBack) {
    nlohmann::json j;
    j["description"] = "CT \xE9paule";
    j["meta"]["Patient\xD6"] = "M\xFCller";
    j["labels"] = nlohmann::json::array({{{"name", "cuisse \xE0 gauche"}}});
    EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);  // what every command did before
    std::string text;
    ASSERT_NO_THROW(text = jsonText(j));
    const auto back = nlohmann::json::parse(text);
    EXPECT_EQ(back["description"], "CT \xC3\xA9paule");
    EXPECT_EQ(back["meta"]["Patient\xC3\x96"], "M\xC3\xBCller");
    EXPECT_EQ(back["labels"][0]["name"], "cuisse \xC3\xA0 gauche");
}
