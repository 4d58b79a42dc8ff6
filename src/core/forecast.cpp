// [SECTION] Pipeline forecast
// [SECTION] MRR projection
// [SECTION] Forecast accuracy
#include "core/forecast.h"

#include "core/marketing.h"

#include <algorithm>
#include <cmath>

namespace core {

namespace {

// The stage a deal was in on day `d`: the last history entry entered by then, else (open deals only) its current
// stage; 0 when unknown (a closed deal's current stage is where it ended, not where it was).
Sym stage_on(const Dataset& ds, const KeptDeal& deal, Day d) {
    Sym stage = 0;
    for (uint32_t row = deal.history_begin; row < deal.history_begin + deal.history_count; ++row) {
        const StageEntry& e = ds.stage_history[row];
        if (has(e.entered_at) && e.entered_at <= d) stage = e.stage;
    }
    return stage || deal.state != DealState::open ? stage : ds.deals[deal.row].stage;
}

} // namespace

ForecastReport compute_forecast(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book) {
    ForecastReport r;
    if (!has(ctx.as_of)) return r;
    const Month now = month_of(ctx.as_of);

    const Month last_full = ctx.as_of == last_day(now) ? now : now - 1;
    // The pipeline forecast's months and the accuracy's, filled in one walk over the deals (below)
    for (Month m = now; m < now + 6; ++m) r.pipeline_forecast.push_back({.month = m});
    const Month acc_first = last_full - 5;
    for (Month m = acc_first; m <= last_full; ++m) r.forecast_accuracy.push_back({.month = m});
    std::vector<double> forecast(6, 0);
    std::vector<uint8_t> any(6, 0);
    // A deal's part of the pipeline forecast: open on as_of and expected to close within the 6 months from as_of's.
    auto pipeline = [&](const KeptDeal& d) {
        if (d.state != DealState::open || !open_at(d, ctx.as_of) || !has(d.expected_close)) return;
        const Month m = std::max(month_of(d.expected_close), now); // overdue deals are still expected: now
        if (m >= now + 6) return;
        ForecastMonth& f = r.pipeline_forecast[size_t(m - now)];
        ++f.count;
        const double amount = d.amount;
        if (!has(amount)) return;
        if (has(p.deal_probability[d.row])) f.weighted += amount * p.deal_probability[d.row];
        const ForecastCategory category = ds.deals[d.row].forecast_category;
        if (category == ForecastCategory::commit) f.commit += amount;
        if (category == ForecastCategory::commit || category == ForecastCategory::best_case) f.best_case += amount;
    };
    // A deal's part of the forecast accuracy. Exports hold no snapshots of past forecasts, so the month-start forecast
    // is rebuilt: deals open on the first day that closed in the month (or are still expected in it), times the
    // historical win rate of the stage they were in that day.
    auto accuracy = [&](const KeptDeal& d) {
        if (!has(d.amount)) return;
        const double amount = d.amount;
        if (d.state == DealState::won && has(d.closed_at)) {
            const Month m = month_of(d.closed_at);
            if (m >= acc_first && m <= last_full && d.closed_at <= ctx.as_of)
                r.forecast_accuracy[size_t(m - acc_first)].actual += amount;
        }
        const Day target = d.state == DealState::open ? d.expected_close : d.closed_at;
        if (!has(target)) return;
        const Month m = month_of(target);
        if (m < acc_first || m > last_full) return;
        const Day start = first_day(m);
        if (!open_at(d, start - 1)) return; // open when the month began
        const Sym stage = stage_on(ds, d, start);
        const uint32_t slot = stage ? p.stage_index.find(stage) : SymSlots::kNone;
        double prob = slot == SymSlots::kNone ? kNaN : p.stages[slot].historical_win_rate();
        if (!has(prob)) prob = p.overall_win_rate;
        if (!has(prob)) return;
        forecast[size_t(m - acc_first)] += amount * prob;
        any[size_t(m - acc_first)] = 1;
    };
    for (const KeptDeal& d : p.kept_deal_facts) {
        pipeline(d);
        accuracy(d);
    }

    // [SECTION] Pipeline forecast -------------------------------------------------------------------------------
    for (const ForecastMonth& f : r.pipeline_forecast) {
        r.weighted_total += f.weighted;
        r.commit_total += f.commit;
        r.best_case_total += f.best_case;
    }

    // [SECTION] MRR projection ----------------------------------------------------------------------------------
    if (book && !book->accounts.empty()) {
        // month ends last_full - 6 .. last_full, then as_of (on or after the last of them): one walk over the book
        std::vector<Day> days;
        for (Month m = last_full - 6; m <= last_full; ++m) days.push_back(last_day(m));
        days.push_back(ctx.as_of);
        const std::vector<double> totals = total_mrr_on_days(*book, ctx, days);
        r.mrr_now = totals.back();
        std::vector<double> net_new;
        for (size_t k = 1; k + 1 < totals.size(); ++k) net_new.push_back(totals[k] - totals[k - 1]);
        r.mean_net_new_mrr = mean(net_new);
        r.min_net_new_mrr = *std::min_element(net_new.begin(), net_new.end());
        r.max_net_new_mrr = *std::max_element(net_new.begin(), net_new.end());
        for (int k = 1; k <= 12; ++k)
            r.mrr_projection.push_back({now + k, r.mrr_now + k * r.mean_net_new_mrr, r.mrr_now + k * r.min_net_new_mrr,
                                        r.mrr_now + k * r.max_net_new_mrr});
        r.mrr_method = "linear: MRR at as_of plus, per month, the mean net new MRR of the last 6 full months; band "
                       "from their smallest and largest";
    }

    // [SECTION] Forecast accuracy -------------------------------------------------------------------------------
    for (size_t k = 0; k < 6; ++k) {
        AccuracyMonth& a = r.forecast_accuracy[k];
        a.forecast = any[k] ? forecast[k] : kNaN;
        a.accuracy = has(a.forecast) && a.forecast > 0 ? 1 - std::abs(a.forecast - a.actual) / a.forecast : kNaN;
    }
    return r;
}

} // namespace core
