// Data quality (docs/metrics.md rule 13): counts per file and totals; expected values worked out by hand.
#include "core/prepared.h"
#include "core/quality.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace core;

namespace {

Day D(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

// File 0 "deals.json" (hubspot.deals): 6 read, 4 used, 2 skipped (no id x2), 1 duplicate id, 3 unknown stages.
//   d1 won, closed before created         -> dates_out_of_order
//   d2 open, no amount                    -> missing_amounts
//   d3 won, no closed_at                  -> missing_close_dates
//   d4 open, 50 GBP, no GBP rate          -> unconverted_currencies
//   d5 lost, 20 EUR (EUR has a rate)      -> nothing
// File 1 "subs.json" (stripe.subscriptions): 3 read, 3 used.
//   s1 ended before it started            -> dates_out_of_order
//   s2 no mrr                             -> missing_amounts
//   lead l1 (also file 1): mql date before its lead date -> dates_out_of_order
// File 2 "old.json": removed; its rows are gone and it is not listed.
struct Fixture {
    Dataset ds;
    Context ctx;
    Fixture() {
        FileInfo deals{"deals.json", "hubspot.deals", 100, 6, 4, {{"no id", "row 3", 2}}, 1, 3, false};
        FileInfo subs{"subs.json", "stripe.subscriptions", 100, 3, 3, {}, 0, 0, false};
        FileInfo old{"old.json", "canonical", 10, 9, 9, {{"bad", "x", 9}}, 9, 9, true};
        ds.files = {deals, subs, old};
        auto deal = [&](const char* id, DealState state, Day created, Day closed, double amount, const char* cur) {
            Deal d;
            d.id = ds.sym(id);
            d.file = 0;
            d.state = state;
            d.created_at = created;
            d.closed_at = closed;
            d.amount = amount;
            d.currency = ds.sym(cur);
            ds.deals.push_back(d);
        };
        deal("d1", DealState::won, D(2024, 3, 1), D(2024, 2, 1), 10, "");
        deal("d2", DealState::open, D(2024, 3, 1), kNoDay, kNaN, "");
        deal("d3", DealState::won, D(2024, 3, 1), kNoDay, 10, "");
        deal("d4", DealState::open, D(2024, 3, 1), kNoDay, 50, "GBP");
        deal("d5", DealState::lost, D(2024, 3, 1), D(2024, 3, 2), 20, "EUR");
        Subscription s1;
        s1.id = ds.sym("s1");
        s1.file = 1;
        s1.started_at = D(2024, 5, 1);
        s1.ended_at = D(2024, 4, 1);
        s1.mrr = 10;
        Subscription s2 = s1;
        s2.id = ds.sym("s2");
        s2.ended_at = kNoDay;
        s2.mrr = kNaN;
        ds.subscriptions = {s1, s2};
        Lead l1;
        l1.id = ds.sym("l1");
        l1.file = 1;
        l1.stage_at[kLead] = D(2024, 2, 10);
        l1.stage_at[kMql] = D(2024, 2, 9);
        Lead l2 = l1; // in order: lead, then sql (mql missing) a day later
        l2.id = ds.sym("l2");
        l2.stage_at[kMql] = kNoDay;
        l2.stage_at[kSql] = D(2024, 2, 11);
        ds.leads = {l1, l2};
        ctx.base_currency = ds.sym("USD");
        ctx.rate.assign(ds.strings.size(), kNaN);
        ctx.rate[ds.sym("EUR")] = 1.1;
    }
};

} // namespace

TEST(Quality, CountsPerFile) {
    const Fixture f;
    const QualityReport r = compute_quality(f.ds, f.ctx);
    ASSERT_EQ(r.files.size(), 2u); // old.json was removed
    const QualityFile& deals = r.files[0];
    EXPECT_EQ(deals.name, "deals.json");
    EXPECT_EQ(deals.format, "hubspot.deals");
    EXPECT_EQ(deals.records_read, 6u);
    EXPECT_EQ(deals.records_used, 4u);
    EXPECT_EQ(deals.counts.records_skipped, 2u);
    EXPECT_EQ(deals.counts.dates_out_of_order, 1u);
    EXPECT_EQ(deals.counts.missing_amounts, 1u);
    EXPECT_EQ(deals.counts.missing_close_dates, 1u);
    EXPECT_EQ(deals.counts.unconverted_currencies, 1u);
    EXPECT_EQ(deals.counts.duplicate_ids, 1u);
    EXPECT_EQ(deals.counts.unknown_stages, 3u);
    const QualityFile& subs = r.files[1];
    EXPECT_EQ(subs.counts.dates_out_of_order, 2u); // s1 and l1; l2 skips mql but is in order
    EXPECT_EQ(subs.counts.missing_amounts, 1u);
    EXPECT_EQ(subs.counts.records_skipped, 0u);
}

TEST(Quality, TotalsLeaveOutRemovedFiles) {
    const Fixture f;
    const QualityReport r = compute_quality(f.ds, f.ctx);
    EXPECT_EQ(r.totals.dates_out_of_order, 3u);
    EXPECT_EQ(r.totals.missing_amounts, 2u);
    EXPECT_EQ(r.totals.missing_close_dates, 1u);
    EXPECT_EQ(r.totals.unconverted_currencies, 1u);
    EXPECT_EQ(r.totals.duplicate_ids, 1u);   // not 10: old.json's 9 are gone with it
    EXPECT_EQ(r.totals.unknown_stages, 3u);
    EXPECT_EQ(r.totals.records_skipped, 2u);
}

TEST(Quality, JsonNames) {
    const Fixture f;
    const nlohmann::json j = to_json(compute_quality(f.ds, f.ctx));
    EXPECT_EQ(j["dates_out_of_order"], 3);
    EXPECT_EQ(j["records_skipped"], 2);
    EXPECT_EQ(j["missing_close_dates"], 1);
    ASSERT_EQ(j["files"].size(), 2u);
    EXPECT_EQ(j["files"][0]["name"], "deals.json");
    EXPECT_EQ(j["files"][0]["records_read"], 6);
    EXPECT_EQ(j["files"][0]["skipped"][0]["reason"], "no id");
    EXPECT_EQ(j["files"][0]["skipped"][0]["example_id"], "row 3");
    EXPECT_EQ(j["files"][0]["skipped"][0]["count"], 2);
    EXPECT_EQ(j["files"][1]["missing_amounts"], 1);
}

TEST(Quality, RowsFromAnUnknownFileStillCount) {
    // A hand-built Dataset with no FileInfo: the row's warning still reaches the totals.
    Dataset ds;
    Deal d;
    d.file = 7;
    d.state = DealState::lost;
    ds.deals.push_back(d); // no amount, no close date
    const QualityReport r = compute_quality(ds, Context{});
    EXPECT_TRUE(r.files.empty());
    EXPECT_EQ(r.totals.missing_amounts, 1u);
    EXPECT_EQ(r.totals.missing_close_dates, 1u);
}

TEST(Quality, CustomerMatchingCountsBillingCustomersOnly) {
    Dataset ds;
    ds.files.push_back({});
    auto account = [&](System sys, const char* id, const char* crm) {
        Account a;
        a.system = sys;
        a.id = ds.sym(id);
        a.crm_account = ds.sym(crm);
        ds.accounts.push_back(a);
    };
    account(System::hubspot, "co_1", "");       // a CRM account: not a billing customer
    account(System::stripe, "cus_1", "co_1");   // matched
    account(System::stripe, "cus_2", "co_1");   // matched
    account(System::stripe, "cus_3", "");       // unmatched
    const QualityReport r = compute_quality(ds, Context{});
    // 3 billing customers, 2 matched -> 2/3
    EXPECT_EQ(r.customer_matching.billing_accounts, 3u);
    EXPECT_EQ(r.customer_matching.matched, 2u);
    EXPECT_DOUBLE_EQ(r.customer_matching.match_rate, 2.0 / 3.0);
    ASSERT_EQ(r.customer_matching.unmatched_ids.size(), 1u);
    EXPECT_EQ(r.customer_matching.unmatched_ids[0], "cus_3");
    EXPECT_TRUE(to_json(compute_quality(Dataset{}, Context{}))["customer_matching"]["match_rate"].is_null());
}

// The Engine takes the deals' counts from prepare_facts' walk (Prepared::deal_quality): the same counts, worked out by
// hand, as compute_quality's own walk. d6 (file 0) left a stage before it entered it: a date out of order in its
// history only.
TEST(Quality, DealCountsFromTheFactsWalkAreTheSame) {
    Fixture f;
    Deal d6;
    d6.id = f.ds.sym("d6");
    d6.file = 0;
    d6.state = DealState::open;
    d6.created_at = D(2024, 1, 1);
    d6.amount = 5;
    d6.history_begin = static_cast<uint32_t>(f.ds.stage_history.size());
    f.ds.stage_history.push_back({f.ds.sym("Demo"), D(2024, 1, 5), D(2024, 1, 20)});
    f.ds.stage_history.push_back({f.ds.sym("Proposal"), D(2024, 1, 20), D(2024, 1, 10)}); // exited before entered
    d6.history_count = 2;
    f.ds.deals.push_back(d6);
    f.ctx.rate.resize(f.ds.strings.size(), kNaN);
    Prepared p;
    prepare_facts(f.ds, f.ctx, p);
    ASSERT_EQ(p.deal_quality.size(), f.ds.files.size() + 1);
    for (const QualityReport& r : {compute_quality(f.ds, f.ctx), compute_quality(f.ds, f.ctx, &p.deal_quality)}) {
        ASSERT_EQ(r.files.size(), 2u);
        EXPECT_EQ(r.files[0].counts.dates_out_of_order, 2u); // d1, d6
        EXPECT_EQ(r.files[0].counts.missing_amounts, 1u);    // d2
        EXPECT_EQ(r.files[0].counts.missing_close_dates, 1u); // d3
        EXPECT_EQ(r.files[0].counts.unconverted_currencies, 1u); // d4
        EXPECT_EQ(r.files[1].counts.dates_out_of_order, 2u); // s1, l1
        EXPECT_EQ(r.totals.dates_out_of_order, 4u);
    }
}
