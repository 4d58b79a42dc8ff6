// The page imports in a Web Worker: the worker stages a file against a stage context (what was loaded before, as
// bytes), posts the Staged file back as bytes, and the page commits it. That path must give exactly what
// import::load gives in one call: the same ImportReport and the same Dataset after every file, for every shared
// fixture loaded one after another, for bad files, and for the two files that change rows loaded before them
// (HubSpot pipelines relabelling history, Salesforce OpportunityHistory for loaded opportunities).
#include "import_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace import_test;
namespace fs = std::filesystem;

namespace {

std::span<const uint8_t> span_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// As the page does it: context -> bytes -> worker; worker stages -> bytes -> page; page commits.
import::ImportReport through_worker(const std::string& name, std::span<const uint8_t> bytes, core::Dataset& into) {
    import::Staged ctx;
    ctx.part = import::stage_context(into);
    const std::vector<uint8_t> ctx_wire = import::write_staged(ctx);

    import::Staged ctx_in_worker;
    std::string error;
    EXPECT_TRUE(import::read_staged(ctx_wire, ctx_in_worker, error)) << error;
    import::MemorySource source(bytes, 4096);
    const std::vector<uint8_t> wire = import::write_staged(import::stage(name, source, ctx_in_worker.part));

    import::Staged back;
    EXPECT_TRUE(import::read_staged(wire, back, error)) << error;
    // the page makes room for the file's texts and rows, then interns the texts a slice per task before the merge: 7
    // at a time here
    size_t steps = 0;
    while (import::prepare_commit(back, into, 7)) ++steps;
    if (into.strings.size() > 1 && back.report.ok) {
        EXPECT_EQ(back.interned.size(), back.part.strings.size());
        // true for the pool's room and the rows', then for each slice of 7 but the last (which returns false)
        EXPECT_EQ(steps, 2u + (back.part.strings.size() - 1) / 7);
        // the merge adds rows without growing a column (its copy was a step of its own)
        EXPECT_GE(into.deals.capacity(), into.deals.size() + back.part.deals.size());
        EXPECT_GE(into.stage_history.capacity(), into.stage_history.size() + back.part.stage_history.size());
        EXPECT_GE(into.leads.capacity(), into.leads.size() + back.part.leads.size());
        EXPECT_GE(into.subscriptions.capacity(), into.subscriptions.size() + back.part.subscriptions.size());
    } else {
        EXPECT_EQ(steps, 0u); // into an empty pool, or a refused file: nothing to prepare
    }
    return import::commit(std::move(back), into);
}

void expect_same_sequence(const std::vector<std::pair<std::string, std::string>>& files) {
    core::Dataset direct, worker;
    for (const auto& [name, text] : files) {
        SCOPED_TRACE(name);
        const import::ImportReport a = import::load(name, span_of(text), direct);
        const import::ImportReport b = through_worker(name, span_of(text), worker);
        EXPECT_EQ(everything(a), everything(b));
        EXPECT_EQ(everything(direct), everything(worker));
    }
}

std::string read_text(const fs::path& p) {
    auto b = read_bytes(p.string());
    return {b.begin(), b.end()};
}

} // namespace

TEST(ImportStaged, EveryFixtureOneAfterAnotherGivesWhatLoadGives) {
    std::vector<fs::path> paths;
    for (auto& e : fs::recursive_directory_iterator(REVLENS_FIXTURES))
        if (e.is_regular_file() && e.path().extension() == ".json") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    ASSERT_GE(paths.size(), 20u);
    std::vector<std::pair<std::string, std::string>> files;
    for (auto& p : paths) files.emplace_back(p.filename().string(), read_text(p));
    expect_same_sequence(files);
    std::reverse(files.begin(), files.end()); // reference files after the rows they name, this time
    expect_same_sequence(files);
}

TEST(ImportStaged, BadFilesKeepTheirErrorAndAddNothing) {
    core::Dataset ds;
    ASSERT_TRUE(load_fixture("hubspot/hubspot_deals.json", ds).ok);
    const std::string before = everything(ds);
    for (const std::string bad : {"", "{\"results\":[", "[1,2]", "{\"results\":[{\"id\":\"1\",\"properties\":"
                                  "{\"dealname\":\"x\",\"amount\":\"abc\"}}]}"}) {
        const import::ImportReport r = through_worker("bad.json", span_of(bad), ds);
        core::Dataset fresh;
        ASSERT_TRUE(load_fixture("hubspot/hubspot_deals.json", fresh).ok);
        EXPECT_EQ(everything(r), everything(import::load("bad.json", span_of(bad), fresh)));
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(everything(ds), before);
    }
}

TEST(ImportStaged, SalesforceHistoryReachesAnOpportunityLoadedBefore) {
    core::Dataset ds;
    const std::string opp = R"({"records":[{"attributes":{"type":"Opportunity"},"Id":"006A",
        "StageName":"Negotiation/Review","IsClosed":false,"Probability":90}]})";
    const std::string hist = R"({"records":[
        {"attributes":{"type":"OpportunityHistory"},"Id":"h1","OpportunityId":"006A","StageName":"Prospecting",
         "CreatedDate":"2024-01-01T00:00:00.000+0000"},
        {"attributes":{"type":"OpportunityHistory"},"Id":"h2","OpportunityId":"006A","StageName":"Negotiation/Review",
         "CreatedDate":"2024-02-01T00:00:00.000+0000"},
        {"attributes":{"type":"OpportunityHistory"},"Id":"h3","OpportunityId":"006B","StageName":"Prospecting",
         "CreatedDate":"2024-03-01T00:00:00.000+0000"}]})";
    ASSERT_TRUE(through_worker("opp.json", span_of(opp), ds).ok);
    ASSERT_TRUE(through_worker("hist.json", span_of(hist), ds).ok);
    ASSERT_EQ(ds.deals.size(), 2u); // 006A got its history; 006B (never loaded) became a deal of its own
    const core::Deal* a = by_id(ds, ds.deals, "006A");
    ASSERT_NE(a, nullptr);
    auto h = ds.history(*a);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(ds.str(h[0].stage), "Prospecting");
    EXPECT_EQ(h[0].entered_at, day("2024-01-01"));
    EXPECT_EQ(h[0].exited_at, day("2024-02-01"));
    EXPECT_EQ(ds.str(h[1].stage), "Negotiation/Review");
    const core::Deal* b = by_id(ds, ds.deals, "006B");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->history_count, 1u);
    expect_same_sequence({{"opp.json", opp}, {"hist.json", hist}});
}

TEST(ImportStaged, HubspotPipelinesRelabelTheHistoryOfDealsLoadedBefore) {
    const std::string deals = R"({"results":[{"id":"1","properties":{"dealname":"A","dealstage":"qualifiedtobuy",
        "pipeline":"default","createdate":"2024-01-01T00:00:00Z",
        "hs_v2_date_entered_appointmentscheduled":"2024-01-02T00:00:00Z",
        "hs_v2_date_exited_appointmentscheduled":"2024-01-10T00:00:00Z",
        "hs_v2_date_entered_qualifiedtobuy":"2024-01-10T00:00:00Z"}}]})";
    const std::string pipelines = R"({"results":[{"id":"default","label":"Sales","stages":[
        {"id":"appointmentscheduled","label":"Intro call","metadata":{"probability":"0.1","isClosed":"false"}},
        {"id":"qualifiedtobuy","label":"Qualified","metadata":{"probability":"0.3","isClosed":"false"}}]}]})";
    core::Dataset ds;
    ASSERT_TRUE(through_worker("deals.json", span_of(deals), ds).ok);
    ASSERT_EQ(ds.deals.size(), 1u);
    auto h = ds.history(ds.deals[0]);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(ds.str(h[0].stage), "Appointment Scheduled"); // HubSpot's default label until the portal's is known
    ASSERT_TRUE(through_worker("pipelines.json", span_of(pipelines), ds).ok);
    h = ds.history(ds.deals[0]);
    EXPECT_EQ(ds.str(h[0].stage), "Intro call");
    EXPECT_EQ(ds.str(h[1].stage), "Qualified");
    EXPECT_EQ(ds.str(ds.deals[0].stage), "Qualified");
    EXPECT_EQ(ds.str(ds.deals[0].pipeline), "Sales");
    expect_same_sequence({{"deals.json", deals}, {"pipelines.json", pipelines}});
}

TEST(ImportStaged, CutOrCorruptBytesAreRefusedWithoutReadingPastThem) {
    core::Dataset ds;
    ASSERT_TRUE(load_fixture("salesforce/salesforce_opportunities.json", ds).ok);
    const std::string text = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_deals.json");
    import::MemorySource source(span_of(text));
    const std::vector<uint8_t> wire = import::write_staged(import::stage("deals.json", source, ds));
    import::Staged out;
    std::string error;
    ASSERT_TRUE(import::read_staged(wire, out, error)) << error;
    EXPECT_EQ(out.part.deals.size(), 21u); // results[] of the fixture
    for (size_t n = 0; n < wire.size(); n += 1 + n / 16) { // every length short of the whole
        std::vector<uint8_t> cut(wire.begin(), wire.begin() + static_cast<long>(n));
        EXPECT_FALSE(import::read_staged(cut, out, error)) << n;
        EXPECT_FALSE(error.empty());
    }
    std::vector<uint8_t> longer = wire;
    longer.push_back(0);
    EXPECT_FALSE(import::read_staged(longer, out, error));
    // A deal naming a text past the pool's end: refused (it would read out of bounds later).
    import::Staged s;
    s.report.ok = true;
    s.part.files.push_back({});
    core::Deal d;
    d.id = 99;
    s.part.deals.push_back(d);
    EXPECT_FALSE(import::read_staged(import::write_staged(s), out, error));
    EXPECT_NE(error.find("does not hold"), std::string::npos) << error;
}

TEST(ImportStaged, StringPoolCrossesWholeAndRefusesAnIndexThatDoesNotFit) {
    core::StringPool p;
    std::vector<std::string> words;
    for (int i = 0; i < 500; ++i) words.push_back("w" + std::to_string(i * 7919 % 1000));
    for (auto& w : words) p.intern(w);
    std::string texts;
    std::vector<uint32_t> ends;
    for (size_t i = 1; i < p.size(); ++i) {
        texts += p.view(static_cast<core::Sym>(i));
        ends.push_back(static_cast<uint32_t>(texts.size()));
    }
    const std::vector<uint32_t> index(p.index().begin(), p.index().end());
    core::StringPool q;
    ASSERT_TRUE(q.assign(texts, ends, index));
    ASSERT_EQ(q.size(), p.size());
    for (auto& w : words) EXPECT_EQ(q.find(w), p.find(w)) << w; // same Syms, found through the index as it came
    EXPECT_EQ(q.find("not there"), 0u);
    EXPECT_EQ(q.intern("new text"), p.size()); // and it goes on growing like any pool
    EXPECT_EQ(q.find("new text"), p.size());

    auto refused = [&](std::vector<uint32_t> e, std::vector<uint32_t> ix, std::string t) {
        core::StringPool r;
        const bool ok = r.assign(t, e, ix);
        return !ok && r.size() == 1;
    };
    auto bad = index;
    for (size_t i = 1; i < bad.size(); i += 2)
        if (bad[i]) { bad[i] = static_cast<uint32_t>(p.size()); break; } // a Sym past the texts
    EXPECT_TRUE(refused(ends, bad, texts));
    bad = index;
    for (size_t i = 1; i < bad.size(); i += 2)
        if (bad[i]) { bad[i] = 0; break; } // a text missing from the index
    EXPECT_TRUE(refused(ends, bad, texts));
    EXPECT_TRUE(refused(ends, std::vector<uint32_t>(index.begin(), index.begin() + 64), texts)); // too small
    EXPECT_TRUE(refused(ends, index, texts + "x"));                                              // texts left over
    auto e2 = ends;
    e2[3] = e2[2]; // an empty text
    EXPECT_TRUE(refused(e2, index, texts));
}

// Texts interned for a Dataset that was then cleared and refilled with fewer texts: the merge does not use them.
TEST(ImportStaged, InternedTextsThatNoLongerFitThePoolAreNotUsed) {
    const std::string big = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_deals.json");
    const std::string small = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_fetch-pipelines.json");
    const std::string contacts = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_contacts.json");
    core::Dataset into, direct;
    ASSERT_TRUE(import::load("deals.json", span_of(big), into).ok);
    import::MemorySource source(span_of(contacts));
    import::Staged staged = import::stage("contacts.json", source, into);
    ASSERT_TRUE(staged.report.ok) << staged.report.error;
    while (import::prepare_commit(staged, into, 1000)) {}
    ASSERT_EQ(staged.interned.size(), staged.part.strings.size());
    into.clear();
    ASSERT_TRUE(import::load("pipelines.json", span_of(small), into).ok);
    ASSERT_TRUE(import::load("pipelines.json", span_of(small), direct).ok);
    ASSERT_LT(into.strings.size(), *std::max_element(staged.interned.begin(), staged.interned.end()));
    EXPECT_EQ(everything(import::commit(std::move(staged), into)),
              everything(import::load("contacts.json", span_of(contacts), direct)));
    EXPECT_EQ(everything(into), everything(direct));
}

// A merge reads the rows loaded before only for ids whose text the pool held before the file (Dataset::merge's
// first_new): a later file's deal with a loaded deal's id replaces it, through the page's steps as through load.
TEST(ImportStaged, ALaterFileReplacesALoadedRowThroughTheSteps) {
    const std::string deals = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_deals.json");
    const std::string one = read_text(fs::path(REVLENS_FIXTURES) / "hubspot/hubspot_get-deal.json");
    core::Dataset into;
    ASSERT_TRUE(through_worker("deals.json", span_of(deals), into).ok);
    ASSERT_EQ(into.deals.size(), 21u);
    ASSERT_TRUE(through_worker("deal.json", span_of(one), into).ok); // 479475667160 is in both files
    EXPECT_EQ(into.deals.size(), 21u);
    EXPECT_EQ(into.files[1].duplicate_ids, 1u);
    size_t rows = 0;
    for (const core::Deal& d : into.deals) rows += into.str(d.id) == "479475667160" && d.file == 1;
    EXPECT_EQ(rows, 1u);

    // The same with interned texts whose pool size is not known: every loaded row is read
    core::Dataset again;
    ASSERT_TRUE(import::load("deals.json", span_of(deals), again).ok);
    import::MemorySource source(span_of(one));
    import::Staged staged = import::stage("deal.json", source, again);
    while (import::prepare_commit(staged, again, 1000)) {}
    ASSERT_GT(staged.first_new, 1u);
    staged.first_new = 0;
    ASSERT_TRUE(import::commit(std::move(staged), again).ok);
    EXPECT_EQ(again.deals.size(), 21u);
    EXPECT_EQ(again.files[1].duplicate_ids, 1u);
}
