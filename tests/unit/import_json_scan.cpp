// The importers' JSON parser (src/import/json_scan.h, issue 7) against nlohmann::json::sax_parse: the same events and
// values for every text, and the same byte for every text both refuse: on the shared fixtures and bad files, on tricky
// texts, on every truncation of them and on every one-byte change or insertion of a byte that matters to JSON. The
// bytes reach it whole, one at a time, and three at a time (every token split across the reader's refills). A few
// cases are also worked out by hand, so that the two agreeing on something wrong would still fail.
#include "import/json_scan_check.h"

#include "import_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace import::scan_check;
namespace fs = std::filesystem;

namespace {

std::span<const uint8_t> span_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

void expect_same(const std::string& text, const std::string& what) {
    const std::string want = by_nlohmann(span_of(text));
    ASSERT_EQ(by_scan(span_of(text)), want) << what;
    ASSERT_EQ(by_scan(span_of(text), 1), want) << what << " (1 byte at a time)";
    ASSERT_EQ(by_scan(span_of(text), 3), want) << what << " (3 bytes at a time)";
}

const std::vector<std::string> kTricky = {
    R"({"results":[{"id":"1","properties":{"amount":"73200","hs_is_closed":"true"}},{"id":"2"}],"paging":null})",
    R"([1,-2,0,-0,3.25,-4.5e3,6E-2,7e+1,18446744073709551615,18446744073709551616,-9223372036854775808,)"
    R"(-9223372036854775809,1e999,-1e999,1e-999,0.1,123456789012345678901234567890])",
    // integers read in the buffer (up to 19 digits) and those that are not: 20 digits, a fraction or exponent after
    R"([1234567890123456789,9999999999999999999,10000000000000000000,12345678901234567890,5.5,7e2,8E+1,90,1])",
    R"(["a\"b\\c\/d\be\ff\ng\rh\ti","\u0041\u00e9\u20AC\uD83D\uDE00\u0000","é€😀","",[],{},[[]],{"":{}}])",
    R"({"a" : true , "b":false,"c" :null ,"d":[ ] , "e":{ } })",
    "\xEF\xBB\xBF{\"bom\":1}",
    "  \t\r\n[ \"x\" ]\n\n ",
    "{\"x\":1}\x00 trailing",
    "\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"",
    "[true,false,null,tru,fals,nul]",
    R"({"a":01})",
    R"({"a":1.})",
    R"({"a":-})",
    R"({"a":1e})",
    R"({"a":1e+})",
    R"({"a":"\uD800\uDBFF"})",
    R"({"a":"\uDC00"})",
    R"({"a":"\uD800x"})",
    R"({"a":"\q"})",
    "{\"a\":\"tab\there\"}",
    R"({"a":1,})",
    R"({"a":1 "b":2})",
    R"([1 2])",
    R"({1:2})",
    R"({"a"})",
    R"([1,])",
    "{\"a\":1}}",
    "[1]]",
    "{} {}",
    "",
    " ",
    "\x00",
    "\xEF\xBB",
    "\xEF\xBBx",
    "\xEF\xBB\xBF\xEF\xBB\xBF[]",
};

} // namespace

// Events and offsets worked out by hand from the texts.
TEST(JsonScan, EventsAndOffsetsByHand) {
    EXPECT_EQ(by_scan(span_of(R"({"a":[1,-2,3.5,"x\u00e9",true],"b":null})")),
              "{\nkey 1:a\n[\nuint 1\nint -2\nfloat 3.5\nstring 3:x\xC3\xA9\ntrue\n]\nkey 1:b\nnull\n}\n");
    EXPECT_EQ(by_scan(span_of("\"\\uD83D\\uDE00\"")), "string 4:\xF0\x9F\x98\x80\n");   // U+1F600 from a pair
    EXPECT_EQ(by_scan(span_of("[18446744073709551616]")), "[\nfloat 1.8446744073709552e+19\n]\n"); // 2^64: a double
    EXPECT_EQ(by_scan(span_of("[9999999999999999999,1774173600,7]")), // the longest integer read in the buffer
              "[\nuint 9999999999999999999\nuint 1774173600\nuint 7\n]\n");
    const std::pair<std::string, int> refused[] = {
        {R"({"a":1,})", 7},   // '}' where a key must be
        {"[1 2]", 3},         // the unexpected number
        {R"([1 "abc"])", 7},  // an unexpected token: its last byte
        {"\"abc", 4},         // no closing quote: the end
        {"tru", 3},           // a cut literal: the end
        {"trux", 3},          // a wrong literal: the wrong byte
        {"[01]", 2},          // a leading zero ends the number: the next one is unexpected
        {R"({"a":1e999})", 9}, // too big for a double: its last digit
        {"{\"a\":\"x\ty\"}", 7}, // a raw tab in a string
        {"\"\xC3(\"", 2},    // a broken UTF-8 sequence: its second byte
        {"{} x", 3},          // text after the value
        {"\xEF\xBBx", 2},     // a broken byte order mark
    };
    for (auto& [text, at] : refused) {
        const std::string log = by_scan(span_of(text)), want = "error at " + std::to_string(at) + "\n";
        EXPECT_EQ(log.substr(log.size() - std::min(log.size(), want.size())), want) << text << "\n" << log;
    }
    // the events before an error are given
    EXPECT_EQ(by_scan(span_of("[true,fals]")), "[\ntrue\nerror at 10\n");
}

TEST(JsonScan, SameAsNlohmannOnFixturesAndBadFiles) {
    size_t n = 0;
    for (const fs::path& root : {fs::path(REVLENS_FIXTURES), fs::path(REVLENS_TESTS_DIR) / "bad"})
        for (auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() != ".expected") {
                auto b = import_test::read_bytes(e.path().string());
                expect_same(std::string(b.begin(), b.end()), e.path().filename().string());
                ++n;
            }
    EXPECT_GE(n, 40u);
}

// The values are read in slices of 4096 steps (one call each): containers that open in one slice and close in a later
// one, and errors and ends of text on every side of a slice's end, give the same events and offsets as nlohmann.
TEST(JsonScan, SameAsNlohmannAcrossSlices) {
    std::string records = "{\"results\":[";
    for (int i = 0; i < 3000; ++i)
        records += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(i) + R"(","p":{"a":[1,"s",{"d":[true,null]}]}})";
    expect_same(records + "]}", "3000 records");
    expect_same(records + ",]}", "3000 records, then a stray comma");
    expect_same(records + "]", "3000 records, the envelope left open");
    std::string deep(60, '[');
    for (int i = 0; i < 9000; ++i) deep += i ? ",7" : "7";
    expect_same(deep + std::string(60, ']'), "9000 numbers 60 arrays deep");
    expect_same(deep + std::string(59, ']'), "9000 numbers 60 arrays deep, one left open");
    for (int n = 4090; n <= 4100; ++n) { // the first slice ends among these values
        std::string flat = "[";
        for (int i = 0; i < n; ++i) flat += i ? ",1" : "1";
        expect_same(flat + "]", std::to_string(n) + " values");
        expect_same(flat + ",x]", std::to_string(n) + " values, then a bad one");
        expect_same(flat + "]]", std::to_string(n) + " values, then a stray ']'");
    }
}

TEST(JsonScan, SameAsNlohmannOnTrickyTextsCutAndChanged) {
    const std::string bytes = std::string("\"\\{}[],:0-.eEu+ \n\t", 19) + std::string(1, '\0') +
                              "\x80\xBF\xC2\xC3\xE0\xED\xF0\xF4\xF5\xFFx1";
    size_t n = 0;
    for (const std::string& t : kTricky) {
        expect_same(t, t);
        for (size_t cut = 0; cut < t.size(); ++cut, ++n) expect_same(t.substr(0, cut), "cut of " + t);
        if (t.size() > 120) continue; // the long ones: cut only
        for (size_t i = 0; i < t.size(); ++i)
            for (char b : bytes) {
                std::string changed = t, inserted = t;
                changed[i] = b;
                inserted.insert(inserted.begin() + static_cast<std::ptrdiff_t>(i), b);
                expect_same(changed, "changed " + t);
                expect_same(inserted, "inserted into " + t);
                n += 2;
            }
    }
    EXPECT_GT(n, 20000u);
}
