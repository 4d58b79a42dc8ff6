// The bad-file corpus (tests/bad): every <name>.<ext> must fail with an error containing <name>.expected, name the
// file and add nothing to the Dataset.
#include "import_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace import_test;
namespace fs = std::filesystem;

TEST(ImportBad, CorpusFailsWithItsError) {
    size_t checked = 0;
    for (auto& e : fs::directory_iterator(fs::path(REVLENS_TESTS_DIR) / "bad")) {
        if (e.path().extension() == ".expected") continue;
        fs::path expected_path = e.path();
        expected_path.replace_extension(".expected");
        ASSERT_TRUE(fs::exists(expected_path)) << e.path();
        std::string expected;
        std::getline(*std::make_unique<std::ifstream>(expected_path), expected);
        core::Dataset ds;
        auto bytes = read_bytes(e.path().string());
        auto r = import::load(e.path().filename().string(), bytes, ds);
        EXPECT_FALSE(r.ok) << e.path();
        EXPECT_NE(r.error.find(expected), std::string::npos) << e.path() << "\n  error: " << r.error;
        EXPECT_EQ(r.error.rfind(e.path().filename().string() + ": ", 0), 0u) << r.error;
        EXPECT_TRUE(ds.deals.empty() && ds.files.empty() && ds.subscriptions.empty()) << e.path();
        ++checked;
    }
    EXPECT_GE(checked, 15u);
}

TEST(ImportBad, BadRecordIsSkippedOthersKept) {
    core::Dataset ds;
    auto r = load_text("deals.json", "\xEF\xBB\xBF" R"({"results":[
        {"id":"1","properties":{"dealname":"ok","amount":"10"}},
        {"id":"2","properties":{"dealname":"bad","amount":"abc"}},
        {"id":"3","properties":{"dealname":"bad too","amount":"1,5"}}]})", ds);
    ASSERT_TRUE(r.ok) << r.error; // UTF-8 BOM accepted
    EXPECT_EQ(r.records_read, 3u);
    EXPECT_EQ(r.records_used, 1u);
    ASSERT_EQ(r.skipped.size(), 1u); // one reason, two records
    EXPECT_EQ(r.skipped[0].count, 2u);
    EXPECT_EQ(r.skipped[0].example_id, "2: got \"abc\"");
    EXPECT_EQ(r.skipped[0].reason, "field amount: expected a number");
    EXPECT_EQ(ds.files[0].skipped[0].count, 2u);
    EXPECT_EQ(ds.deals.size(), 1u);
}

TEST(ImportBad, EveryFixtureImportsOrIsRefusedWithAReason) {
    size_t n = 0;
    for (auto& e : fs::recursive_directory_iterator(REVLENS_FIXTURES)) {
        if (e.path().extension() != ".json") continue;
        core::Dataset ds;
        auto bytes = read_bytes(e.path().string());
        auto r = import::load(e.path().filename().string(), bytes, ds);
        if (r.ok) EXPECT_FALSE(r.format.empty()) << e.path();
        else EXPECT_NE(r.error.find("Whizbang"), std::string::npos) << e.path() << ": " << r.error; // restforce only
        ++n;
    }
    EXPECT_EQ(n, 26u); // the 26 JSON files of shared/fixtures
}
