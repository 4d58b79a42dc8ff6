// Canonical JSON: write -> read gives the same rows; the documented examples read; bad files give precise errors.
#include "import/canonical.h"
#include "sample/generate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using core::Dataset;
using core::days_from_civil;

std::span<const uint8_t> bytes_of(const std::string &s) {
    return {reinterpret_cast<const uint8_t *>(s.data()), s.size()};
}

struct ReadResult {
    bool ok;
    Dataset part;
    import::ImportReport report;
};

ReadResult read(const std::string &text, const char *name = "test.json") {
    ReadResult r{false, {}, {}};
    r.part.files.emplace_back();
    r.ok = import::read_canonical(name, bytes_of(text), r.part, r.report);
    return r;
}

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Compares the rows of two Datasets through their texts (Syms differ between pools). Returns "" when equal.
std::string difference(const Dataset &a, const Dataset &b) {
    std::ostringstream why;
    auto text = [](const Dataset &d, core::Sym s) { return std::string(d.str(s)); };
#define SAME_TEXT(field, what)                                                                                         \
    if (text(a, x.field) != text(b, y.field))                                                                          \
        return why << what << " " << i << "." #field ": '" << text(a, x.field) << "' vs '" << text(b, y.field) << "'", \
               why.str();
#define SAME(field, what)                                                                                              \
    if (!(x.field == y.field)) return why << what << " " << i << "." #field " differs", why.str();
#define SAME_NUMBER(field, what)                                                                                       \
    if (!same_number(x.field, y.field))                                                                                \
        return why << what << " " << i << "." #field ": " << x.field << " vs " << y.field, why.str();

    if (a.leads.size() != b.leads.size()) return "lead count differs";
    for (size_t i = 0; i < a.leads.size(); ++i) {
        const auto &x = a.leads[i], &y = b.leads[i];
        SAME_TEXT(id, "lead")
        SAME(system, "lead") SAME(created_at, "lead") SAME_TEXT(source, "lead") SAME_TEXT(owner, "lead")
            SAME_TEXT(account_id, "lead") SAME(stage_at, "lead") SAME(disqualified_at, "lead") SAME_TEXT(status, "lead")
                SAME_TEXT(email_domain, "lead")
    }
    if (a.deals.size() != b.deals.size()) return "deal count differs";
    for (size_t i = 0; i < a.deals.size(); ++i) {
        const auto &x = a.deals[i], &y = b.deals[i];
        SAME_TEXT(id, "deal")
        SAME(system, "deal") SAME_TEXT(name, "deal") SAME_TEXT(account_id, "deal") SAME_TEXT(owner, "deal")
            SAME_TEXT(source, "deal") SAME_TEXT(pipeline, "deal") SAME_TEXT(stage_id, "deal") SAME_TEXT(stage, "deal")
                SAME(state, "deal") SAME(type, "deal") SAME(forecast_category, "deal") SAME_NUMBER(amount, "deal")
                    SAME_NUMBER(amount_home, "deal") SAME_TEXT(currency, "deal") SAME(created_at, "deal")
                        SAME(closed_at, "deal") SAME(expected_close, "deal") SAME_NUMBER(probability, "deal")
                            SAME_NUMBER(stage_probability, "deal") SAME(history_count, "deal") auto hx = a.history(x),
                                                                                                    hy = b.history(y);
        for (size_t k = 0; k < hx.size(); ++k)
            if (text(a, hx[k].stage) != text(b, hy[k].stage) || hx[k].entered_at != hy[k].entered_at ||
                hx[k].exited_at != hy[k].exited_at)
                return why << "deal " << i << " stage_history[" << k << "] differs", why.str();
    }
    if (a.accounts.size() != b.accounts.size()) return "account count differs";
    for (size_t i = 0; i < a.accounts.size(); ++i) {
        const auto &x = a.accounts[i], &y = b.accounts[i];
        SAME_TEXT(id, "account")
        SAME(system, "account") SAME_TEXT(name, "account") SAME_TEXT(domain, "account") SAME(created_at, "account")
            SAME(customer_since, "account") SAME_TEXT(segment, "account") SAME_TEXT(industry, "account")
                SAME_NUMBER(employees, "account") SAME_TEXT(source, "account") SAME_TEXT(crm_account, "account")
    }
    if (a.subscriptions.size() != b.subscriptions.size()) return "subscription count differs";
    for (size_t i = 0; i < a.subscriptions.size(); ++i) {
        const auto &x = a.subscriptions[i], &y = b.subscriptions[i];
        SAME_TEXT(id, "sub")
        SAME(system, "sub") SAME_TEXT(account_id, "sub") SAME(status, "sub") SAME(started_at, "sub")
            SAME(trial_end, "sub") SAME(ended_at, "sub") SAME(canceled_at, "sub") SAME(cancel_at, "sub")
                SAME(cancel_at_period_end, "sub") SAME_NUMBER(mrr, "sub") SAME_TEXT(currency, "sub")
                    SAME_TEXT(interval, "sub") SAME_TEXT(plan, "sub")
    }
    if (a.spend.size() != b.spend.size()) return "spend count differs";
    for (size_t i = 0; i < a.spend.size(); ++i) {
        const auto &x = a.spend[i], &y = b.spend[i];
        SAME(month, "spend") SAME_TEXT(channel, "spend") SAME_NUMBER(amount, "spend") SAME_TEXT(currency, "spend")
    }
    if (a.traffic.size() != b.traffic.size()) return "traffic count differs";
    for (size_t i = 0; i < a.traffic.size(); ++i) {
        const auto &x = a.traffic[i], &y = b.traffic[i];
        SAME(date, "traffic")
        SAME_TEXT(channel, "traffic") SAME_NUMBER(sessions, "traffic") SAME_NUMBER(users, "traffic")
            SAME_NUMBER(conversions, "traffic")
    }
    if (a.tools.size() != b.tools.size()) return "tool count differs";
    for (size_t i = 0; i < a.tools.size(); ++i) {
        const auto &x = a.tools[i], &y = b.tools[i];
        SAME_TEXT(name, "tool")
        SAME_TEXT(category, "tool") SAME(teams, "tool") SAME_NUMBER(monthly_cost, "tool") SAME_NUMBER(seats, "tool")
            SAME_TEXT(owner, "tool")
    }
    if (a.targets.size() != b.targets.size()) return "target count differs";
    for (size_t i = 0; i < a.targets.size(); ++i) {
        const auto &x = a.targets[i], &y = b.targets[i];
        SAME_TEXT(metric, "target") SAME(period, "target") SAME(start, "target") SAME_NUMBER(value, "target")
    }
#undef SAME_TEXT
#undef SAME
#undef SAME_NUMBER
    return "";
}

// A Dataset with every field of every entity set to something unusual: quotes, non-ASCII, control characters,
// fractions that do not print short, another system, empty history.
Dataset every_field() {
    Dataset ds;
    core::Lead l;
    l.id = ds.sym("lead \"1\"");
    l.system = core::System::hubspot;
    l.created_at = days_from_civil(2024, 2, 29);
    l.source = ds.sym("PAID_SEARCH");
    l.owner = ds.sym("Þórunn Ægisdóttir");
    l.account_id = ds.sym("acc-1");
    l.stage_at = {days_from_civil(2024, 2, 29), days_from_civil(2024, 3, 2), core::kNoDay,
                  days_from_civil(2024, 3, 9),  days_from_civil(2024, 5, 1), days_from_civil(2025, 1, 1)};
    l.disqualified_at = days_from_civil(2023, 12, 31);
    l.status = ds.sym("OPEN\tDEAL\n");
    l.email_domain = ds.sym("example.com");
    ds.leads.push_back(l);
    ds.leads.push_back(core::Lead{.id = ds.sym("bare")});

    ds.stage_history.push_back({ds.sym("Qualified to buy"), days_from_civil(2024, 3, 9), days_from_civil(2024, 3, 20)});
    ds.stage_history.push_back({ds.sym("Closed won"), days_from_civil(2024, 3, 20), core::kNoDay});
    core::Deal d;
    d.id = ds.sym("D-1");
    d.system = core::System::salesforce;
    d.name = ds.sym("José's \\ deal – €");
    d.account_id = ds.sym("acc-1");
    d.owner = ds.sym("José Muñoz");
    d.source = ds.sym("REFERRALS");
    d.pipeline = ds.sym("New business");
    d.stage_id = ds.sym("closedwon");
    d.stage = ds.sym("Closed won");
    d.state = core::DealState::won;
    d.type = core::DealType::expansion;
    d.forecast_category = core::ForecastCategory::best_case;
    d.amount = 1234.5678901234567;
    d.amount_home = 0.1 + 0.2;
    d.currency = ds.sym("EUR");
    d.created_at = days_from_civil(2024, 3, 9);
    d.closed_at = days_from_civil(2024, 3, 20);
    d.expected_close = days_from_civil(2024, 3, 31);
    d.probability = 1.0 / 3.0;
    d.stage_probability = 0.9;
    d.history_begin = 0;
    d.history_count = 2;
    ds.deals.push_back(d);
    core::Deal open;
    open.id = ds.sym("D-2");
    open.state = core::DealState::lost;
    open.type = core::DealType::renewal;
    open.amount = 1e21;
    ds.deals.push_back(open);

    core::Account a;
    a.id = ds.sym("acc-1");
    a.system = core::System::stripe;
    a.name = ds.sym("Café Lumière");
    a.domain = ds.sym("cafe.example");
    a.created_at = days_from_civil(1999, 12, 31);
    a.customer_since = days_from_civil(2024, 3, 20);
    a.segment = ds.sym("Mid-market");
    a.industry = ds.sym("Food");
    a.employees = 250;
    a.source = ds.sym("REFERRALS");
    a.crm_account = ds.sym("0015g00000XyZ");
    ds.accounts.push_back(a);

    core::Subscription s;
    s.id = ds.sym("sub_1");
    s.system = core::System::stripe;
    s.account_id = ds.sym("acc-1");
    s.status = core::SubStatus::incomplete_expired;
    s.started_at = days_from_civil(2024, 3, 6);
    s.trial_end = days_from_civil(2024, 3, 20);
    s.ended_at = days_from_civil(2025, 3, 20);
    s.canceled_at = days_from_civil(2025, 3, 1);
    s.cancel_at = days_from_civil(2025, 3, 20);
    s.cancel_at_period_end = true;
    s.mrr = 83.33333333333333;
    s.currency = ds.sym("EUR");
    s.interval = ds.sym("year");
    s.plan = ds.sym("Growth");
    ds.subscriptions.push_back(s);

    ds.spend.push_back({core::month_of(days_from_civil(2024, 1, 1)), ds.sym("PAID_SOCIAL"), 999.99, ds.sym("USD"), 0});
    ds.traffic.push_back({days_from_civil(2024, 1, 31), ds.sym("ORGANIC_SEARCH"), 1200, 900.5, 12, 0});
    ds.tools.push_back({ds.sym("Gong"), ds.sym("call recording"), core::kSales | core::kSuccess | core::kOtherTeam,
                        1400, 10, ds.sym("Hannah Becker"), 0});
    ds.tools.push_back({ds.sym("Slack"), 0, 0, core::kNaN, core::kNaN, 0, 0});
    ds.targets.push_back(
        {ds.sym("bookings_amount"), core::TargetPeriod::quarter, days_from_civil(2024, 4, 1), 250000, 0});
    ds.targets.push_back({ds.sym("new_mrr"), core::TargetPeriod::year, days_from_civil(2025, 1, 1), 1e5, 0});
    return ds;
}

} // namespace

TEST(CanonicalFormat, RoundTripKeepsEveryFieldOfEveryEntity) {
    Dataset original = every_field();
    std::string text = import::write_canonical(original);
    ReadResult r = read(text);
    ASSERT_TRUE(r.ok) << r.report.error;
    EXPECT_EQ(difference(original, r.part), "");
    // 2 leads + 2 deals + 1 account + 1 subscription + 1 spend + 1 traffic + 2 tools + 2 targets
    EXPECT_EQ(r.report.records_read, 12u);
    EXPECT_EQ(r.report.records_used, 12u);
    EXPECT_TRUE(r.report.skipped.empty());
    EXPECT_TRUE(r.report.fields_ignored.empty());
    EXPECT_EQ(import::write_canonical(r.part), text);
}

TEST(CanonicalFormat, RoundTripOfTheDemoCompany) {
    sample::GenerateOptions o;
    o.deals = 1500;
    o.seed = 11;
    Dataset company = sample::generate_company(o);
    std::string text = import::write_canonical(company);
    ReadResult r = read(text);
    ASSERT_TRUE(r.ok) << r.report.error;
    EXPECT_EQ(difference(company, r.part), "");
    EXPECT_EQ(r.part.deals.size(), 1500u);
}

TEST(CanonicalFormat, InvalidUtf8IsWrittenAsReplacementCharacter) {
    Dataset ds;
    ds.deals.push_back(core::Deal{.id = ds.sym("D1"), .name = ds.sym(std::string("bad \xC3\x28 text"))});
    ReadResult r = read(import::write_canonical(ds));
    ASSERT_TRUE(r.ok) << r.report.error;
    EXPECT_EQ(r.part.str(r.part.deals[0].name), "bad \xEF\xBF\xBD( text");
}

TEST(CanonicalFormat, LooksCanonicalNeedsTheMarkerKey) {
    EXPECT_TRUE(import::looks_canonical(nlohmann::json::parse(R"({"revenue_lens":1,"deals":[]})")));
    EXPECT_FALSE(import::looks_canonical(nlohmann::json::parse(R"({"deals":[]})")));
    EXPECT_FALSE(import::looks_canonical(nlohmann::json::parse(R"([{"revenue_lens":1}])")));
}

TEST(CanonicalFormat, AcceptsIsoTimestampsMonthStartsAndNullSections) {
    ReadResult r =
        read(R"({"deals":[{"id":"D1","created_at":"2024-02-01T23:30:00Z","closed_at":"2024-03-05T01:00:00+03:00",
        "state":"won","amount":5000}],"revenue_lens":1,"leads":null,
        "targets":[{"metric":"new_mrr","start":"2025-07","value":3000}]})");
    ASSERT_TRUE(r.ok) << r.report.error;
    ASSERT_EQ(r.part.deals.size(), 1u);
    EXPECT_EQ(r.part.deals[0].created_at, days_from_civil(2024, 2, 1));
    EXPECT_EQ(r.part.deals[0].closed_at, days_from_civil(2024, 3, 4)); // 01:00 at +03:00 is still the 4th in UTC
    EXPECT_EQ(r.part.deals[0].amount, 5000);
    ASSERT_EQ(r.part.targets.size(), 1u);
    EXPECT_EQ(r.part.targets[0].start, days_from_civil(2025, 7, 1));
    EXPECT_EQ(r.part.targets[0].period, core::TargetPeriod::month);
}

TEST(CanonicalFormat, UnknownKeysAreReportedNotFatal) {
    ReadResult r = read(R"({"revenue_lens":1,"generator":{"seed":[1,2]},"deals":[{"id":"D1","colour":"red"}]})");
    ASSERT_TRUE(r.ok) << r.report.error;
    ASSERT_EQ(r.report.fields_ignored.size(), 1u);
    EXPECT_EQ(r.report.fields_ignored[0], "deals.colour");
    ASSERT_EQ(r.report.warnings.size(), 1u);
    EXPECT_NE(r.report.warnings[0].find("generator"), std::string::npos);
}

TEST(CanonicalFormat, EmptyRecordIsSkippedWithReason) {
    ReadResult r = read(R"({"revenue_lens":1,"leads":[{},{"id":"L1"},{}]})");
    ASSERT_TRUE(r.ok) << r.report.error;
    EXPECT_EQ(r.part.leads.size(), 1u);
    EXPECT_EQ(r.report.records_read, 3u);
    EXPECT_EQ(r.report.records_used, 1u);
    ASSERT_EQ(r.report.skipped.size(), 1u);
    EXPECT_EQ(r.report.skipped[0].count, 2u);
    EXPECT_EQ(r.report.skipped[0].example_id, "leads[0]");
}

// Each bad file: the read fails, nothing is kept, and the error names the file, the record, the field and what
// was expected.
struct BadCase {
    const char *text;
    std::vector<const char *> error_mentions;
};

TEST(CanonicalFormat, BadFilesGiveSpecificErrors) {
    const BadCase cases[] = {
        {R"({"revenue_lens":1,"deals":[{"id":"D1"},{"id":"D2","amount":"3000"}]})",
         {"bad.json", "deals[1]", "\"D2\"", "\"amount\"", "expected a number", "string", "3000"}},
        {R"({"revenue_lens":1,"deals":[{"id":"D1","state":"closed"}]})",
         {"deals[0]", "\"D1\"", "\"state\"", "open, won, lost", "closed"}},
        {R"({"revenue_lens":1,"leads":[{"id":"L1"},{"created_at":"2024-01-01"}]})",
         {"leads[1]", "\"id\"", "required, missing"}},
        {R"({"revenue_lens":1,"subscriptions":[{"id":"S1","account_id":"A1","started_at":"2023-02-29"}]})",
         {"subscriptions[0]", "\"S1\"", "started_at", "YYYY-MM-DD", "2023-02-29"}},
        {R"({"revenue_lens":1,"deals":[{"id":"D1","probability":40}]})", {"\"probability\"", "0 to 1", "40"}},
        {R"({"revenue_lens":1,"subscriptions":[{"id":"S1","account_id":"A1","status":"cancelled"}]})",
         {"\"status\"", "canceled", "cancelled"}},
        {R"({"revenue_lens":1,"tools":[{"name":"Gong","teams":["sales","legal"]}]})",
         {"tools[0]", "\"Gong\"", "teams", "legal"}},
        {R"({"revenue_lens":1,"deals":{"id":"D1"}})", {"\"deals\"", "expected an array"}},
        {R"({"revenue_lens":1,"deals":[42]})", {"deals[0]", "expected a record object", "number"}},
        {R"({"revenue_lens":1,"deals":[{"id":"D1","stage_history":[{"entered_at":"2024-01-01"}]}]})",
         {"deals[0].stage_history[0]", "\"stage\"", "missing"}},
        {R"({"revenue_lens":2,"deals":[]})", {"version 2", "version 1"}},
        {R"({"deals":[]})", {"missing \"revenue_lens\""}},
        {R"([{"revenue_lens":1}])", {"expected an object"}},
        {R"({"revenue_lens":1,"deals":[{"id":"D1"},)",
         {"bad.json", "byte 39", "not valid JSON", "unexpected end of input"}},
        {"", {"byte 0", "not valid JSON"}},
        {R"({"revenue_lens":1,"deals":[{"id":"D1" "amount":1}]})",
         {"byte 45", "not valid JSON", "unexpected string literal"}},
    };
    for (const BadCase &c : cases) {
        ReadResult r = read(c.text, "bad.json");
        EXPECT_FALSE(r.ok) << c.text;
        EXPECT_FALSE(r.report.ok);
        EXPECT_TRUE(r.part.deals.empty() && r.part.leads.empty() && r.part.subscriptions.empty()) << c.text;
        for (const char *m : c.error_mentions)
            EXPECT_NE(r.report.error.find(m), std::string::npos)
                << "error for " << c.text << "\n  is: " << r.report.error << "\n  lacks: " << m;
    }
}

TEST(CanonicalFormat, DocumentedExamplesRead) {
    const std::filesystem::path dir = std::filesystem::path(REVLENS_TESTS_DIR) / ".." / "docs" / "examples";
    int files = 0;
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ReadResult r = read(text, entry.path().filename().string().c_str());
        EXPECT_TRUE(r.ok) << entry.path() << ": " << r.report.error;
        EXPECT_TRUE(r.report.fields_ignored.empty()) << entry.path() << ": " << r.report.fields_ignored.front();
        EXPECT_GT(r.report.records_used, 0u) << entry.path();
        ++files;
    }
    EXPECT_GE(files, 3);
}

TEST(CanonicalFormat, MinimalExampleHasTheDocumentedValues) {
    const std::filesystem::path file =
        std::filesystem::path(REVLENS_TESTS_DIR) / ".." / "docs" / "examples" / "minimal.json";
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ReadResult r = read(text);
    ASSERT_TRUE(r.ok) << r.report.error;
    // docs/examples/minimal.json: one won deal of 12000 USD created 2025-01-15, closed 2025-02-20
    ASSERT_EQ(r.part.deals.size(), 1u);
    const core::Deal &d = r.part.deals[0];
    EXPECT_EQ(r.part.str(d.id), "D-1001");
    EXPECT_EQ(d.state, core::DealState::won);
    EXPECT_EQ(d.amount, 12000);
    EXPECT_EQ(r.part.str(d.currency), "USD");
    EXPECT_EQ(d.closed_at - d.created_at, 36);
}
