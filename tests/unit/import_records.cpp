// stream_records builds each record into the previous record's DOM (reusing its nodes and strings). Whatever the
// shapes of consecutive records, each one a mapper sees must equal that record parsed on its own by nlohmann's DOM
// parser: fields missing from a later record are gone, nested objects replaced by scalars and back, arrays rebuilt,
// duplicate keys resolved as the DOM parse does (the last one wins).
#include "import/stream.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using import::json;

std::vector<json> streamed(const std::string& text) {
    std::vector<json> out;
    auto on_record = [&](json& rec, const import::Probe&) {
        out.push_back(rec);
        return true;
    };
    auto wanted = [](std::string_view) { return true; };
    // read in 7-byte pieces, so values also cross the reader's buffer boundaries
    import::MemorySource source({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, 7);
    import::Reader reader(source);
    import::StreamResult r = import::stream_records(reader, on_record, wanted);
    EXPECT_TRUE(r.ok) << r.error;
    return out;
}

void expect_same_records(const std::vector<std::string>& records) {
    std::string text = "{\"results\":[";
    for (size_t i = 0; i < records.size(); ++i) text += (i ? "," : "") + records[i];
    text += "]}";
    std::vector<json> got = streamed(text);
    ASSERT_EQ(got.size(), records.size());
    for (size_t i = 0; i < records.size(); ++i)
        EXPECT_EQ(got[i], json::parse(records[i])) << "record #" << i + 1 << ": " << records[i];
}

TEST(StreamRecords, EachRecordEqualsItsOwnDomParse) {
    expect_same_records({
        R"({"id":"1","properties":{"a":"x","b":"a long value that does not fit a short string buffer","n":1},"t":[1,2]})",
        R"({"id":"2","properties":{"a":"yy"}})",                              // b, n and t are gone
        R"({"id":"3","properties":"not an object","t":{"now":"an object"}})", // object -> string, array -> object
        R"({"id":"4","properties":{"a":null,"c":{"deep":{"x":1}}},"t":null})", // string -> object again
        R"({"id":"5","properties":{"c":"flat","c2":[{"k":"v"}]}})",           // nested object -> string
        R"({"id":"6","properties":{"c":{"deep":{"y":2}},"a":"z","a":"last"}})", // duplicate key: the last wins
        R"({})",
        R"({"id":"8","properties":{"b":"short","a":""}})",
    });
}

TEST(StreamRecords, ArraysOfObjectsEqualTheirDomParse) {
    // Arrays keep the previous record's elements: Stripe's items.data[] of prices, growing, shrinking, changing type,
    // with duplicate keys inside an element built into and around the array itself.
    expect_same_records({
        R"({"items":{"data":[{"a":1,"p":{"x":1,"y":[1,2]}},{"b":2}]}})",
        R"({"items":{"data":[{"a":2,"p":{"y":[3]}}]}})",                             // shrinks; x and b are gone
        R"({"items":{"data":[{"p":"flat"},{"c":{"d":1}},{"e":[{"f":1}]}]}})",       // grows; object -> string
        R"({"items":{"data":[{"p":{"x":5},"p":{"z":6}},{"c":{"d":2},"c":7}],"data":[{"q":1}]}})", // duplicates
        R"({"items":{"data":[[1,{"g":1}],{"h":null}]}})",                           // objects -> arrays
        R"({"items":{"data":[[{"g":2,"g2":"s"},3],"str",[]]}})",
        R"({"items":{"data":[[{"g2":"t"}],"str2",[{"k":{"m":[{"n":1}]}}]]},"items":{"data":[{"o":1}]}})",
        R"({"items":{"data":"none"}})",
        R"({"items":{"data":[{"a":3},{"a":4,"b":[5,{"c":6}]}]}})",
        R"({"items":{"data":[{"a":3},{"b":[{"c":7},5],"a":4}]}})",
        R"({"items":[]})",
        R"({"items":{"data":[{"a":"x"}]}})",
    });
}

TEST(StreamRecords, RandomShapesEqualTheirDomParse) {
    // Records drawn from a small set of keys with random types, so consecutive records differ in every way.
    for (unsigned seed : {7u, 8u, 9u}) {
        std::mt19937 rng(seed);
        auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
        std::function<std::string(int)> value = [&](int depth) -> std::string {
            switch (pick(depth > 2 ? 5 : 7)) {
            case 0: return "null";
            case 1: return std::to_string(pick(1000));
            case 2: return "\"" + std::string(static_cast<size_t>(pick(40)), static_cast<char>('a' + pick(26))) + "\"";
            case 3: return pick(2) ? "true" : "false";
            case 4: return "1.5";
            case 5: {
                std::string s = "[";
                for (int i = 0, n = pick(3); i < n; ++i) s += (i ? "," : "") + value(depth + 1);
                return s + "]";
            }
            default: {
                std::string s = "{";
                for (int i = 0, n = pick(5); i < n; ++i)
                    s += (i ? "," : "") + std::string("\"k") + std::to_string(pick(6)) + "\":" + value(depth + 1);
                return s + "}";
            }
            }
        };
        std::vector<std::string> records;
        for (int r = 0; r < 1000; ++r) {
            std::string s = "{";
            for (int i = 0, n = pick(7); i < n; ++i)
                s += (i ? "," : "") + std::string("\"f") + std::to_string(pick(5)) + "\":" + value(0);
            records.push_back(s + "}");
        }
        expect_same_records(records);
    }
}

} // namespace
