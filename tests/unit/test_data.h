#pragma once
// Access to the real sample data in ../shared/data/totalseg. A test that needs it calls
// MARROW_REQUIRE_SHARED(path): it skips with a clear message when the data is absent,
// and fails instead under CI=true (CI must run every test).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace marrow::test {

inline std::string sharedDir() {
    if (const char* env = std::getenv("MARROW_SHARED_DIR")) return env;
    return MARROW_SHARED_DIR;
}
inline std::string totalsegPath(const std::string& rel) { return sharedDir() + "/data/totalseg/" + rel; }
inline bool underCi() {
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

}  // namespace marrow::test

#define MARROW_REQUIRE_SHARED(path)                                                              \
    do {                                                                                         \
        if (!std::filesystem::exists(path)) {                                                    \
            if (::marrow::test::underCi()) FAIL() << "shared test data missing under CI: " << (path); \
            GTEST_SKIP() << "shared test data not found (" << (path) << "); skipping";          \
        }                                                                                        \
    } while (0)
