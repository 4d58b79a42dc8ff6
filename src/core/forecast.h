// Forecast (docs/metrics.md "Forecast"): weighted pipeline by expected-close month, MRR projection, and how past
// month-start forecasts compared with what was booked.
#pragma once
#include "core/prepared.h"
#include "core/success.h"

#include <string>
#include <vector>

namespace core {

struct ForecastMonth {
    Month month = kNoMonth;
    int64_t count = 0;                    // open deals expected to close in the month
    double weighted = 0;                  // sum of amount x probability
    double commit = 0;                    // amount of forecast_category commit
    double best_case = 0;                 // amount of commit + best_case (best case includes commit)
};

struct MrrProjectionMonth {
    Month month = kNoMonth;
    double mrr = kNaN, low = kNaN, high = kNaN;
};

struct AccuracyMonth {
    Month month = kNoMonth;
    double forecast = kNaN;               // made at the month's start (reconstructed, see metrics-notes)
    double actual = 0;                    // bookings amount won in the month
    double accuracy = kNaN;               // 1 - |forecast - actual| / forecast
};

struct ForecastReport {
    std::vector<ForecastMonth> pipeline_forecast;   // as_of's month and the 5 after; overdue deals in the first
    double commit_total = 0, best_case_total = 0, weighted_total = 0;
    std::vector<MrrProjectionMonth> mrr_projection; // the 12 months after as_of's month; empty without MRR
    double mrr_now = kNaN;
    double mean_net_new_mrr = kNaN, min_net_new_mrr = kNaN, max_net_new_mrr = kNaN; // over the last 6 full months
    std::string mrr_method;
    std::vector<AccuracyMonth> forecast_accuracy;   // the last 6 full months
};

ForecastReport compute_forecast(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book);

} // namespace core
