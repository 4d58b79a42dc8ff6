// Sales metrics on hand-built deals; every expected value is worked out in the comments from docs/metrics.md.
#include "core/report.h"
#include "core_builders.h"

#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>

using namespace core;
using namespace testdata;

namespace {

// Period 2025-01-01 .. 2025-06-30, as_of 2025-06-30.
Dataset sales_data() {
    Dataset ds;
    deal(ds, "d1", DealState::won, 1000, "2025-01-10", "2025-02-10", "Ann").type = DealType::new_business; // 31 d
    deal(ds, "d2", DealState::won, 3000, "2025-03-01", "2025-03-31", "Bob").type = DealType::expansion;    // 30 d
    deal(ds, "d3", DealState::lost, 2000, "2025-02-01", "2025-04-15", "Ann");
    deal(ds, "d4", DealState::won, 500, "2025-04-01", "2025-05-01", "Bob", "EUR").type = DealType::new_business; // 30 d
    Deal& d5 = deal(ds, "d5", DealState::open, 4000, "2025-05-01", "2025-06-15", "Ann");
    d5.probability = 0.25;
    d5.stage = ds.sym("Proposal");
    deal(ds, "d6", DealState::open, kNaN, "2025-06-01", "2025-08-01", "Bob").stage = ds.sym("Discovery");
    deal(ds, "d7", DealState::won, 100, "2024-12-01", "2024-12-31", "Ann"); // before the period
    deal(ds, "d8", DealState::won, 600, "2025-06-20", "2025-06-10");        // closed before created: -10 d
    return ds;
}

Settings as_of(const char* d) {
    Settings s;
    s.as_of = D(d);
    return s;
}

Filter custom(const char* from, const char* to) {
    Filter f;
    f.preset = PeriodPreset::custom;
    f.from = D(from);
    f.to = D(to);
    return f;
}

} // namespace

TEST(CoreSales, WinRateDealSizeCycle) {
    const Report r = compute(sales_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    EXPECT_EQ(r.base_currency, "USD"); // 7 USD deals with amounts vs 1 EUR
    // won in period: d1, d2, d4, d8; lost: d3
    EXPECT_EQ(r.sales.won_count, 4);
    EXPECT_EQ(r.sales.lost_count, 1);
    EXPECT_DOUBLE_EQ(r.sales.win_rate, 0.8);
    // d4 (EUR, no rate) is left out of money: won 1000+3000+600 = 4600, lost 2000
    EXPECT_DOUBLE_EQ(r.sales.won_amount, 4600);
    EXPECT_DOUBLE_EQ(r.sales.win_rate_by_value, 4600.0 / 6600.0);
    EXPECT_DOUBLE_EQ(r.sales.avg_deal_size, 4600.0 / 3);
    EXPECT_DOUBLE_EQ(r.sales.median_deal_size, 1000); // {600, 1000, 3000}
    // cycles {31, 30, 30, -10}: median (30+30)/2, mean 81/4; the negative one still counts (rule 3)
    EXPECT_DOUBLE_EQ(r.sales.sales_cycle_days_median, 30);
    EXPECT_DOUBLE_EQ(r.sales.sales_cycle_days_mean, 20.25);
    // d4 twice? no: once as a closed deal; the open deals have convertible amounts or none
    EXPECT_EQ(r.sales.amounts_left_out, 1u);
}

TEST(CoreSales, BookingsAndMonthlySeries) {
    const Report r = compute(sales_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    ASSERT_EQ(r.sales.bookings.size(), 6u); // Jan..Jun, empty months included
    EXPECT_EQ(month_label(r.sales.bookings[0].month), "2025-01");
    EXPECT_EQ(r.sales.bookings[0].count, 0);
    EXPECT_EQ(r.sales.bookings[1].count, 1); // Feb: d1, new
    EXPECT_DOUBLE_EQ(r.sales.bookings[1].amount_by_type[size_t(DealType::new_business)], 1000);
    EXPECT_DOUBLE_EQ(r.sales.bookings[2].amount_by_type[size_t(DealType::expansion)], 3000); // Mar: d2
    EXPECT_EQ(r.sales.bookings[4].count, 1);           // May: d4 counts ...
    EXPECT_DOUBLE_EQ(r.sales.bookings[4].amount, 0);   // ... but its EUR amount is left out
    EXPECT_DOUBLE_EQ(r.sales.bookings[5].amount_by_type[size_t(DealType::unknown)], 600); // Jun: d8
    // win rate per month: Jan none (null), Apr only d3 lost -> 0, Jun d8 -> 1
    EXPECT_TRUE(std::isnan(r.sales.win_rate_by_month[0].value));
    EXPECT_DOUBLE_EQ(r.sales.win_rate_by_month[3].value, 0);
    EXPECT_DOUBLE_EQ(r.sales.win_rate_by_month[5].value, 1);
    EXPECT_DOUBLE_EQ(r.sales.sales_cycle_by_month[1].value, 31);
}

TEST(CoreSales, OpenPipelineVelocityLeaderboard) {
    const Report r = compute(sales_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    // open at as_of: d5 (4000 x 0.25) and d6 (no amount: counts, adds nothing - rule 5)
    EXPECT_EQ(r.sales.open_pipeline_count, 2);
    EXPECT_DOUBLE_EQ(r.sales.open_pipeline_value, 4000);
    EXPECT_DOUBLE_EQ(r.sales.weighted_pipeline_value, 1000);
    // velocity = 2 x 0.8 x (4600/3) / 20.25
    EXPECT_NEAR(r.sales.pipeline_velocity_per_day, 2 * 0.8 * (4600.0 / 3) / 20.25, 1e-9);
    // slipped: d5 expected 2025-06-15, 15 days before as_of
    ASSERT_EQ(r.sales.slipped_count, 1);
    EXPECT_EQ(r.sales.slipped_rows[0].id, "d5");
    EXPECT_EQ(r.sales.slipped_rows[0].days, 15);
    ASSERT_EQ(r.sales.pipeline_by_stage.size(), 2u);
    EXPECT_EQ(r.sales.pipeline_by_stage[0].key, "Proposal");
    // leaderboard by won amount: Bob 3000 (d2; d4 unconverted), Ann 1000, unknown 600
    ASSERT_EQ(r.sales.owner_leaderboard.size(), 3u);
    const OwnerRow& bob = r.sales.owner_leaderboard[0];
    EXPECT_EQ(bob.owner, "Bob");
    EXPECT_EQ(bob.won_count, 2);
    EXPECT_DOUBLE_EQ(bob.avg_deal_size, 3000); // one won deal with a usable amount
    EXPECT_DOUBLE_EQ(bob.sales_cycle_days_median, 30);
    EXPECT_EQ(bob.open_pipeline_count, 1);
    const OwnerRow& ann = r.sales.owner_leaderboard[1];
    EXPECT_EQ(ann.owner, "Ann");
    EXPECT_DOUBLE_EQ(ann.win_rate, 0.5);
    EXPECT_DOUBLE_EQ(ann.open_pipeline_value, 4000);
    EXPECT_EQ(r.sales.owner_leaderboard[2].owner, "unknown");
}

TEST(CoreSales, RatesConvertOtherCurrencies) {
    Settings s = as_of("2025-06-30");
    s.rates["EUR"] = 1.1; // d4: 500 EUR = 550 USD
    const Report r = compute(sales_data(), s, custom("2025-01-01", "2025-06-30"));
    EXPECT_DOUBLE_EQ(r.sales.won_amount, 5150);
    EXPECT_DOUBLE_EQ(r.sales.avg_deal_size, 5150.0 / 4);
    EXPECT_EQ(r.sales.amounts_left_out, 0u);
}

TEST(CoreSales, WinRateBasisValue) {
    Settings s = as_of("2025-06-30");
    s.win_rate_basis = WinRateBasis::value;
    const Report r = compute(sales_data(), s, custom("2025-01-01", "2025-06-30"));
    EXPECT_DOUBLE_EQ(r.sales.win_rate, 4600.0 / 6600.0);
    EXPECT_DOUBLE_EQ(r.sales.win_rate_by_count, 0.8);
}

TEST(CoreSales, FilterByOwnerAndUnknownValue) {
    Filter f = custom("2025-01-01", "2025-06-30");
    f.owner = "Ann";
    Report r = compute(sales_data(), as_of("2025-06-30"), f);
    EXPECT_EQ(r.sales.won_count, 1); // d1
    EXPECT_EQ(r.sales.lost_count, 1); // d3
    EXPECT_EQ(r.sales.open_pipeline_count, 1); // d5
    f.owner = "Nobody"; // a value no record carries matches nothing, not everything
    r = compute(sales_data(), as_of("2025-06-30"), f);
    EXPECT_EQ(r.sales.won_count, 0);
    EXPECT_TRUE(std::isnan(r.sales.win_rate));
}

TEST(CoreSales, FilterBySegmentThroughAccount) {
    Dataset ds = sales_data();
    ds.deals[0].account_id = ds.sym("acme"); // d1
    ds.deals[1].account_id = ds.sym("zeta"); // d2
    Account a;
    a.id = ds.sym("acme");
    a.segment = ds.sym("SMB");
    ds.accounts.push_back(a);
    a.id = ds.sym("zeta");
    a.segment = ds.sym("Enterprise");
    ds.accounts.push_back(a);
    Filter f = custom("2025-01-01", "2025-06-30");
    f.segment = "SMB";
    const Report r = compute(ds, as_of("2025-06-30"), f);
    EXPECT_EQ(r.sales.won_count, 1);
    EXPECT_DOUBLE_EQ(r.sales.won_amount, 1000);
}

TEST(CoreSales, AllOpenGivesNullRates) {
    Dataset ds;
    deal(ds, "o1", DealState::open, 100, "2025-01-01", "2025-09-01");
    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    EXPECT_TRUE(std::isnan(r.sales.win_rate));
    EXPECT_TRUE(std::isnan(r.sales.avg_deal_size));
    EXPECT_TRUE(std::isnan(r.sales.pipeline_velocity_per_day));
    EXPECT_EQ(r.sales.open_pipeline_count, 1);
    // no closed deal anywhere: probability falls through to nothing, weighted adds nothing
    EXPECT_DOUBLE_EQ(r.sales.weighted_pipeline_value, 0);
    const nlohmann::json j = to_json(r);
    EXPECT_TRUE(j["sales"]["win_rate"].is_null());
    EXPECT_TRUE(j["sales"]["sales_cycle_days_median"].is_null());
}

TEST(CoreSales, OneDeal) {
    Dataset ds;
    deal(ds, "x", DealState::won, 250, "2025-03-01", "2025-03-11");
    // as_of defaults to the latest event: the close on 2025-03-11; period = Apr 2024 .. 2025-03-11
    const Report r = compute(ds, Settings{}, Filter{});
    EXPECT_EQ(day_label(r.as_of), "2025-03-11");
    EXPECT_EQ(day_label(r.from), "2024-04-01");
    EXPECT_DOUBLE_EQ(r.sales.win_rate, 1);
    EXPECT_DOUBLE_EQ(r.sales.median_deal_size, 250);
    EXPECT_DOUBLE_EQ(r.sales.sales_cycle_days_mean, 10);
    EXPECT_EQ(r.sales.bookings.size(), 12u);
}

// Stage history: A won via Discovery (10 d) and Proposal (20 d); B lost after Discovery (4 d); C open, 6 d in
// Discovery, in Proposal since 2025-03-07.
TEST(CoreSales, StageConversionDaysInStageStale) {
    Dataset ds;
    Deal& a = deal(ds, "A", DealState::won, 1000, "2025-01-01", "2025-01-31");
    a.stage = ds.sym("Closed Won");
    history(ds, {{"Discovery", "2025-01-01", "2025-01-11"}, {"Proposal", "2025-01-11", "2025-01-31"},
                 {"Closed Won", "2025-01-31", ""}});
    Deal& b = deal(ds, "B", DealState::lost, 1000, "2025-02-01", "2025-02-05");
    b.stage = ds.sym("Closed Lost");
    history(ds, {{"Discovery", "2025-02-01", "2025-02-05"}, {"Closed Lost", "2025-02-05", ""}});
    Deal& c = deal(ds, "C", DealState::open, 1000, "2025-03-01", "2025-09-01");
    c.stage = ds.sym("Proposal");
    history(ds, {{"Discovery", "2025-03-01", ""}, {"Proposal", "2025-03-07", ""}});

    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    // closed stages are where deals end, not steps: only Discovery then Proposal (mean positions 0 and 1)
    ASSERT_EQ(r.sales.stage_conversion.size(), 2u);
    const StageRow& disc = r.sales.stage_conversion[0];
    EXPECT_EQ(disc.stage, "Discovery");
    EXPECT_EQ(disc.entered, 3);
    EXPECT_EQ(disc.advanced, 2); // A (won) and C (to Proposal); B only went to Closed Lost
    EXPECT_DOUBLE_EQ(disc.conversion, 2.0 / 3);
    EXPECT_DOUBLE_EQ(disc.median_days_in_stage, 6); // {10, 4, 6}
    const StageRow& prop = r.sales.stage_conversion[1];
    EXPECT_EQ(prop.entered, 2);
    EXPECT_EQ(prop.advanced, 1);
    EXPECT_DOUBLE_EQ(prop.median_days_in_stage, 20); // A's 20; C is still in it
    // C: 115 days in Proposal (Mar 7 -> Jun 30) > 2 x 20
    ASSERT_EQ(r.sales.stale_count, 1);
    EXPECT_EQ(r.sales.stale_rows[0].id, "C");
    EXPECT_EQ(r.sales.stale_rows[0].days, 115);
    // C's probability: Proposal's historical win rate (A entered it and won) = 1 (rule 7)
    EXPECT_DOUBLE_EQ(r.sales.weighted_pipeline_value, 1000);
}

// What a filter change gathers for the sections: each kept deal's hot fields in row order (amount in the base
// currency, rule 4), and per stage_history row the stay's start, end (its exit, else the next entry) and stage.
TEST(CoreSales, KeptDealFactsAndHistoryStays) {
    Dataset ds = sales_data();
    // d9 (Bob, open): in Discovery from Jan 1 with no exit recorded, then in Proposal since Jan 11
    Deal& d9 = deal(ds, "d9", DealState::open, 700, "2025-01-01", "2025-07-15", "Bob");
    d9.stage = ds.sym("Proposal");
    history(ds, {{"Discovery", "2025-01-01", ""}, {"Proposal", "2025-01-11", ""}});
    Filter f = custom("2025-01-01", "2025-06-30");
    f.owner = "Bob";
    const Prepared p = prepare(ds, make_context(ds, as_of("2025-06-30"), f));

    ASSERT_EQ(p.kept_deal_facts.size(), 4u); // Bob's d2, d4, d6, d9 (rows 1, 3, 5, 8)
    ASSERT_EQ(p.kept_deals, (std::vector<uint32_t>{1, 3, 5, 8}));
    const KeptDeal& d2 = p.kept_deal_facts[0];
    EXPECT_EQ(d2.row, 1u);
    EXPECT_EQ(d2.amount, 3000);
    EXPECT_EQ(d2.created_at, D("2025-03-01"));
    EXPECT_EQ(d2.closed_at, D("2025-03-31"));
    EXPECT_EQ(d2.state, DealState::won);
    EXPECT_EQ(d2.type, DealType::expansion);
    EXPECT_EQ(d2.owner, ds.strings.find("Bob"));
    EXPECT_FALSE(d2.unconverted);
    EXPECT_EQ(d2.history_count, 0u);
    const KeptDeal& d4 = p.kept_deal_facts[1]; // 500 EUR and no EUR rate: left out (rule 4)
    EXPECT_EQ(d4.row, 3u);
    EXPECT_TRUE(std::isnan(d4.amount));
    EXPECT_TRUE(d4.unconverted);
    const KeptDeal& d6 = p.kept_deal_facts[2]; // no amount at all: nothing to convert
    EXPECT_TRUE(std::isnan(d6.amount));
    EXPECT_FALSE(d6.unconverted);
    EXPECT_EQ(d6.state, DealState::open);
    EXPECT_EQ(d6.expected_close, D("2025-08-01"));
    const KeptDeal& k9 = p.kept_deal_facts[3];
    EXPECT_EQ(k9.row, 8u);
    EXPECT_EQ(k9.amount, 700);
    EXPECT_EQ(k9.history_begin, 0u);
    EXPECT_EQ(k9.history_count, 2u);

    ASSERT_EQ(p.history_stays.size(), 2u);
    const Prepared::HistoryStay& discovery = p.history_stays[0]; // ended when Proposal was entered; advanced
    EXPECT_EQ(discovery.entered, D("2025-01-01"));
    EXPECT_EQ(discovery.ended, D("2025-01-11"));
    EXPECT_EQ(discovery.code, p.stage_index.find(ds.strings.find("Discovery")) << 1 | 1u);
    const Prepared::HistoryStay& proposal = p.history_stays[1]; // still lasting; not advanced from
    EXPECT_EQ(proposal.entered, D("2025-01-11"));
    EXPECT_EQ(proposal.ended, kNoDay);
    EXPECT_EQ(proposal.code, p.stage_index.find(ds.strings.find("Proposal")) << 1);
}

// Stage entries are counted per stage and day as running totals, and an entry whose day lies far from the others (a
// bad date) outside that table: any period counts exactly the entries begun within it, and whether each advanced.
TEST(CoreSales, StageEntriesWithinAnyPeriod) {
    Dataset ds;
    Deal& a = deal(ds, "A", DealState::won, 1000, "2025-01-01", "2025-01-31");
    a.stage = ds.sym("Closed Won");
    history(ds, {{"Discovery", "2025-01-01", "2025-01-11"}, {"Proposal", "2025-01-11", "2025-01-31"},
                 {"Closed Won", "2025-01-31", ""}});
    Deal& b = deal(ds, "B", DealState::open, 1000, "2025-01-11", "2025-09-01");
    b.stage = ds.sym("Discovery");
    history(ds, {{"Discovery", "2025-01-11", ""}});
    Deal& c = deal(ds, "C", DealState::lost, 1000, "0100-03-01", "0100-04-01"); // 1925 years earlier
    c.stage = ds.sym("Closed Lost");
    history(ds, {{"Discovery", "0100-03-01", "0100-04-01"}, {"Closed Lost", "0100-04-01", ""}});
    Deal& e = deal(ds, "E", DealState::open, 1000, "2025-02-01", "2025-09-01");
    e.stage = ds.sym("Proposal");
    history(ds, {{"Discovery", "2025-02-01", "2025-02-02"}, {"Proposal", "2025-02-02", ""}});

    const Context ctx = make_context(ds, as_of("2025-06-30"), Filter{});
    const Prepared p = prepare(ds, ctx);
    const StageStays stays = stage_stays(ctx, p);
    // 4 stages: the table holds the latest 2^21 / 4 days (back to the year 590); C's two entries lie before them
    ASSERT_EQ(p.stages.size(), 4u);
    EXPECT_EQ(stays.outside.size(), 2u);
    EXPECT_EQ(stays.days, StageStays::kMaxCells / 4);
    auto at = [&](const char* stage) { return p.stage_index.find(ds.strings.find(stage)); };
    const uint32_t disc = at("Discovery"), prop = at("Proposal"), won = at("Closed Won"), lost = at("Closed Lost");
    // {entered, advanced} per stage. A advanced from every stage (won); B is still in Discovery; C went from
    // Discovery to the stage it was lost in (not advancing); E advanced from Discovery and is still in Proposal.
    auto within = [&](const char* from, const char* to) {
        std::vector<int64_t> entered, advanced;
        stays.entries_within(D(from), D(to), entered, advanced);
        std::map<uint32_t, std::pair<int64_t, int64_t>> out;
        for (uint32_t s = 0; s < entered.size(); ++s)
            if (entered[s] || advanced[s]) out[s] = {entered[s], advanced[s]};
        return out;
    };
    using Counts = std::map<uint32_t, std::pair<int64_t, int64_t>>;
    EXPECT_EQ(within("2025-01-01", "2025-06-30"), (Counts{{disc, {3, 2}}, {prop, {2, 1}}, {won, {1, 1}}}));
    EXPECT_EQ(within("2025-01-11", "2025-01-11"), (Counts{{disc, {1, 0}}, {prop, {1, 1}}})); // B; A
    EXPECT_EQ(within("0100-01-01", "0100-12-31"), (Counts{{disc, {1, 0}}, {lost, {1, 0}}})); // C, outside
    EXPECT_EQ(within("0001-01-01", "2025-01-10"), (Counts{{disc, {2, 1}}, {lost, {1, 0}}})); // C and A, both parts
    EXPECT_EQ(within("2025-02-02", "2025-12-31"), (Counts{{prop, {1, 0}}}));                 // E
    EXPECT_EQ(within("2025-07-01", "2025-12-31"), Counts{});
    // The Report's stage conversion reads the same counts (closed stages are not steps: Discovery, Proposal)
    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    ASSERT_EQ(r.sales.stage_conversion.size(), 2u);
    EXPECT_EQ(r.sales.stage_conversion[0].stage, "Discovery");
    EXPECT_EQ(r.sales.stage_conversion[0].entered, 3);
    EXPECT_EQ(r.sales.stage_conversion[0].advanced, 2);
    EXPECT_EQ(r.sales.stage_conversion[1].entered, 2);
    EXPECT_EQ(r.sales.stage_conversion[1].advanced, 1);
}

TEST(CoreSales, NoStageHistoryLeavesStageConversionOutWithNote) {
    const Report r = compute(sales_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    const nlohmann::json j = to_json(r);
    EXPECT_FALSE(j["sales"].contains("stage_conversion"));
    EXPECT_FALSE(j["sales"]["stage_note"].get<std::string>().empty());
}

TEST(CoreSales, PipelineCoverage) {
    Dataset ds;
    // target: bookings_amount 10000 for Q2 2025; won so far in Q2: 4000; open expected by Jun 30: 3000 (+ 9000 in
    // July, outside) -> coverage 3000 / (10000 - 4000) = 0.5
    deal(ds, "w", DealState::won, 4000, "2025-03-01", "2025-04-10");
    deal(ds, "o1", DealState::open, 3000, "2025-04-01", "2025-06-20");
    deal(ds, "o2", DealState::open, 9000, "2025-04-01", "2025-07-20");
    Target t;
    t.metric = ds.sym("bookings_amount");
    t.period = TargetPeriod::quarter;
    t.start = D("2025-04-01");
    t.value = 10000;
    ds.targets.push_back(t);
    Report r = compute(ds, as_of("2025-05-15"), Filter{});
    EXPECT_DOUBLE_EQ(r.sales.pipeline_coverage, 0.5);
    // On the quarter's last day nothing of Q2 is left to sell: coverage is about Q3. With no Q3 target: null.
    r = compute(ds, as_of("2025-06-30"), Filter{});
    EXPECT_TRUE(std::isnan(r.sales.pipeline_coverage));
    // Q3 target 20000, nothing won in Q3 yet; open and expected in Q3: o2's 9000 (o1's Jun 20 is before) -> 0.45
    Target q3 = t;
    q3.start = D("2025-07-01");
    q3.value = 20000;
    ds.targets.push_back(q3);
    r = compute(ds, as_of("2025-06-30"), Filter{});
    EXPECT_DOUBLE_EQ(r.sales.pipeline_coverage, 0.45);
    ds.targets.clear();
    r = compute(ds, as_of("2025-05-15"), Filter{});
    EXPECT_TRUE(std::isnan(r.sales.pipeline_coverage));
}

TEST(CoreSales, DealsBehind) {
    const Dataset ds = sales_data();
    const Settings s = as_of("2025-06-30");
    const Filter f = custom("2025-01-01", "2025-06-30");
    const Context ctx = make_context(ds, s, f);
    EXPECT_EQ(deals_behind(ds, ctx, f, "open_pipeline", "Proposal"), (std::vector<uint32_t>{4}));     // d5
    EXPECT_EQ(deals_behind(ds, ctx, f, "bookings", "2025-03"), (std::vector<uint32_t>{1}));           // d2
    EXPECT_EQ(deals_behind(ds, ctx, f, "win_rate", ""), (std::vector<uint32_t>{0, 1, 2, 3, 7}));      // 5 closed
    EXPECT_EQ(deals_behind(ds, ctx, f, "slipped_deals", ""), (std::vector<uint32_t>{4}));
    Filter bob = f;
    bob.owner = "Bob";
    EXPECT_EQ(deals_behind(ds, ctx, bob, "bookings", ""), (std::vector<uint32_t>{1, 3}));
    EXPECT_TRUE(deals_behind(ds, ctx, f, "no_such_metric", "").empty());
}

TEST(CoreSales, EmptyDataset) {
    const Report r = compute(Dataset{}, Settings{}, Filter{});
    EXPECT_FALSE(has(r.as_of));
    EXPECT_EQ(r.sales.won_count, 0);
    EXPECT_TRUE(r.sales.bookings.empty());
    const nlohmann::json j = to_json(r);
    EXPECT_TRUE(j["as_of"].is_null());
    EXPECT_TRUE(j["sales"]["win_rate"].is_null());
    EXPECT_FALSE(to_text(r).empty());
}

// A deal that went back to a stage it had left: each stay advanced when the deal later entered another stage, so its
// first Discovery stay did (Proposal came after it), its last one, still lasting, did not.
TEST(CoreSales, StageStaysOfADealThatWentBack) {
    Dataset ds;
    Deal& f = deal(ds, "F", DealState::open, 1000, "2025-03-01", "2025-09-01");
    f.stage = ds.sym("Discovery");
    history(ds, {{"Discovery", "2025-03-01", "2025-03-05"}, {"Proposal", "2025-03-05", "2025-03-09"},
                 {"Discovery", "2025-03-09", ""}});
    const Context ctx = make_context(ds, as_of("2025-06-30"), Filter{});
    const Prepared p = prepare(ds, ctx);
    const StageStays stays = stage_stays(ctx, p);
    const uint32_t discovery = p.stage_index.find(ds.strings.find("Discovery"));
    const uint32_t proposal = p.stage_index.find(ds.strings.find("Proposal"));
    std::vector<int64_t> entered, advanced;
    stays.entries_within(D("2025-03-01"), D("2025-03-31"), entered, advanced);
    EXPECT_EQ(entered[discovery], 2);
    EXPECT_EQ(advanced[discovery], 1);
    EXPECT_EQ(entered[proposal], 1);
    EXPECT_EQ(advanced[proposal], 1);
    EXPECT_EQ(stays.count[discovery], 1); // Mar 1 -> Mar 5; the second still lasts
    EXPECT_EQ(stays.median[discovery], 4);
    EXPECT_EQ(stays.count[proposal], 1);
    EXPECT_EQ(stays.median[proposal], 4);
}
