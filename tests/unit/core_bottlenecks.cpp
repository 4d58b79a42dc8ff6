// Bottleneck of the month and the forecast on hand-built deals.
#include "core/report.h"
#include "core_builders.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>

using namespace core;
using namespace testdata;

namespace {

Settings as_of(const char* d) {
    Settings s;
    s.as_of = D(d);
    return s;
}

// `closed` deals closed on the 15th of `month`, `won` of them won; every one created 10 days before it closed.
void month_of_deals(Dataset& ds, const char* month, int closed, int won) {
    static int n = 0;
    for (int k = 0; k < closed; ++k) {
        char close[16];
        std::snprintf(close, sizeof close, "%s-15", month);
        char created[16];
        std::snprintf(created, sizeof created, "%s-05", month);
        char id[16];
        std::snprintf(id, sizeof id, "b%d", n++);
        deal(ds, id, k < won ? DealState::won : DealState::lost, 100, created, close);
    }
}

} // namespace

TEST(CoreBottlenecks, WinRateDropIsTheBottleneck) {
    Dataset ds;
    // baseline months Apr-Jun 2025: 20 closed, 10 won each (0.5); July: 20 closed, 5 won (0.25)
    month_of_deals(ds, "2025-04", 20, 10);
    month_of_deals(ds, "2025-05", 20, 10);
    month_of_deals(ds, "2025-06", 20, 10);
    month_of_deals(ds, "2025-07", 20, 5);
    // as_of is July's last day, so July is the last full month; the 6 months scored are Feb..Jul
    const Report r = compute(ds, as_of("2025-07-31"), Filter{});
    ASSERT_EQ(r.bottlenecks.months.size(), 6u);
    const BottleneckMonth& july = r.bottlenecks.months.back();
    EXPECT_EQ(month_label(july.month), "2025-07");
    ASSERT_GE(july.bottleneck, 0);
    const BottleneckCandidate& c = july.candidates[size_t(july.bottleneck)];
    EXPECT_EQ(c.metric, "win_rate");
    EXPECT_EQ(c.team, "sales");
    EXPECT_DOUBLE_EQ(c.value, 0.25);
    EXPECT_DOUBLE_EQ(c.baseline, 0.5); // 30 won of 60 closed over Apr-Jun
    EXPECT_DOUBLE_EQ(c.score, 0.5);    // (0.5 - 0.25) / 0.5
    EXPECT_EQ(c.records, 20);
    EXPECT_FALSE(july.playbook.title.empty());
    EXPECT_GE(july.playbook.actions.size(), 3u);
    // the cycle did not change (10 days every month): not a worsening
    for (const BottleneckCandidate& x : july.candidates) {
        if (x.metric == "sales_cycle") {
            EXPECT_FALSE(x.qualifies);
        }
    }
    // June had no baseline change (Mar had no deals: baseline from Apr-May only ... Jun = 0.5 = baseline)
    EXPECT_EQ(r.bottlenecks.months[4].bottleneck, -1);
    const nlohmann::json j = to_json(r);
    EXPECT_EQ(j["bottlenecks"]["latest"]["metric"], "win_rate");
    EXPECT_EQ(j["bottlenecks"]["latest"]["records"], 20);
    EXPECT_TRUE(j["bottlenecks"]["latest"]["playbook"]["actions"].is_array());
}

TEST(CoreBottlenecks, TooFewRecordsIsNoBottleneck) {
    Dataset ds;
    month_of_deals(ds, "2025-04", 20, 10);
    month_of_deals(ds, "2025-05", 20, 10);
    month_of_deals(ds, "2025-06", 20, 10);
    month_of_deals(ds, "2025-07", 19, 2); // far worse, but 19 < 20 records
    const Report r = compute(ds, as_of("2025-07-31"), Filter{});
    EXPECT_EQ(r.bottlenecks.months.back().bottleneck, -1);
    Settings s = as_of("2025-07-31");
    s.bottleneck_min_records = 19;
    EXPECT_GE(compute(ds, s, Filter{}).bottlenecks.months.back().bottleneck, 0);
}

TEST(CoreBottlenecks, EveryMetricHasAPlaybook) {
    for (const char* m : {"lead_to_mql", "lead_to_mql_days", "mql_to_sql", "mql_to_sql_days", "sql_to_opportunity",
                          "sql_to_opportunity_days", "opportunity_to_customer", "opportunity_to_customer_days",
                          "customer_to_retained", "win_rate", "sales_cycle", "logo_churn"}) {
        const Playbook p = playbook_for(m);
        EXPECT_FALSE(p.title.empty()) << m;
        EXPECT_GE(p.actions.size(), 3u) << m;
        EXPECT_LE(p.actions.size(), 5u) << m;
    }
    EXPECT_TRUE(playbook_for("nothing").actions.empty());
}

TEST(CoreForecast, PipelineForecastByExpectedCloseMonth) {
    Dataset ds;
    Deal& f1 = deal(ds, "f1", DealState::open, 1000, "2025-01-01", "2025-06-20");
    f1.probability = 0.5;
    f1.forecast_category = ForecastCategory::commit;
    Deal& f2 = deal(ds, "f2", DealState::open, 2000, "2025-01-01", "2025-05-01"); // overdue: counted in June
    f2.probability = 0.1;
    f2.forecast_category = ForecastCategory::best_case;
    deal(ds, "f3", DealState::open, 400, "2025-01-01", "2025-11-30").probability = 1;  // 6th month: November
    deal(ds, "f4", DealState::open, 800, "2025-01-01", "2025-12-01").probability = 1;  // beyond the 6 months
    const Report r = compute(ds, as_of("2025-06-15"), Filter{});
    const auto& pf = r.forecast.pipeline_forecast;
    ASSERT_EQ(pf.size(), 6u);
    EXPECT_EQ(month_label(pf[0].month), "2025-06");
    EXPECT_EQ(pf[0].count, 2);
    EXPECT_DOUBLE_EQ(pf[0].weighted, 1000 * 0.5 + 2000 * 0.1);
    EXPECT_DOUBLE_EQ(pf[0].commit, 1000);
    EXPECT_DOUBLE_EQ(pf[0].best_case, 3000); // best case includes commit
    EXPECT_DOUBLE_EQ(pf[5].weighted, 400);
    EXPECT_DOUBLE_EQ(r.forecast.weighted_total, 1100);
}

TEST(CoreForecast, AccuracyFromMonthStartForecast) {
    Dataset ds;
    // X won May 20 and Y lost May 25, both open on May 1; Z created and won in June. Overall win rate 2/3, no
    // stage history, so May's forecast = (1000 + 1000) x 2/3; actual = 1000 -> accuracy 1 - 333.33/1333.33 = 0.75
    deal(ds, "X", DealState::won, 1000, "2025-04-01", "2025-05-20");
    deal(ds, "Y", DealState::lost, 1000, "2025-04-01", "2025-05-25");
    deal(ds, "Z", DealState::won, 500, "2025-06-02", "2025-06-10");
    const Report r = compute(ds, as_of("2025-06-30"), Filter{});
    const auto& acc = r.forecast.forecast_accuracy;
    ASSERT_EQ(acc.size(), 6u); // Jan..Jun
    EXPECT_EQ(month_label(acc[4].month), "2025-05");
    EXPECT_NEAR(acc[4].forecast, 2000.0 * 2 / 3, 1e-9);
    EXPECT_DOUBLE_EQ(acc[4].actual, 1000);
    EXPECT_NEAR(acc[4].accuracy, 0.75, 1e-12);
    EXPECT_TRUE(std::isnan(acc[5].forecast)); // nothing was open on June 1
    EXPECT_DOUBLE_EQ(acc[5].actual, 500);
    EXPECT_TRUE(std::isnan(acc[5].accuracy));
}

TEST(CoreForecast, MrrProjection) {
    Dataset ds;
    auto sub = [&](const char* account, double mrr, const char* start) {
        Subscription s;
        s.id = ds.sym(std::string("sub_") + account);
        s.account_id = ds.sym(account);
        s.status = SubStatus::active;
        s.started_at = D(start);
        s.mrr = mrr;
        s.currency = ds.sym("USD");
        ds.subscriptions.push_back(s);
    };
    sub("a1", 100, "2024-01-01");
    sub("a2", 50, "2025-03-15");
    // month-end MRR: Dec..Feb 100, Mar..Jun 150 -> net new Jan..Jun {0, 0, 50, 0, 0, 0}: mean 50/6, min 0, max 50
    const Report r = compute(ds, as_of("2025-06-30"), Filter{});
    ASSERT_EQ(r.forecast.mrr_projection.size(), 12u);
    EXPECT_DOUBLE_EQ(r.forecast.mrr_now, 150);
    EXPECT_NEAR(r.forecast.mean_net_new_mrr, 50.0 / 6, 1e-9);
    EXPECT_EQ(month_label(r.forecast.mrr_projection[0].month), "2025-07");
    EXPECT_NEAR(r.forecast.mrr_projection[0].mrr, 150 + 50.0 / 6, 1e-9);
    EXPECT_DOUBLE_EQ(r.forecast.mrr_projection[11].low, 150);
    EXPECT_DOUBLE_EQ(r.forecast.mrr_projection[11].high, 150 + 12 * 50);
}
