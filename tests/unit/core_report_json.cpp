// The JSON carries every output name of docs/metrics.md for marketing, sales, funnel, bottlenecks and forecast;
// monthly series list every month; zero denominators are null.
#include "core/report.h"
#include "core_builders.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace core;
using namespace testdata;

TEST(CoreReportJson, EveryOutputNameIsPresent) {
    Dataset ds;
    lead(ds, "l", "ads", {"2025-01-05", "2025-01-10"});
    deal(ds, "w", DealState::won, 100, "2025-01-01", "2025-02-01");
    deal(ds, "o", DealState::open, 100, "2025-01-01", "2025-08-01");
    const nlohmann::json j = to_json(compute(ds, Settings{}, Filter{}));
    for (const char* name :
         {"leads_created", "mqls", "sqls", "lead_to_mql_rate", "mql_to_sql_rate", "sql_to_opportunity_rate",
          "opportunity_to_customer_rate", "median_days_lead_to_mql", "median_days_mql_to_sql",
          "median_days_sql_to_opportunity", "median_days_opportunity_to_customer", "traffic_to_lead_rate",
          "pipeline_sourced", "revenue_sourced", "cac_blended", "cac_by_channel", "magic_number", "by_month",
          "by_source"})
        EXPECT_TRUE(j["marketing"].contains(name)) << "marketing." << name;
    for (const char* name :
         {"win_rate", "win_rate_by_value", "avg_deal_size", "median_deal_size", "sales_cycle_days_median",
          "sales_cycle_days_mean", "bookings", "open_pipeline_value", "open_pipeline_count", "weighted_pipeline_value",
          "pipeline_velocity_per_day", "pipeline_coverage", "slipped_deals", "stale_deals", "owner_leaderboard",
          "open_pipeline_by_stage", "open_pipeline_by_owner", "open_pipeline_by_source", "open_pipeline_by_pipeline",
          "win_rate_by_month", "sales_cycle_by_month", "stage_note"})
        EXPECT_TRUE(j["sales"].contains(name)) << "sales." << name;
    for (const char* name : {"count_from", "count_to", "rate", "rate_from_top", "median_days", "team"})
        for (const auto& t : j["funnel"]["transitions"]) EXPECT_TRUE(t.contains(name)) << "funnel." << name;
    for (const char* name : {"pipeline_forecast", "mrr_projection", "forecast_accuracy"})
        EXPECT_TRUE(j["forecast"].contains(name)) << "forecast." << name;
    EXPECT_TRUE(j["bottlenecks"].contains("months"));
    for (const char* name : {"success", "stack", "quality", "previous", "as_of", "period", "base_currency"})
        EXPECT_TRUE(j.contains(name)) << name;
    for (const char* name : {"mrr", "arr", "win_rate", "leads_created"})
        EXPECT_TRUE(j["previous"]["marketing"].contains(name) || j["previous"]["sales"].contains(name) ||
                    j["previous"]["success"].contains(name))
            << "previous." << name;
}

TEST(CoreReportJson, MonthlySeriesListEveryMonthAndNullsForZeroDenominators) {
    Dataset ds;
    deal(ds, "w", DealState::won, 100, "2025-01-01", "2025-02-01");
    deal(ds, "o", DealState::open, 100, "2025-01-01", "2025-08-01");
    const nlohmann::json j = to_json(compute(ds, Settings{}, Filter{})); // as_of 2025-02-01: Mar 2024..Feb 2025
    ASSERT_EQ(j["sales"]["bookings"].size(), 12u);
    EXPECT_EQ(j["sales"]["bookings"][0]["month"], "2024-03");
    EXPECT_EQ(j["sales"]["bookings"][11]["month"], "2025-02");
    EXPECT_EQ(j["sales"]["bookings"][11]["new_count"], 0);
    EXPECT_EQ(j["sales"]["bookings"][11]["unknown_amount"], 100.0);
    EXPECT_TRUE(j["sales"]["win_rate_by_month"][0]["value"].is_null());
    ASSERT_EQ(j["marketing"]["by_month"].size(), 12u);
    EXPECT_TRUE(j["marketing"]["lead_to_mql_rate"].is_null()); // no leads: 0 / 0
    EXPECT_TRUE(j["marketing"]["cac_blended"].is_null());
    EXPECT_TRUE(j["funnel"]["transitions"][0]["rate"].is_null());
    EXPECT_EQ(j["sales"]["win_rate"], 1.0);
    // the previous period is the same span a year earlier (2023-03-01..2024-02-01: as_of is mid-month, so it ends
    // on the same day of the month); nothing closed then: its win rate is null, not 0
    EXPECT_TRUE(j["previous"]["sales"]["win_rate"].is_null());
    EXPECT_EQ(j["previous"]["from"], "2023-03-01");
    EXPECT_EQ(j["previous"]["to"], "2024-02-01");
}

TEST(CoreReportJson, PreviousPeriodHeadline) {
    Dataset ds;
    deal(ds, "now", DealState::won, 300, "2025-03-01", "2025-05-10");
    deal(ds, "then", DealState::won, 100, "2024-03-01", "2024-05-10");
    deal(ds, "then2", DealState::lost, 100, "2024-03-01", "2024-05-11");
    Settings s;
    s.as_of = D("2025-06-30");
    const Report r = compute(ds, s, Filter{});
    ASSERT_TRUE(r.has_previous);
    EXPECT_EQ(day_label(r.previous.from), "2023-07-01");
    EXPECT_EQ(day_label(r.previous.to), "2024-06-30");
    EXPECT_DOUBLE_EQ(r.current.bookings_amount, 300);
    EXPECT_DOUBLE_EQ(r.previous.bookings_amount, 100);
    EXPECT_DOUBLE_EQ(r.previous.win_rate, 0.5);
}
