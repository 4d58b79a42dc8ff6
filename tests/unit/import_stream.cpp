// Streaming import (issue 6): a file read in pieces through import::ByteSource gives exactly what the same bytes in
// memory give: the same ImportReport (format, counts, skips, warnings, error text with its byte offset and line) and
// the same Dataset, for every shared fixture, every bad file and the edge cases of detection below, with pieces small
// enough to split every token (1, 7 bytes) and a realistic one (4096). Offsets and wordings that matter are also
// computed here independently of the importer.
#include "import_test_util.h"

#include "core/report.h"
#include "import/canonical.h"
#include "import/stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

using namespace import_test;
namespace fs = std::filesystem;

namespace {

std::span<const uint8_t> span_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

struct Loaded {
    std::string report, dataset;
    import::ImportReport r;
};

Loaded in_memory(const std::string& name, const std::string& bytes) {
    core::Dataset ds;
    Loaded l;
    l.r = import::load(name, span_of(bytes), ds);
    l.report = everything(l.r);
    l.dataset = everything(ds);
    return l;
}

Loaded in_pieces(const std::string& name, const std::string& bytes, size_t piece) {
    core::Dataset ds;
    import::MemorySource source(span_of(bytes), piece);
    Loaded l;
    l.r = import::load(name, source, ds);
    l.report = everything(l.r);
    l.dataset = everything(ds);
    return l;
}

std::string read_text(const fs::path& p) {
    auto b = read_bytes(p.string());
    return {b.begin(), b.end()};
}

void expect_same_in_pieces(const std::string& name, const std::string& bytes, std::initializer_list<size_t> pieces) {
    const Loaded whole = in_memory(name, bytes);
    for (size_t piece : pieces) {
        const Loaded parts = in_pieces(name, bytes, piece);
        EXPECT_EQ(parts.report, whole.report) << name << " in pieces of " << piece;
        EXPECT_EQ(parts.dataset, whole.dataset) << name << " in pieces of " << piece;
    }
}

// The offset of the bracket that opens nesting level 65, strings skipped (the importer finds it while streaming).
size_t deep_bracket(const std::string& t) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > 64) return i;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return std::string::npos;
}

std::string nested(int n) { return std::string(size_t(n), '[') + std::string(size_t(n), ']'); }

const std::string kDeal1 = R"({"id":"1","properties":{"dealname":"a","amount":"10","dealstage":"closedwon","closedate":"2024-01-05"}})";
const std::string kDeal2 = R"({"id":"2","properties":{"dealname":"b","amount":"20","dealstage":"appointmentscheduled","createdate":"2024-01-02"}})";

// Inputs at the edges of detection: newline-delimited or not, blanks, BOMs, depth, CSV quoting, canonical, scalars.
std::vector<std::pair<std::string, std::string>> edge_cases() {
    const std::string deep70 = "{\"x\":" + nested(70) + "}";
    return {
        {"nd_basic", kDeal1 + "\n" + kDeal2 + "\n"},
        {"nd_crlf_blank", "  " + kDeal1 + "  \r\n\r\n" + kDeal2 + "\r\n   \n"},
        {"nd_deep_line1", deep70 + "\n" + kDeal2 + "\n"},
        {"deep_single_nl", deep70 + "\n"},
        {"deep_line1_garbage", deep70 + " x\n" + kDeal2 + "\n"},
        {"deep_multiline", "{\"x\":\n" + nested(70) + "}\n" + kDeal2 + "\n"},
        {"deep_line1_blank_rest", "{\"x\":" + nested(70) + ", \"y\":1}\n\n\n"},
        {"deep_line1_then_text", "{\"x\":" + nested(70) + ", \"y\":1}\n\n\n\"q\""},
        {"deep_truncated", "{\"x\":" + nested(70) + ", \"y\":1"},
        {"nd_deep_line3", kDeal1 + "\n" + kDeal2 + "\n{\"x\":" + nested(80) + "}\n"},
        {"depth64", "{\"x\":" + nested(63) + "}"},
        {"depth65", "{\"x\":" + nested(64) + "}"},
        {"trailing_garbage", "{\"a\":1} x\n{\"b\":2}\n"},
        {"single_then_blank", kDeal1 + "\n\n   \n"},
        {"leading_newline", "\n" + kDeal1 + "\n" + kDeal2 + "\n"},
        {"nd_bad_line3", kDeal1 + "\n\n   x\n"},
        {"nd_canonical_line2", kDeal1 + "\n{\"revenue_lens\":1}\n"},
        {"nd_bom", "\xEF\xBB\xBF" + kDeal1 + "\n" + kDeal2 + "\n"},
        {"nd_escapes", R"({"id":"1","properties":{"dealname":"a\nb \\n","amount":"10"}})" "\n" + kDeal2 + "\n"},
        {"nd_pages", "{\"results\":[" + kDeal1 + "]}\n{\"results\":[" + kDeal2 + "],\"paging\":{\"next\":{}}}\n"},
        {"nd_ws_cr", kDeal1 + "   \r\n" + kDeal2},
        {"nd_tab", kDeal1 + "\t\n" + kDeal2},
        {"nd_overflow_line1", "{\"a\":1e999}\n" + kDeal2 + "\n"},
        {"nd_overflow_line2", kDeal1 + "\n{\"a\":1e999}\n"},
        {"nd_bad_utf8", "{\"a\":\"\xff\"}\n" + kDeal2 + "\n"},
        {"nd_empty_objects", "{}\n{}\n"},
        {"nd_unknown", "{\"a\":1}\n{\"b\":2}\n"},
        {"canon_bom", "\xEF\xBB\xBF{\"revenue_lens\":1,\"deals\":[{\"id\":\"d1\",\"name\":\"x\",\"amount\":5,"
                      "\"state\":\"open\"}]}"},
        {"canon_bad", "{\"revenue_lens\":1,\"deals\":[{\"id\":\"d1\",}]}"},
        {"canon_late_key", "{\"deals\":[{\"id\":\"d1\",\"name\":\"x\"}],\"revenue_lens\":1}"},
        {"canon_version", "{\"revenue_lens\":2}"},
        {"csv_comma.csv", "Deal Name,Amount,Deal Stage,Close Date\r\nA,\"1,000\",Closed Won,1/31/2024\r\n"
                          "\"B \"\"q\"\"\",20,Open,\r\n\"multi\nline\",5,Closed Lost,31.01.2024\r\n"},
        {"csv_semi.csv", "\xEF\xBB\xBFOpportunity Name;Amount;Stage;Close Date\nA;1.000,50;Closed Won;2024-01-31\n"
                         "B;2;Prospecting;\n"},
        {"csv_unterminated.csv", "Deal Name,Amount\nA,\"unterminated\n"},
        {"csv_bom_unterminated.csv", "\xEF\xBB\xBF" "Deal Name,Amount\nA,\"unterminated\n"},
        {"csv_header_only.csv", "Deal Name,Amount\n"},
        {"csv_no_trailing_newline.csv", "Deal Name,Amount\nA,1"},
        {"csv_label_only.csv", "deal stage\nOpen\n"},
        {"csv_quoted_header.csv", "\"Deal Name\",\"Amount, USD\";x\nA,1\n"},
        {"scalar_number", "123"},
        {"scalar_string", "\"abc\""},
        {"scalar_string_comma", "\"a,b\""},
        {"partial_literal", "tru"},
        {"blank", "  \t\n  "},
        {"bom_only", "\xEF\xBB\xBF"},
        {"bom_blank", "\xEF\xBB\xBF  \n"},
        {"utf16be", std::string("\xFE\xFF\x00{", 4)},
        {"utf16le", std::string("\xFF\xFE{\x00", 4)},
        {"zeros", std::string("\x00\x00", 2)},
        {"one_x", "x"},
        {"one_brace", "{"},
        {"one_bracket", "["},
        {"one_newline", "\n"},
        {"empty", ""},
        {"root_array", "[" + kDeal1 + ",\n" + kDeal2 + "]"},
        {"root_pages", "[{\"results\":[" + kDeal1 + "]},{\"results\":[" + kDeal2 + "]}]"},
        {"mixed_records", "{\"results\":[" + kDeal1 + ",1,\"s\",[1],null]}"},
        {"only_non_objects", "{\"results\":[1,2]}"},
        {"empty_array", "[]"},
        {"empty_object", "{}"},
        {"sf_result", R"({"result":{"records":[{"Id":"006A","Name":"X","StageName":"Closed Won","Amount":5,)"
                      R"("CloseDate":"2024-01-01","attributes":{"type":"Opportunity"}}],"done":false}})"},
    };
}

std::vector<fs::path> corpus() {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(REVLENS_FIXTURES))
        if (e.is_regular_file() && (e.path().extension() == ".json" || e.path().extension() == ".csv"))
            files.push_back(e.path());
    for (auto& e : fs::directory_iterator(fs::path(REVLENS_TESTS_DIR) / "bad"))
        if (e.path().extension() != ".expected") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST(ImportStream, EveryFixtureAndBadFileSameInPieces) {
    size_t n = 0;
    for (const fs::path& p : corpus()) {
        expect_same_in_pieces(p.filename().string(), read_text(p), {1, 7, 4096});
        ++n;
    }
    EXPECT_GE(n, 26u + 15u); // the 26 JSON fixtures of shared/fixtures and the bad-file corpus
}

TEST(ImportStream, EdgeCasesSameInPieces) {
    for (auto& [name, text] : edge_cases()) expect_same_in_pieces(name, text, {1, 2, 3, 7, 64, 4096});
}

// Files loaded one after another into one Dataset (reference data, merges, customer matching) give the same rows
// and the same Report.
TEST(ImportStream, AllFixturesIntoOneDatasetSameInPieces) {
    core::Dataset whole, parts;
    std::string whole_reports, part_reports;
    for (const fs::path& p : corpus()) {
        const std::string text = read_text(p);
        whole_reports += everything(import::load(p.filename().string(), span_of(text), whole));
        import::MemorySource source(span_of(text), 7);
        part_reports += everything(import::load(p.filename().string(), source, parts));
    }
    EXPECT_EQ(part_reports, whole_reports);
    EXPECT_EQ(everything(parts), everything(whole));
    EXPECT_GT(whole.deals.size(), 0u);
    core::Settings settings;
    settings.as_of = day("2024-06-30");
    core::Filter all;
    all.preset = core::PeriodPreset::all_time;
    EXPECT_EQ(core::to_json(core::compute(parts, settings, all)).dump(),
              core::to_json(core::compute(whole, settings, all)).dump());
}

// What the edge cases must say, worked out here from the bytes (not from the importer).
TEST(ImportStream, NewlineDelimitedWordingAndOffsets) {
    auto error_of = [](const std::string& text) {
        core::Dataset ds;
        import::MemorySource source(span_of(text), 3);
        auto r = import::load("f.json", source, ds);
        EXPECT_FALSE(r.ok) << text.substr(0, 80);
        EXPECT_TRUE(ds.files.empty() && ds.deals.empty());
        return r.error;
    };
    const std::string deep70 = "{\"x\":" + nested(70) + "}";
    // the first line of a newline-delimited file is too deep: "(line 1)" and the bracket's offset in the file
    std::string t = "\xEF\xBB\xBF" + deep70 + "\n" + kDeal2 + "\n";
    EXPECT_NE(error_of(t).find("at byte " + std::to_string(deep_bracket(t)) + " (line 1)"), std::string::npos)
        << error_of(t);
    // one JSON text (only blanks after its line): no line
    t = deep70 + "\n\n";
    EXPECT_EQ(error_of(t), "f.json: nesting deeper than 64 levels (record #1): expected an export of flat records at "
                           "byte " + std::to_string(deep_bracket(t)));
    // the deep object runs over a newline: one JSON text
    t = "{\"x\":\n" + nested(70) + "}\n" + kDeal2 + "\n";
    EXPECT_NE(error_of(t).find("at byte " + std::to_string(deep_bracket(t))), std::string::npos);
    EXPECT_EQ(error_of(t).find("(line"), std::string::npos) << error_of(t);
    // a deep third line: its own offset, in the file
    t = kDeal1 + "\n" + kDeal2 + "\n{\"x\":" + nested(80) + "}\n";
    const size_t line3 = kDeal1.size() + 1 + kDeal2.size() + 1;
    EXPECT_NE(error_of(t).find("at byte " + std::to_string(line3 + deep_bracket(t.substr(line3))) + " (line 3)"),
              std::string::npos)
        << error_of(t);
    // a bad third line after a blank one: the offending byte's offset in the file, and the line
    t = kDeal1 + "\n\n   x\n";
    EXPECT_NE(error_of(t).find("not valid JSON at byte " + std::to_string(t.find('x')) + " (line 3)"),
              std::string::npos)
        << error_of(t);
    // text after the first object on its line: one JSON text with something after it
    t = kDeal1 + " x\n" + kDeal2 + "\n";
    EXPECT_NE(error_of(t).find("not valid JSON at byte " + std::to_string(kDeal1.size() + 1) + ": "), std::string::npos)
        << error_of(t);
    EXPECT_NE(error_of(t).find("expected end of input"), std::string::npos);
    // a newline before the first object: one JSON text, which goes on after it
    t = "\n" + kDeal1 + "\n" + kDeal2 + "\n";
    EXPECT_NE(error_of(t).find("not valid JSON at byte " + std::to_string(1 + kDeal1.size() + 1)), std::string::npos)
        << error_of(t);
}

TEST(ImportStream, NewlineDelimitedAndCsvRead) {
    core::Dataset ds;
    const std::string nd = "\xEF\xBB\xBF  " + kDeal1 + "  \r\n\r\n" + kDeal2 + "\r\n   \n";
    import::MemorySource source(span_of(nd), 1);
    auto r = import::load("deals.ndjson", source, ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.records_read, 2u);
    EXPECT_EQ(ds.deals.size(), 2u);
    EXPECT_EQ(r.bytes, nd.size());

    core::Dataset cs;
    const std::string csv = "Deal Name,Amount,Deal Stage,Close Date\r\nA,\"1,000\",Closed Won,1/31/2024\r\n"
                            "\"B \"\"q\"\"\",20,Open,\r\n\"multi\nline\",5,Closed Lost,31.01.2024\r\n";
    import::MemorySource csv_source(span_of(csv), 1);
    r = import::load("deals.csv", csv_source, cs);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "csv.hubspot.deals");
    EXPECT_EQ(r.records_read, 3u);
    ASSERT_EQ(cs.deals.size(), 3u);
    EXPECT_EQ(cs.str(cs.deals[1].name), "B \"q\"");
    EXPECT_EQ(cs.str(cs.deals[2].name), "multi\nline");
    EXPECT_EQ(cs.deals[0].amount, 1000);

    core::Dataset bad;
    const std::string unterminated = "Deal Name,Amount\nA,\"unterminated\n";
    import::MemorySource bad_source(span_of(unterminated), 2);
    r = import::load("u.csv", bad_source, bad);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("row starting at byte 17"), std::string::npos) << r.error;
}

// A file on disk through import::FileSource, and a canonical file (read twice: detection, then from the start).
TEST(ImportStream, FileSourceReadsFilesLikeMemory) {
    const fs::path dir = fs::temp_directory_path() / "revlens_import_stream";
    fs::create_directories(dir);
    for (const fs::path& p : corpus()) {
        const std::string text = read_text(p);
        const fs::path copy = dir / p.filename();
        {
            std::FILE* f = std::fopen(copy.string().c_str(), "wb");
            ASSERT_TRUE(f);
            if (!text.empty()) {
                ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
            }
            std::fclose(f);
        }
        const Loaded whole = in_memory(p.filename().string(), text);
        import::FileSource source;
        ASSERT_TRUE(source.open(copy.string())) << source.error();
        core::Dataset ds;
        auto r = import::load(p.filename().string(), source, ds);
        EXPECT_EQ(everything(r), whole.report) << p;
        EXPECT_EQ(everything(ds), whole.dataset) << p;
        fs::remove(copy);
    }
    // canonical: written, read back through a file
    core::Dataset from;
    ASSERT_TRUE(load_fixture("hubspot/hubspot_deals.json", from).ok);
    const std::string canonical = import::write_canonical(from);
    const fs::path path = dir / "company.json";
    {
        std::FILE* f = std::fopen(path.string().c_str(), "wb");
        ASSERT_TRUE(f);
        ASSERT_EQ(std::fwrite(canonical.data(), 1, canonical.size(), f), canonical.size());
        std::fclose(f);
    }
    import::FileSource source;
    ASSERT_TRUE(source.open(path.string()));
    core::Dataset back;
    auto r = import::load("company.json", source, back);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "canonical");
    EXPECT_EQ(r.bytes, canonical.size());
    EXPECT_EQ(import::write_canonical(back), canonical);
    fs::remove(path);

    import::FileSource missing;
    EXPECT_FALSE(missing.open((dir / "no-such-file.json").string()));
    EXPECT_NE(missing.error().find("cannot open"), std::string::npos);
    fs::remove_all(dir);
}

// A source that cannot be read twice (a pipe): a canonical file is re-read from the Reader's buffer when its
// "revenue_lens" key comes first; when it comes after the buffer has moved on, the error says so.
TEST(ImportStream, CanonicalFromAPipe) {
    class Pipe final : public import::ByteSource {
    public:
        explicit Pipe(const std::string& s) : inner_(span_of(s), 4096) {}
        size_t read(uint8_t* out, size_t n) override { return inner_.read(out, n); }
        bool rewind() override { return false; }
        std::optional<uint64_t> size() const override { return std::nullopt; }

    private:
        import::MemorySource inner_;
    };
    core::Dataset from;
    ASSERT_TRUE(load_fixture("hubspot/hubspot_deals.json", from).ok);
    const std::string canonical = import::write_canonical(from);
    ASSERT_EQ(canonical.rfind("{\"revenue_lens\"", 0), 0u);
    Pipe pipe(canonical);
    core::Dataset back;
    auto r = import::load("company.json", pipe, back);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.bytes, canonical.size()); // counted while reading
    EXPECT_EQ(import::write_canonical(back), canonical);

    const std::string late = "{\"deals\":[],\"notes\":\"" + std::string(import::kReadPiece * 2, 'a') +
                             "\",\"revenue_lens\":1}";
    Pipe late_pipe(late);
    core::Dataset none;
    r = import::load("late.json", late_pipe, none);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("cannot be read again"), std::string::npos) << r.error;
    EXPECT_TRUE(none.files.empty());
    import::MemorySource late_memory(span_of(late), 4096); // rewinds: read again from the start
    r = import::load("late.json", late_memory, none);
    EXPECT_TRUE(r.ok) << r.error;
}
