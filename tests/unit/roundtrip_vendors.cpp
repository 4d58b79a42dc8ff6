// Round trip: the demo company written in each vendor's format (src/sample/export_*.cpp), imported back with
// import::load, gives the same Report as the canonical Dataset on every figure that format can express.
//
// What each format cannot express (so those figures are not compared for it):
//   HubSpot deals/contacts/companies/pipelines/owners: everything of sales and the funnel's lead dates are there.
//     It has no subscriptions (no MRR), spend, targets, traffic or tools. Contacts carry lifecycle dates, but not
//     disqualification. Companies have no segment property (written as a custom property, which we ignore).
//   Salesforce Opportunity/Lead/Account/OpportunityHistory: a Lead's Status has no date, so the MQL date is
//     inferred by metrics.md rule 9 (only leads created and SQLs are compared). Opportunities have no standard
//     pipeline field (orgs use record types or custom fields), so open pipeline by pipeline is not compared.
//     Owner names come with the records (Owner.Name); stage history from OpportunityHistory.
//   Pipedrive deals+stages: won/lost is a status, not a stage, so a closed deal shows the last open stage it
//     reached; the stage history is not exported (no hs_date_entered_ equivalent in the deals list), so stage
//     conversion and stale deals are not compared. No deal type and no lead source (custom fields only), so
//     bookings by type and pipeline by source are not compared. Owner names come in user_id objects.
//   Stripe subscriptions+customers: MRR, movements, NRR/GRR, paying accounts. No deals, so nothing of sales.
#include "core/report.h"
#include "import/import.h"
#include "sample/export.h"
#include "sample/generate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace {

using core::Report;

sample::GenerateOptions options() {
    sample::GenerateOptions o;
    o.seed = 11;
    o.deals = 1500;
    return o;
}

const core::Dataset& company() {
    static const core::Dataset ds = sample::generate_company(options());
    return ds;
}

// Same settings for both sides: as_of fixed (a deals-only Dataset would otherwise pick another "latest event").
core::Settings settings() {
    core::Settings s;
    s.base_currency = "USD";
    s.rates["EUR"] = options().eur_rate;
    s.as_of = options().end;
    return s;
}

const Report& canonical_report() {
    static const Report r = core::compute(company(), settings(), core::Filter{});
    return r;
}

// Loads every file of one vendor's export set into a fresh Dataset (in the writer's order: reference files are
// loaded wherever they come, the importers handle both orders).
core::Dataset import_all(const std::vector<sample::ExportFile>& files) {
    core::Dataset ds;
    for (const sample::ExportFile& f : files) {
        auto r = import::load(f.name, {reinterpret_cast<const uint8_t*>(f.content.data()), f.content.size()}, ds);
        EXPECT_TRUE(r.ok) << r.error;
        EXPECT_EQ(r.records_skipped(), 0u) << import::describe(r);
    }
    return ds;
}

// Doubles: both NaN, or equal within a cent-level tolerance (amounts go through decimal text and minor units).
::testing::AssertionResult same(double a, double b, double tolerance = 1e-6) {
    if (std::isnan(a) && std::isnan(b)) return ::testing::AssertionSuccess();
    if (std::fabs(a - b) <= tolerance * std::max(1.0, std::fabs(a))) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << a << " != " << b;
}

std::map<std::string, core::PipelineSlice> by_key(const std::vector<core::PipelineSlice>& v) {
    std::map<std::string, core::PipelineSlice> m;
    for (const auto& s : v) m[s.key] = s;
    return m;
}

void same_slices(const std::vector<core::PipelineSlice>& want, const std::vector<core::PipelineSlice>& got,
                 const char* what) {
    auto w = by_key(want), g = by_key(got);
    EXPECT_EQ(w.size(), g.size()) << what;
    for (auto& [key, slice] : w) {
        auto it = g.find(key);
        if (it == g.end()) { ADD_FAILURE() << what << ": no slice " << key; continue; }
        EXPECT_EQ(slice.count, it->second.count) << what << " " << key;
        EXPECT_TRUE(same(slice.value, it->second.value)) << what << " " << key;
        EXPECT_TRUE(same(slice.weighted_value, it->second.weighted_value)) << what << " " << key;
    }
}

struct SalesParts {
    bool stages = true;       // pipeline_by_stage, stage conversion, stale deals
    bool owners = true;       // pipeline_by_owner, leaderboard
    bool types = true;        // bookings by deal type
    bool sources = true;      // pipeline_by_source (the deal's own source, else its account's first touch)
    bool pipelines = true;    // pipeline_by_pipeline
};

void same_sales(const core::SalesReport& want, const core::SalesReport& got, SalesParts parts) {
    EXPECT_EQ(want.won_count, got.won_count);
    EXPECT_EQ(want.lost_count, got.lost_count);
    EXPECT_TRUE(same(want.won_amount, got.won_amount));
    EXPECT_TRUE(same(want.lost_amount, got.lost_amount));
    EXPECT_TRUE(same(want.win_rate, got.win_rate));
    EXPECT_TRUE(same(want.win_rate_by_value, got.win_rate_by_value));
    EXPECT_TRUE(same(want.avg_deal_size, got.avg_deal_size));
    EXPECT_TRUE(same(want.median_deal_size, got.median_deal_size));
    EXPECT_TRUE(same(want.sales_cycle_days_median, got.sales_cycle_days_median));
    EXPECT_TRUE(same(want.sales_cycle_days_mean, got.sales_cycle_days_mean));
    ASSERT_EQ(want.bookings.size(), got.bookings.size());
    for (size_t i = 0; i < want.bookings.size(); ++i) {
        const auto &w = want.bookings[i], &g = got.bookings[i];
        EXPECT_EQ(w.month, g.month);
        EXPECT_EQ(w.count, g.count) << "bookings month " << i;
        EXPECT_TRUE(same(w.amount, g.amount)) << "bookings month " << i;
        for (size_t t = 0; t < 4 && parts.types; ++t) {
            EXPECT_EQ(w.count_by_type[t], g.count_by_type[t]) << "bookings month " << i << " type " << t;
            EXPECT_TRUE(same(w.amount_by_type[t], g.amount_by_type[t])) << "bookings month " << i << " type " << t;
        }
    }
    ASSERT_EQ(want.win_rate_by_month.size(), got.win_rate_by_month.size());
    for (size_t i = 0; i < want.win_rate_by_month.size(); ++i) {
        EXPECT_TRUE(same(want.win_rate_by_month[i].value, got.win_rate_by_month[i].value)) << "win rate month " << i;
        EXPECT_TRUE(same(want.sales_cycle_by_month[i].value, got.sales_cycle_by_month[i].value)) << "cycle " << i;
    }
    EXPECT_EQ(want.open_pipeline_count, got.open_pipeline_count);
    EXPECT_TRUE(same(want.open_pipeline_value, got.open_pipeline_value));
    EXPECT_TRUE(same(want.weighted_pipeline_value, got.weighted_pipeline_value));
    EXPECT_EQ(want.slipped_count, got.slipped_count);
    if (parts.sources) same_slices(want.pipeline_by_source, got.pipeline_by_source, "pipeline by source");
    if (parts.pipelines) same_slices(want.pipeline_by_pipeline, got.pipeline_by_pipeline, "pipeline by pipeline");
    if (parts.stages) {
        same_slices(want.pipeline_by_stage, got.pipeline_by_stage, "pipeline by stage");
        EXPECT_EQ(want.has_stage_history, got.has_stage_history);
        EXPECT_EQ(want.stale_count, got.stale_count);
        auto names = [](const std::vector<core::StageRow>& rows) {
            std::string s;
            for (const auto& r : rows) s += r.stage + " | ";
            return s;
        };
        ASSERT_EQ(want.stage_conversion.size(), got.stage_conversion.size())
            << names(want.stage_conversion) << "\n" << names(got.stage_conversion);
        // by name: stages of different pipelines at the same mean position may come in either order
        std::map<std::string, core::StageRow> got_rows;
        for (const auto& g : got.stage_conversion) got_rows[g.stage] = g;
        for (const auto& w : want.stage_conversion) {
            auto it = got_rows.find(w.stage);
            if (it == got_rows.end()) { ADD_FAILURE() << "no stage " << w.stage; continue; }
            EXPECT_EQ(w.entered, it->second.entered) << w.stage;
            EXPECT_EQ(w.advanced, it->second.advanced) << w.stage;
            EXPECT_TRUE(same(w.median_days_in_stage, it->second.median_days_in_stage)) << w.stage;
        }
    }
    if (parts.owners) {
        same_slices(want.pipeline_by_owner, got.pipeline_by_owner, "pipeline by owner");
        ASSERT_EQ(want.owner_leaderboard.size(), got.owner_leaderboard.size());
        for (size_t i = 0; i < want.owner_leaderboard.size(); ++i) {
            EXPECT_EQ(want.owner_leaderboard[i].owner, got.owner_leaderboard[i].owner);
            EXPECT_EQ(want.owner_leaderboard[i].won_count, got.owner_leaderboard[i].won_count);
            EXPECT_TRUE(same(want.owner_leaderboard[i].won_amount, got.owner_leaderboard[i].won_amount));
        }
    }
}

const sample::ExportFile* file(const std::vector<sample::ExportFile>& files, const std::string& name) {
    for (auto& f : files)
        if (f.name == name) return &f;
    return nullptr;
}

} // namespace

// The company must be big enough for every comparison to mean something.
TEST(RoundTrip, CompanyHasEveryKindOfRecord) {
    const Report& r = canonical_report();
    EXPECT_GT(r.sales.won_count, 50);
    EXPECT_GT(r.sales.lost_count, 50);
    EXPECT_GT(r.sales.open_pipeline_count, 20);
    EXPECT_GT(r.sales.pipeline_by_stage.size(), 3u);
    EXPECT_GT(r.success.mrr, 0);
    EXPECT_GT(r.current.leads_created, 100);
}

TEST(RoundTrip, HubSpot) {
    auto files = sample::export_hubspot(company());
    files.push_back(sample::export_hubspot_owners(company())); // owner names travel in the owners file
    ASSERT_TRUE(file(files, "hubspot_deals.json"));
    core::Dataset ds = import_all(files);
    EXPECT_EQ(ds.deals.size(), company().deals.size());
    EXPECT_EQ(ds.leads.size(), company().leads.size());
    EXPECT_EQ(ds.accounts.size(), company().accounts.size());
    const Report r = core::compute(ds, settings(), core::Filter{});
    same_sales(canonical_report().sales, r.sales, {});
    const auto &w = canonical_report().current, &g = r.current;
    EXPECT_EQ(w.leads_created, g.leads_created);
    EXPECT_EQ(w.mqls, g.mqls);
    EXPECT_EQ(w.sqls, g.sqls);
    EXPECT_TRUE(same(w.lead_to_mql_rate, g.lead_to_mql_rate));
    EXPECT_TRUE(same(w.mql_to_sql_rate, g.mql_to_sql_rate));
}

// Loading the pipelines and owners files after the deals gives the same figures (reference data applies backwards).
TEST(RoundTrip, HubSpotReferenceFilesLast) {
    auto files = sample::export_hubspot(company());
    files.push_back(sample::export_hubspot_owners(company()));
    std::stable_partition(files.begin(), files.end(), [](const sample::ExportFile& f) {
        return f.name != "hubspot_pipelines.json" && f.name != "hubspot_owners.json";
    });
    ASSERT_EQ(files.back().name.rfind("hubspot_", 0), 0u);
    core::Dataset ds = import_all(files);
    const Report r = core::compute(ds, settings(), core::Filter{});
    same_sales(canonical_report().sales, r.sales, {});
}

TEST(RoundTrip, Salesforce) {
    core::Dataset ds = import_all(sample::export_salesforce(company()));
    EXPECT_EQ(ds.deals.size(), company().deals.size());
    EXPECT_EQ(ds.leads.size(), company().leads.size());
    const Report r = core::compute(ds, settings(), core::Filter{});
    SalesParts parts;
    parts.pipelines = false; // no standard pipeline field (the writer's Pipeline__c is a custom field we ignore)
    same_sales(canonical_report().sales, r.sales, parts);
    EXPECT_EQ(canonical_report().current.leads_created, r.current.leads_created);
    EXPECT_EQ(canonical_report().current.sqls, r.current.sqls);
}

TEST(RoundTrip, Pipedrive) {
    core::Dataset ds = import_all(sample::export_pipedrive(company()));
    EXPECT_EQ(ds.deals.size(), company().deals.size());
    const Report r = core::compute(ds, settings(), core::Filter{});
    SalesParts parts;
    parts.stages = false;
    parts.types = false;   // no deal type field (only custom fields)
    parts.sources = false; // no lead source field, and no leads to give the organisations a first touch
    same_sales(canonical_report().sales, r.sales, parts);
    // Open deals sit in their stage in Pipedrive too: the open pipeline by stage still compares.
    same_slices(canonical_report().sales.pipeline_by_stage, r.sales.pipeline_by_stage, "pipeline by stage");
}

TEST(RoundTrip, Stripe) {
    core::Dataset ds = import_all(sample::export_stripe(company()));
    EXPECT_EQ(ds.subscriptions.size(), company().subscriptions.size());
    const Report r = core::compute(ds, settings(), core::Filter{});
    const auto &w = canonical_report().success, &g = r.success;
    EXPECT_EQ(g.source, "billing");
    // unit amounts are whole cents of the interval's price: a yearly plan's MRR may move by a cent / 12
    const double cents = 0.01 * static_cast<double>(company().subscriptions.size());
    EXPECT_NEAR(w.mrr, g.mrr, cents);
    EXPECT_NEAR(w.arr, g.arr, 12 * cents);
    EXPECT_EQ(w.paying_accounts, g.paying_accounts);
    EXPECT_NEAR(w.new_mrr, g.new_mrr, cents);
    EXPECT_NEAR(w.expansion_mrr, g.expansion_mrr, cents);
    EXPECT_NEAR(w.contraction_mrr, g.contraction_mrr, cents);
    EXPECT_NEAR(w.churned_mrr, g.churned_mrr, cents);
    EXPECT_NEAR(w.reactivation_mrr, g.reactivation_mrr, cents);
    EXPECT_EQ(w.new_accounts, g.new_accounts);
    EXPECT_NEAR(w.nrr_12m, g.nrr_12m, 1e-4);
    EXPECT_NEAR(w.grr_12m, g.grr_12m, 1e-4);
    ASSERT_EQ(w.mrr_movements.size(), g.mrr_movements.size());
    for (size_t i = 0; i < w.mrr_movements.size(); ++i) {
        EXPECT_EQ(w.mrr_movements[i].month, g.mrr_movements[i].month);
        EXPECT_NEAR(w.mrr_movements[i].end, g.mrr_movements[i].end, cents) << "month " << i;
        EXPECT_NEAR(w.mrr_movements[i].new_, g.mrr_movements[i].new_, cents) << "month " << i;
        EXPECT_NEAR(w.mrr_movements[i].churn, g.mrr_movements[i].churn, cents) << "month " << i;
    }
}
