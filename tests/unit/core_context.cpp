// Settings/Filter JSON round trip and errors; the Context: as_of (rule 14), base currency (rule 4), periods.
#include "core/context.h"
#include "core_builders.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace core;
using namespace testdata;
using nlohmann::json;

TEST(CoreSettings, RoundTrip) {
    Settings s;
    s.win_rate_basis = WinRateBasis::value;
    s.churn_dating = ChurnDating::canceled_at;
    s.base_currency = "EUR";
    s.rates["USD"] = 0.9;
    s.gross_margin = 0.8;
    s.nrr_count_reactivation = false;
    s.as_of = D("2024-02-29");
    s.stale_factor = 3;
    s.bottleneck_min_records = 5;
    Settings back;
    std::string error;
    ASSERT_TRUE(settings_from_json(to_json(s), back, error)) << error;
    EXPECT_EQ(back.win_rate_basis, WinRateBasis::value);
    EXPECT_EQ(back.churn_dating, ChurnDating::canceled_at);
    EXPECT_EQ(back.base_currency, "EUR");
    EXPECT_DOUBLE_EQ(back.rates.at("USD"), 0.9);
    EXPECT_DOUBLE_EQ(back.gross_margin, 0.8);
    EXPECT_FALSE(back.nrr_count_reactivation);
    EXPECT_EQ(back.as_of, D("2024-02-29"));
    EXPECT_DOUBLE_EQ(back.stale_factor, 3);
    EXPECT_EQ(back.bottleneck_min_records, 5);
}

TEST(CoreSettings, SpecificErrors) {
    Settings s;
    std::string error;
    EXPECT_FALSE(settings_from_json(json{{"gross_margin", 2}}, s, error));
    EXPECT_EQ(error, "settings.gross_margin: expected a number in [0, 1]");
    EXPECT_FALSE(settings_from_json(json{{"gross_margn", 0.5}}, s, error));
    EXPECT_EQ(error.rfind("settings.gross_margn: unknown setting", 0), 0u) << error;
    EXPECT_FALSE(settings_from_json(json{{"as_of", "2023-02-29"}}, s, error)); // no such day
    EXPECT_EQ(error, "settings.as_of: expected a date \"YYYY-MM-DD\"");
    EXPECT_FALSE(settings_from_json(json{{"rates", {{"EUR", "1.1"}}}}, s, error));
    EXPECT_EQ(error, "settings.rates.EUR: expected a positive number");
    EXPECT_FALSE(settings_from_json(json::array(), s, error));
    // a failed parse leaves the settings as they were
    s.gross_margin = 0.7;
    EXPECT_FALSE(settings_from_json(json{{"gross_margin", 0.5}, {"win_rate_basis", "amount"}}, s, error));
    EXPECT_DOUBLE_EQ(s.gross_margin, 0.7);
    EXPECT_TRUE(settings_from_json(json{{"base_currency", "usd"}}, s, error));
    EXPECT_EQ(s.base_currency, "USD");
}

TEST(CoreFilter, RoundTripAndErrors) {
    Filter f;
    std::string error;
    ASSERT_TRUE(filter_from_json(json{{"from", "2025-01-01"}, {"to", "2025-03-31"}, {"owner", "Ann"}}, f, error));
    EXPECT_EQ(f.preset, PeriodPreset::custom); // dates without a period mean custom
    EXPECT_EQ(f.owner, "Ann");
    Filter back;
    ASSERT_TRUE(filter_from_json(to_json(f), back, error)) << error;
    EXPECT_EQ(back.from, D("2025-01-01"));
    EXPECT_EQ(back.to, D("2025-03-31"));
    EXPECT_EQ(back.owner, "Ann");
    EXPECT_FALSE(filter_from_json(json{{"period", "last_week"}}, f, error));
    EXPECT_EQ(error.rfind("filter.period: expected one of", 0), 0u);
    EXPECT_FALSE(filter_from_json(json{{"from", "2025-05-01"}, {"to", "2025-01-01"}}, f, error));
    EXPECT_EQ(error, "filter.from: expected a date before filter.to");
    EXPECT_FALSE(filter_from_json(json{{"deal_type", "upsell"}}, f, error));
    EXPECT_FALSE(filter_from_json(json{{"color", "red"}}, f, error));
    for (PeriodPreset p : {PeriodPreset::last_30_days, PeriodPreset::year_to_date, PeriodPreset::all_time}) {
        ASSERT_TRUE(filter_from_json(json{{"period", preset_name(p)}}, f, error));
        EXPECT_EQ(f.preset, p);
    }
}

TEST(CoreContext, LatestEventIgnoresPlans) {
    Dataset ds;
    EXPECT_FALSE(has(latest_event(ds)));
    deal(ds, "a", DealState::open, 1, "2025-01-10", "2026-12-31"); // expected close: a plan
    Subscription s;
    s.started_at = D("2025-02-01");
    s.trial_end = D("2025-12-01");  // plan
    s.cancel_at = D("2026-01-01");  // plan
    ds.subscriptions.push_back(s);
    EXPECT_EQ(latest_event(ds), D("2025-02-01"));
    lead(ds, "l", "", {"2025-01-01", "2025-03-05"});
    EXPECT_EQ(latest_event(ds), D("2025-03-05"));
    deal(ds, "b", DealState::lost, 1, "2025-01-01", "2025-03-09");
    EXPECT_EQ(latest_event(ds), D("2025-03-09"));
    EXPECT_EQ(earliest_event(ds), D("2025-01-01"));
}

TEST(CoreContext, MostCommonCurrency) {
    Dataset ds;
    deal(ds, "a", DealState::won, 1, "2025-01-01", "2025-01-02", "", "EUR");
    deal(ds, "b", DealState::won, 1, "2025-01-01", "2025-01-02", "", "USD");
    deal(ds, "c", DealState::won, kNaN, "2025-01-01", "2025-01-02", "", "USD"); // no amount: no vote
    Subscription s;
    s.mrr = 10;
    s.currency = ds.sym("USD");
    ds.subscriptions.push_back(s);
    EXPECT_EQ(ds.str(most_common_currency(ds)), "USD"); // 2 (deal b + subscription) vs 1
    EXPECT_EQ(most_common_currency(Dataset{}), 0u);
}

// CAC's new customers and an account's owner (metrics.md): each account's first won deal by close date, the lower row
// on a tie; account-less won deals count when new business or of unknown type; lost or undated wins never do.
TEST(CoreContext, FirstWinsPerAccount) {
    Dataset ds;
    auto won = [&](const char* id, const char* account, const char* closed, const char* owner) -> Deal& {
        Deal& d = deal(ds, id, DealState::won, 10, "2025-01-01", closed, owner);
        d.account_id = *account ? ds.sym(account) : 0;
        d.source = ds.sym(std::string("src-") + id);
        return d;
    };
    won("0", "acme", "2025-03-10", "ann");
    won("1", "acme", "2025-02-01", "bob");            // acme's first win, though a later row
    won("2", "beta", "2025-05-05", "cy");
    won("3", "beta", "2025-05-05", "dee");            // same day as row 2: the lower row is first
    deal(ds, "4", DealState::lost, 10, "2025-01-01", "2024-12-01").account_id = ds.sym("gamma");
    won("5", "", "2025-04-04", "").type = DealType::new_business;
    won("6", "", "2025-01-15", "").type = DealType::expansion; // account-less but not new business
    won("7", "", "2025-06-06", "");                   // account-less, type unknown
    won("8", "delta", "", "eve");                     // won without a close date
    const DataSummary sum = summarize(ds);
    ASSERT_TRUE(sum.first_wins);
    EXPECT_EQ(sum.first_wins->rows, (std::vector<uint32_t>{1, 2, 5, 7}));
    EXPECT_EQ(sum.first_wins->days, (std::vector<Day>{D("2025-02-01"), D("2025-05-05"), D("2025-04-04"),
                                                       D("2025-06-06")}));
    // the account's owner and (without a first touch) source are its first win's
    EXPECT_EQ(Context::lookup(sum.account_owner, ds.sym("acme")), ds.sym("bob"));
    EXPECT_EQ(Context::lookup(sum.account_source, ds.sym("acme")), ds.sym("src-1"));
    EXPECT_EQ(Context::lookup(sum.account_owner, ds.sym("beta")), ds.sym("cy"));
    EXPECT_EQ(Context::lookup(sum.account_owner, ds.sym("gamma")), 0u);
    EXPECT_EQ(Context::lookup(sum.account_owner, ds.sym("delta")), 0u);
    // a Context carries them for new_customer_deals
    EXPECT_EQ(make_context(ds, Settings{}, Filter{}).first_wins->rows, sum.first_wins->rows);
}

TEST(CoreContext, ConversionWithRates) {
    Dataset ds;
    deal(ds, "a", DealState::won, 100, "2025-01-01", "2025-01-02", "", "USD");
    deal(ds, "b", DealState::won, 100, "2025-01-01", "2025-01-02", "", "GBP");
    Deal& h = deal(ds, "c", DealState::won, 100, "2025-01-01", "2025-01-02", "", "JPY");
    h.amount_home = 0.7; // HubSpot's own conversion wins when the currency differs from the base
    Settings s;
    s.rates["GBP"] = 1.25;
    const Context c = make_context(ds, s, Filter{});
    EXPECT_EQ(c.base_currency_code, "GBP"); // 1 vote each: alphabetically first (GBP < JPY < USD)
    EXPECT_TRUE(std::isnan(c.deal_amount(ds.deals[0])));   // USD: no rate to GBP
    EXPECT_DOUBLE_EQ(c.deal_amount(ds.deals[1]), 100);     // the base itself
    EXPECT_DOUBLE_EQ(c.deal_amount(ds.deals[2]), 0.7);
    s.base_currency = "USD";
    s.rates = {{"GBP", 1.25}};
    const Context u = make_context(ds, s, Filter{});
    EXPECT_DOUBLE_EQ(u.deal_amount(ds.deals[1]), 125);
    EXPECT_DOUBLE_EQ(u.to_base(10, 0), 10); // no currency code = base
}

TEST(CoreContext, PresetsOnLeapDay) {
    const Day as_of = D("2024-02-29");
    struct Case { PeriodPreset p; const char* from; const char* to; };
    const Case cases[] = {
        {PeriodPreset::last_12_months, "2023-03-01", "2024-02-29"},
        {PeriodPreset::last_30_days, "2024-01-31", "2024-02-29"},
        {PeriodPreset::last_90_days, "2023-12-02", "2024-02-29"}, // Dec 2..31 (30) + Jan (31) + Feb (29) = 90
        {PeriodPreset::this_quarter, "2024-01-01", "2024-02-29"},
        {PeriodPreset::last_quarter, "2023-10-01", "2023-12-31"},
        {PeriodPreset::year_to_date, "2024-01-01", "2024-02-29"},
    };
    for (const Case& c : cases) {
        Day from = kNoDay, to = kNoDay;
        resolve_period(c.p, as_of, from, to);
        EXPECT_EQ(day_label(from), c.from) << preset_name(c.p);
        EXPECT_EQ(day_label(to), c.to) << preset_name(c.p);
    }
}

TEST(CoreContext, PreviousPeriod) {
    Dataset ds;
    deal(ds, "a", DealState::won, 1, "2020-05-05", "2024-02-29");
    Settings s;
    Filter f;
    Context c = make_context(ds, s, f); // last 12 months to the leap day
    EXPECT_EQ(day_label(c.prev_from), "2022-03-01");
    EXPECT_EQ(day_label(c.prev_to), "2023-02-28");
    f.preset = PeriodPreset::last_quarter; // Oct-Dec 2023 -> Jul-Sep 2023
    c = make_context(ds, s, f);
    EXPECT_EQ(day_label(c.prev_from), "2023-07-01");
    EXPECT_EQ(day_label(c.prev_to), "2023-09-30");
    f.preset = PeriodPreset::last_30_days; // Jan 31..Feb 29 -> Jan 1..Jan 30
    c = make_context(ds, s, f);
    EXPECT_EQ(day_label(c.prev_from), "2024-01-01");
    EXPECT_EQ(day_label(c.prev_to), "2024-01-30");
    f.preset = PeriodPreset::all_time; // from the earliest event; nothing before it
    c = make_context(ds, s, f);
    EXPECT_EQ(day_label(c.from), "2020-05-05");
    EXPECT_FALSE(has(c.prev_from));
}

TEST(CoreContext, SettingsAsOfWins) {
    Dataset ds;
    deal(ds, "a", DealState::won, 1, "2024-01-01", "2024-06-30");
    Settings s;
    s.as_of = D("2024-03-15");
    const Context c = make_context(ds, s, Filter{});
    EXPECT_EQ(c.as_of, D("2024-03-15"));
    EXPECT_EQ(day_label(c.from), "2023-04-01");
}
