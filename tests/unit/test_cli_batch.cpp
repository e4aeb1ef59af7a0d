// marrow batch's pure parts: the manifest and CSV fields (batch_studies.h), the pipeline
// JSON mapped onto segment's options (segment_job.h), -j from memory (batch_jobs.h), and
// the summary rebuilt from study records (batch_record.h).
#include <gtest/gtest.h>

#include <filesystem>

#include "io/error.h"
#include "src/cli/batch_jobs.h"
#include "src/cli/batch_record.h"
#include "src/cli/batch_studies.h"
#include "src/cli/segment_job.h"

using namespace marrow;
using namespace marrow::cli;
namespace fs = std::filesystem;

TEST(BatchManifest, RowsWithOptionalHeaderQuotesAndRelativePaths) {
    const auto s = parseManifest("study,input\n# comment\n\na,scans/a\n\"b,2\",/abs/b.nii.gz\r\n", "/data", "m.csv");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].id, "a");
    EXPECT_EQ(s[0].input, "/data/scans/a");
    EXPECT_EQ(s[1].id, "b,2");
    EXPECT_EQ(s[1].input, "/abs/b.nii.gz");
}

TEST(BatchManifest, RefusesUnsafeOrDuplicateIdsAndShortRows) {
    EXPECT_THROW(parseManifest("../x,a\n", "/d", "m.csv"), Error);
    EXPECT_THROW(parseManifest("a/b,a\n", "/d", "m.csv"), Error);
    EXPECT_THROW(parseManifest(".hidden,a\n", "/d", "m.csv"), Error);
    EXPECT_THROW(parseManifest("a,x\na,y\n", "/d", "m.csv"), Error);
    try {
        parseManifest("a,x\nonlyone\n", "/d", "m.csv");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("m.csv: row 2"), std::string::npos) << e.what();
    }
}

TEST(BatchCsv, FieldsRoundTripThroughQuoting) {
    const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", ""};
    std::string line;
    for (const auto& f : fields) line += (line.empty() ? "" : ",") + csvField(f);
    EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",");
    EXPECT_EQ(splitCsvLine(line), fields);
}

TEST(BatchPipeline, JsonKeysAreSegmentsOptions) {
    const auto s = segmentStepsFromJson(nlohmann::json::parse(R"({"threshold": [200, 2000], "keep-largest": true,
        "min-island-mm3": 50, "connectivity": 6, "close-mm": 1.5, "stl": true, "smooth": 3, "decimate": 0.5})"),
                                        "p.json");
    const SegmentPipelineOptions o = pipelineOptions(s);
    EXPECT_EQ(o.lo, 200);
    EXPECT_EQ(o.hi, 2000);
    EXPECT_EQ(o.island, SegmentPipelineOptions::Island::Largest);
    EXPECT_EQ(o.minIslandMm3, 50);
    EXPECT_EQ(o.connectivity, Connectivity::Six);
    EXPECT_EQ(o.closeMm, 1.5);
    EXPECT_TRUE(s.stl);
    EXPECT_EQ(s.mesh.smooth, 3);
    EXPECT_EQ(s.mesh.decimate, 0.5);
    EXPECT_EQ(segmentStepsFromJson(nlohmann::json::parse(R"({"threshold": "150:3071"})"), "p").threshold, "150:3071");
}

TEST(BatchPipeline, TyposWrongTypesAndAbsurdValuesAreRefusedNamingTheFile) {
    for (const char* text : {R"({"keep_largest": true})", R"({"fill-holes": 1})", R"({"threshold": "500:100"})",
                             R"({"connectivity": 8})", R"({"close-mm": "2"})", R"([1, 2])"}) {
        try {
            segmentStepsFromJson(nlohmann::json::parse(text), "p.json");
            FAIL() << text;
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).rfind("p.json: ", 0), 0u) << e.what();
        }
    }
}

TEST(BatchJobs, FromMemoryAndCores) {
    constexpr size_t GiB = size_t(1) << 30;
    EXPECT_EQ(chooseJobs({2 * GiB, 1 * GiB}, 10 * GiB, 16), 4);  // 8 GiB usable / 2 GiB
    EXPECT_EQ(chooseJobs({GiB / 4}, 10 * GiB, 2), 2);            // cores bound it
    EXPECT_EQ(chooseJobs({40 * GiB}, 10 * GiB, 8), 1);           // never 0
    EXPECT_EQ(chooseJobs({}, 10 * GiB, 0), 1);
}

TEST(BatchRecord, SummaryIsRebuiltFromTheRecordsSortedByStudy) {
    const fs::path dir = fs::temp_directory_path() / ("marrow_batch_record_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "b");
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "unfinished");
    StudyRecord b{"b", "in/b", "1.2.3", "w1; w2", 10, 2.5, 1.0, true, ""};
    writeStudyRecord((dir / "b").string(), b);
    StudyRecord a{"a", "in/a", "", "", 0, 0, 0.5, false, "in/a: bad, \"file\""};
    writeStudyRecord((dir / "a").string(), a);
    const auto records = writeSummary(dir.string());
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].study, "a");
    EXPECT_FALSE(records[0].ok);
    EXPECT_EQ(records[0].error, a.error);
    EXPECT_EQ(records[1].warnings, "w1; w2");
    EXPECT_EQ(summaryCsv(records), "study,input,series,warnings,voxels,ml,seconds,status,error\n"
                                   "a,in/a,,,0,0.000,0.50,failed,\"in/a: bad, \"\"file\"\"\"\n"
                                   "b,in/b,1.2.3,w1; w2,10,2.500,1.00,ok,\n");
    // A later success replaces the failure record.
    a.ok = true;
    a.error.clear();
    writeStudyRecord((dir / "a").string(), a);
    EXPECT_FALSE(fs::exists(dir / "a" / kFailedMarker));
    EXPECT_TRUE(readStudyRecord((dir / "a").string())->ok);
    fs::remove_all(dir);
}
