// The Report: everything the dashboard and `revlens report` show, as plain data (docs/metrics.md), plus the entry
// points that build it and write it out.
//
// [SECTION] Headline: the KPIs shown with their change against the previous period
// [SECTION] Report
// [SECTION] Entry points: compute, to_json, to_text
// [SECTION] Drill-down: the records behind a figure
#pragma once
#include "core/bottlenecks.h"
#include "core/context.h"
#include "core/forecast.h"
#include "core/funnel.h"
#include "core/marketing.h"
#include "core/quality.h"
#include "core/sales.h"
#include "core/settings.h"
#include "core/stack.h"
#include "core/success.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace core {

// [SECTION] Headline ----------------------------------------------------------------------------------------------
struct Headline {
    Day from = kNoDay, to = kNoDay, as_of = kNoDay;
    // marketing
    int64_t leads_created = 0, mqls = 0, sqls = 0, new_customers = 0;
    double lead_to_mql_rate = kNaN, mql_to_sql_rate = kNaN, cac_blended = kNaN;
    double pipeline_sourced = 0, revenue_sourced = 0;
    // sales
    int64_t won_count = 0, open_pipeline_count = 0;
    double bookings_amount = 0, win_rate = kNaN, win_rate_by_value = kNaN, avg_deal_size = kNaN;
    double median_deal_size = kNaN, sales_cycle_days_median = kNaN, sales_cycle_days_mean = kNaN;
    double open_pipeline_value = 0, weighted_pipeline_value = 0;
    // success
    double mrr = kNaN, arr = kNaN, net_new_mrr = kNaN, nrr_12m = kNaN, grr_12m = kNaN, arpa = kNaN;
    double quick_ratio = kNaN;
};

// [SECTION] Report ------------------------------------------------------------------------------------------------
struct Report {
    Day as_of = kNoDay, from = kNoDay, to = kNoDay;     // the Context values used
    Day prev_from = kNoDay, prev_to = kNoDay;
    PeriodPreset preset = PeriodPreset::last_12_months;
    std::string base_currency;
    uint64_t amounts_left_out = 0;                      // deal and spend amounts without a rate (rule 4)
    Settings settings;
    Filter filter;

    MarketingReport marketing;
    SalesReport sales;
    SuccessReport success;
    FunnelReport funnel;
    BottlenecksReport bottlenecks;
    ForecastReport forecast;
    StackReport stack;
    QualityReport quality;

    Headline current, previous;                         // previous: the period of equal length before this one
    bool has_previous = false;
};

// [SECTION] Entry points ------------------------------------------------------------------------------------------
Report compute(const Dataset& ds, const Settings& settings, const Filter& filter);
// Names exactly as docs/metrics.md; null for zero denominators; monthly series list every month.
nlohmann::json to_json(const Report& r);
std::string to_text(const Report& r);                   // `revlens report --text`

// [SECTION] Drill-down --------------------------------------------------------------------------------------------
// Row indices behind a figure, for the period and filter of `ctx` (the Filter's dimensions, when set, override the
// context's). Indices are into Dataset::leads when behind_is_leads(metric), else into Dataset::deals. Metrics/keys:
//   open_pipeline [stage] · open_pipeline_by_owner|_by_source|_by_pipeline <key> · weighted_pipeline_value
//   bookings [YYYY-MM | new|expansion|renewal|unknown] · won [YYYY-MM] · lost [YYYY-MM] · win_rate [YYYY-MM]
//   win_rate_by_value · avg_deal_size · median_deal_size · sales_cycle [YYYY-MM] · slipped_deals · stale_deals
//   owner_leaderboard <owner> (won and lost in the period, open now) · pipeline_sourced|revenue_sourced <source>
//   new_customers · cac_blended · pipeline_forecast <YYYY-MM>
//   leads: leads_created|mqls|sqls [YYYY-MM | source] · lead_to_mql_rate|mql_to_sql_rate|sql_to_opportunity_rate|
//   opportunity_to_customer_rate (the records that entered the first stage) · funnel <lead|mql|sql|opportunity|
//   customer> (the cohort's records that reached the stage)
// An unknown metric or key gives an empty list.
std::vector<uint32_t> deals_behind(const Dataset& ds, const Context& ctx, const Filter& filter,
                                   std::string_view metric, std::string_view key);
bool behind_is_leads(std::string_view metric);

} // namespace core
