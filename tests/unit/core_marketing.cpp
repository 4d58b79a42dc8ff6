// Marketing and funnel metrics on hand-built leads; expected values worked out in the comments.
#include "core/report.h"
#include "core_builders.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace core;
using namespace testdata;

namespace {

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

// Period 2025-01-01 .. 2025-06-30. Stage dates: lead, mql, sql, opportunity, customer.
Dataset leads_data() {
    Dataset ds;
    lead(ds, "L1", "ads", {"2025-01-05", "2025-01-10", "2025-02-01"}, "acme"); // 5 d to mql, 22 d to sql
    lead(ds, "L2", "ads", {"", "2025-02-15"});                           // created as an MQL: lead on Feb 15
    lead(ds, "L3", "seo", {"2025-03-01", "", "2025-03-11", "2025-04-01", "2025-05-01"}); // mql implied Mar 11
    lead(ds, "L4", "seo", {"2024-12-20", "2025-01-02"});                 // lead before the period, mql in it
    lead(ds, "L5", "seo", {}).created_at = D("2025-02-02");              // never a lead: not counted
    lead(ds, "L6", "", {"2025-06-10"});                                  // unknown source
    return ds;
}

} // namespace

TEST(CoreMarketing, CountsPerMonthAndSource) {
    const Report r = compute(leads_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    const MarketingReport& m = r.marketing;
    // leads: L1 Jan, L2 Feb (implied), L3 Mar, L6 Jun; mqls: L4 Jan 2, L1 Jan 10, L2 Feb 15, L3 Mar 11 (implied);
    // sqls: L1 Feb 1, L3 Mar 11
    EXPECT_EQ(m.totals.leads_created, 4);
    EXPECT_EQ(m.totals.mqls, 4);
    EXPECT_EQ(m.totals.sqls, 2);
    ASSERT_EQ(m.by_month.size(), 6u);
    EXPECT_EQ(m.by_month[0].leads_created, 1);
    EXPECT_EQ(m.by_month[0].mqls, 2);
    EXPECT_EQ(m.by_month[1].sqls, 1);
    EXPECT_EQ(m.by_month[3].leads_created + m.by_month[3].mqls + m.by_month[3].sqls, 0); // April: empty, listed
    EXPECT_EQ(m.by_month[5].leads_created, 1);
    // by source, most leads first: ads (2 leads, 2 mqls, 1 sql), then seo / unknown with 1 lead each by name
    ASSERT_EQ(m.by_source.size(), 3u);
    EXPECT_EQ(m.by_source[0].source, "ads");
    EXPECT_EQ(m.by_source[0].total.leads_created, 2);
    EXPECT_EQ(m.by_source[0].total.sqls, 1);
    EXPECT_EQ(m.by_source[1].source, "seo");
    EXPECT_EQ(m.by_source[1].total.leads_created, 1);
    EXPECT_EQ(m.by_source[1].total.mqls, 2);
    EXPECT_EQ(m.by_source[2].source, "unknown");
    EXPECT_EQ(m.by_source[1].by_month[2].sqls, 1); // seo, March: L3
}

TEST(CoreMarketing, CohortConversion) {
    const Report r = compute(leads_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    const MarketingReport& m = r.marketing;
    // lead->mql: L1, L2, L3, L6 entered; L1 (5 d), L2 (0 d), L3 (10 d) reached mql -> 3/4, median 5
    EXPECT_DOUBLE_EQ(m.lead_to_mql.rate, 0.75);
    EXPECT_DOUBLE_EQ(m.lead_to_mql.median_days, 5);
    // mql->sql: L1, L2, L3, L4 entered; L1 (22 d), L3 (0 d) -> 1/2, median 11
    EXPECT_DOUBLE_EQ(m.mql_to_sql.rate, 0.5);
    EXPECT_DOUBLE_EQ(m.mql_to_sql.median_days, 11);
    // sql->opportunity: L1, L3; L3 in 21 d (Mar 11 -> Apr 1)
    EXPECT_DOUBLE_EQ(m.sql_to_opportunity.rate, 0.5);
    EXPECT_DOUBLE_EQ(m.sql_to_opportunity.median_days, 21);
    // opportunity->customer: L3 in 30 d (Apr 1 -> May 1)
    EXPECT_DOUBLE_EQ(m.opportunity_to_customer.rate, 1);
    EXPECT_DOUBLE_EQ(m.opportunity_to_customer.median_days, 30);
}

TEST(CoreMarketing, ConversionCountsOnlyWhatHappenedByAsOf) {
    // as_of 2025-02-20: L1 reached sql Feb 1 (counts); L3's stages are all later (its lead date is after as_of too)
    const Report r = compute(leads_data(), as_of("2025-02-20"), custom("2025-01-01", "2025-02-20"));
    // mql entered in period: L4 (Jan 2), L1 (Jan 10), L2 (Feb 15); sql by as_of: L1 only
    EXPECT_DOUBLE_EQ(r.marketing.mql_to_sql.rate, 1.0 / 3);
}

TEST(CoreMarketing, Funnel) {
    const Report r = compute(leads_data(), as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    const FunnelReport& f = r.funnel;
    // cohort: L1, L2, L3, L6 (lead date in period); reached mql: L1 L2 L3; sql: L1 L3; opp: L3; customer: L3
    EXPECT_EQ(f.leads, 4);
    ASSERT_EQ(f.transitions.size(), 5u);
    EXPECT_EQ(f.transitions[0].count_from, 4);
    EXPECT_EQ(f.transitions[0].count_to, 3);
    EXPECT_DOUBLE_EQ(f.transitions[0].rate, 0.75);
    EXPECT_DOUBLE_EQ(f.transitions[0].median_days, 5);
    EXPECT_EQ(f.transitions[1].team, "marketing→sales");
    EXPECT_TRUE(f.transitions[1].handoff);
    EXPECT_DOUBLE_EQ(f.transitions[1].rate, 2.0 / 3);
    EXPECT_DOUBLE_EQ(f.transitions[1].rate_from_top, 0.5);
    EXPECT_DOUBLE_EQ(f.transitions[1].median_days, 11);
    EXPECT_DOUBLE_EQ(f.transitions[2].rate, 0.5);
    EXPECT_DOUBLE_EQ(f.transitions[2].rate_from_top, 0.25);
    EXPECT_DOUBLE_EQ(f.transitions[3].rate, 1);
    EXPECT_DOUBLE_EQ(f.transitions[3].rate_from_top, 0.25);
    EXPECT_EQ(f.transitions[4].to, "retained");
    EXPECT_EQ(f.transitions[4].team, "sales→success");
    // no billing data and no won deals: retention unknown, shown as null
    const nlohmann::json j = to_json(r);
    EXPECT_TRUE(j["funnel"]["transitions"][4]["rate"].is_null());
    EXPECT_EQ(j["funnel"]["stages"][3]["count"], 1);
}

TEST(CoreMarketing, SourceFilterAppliesToLeads) {
    Filter f = custom("2025-01-01", "2025-06-30");
    f.source = "seo";
    const Report r = compute(leads_data(), as_of("2025-06-30"), f);
    EXPECT_EQ(r.marketing.totals.leads_created, 1); // L3
    EXPECT_EQ(r.marketing.totals.mqls, 2);          // L3, L4
}

TEST(CoreMarketing, Traffic) {
    Dataset ds = leads_data();
    Traffic t;
    t.channel = ds.sym("ads");
    t.date = D("2025-01-15");
    t.sessions = 100;
    ds.traffic.push_back(t);
    t.date = D("2025-07-01"); // after the period
    ds.traffic.push_back(t);
    t.channel = ds.sym("seo");
    t.date = D("2025-03-03");
    t.sessions = 40;
    ds.traffic.push_back(t);
    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    ASSERT_EQ(r.marketing.traffic_to_lead_rate.size(), 2u);
    EXPECT_EQ(r.marketing.traffic_to_lead_rate[0].channel, "ads");
    EXPECT_DOUBLE_EQ(r.marketing.traffic_to_lead_rate[0].rate, 2.0 / 100); // L1, L2
    EXPECT_DOUBLE_EQ(r.marketing.traffic_to_lead_rate[1].rate, 1.0 / 40);  // L3
    // without traffic data the figure is null, not 0
    EXPECT_TRUE(to_json(compute(leads_data(), as_of("2025-06-30"), Filter{}))["marketing"]["traffic_to_lead_rate"]
                    .is_null());
}

TEST(CoreMarketing, SourcedPipelineAndRevenue) {
    Dataset ds = leads_data(); // L1 (source ads) is acme's first lead
    deal(ds, "p1", DealState::open, 100, "2025-02-01", "2025-09-01").source = ds.sym("ads");
    deal(ds, "p2", DealState::won, 50, "2025-03-01", "2025-04-01").account_id = ds.sym("acme"); // first touch: ads
    deal(ds, "p3", DealState::open, 70, "2025-03-01", "2025-09-01");                              // unknown
    deal(ds, "p4", DealState::open, 999, "2024-06-01", "2025-09-01").source = ds.sym("ads");      // created before
    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    ASSERT_EQ(r.marketing.pipeline_sourced.size(), 2u);
    EXPECT_EQ(r.marketing.pipeline_sourced[0].source, "ads");
    EXPECT_EQ(r.marketing.pipeline_sourced[0].count, 2);
    EXPECT_DOUBLE_EQ(r.marketing.pipeline_sourced[0].amount, 150);
    EXPECT_EQ(r.marketing.pipeline_sourced[1].source, "unknown");
    EXPECT_DOUBLE_EQ(r.marketing.pipeline_sourced[1].amount, 70);
    ASSERT_EQ(r.marketing.revenue_sourced.size(), 1u);
    EXPECT_DOUBLE_EQ(r.marketing.revenue_sourced[0].amount, 50);
}

TEST(CoreMarketing, Cac) {
    Dataset ds = leads_data(); // acme's first touch: ads
    auto spend = [&](const char* month, const char* channel, double amount, const char* currency) {
        MarketingSpend s;
        s.month = month_of(D(month));
        s.channel = ds.sym(channel);
        s.amount = amount;
        s.currency = ds.sym(currency);
        ds.spend.push_back(s);
    };
    spend("2025-01-01", "ads", 1000, "USD");
    spend("2025-02-01", "seo", 500, "USD");
    spend("2025-03-01", "ads", 300, "EUR"); // no rate: left out and counted
    spend("2024-12-01", "ads", 999, "USD"); // before the period
    deal(ds, "w1", DealState::won, 10, "2025-01-01", "2025-02-01").account_id = ds.sym("acme"); // acme new
    deal(ds, "w2", DealState::won, 10, "2025-01-01", "2025-04-01").account_id = ds.sym("acme"); // not new again
    deal(ds, "w3", DealState::won, 10, "2024-10-01", "2024-11-01").account_id = ds.sym("beta"); // beta before
    deal(ds, "w4", DealState::won, 10, "2025-02-01", "2025-03-01").account_id = ds.sym("beta"); // so not new
    Deal& w5 = deal(ds, "w5", DealState::won, 10, "2025-04-01", "2025-05-05");                  // no account, new
    w5.type = DealType::new_business;
    w5.source = ds.sym("seo");
    const Report r = compute(ds, as_of("2025-06-30"), custom("2025-01-01", "2025-06-30"));
    EXPECT_EQ(r.marketing.new_customers, 2);
    EXPECT_DOUBLE_EQ(r.marketing.spend, 1500);
    EXPECT_DOUBLE_EQ(r.marketing.cac_blended, 750);
    EXPECT_EQ(r.marketing.amounts_left_out, 1u);
    ASSERT_EQ(r.marketing.cac_by_channel.size(), 2u);
    EXPECT_EQ(r.marketing.cac_by_channel[0].channel, "ads");
    EXPECT_DOUBLE_EQ(r.marketing.cac_by_channel[0].cac, 1000);
    EXPECT_DOUBLE_EQ(r.marketing.cac_by_channel[1].cac, 500);
    // without spend: null
    EXPECT_TRUE(std::isnan(compute(leads_data(), as_of("2025-06-30"), Filter{}).marketing.cac_blended));
}

TEST(CoreMarketing, LeadsBehind) {
    const Dataset ds = leads_data();
    const Filter f = custom("2025-01-01", "2025-06-30");
    const Context ctx = make_context(ds, as_of("2025-06-30"), f);
    EXPECT_TRUE(behind_is_leads("funnel"));
    EXPECT_EQ(deals_behind(ds, ctx, f, "funnel", "sql"), (std::vector<uint32_t>{0, 2}));  // L1, L3
    EXPECT_EQ(deals_behind(ds, ctx, f, "mqls", "2025-01"), (std::vector<uint32_t>{0, 3})); // L1, L4
    EXPECT_EQ(deals_behind(ds, ctx, f, "leads_created", "ads"), (std::vector<uint32_t>{0, 1}));
}
