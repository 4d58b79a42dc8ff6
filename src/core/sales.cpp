// [SECTION] Closed deals: win rate, deal size, cycle, bookings, owners
// [SECTION] Open pipeline: slices, weighted value, velocity, coverage
// [SECTION] Stages: conversion, days in stage, slipped and stale deals
#include "core/sales.h"

#include <algorithm>

namespace core {

namespace {

std::string label(const Dataset& ds, Sym s) { return s ? std::string(ds.str(s)) : std::string("unknown"); }

struct Slices {
    SymSlots index;
    std::vector<PipelineSlice> rows;
    void add(const Dataset& ds, Sym key, double value, double weighted) {
        const uint32_t slot = index.add(key);
        if (slot == rows.size()) rows.push_back({label(ds, key), 0, 0, 0});
        PipelineSlice& r = rows[slot];
        ++r.count;
        if (has(value)) r.value += value;
        if (has(weighted)) r.weighted_value += weighted;
    }
    std::vector<PipelineSlice> sorted() {
        std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) {
            return a.value != b.value ? a.value > b.value : a.key < b.key;
        });
        return std::move(rows);
    }
};

// The kListedDeals largest, largest first; deals without an amount last, ties by row so the order is stable.
std::vector<uint32_t> largest(std::vector<uint32_t> deals, const Prepared& p) {
    auto by_amount = [&](uint32_t a, uint32_t b) {
        const double x = has(p.deal_facts[a].amount) ? p.deal_facts[a].amount : -1e308;
        const double y = has(p.deal_facts[b].amount) ? p.deal_facts[b].amount : -1e308;
        return x != y ? x > y : a < b;
    };
    const size_t n = std::min(deals.size(), kListedDeals);
    std::partial_sort(deals.begin(), deals.begin() + static_cast<std::ptrdiff_t>(n), deals.end(), by_amount);
    deals.resize(n);
    return deals;
}

DealRow deal_row(const Dataset& ds, const Prepared& p, uint32_t i, Day date, int days) {
    const Deal& d = ds.deals[i];
    return {i, std::string(ds.str(d.id)), std::string(ds.str(d.name)), label(ds, d.owner), label(ds, d.stage),
            p.deal_facts[i].amount, date, days};
}

} // namespace

StageStays stage_stays(const Context& ctx, const Prepared& p) {
    const size_t stages = p.stages.size();
    StageStays out;
    out.as_of = ctx.as_of;
    out.median.assign(stages, kNaN);
    out.count.assign(stages, 0);
    std::vector<DayMedian> stays(stages);
    if (stages && has(p.history_first) && has(p.history_last)) { // the latest days, as many as the table holds
        out.days = std::min<size_t>(size_t(p.history_last - p.history_first) + 1, StageStays::kMaxCells / stages);
        out.first = p.history_last - static_cast<Day>(out.days) + 1;
        out.upto.assign(stages * out.days, {});
    }
    const Prepared::HistoryStay* history = p.history_stays.data();
    const Day as_of = ctx.as_of;
    for (const KeptDeal& d : p.kept_deal_facts) {
        for (const Prepared::HistoryStay *h = history + d.history_begin, *last = h + d.history_count; h != last; ++h) {
            const auto [entered, end, code] = *h;
            if (code == Prepared::kNoHistoryStage || !has(entered)) continue;
            if (const size_t k = size_t(entered - out.first); entered >= out.first && k < out.days) {
                StageStays::Counts& c = out.upto[(code >> 1) * out.days + k];
                ++c.entered;
                c.advanced += code & 1;
            } else {
                out.outside.push_back({entered, code});
            }
            if (!has(end) || end > as_of) continue;
            stays[code >> 1].add(end - entered);
        }
    }
    for (size_t s = 0; s < stages; ++s) {
        StageStays::Counts* row = out.upto.data() + s * out.days;
        for (size_t k = 1; k < out.days; ++k) {
            row[k].entered += row[k - 1].entered;
            row[k].advanced += row[k - 1].advanced;
        }
        out.median[s] = stays[s].median();
        out.count[s] = static_cast<int64_t>(stays[s].count());
    }
    return out;
}

void StageStays::entries_within(Day from, Day to, std::vector<int64_t>& entered, std::vector<int64_t>& advanced) const {
    entered.assign(median.size(), 0);
    advanced.assign(median.size(), 0);
    if (!has(from) || !has(to) || from > to) return;
    const Day last = first + static_cast<Day>(days) - 1;
    if (days && from <= last && to >= first) { // the table's days within the period: [a, b]
        const size_t a = size_t(std::max(from, first) - first), b = size_t(std::min(to, last) - first);
        for (size_t s = 0; s < entered.size(); ++s) {
            const Counts* row = upto.data() + s * days;
            entered[s] = row[b].entered - (a ? row[a - 1].entered : 0);
            advanced[s] = row[b].advanced - (a ? row[a - 1].advanced : 0);
        }
    }
    for (const Entry& e : outside) {
        if (e.entered < from || e.entered > to) continue;
        ++entered[e.stage_advanced >> 1];
        advanced[e.stage_advanced >> 1] += e.stage_advanced & 1;
    }
}

SalesReport compute_sales(const Dataset& ds, const Settings& settings, const Context& ctx, const Prepared& p,
                          bool headline_only, StageStays* kept_stays) {
    SalesReport r;
    r.win_rate_basis = settings.win_rate_basis;
    r.has_stage_history = p.has_stage_history;
    const bool full = !headline_only; // the previous period's headline needs only the totals: no months, owners, slices
    const std::vector<Month> months = full ? months_between(ctx.from, ctx.to) : std::vector<Month>{};
    const Month m0 = months.empty() ? 0 : months.front();
    for (Month m : months) {
        r.bookings.push_back({.month = m});
        r.win_rate_by_month.push_back({m, kNaN, 0});
        r.sales_cycle_by_month.push_back({m, kNaN, 0});
    }
    std::vector<int64_t> won_by_month(months.size(), 0);
    std::vector<DayMedian> cycle_by_month(months.size());

    // [SECTION] Closed deals ------------------------------------------------------------------------------------
    std::vector<double> won_amounts;
    DayMedian cycles;
    SymSlots owner_index;
    std::vector<DayMedian> owner_cycles;
    auto owner_row = [&](Sym owner) -> OwnerRow& {
        const uint32_t slot = owner_index.add(owner);
        if (slot == r.owner_leaderboard.size()) {
            r.owner_leaderboard.push_back({.owner = label(ds, owner)});
            owner_cycles.emplace_back();
        }
        return r.owner_leaderboard[slot];
    };
    Slices by_stage, by_owner, by_source, by_pipeline;
    std::vector<uint32_t> open;
    std::vector<int64_t> priced;           // per owner slot: won deals with a usable amount (for avg deal size)
    for (const KeptDeal& d : p.kept_deal_facts) {
        const double amount = d.amount;
        if (closed_within(d, ctx.from, ctx.to)) {
            const bool won = d.state == DealState::won;
            if (d.unconverted) ++r.amounts_left_out;
            if (won) {
                ++r.won_count;
                if (has(amount)) {
                    r.won_amount += amount;
                    won_amounts.push_back(amount);
                }
                if (has(d.created_at)) cycles.add(d.closed_at - d.created_at);
            } else {
                ++r.lost_count;
                if (has(amount)) r.lost_amount += amount;
            }
            if (full) { // by month and by owner
                const size_t mi = static_cast<size_t>(month_of(d.closed_at) - m0);
                OwnerRow& o = owner_row(d.owner);
                r.win_rate_by_month[mi].records++;
                if (won) {
                    ++o.won_count;
                    ++won_by_month[mi];
                    MonthBookings& b = r.bookings[mi];
                    ++b.count;
                    ++b.count_by_type[static_cast<size_t>(d.type)];
                    if (has(amount)) {
                        const uint32_t slot = owner_index.find(d.owner);
                        if (slot >= priced.size()) priced.resize(slot + 1, 0);
                        ++priced[slot];
                        o.won_amount += amount;
                        b.amount += amount;
                        b.amount_by_type[static_cast<size_t>(d.type)] += amount;
                    }
                    if (has(d.created_at)) {
                        const int64_t days = d.closed_at - d.created_at;
                        cycle_by_month[mi].add(days);
                        owner_cycles[owner_index.find(d.owner)].add(days);
                    }
                } else {
                    ++o.lost_count;
                }
            }
        }
        if (has(ctx.as_of) && open_at(d, ctx.as_of)) {
            const uint32_t i = d.row;
            const double weighted = has(amount) && has(p.deal_probability[i]) ? amount * p.deal_probability[i] : kNaN;
            ++r.open_pipeline_count;
            if (has(amount)) r.open_pipeline_value += amount;
            if (has(weighted)) r.weighted_pipeline_value += weighted;
            if (d.unconverted) ++r.amounts_left_out;
            if (!full) continue;
            open.push_back(i);
            by_stage.add(ds, ds.deals[i].stage, amount, weighted);
            by_owner.add(ds, d.owner, amount, weighted);
            by_source.add(ds, p.deal_source[i], amount, weighted);
            by_pipeline.add(ds, ds.deals[i].pipeline, amount, weighted);
            OwnerRow& o = owner_row(d.owner);
            ++o.open_pipeline_count;
            if (has(amount)) o.open_pipeline_value += amount;
        }
    }
    r.win_rate_by_count = ratio(double(r.won_count), double(r.won_count + r.lost_count));
    r.win_rate_by_value = ratio(r.won_amount, r.won_amount + r.lost_amount);
    r.win_rate = settings.win_rate_basis == WinRateBasis::value ? r.win_rate_by_value : r.win_rate_by_count;
    r.avg_deal_size = mean(won_amounts);
    r.median_deal_size = median(won_amounts);
    r.sales_cycle_days_mean = cycles.mean();
    r.sales_cycle_days_median = cycles.median();
    if (headline_only) return r;
    for (size_t mi = 0; mi < months.size(); ++mi) {
        r.win_rate_by_month[mi].value = ratio(double(won_by_month[mi]), double(r.win_rate_by_month[mi].records));
        r.sales_cycle_by_month[mi].records = static_cast<int64_t>(cycle_by_month[mi].count());
        r.sales_cycle_by_month[mi].value = cycle_by_month[mi].median();
    }
    for (size_t k = 0; k < r.owner_leaderboard.size(); ++k) {
        OwnerRow& o = r.owner_leaderboard[k];
        o.win_rate = ratio(double(o.won_count), double(o.won_count + o.lost_count));
        o.sales_cycle_days_median = owner_cycles[k].median();
    }
    // avg deal size per owner needs the count of won deals with a usable amount, not all won deals
    priced.resize(r.owner_leaderboard.size(), 0);
    for (size_t k = 0; k < priced.size(); ++k)
        r.owner_leaderboard[k].avg_deal_size = ratio(r.owner_leaderboard[k].won_amount, double(priced[k]));
    std::sort(r.owner_leaderboard.begin(), r.owner_leaderboard.end(), [](auto& a, auto& b) {
        return a.won_amount != b.won_amount ? a.won_amount > b.won_amount : a.owner < b.owner;
    });

    // [SECTION] Open pipeline -----------------------------------------------------------------------------------
    r.pipeline_by_stage = by_stage.sorted();
    // Stages read best in pipeline order (their mean position in stage histories); stages never seen in a history
    // keep the by-value order after them.
    auto stage_position = [&](const PipelineSlice& sl) {
        const uint32_t i = p.stage_index.find(ds.strings.find(sl.key));
        if (i == SymSlots::kNone || i >= p.stages.size() || !p.stages[i].position_count) return 1e9;
        return p.stages[i].position_sum / p.stages[i].position_count;
    };
    std::stable_sort(r.pipeline_by_stage.begin(), r.pipeline_by_stage.end(),
                     [&](const PipelineSlice& a, const PipelineSlice& b) { return stage_position(a) < stage_position(b); });
    r.pipeline_by_owner = by_owner.sorted();
    r.pipeline_by_source = by_source.sorted();
    r.pipeline_by_pipeline = by_pipeline.sorted();
    r.pipeline_velocity_per_day =
        ratio(double(r.open_pipeline_count) * r.win_rate_by_count * r.avg_deal_size, r.sales_cycle_days_mean);

    // Coverage: the shortest bookings target whose period contains as_of; the gap is the target less what was won
    // since its start; the pipeline is what is expected to close in the rest of that period.
    const Target* target = nullptr;
    Day target_end = kNoDay;
    for (const Target& t : ds.targets) {
        const std::string_view metric = ds.str(t.metric);
        if ((metric != "bookings_amount" && metric != "bookings") || !has(t.start) || !has(t.value)) continue;
        const int len = t.period == TargetPeriod::month ? 1 : t.period == TargetPeriod::quarter ? 3 : 12;
        const Day end = add_months(t.start, len) - 1;
        // the period still to be sold: the one holding the day after as_of (as_of is often a month's last day)
        if (!has(ctx.as_of) || t.start > ctx.as_of + 1 || end < ctx.as_of + 1) continue;
        if (!target || t.period < target->period) {
            target = &t;
            target_end = end;
        }
    }
    if (target) {
        double won_so_far = 0, expected = 0;
        for (const KeptDeal& d : p.kept_deal_facts)
            if (has(d.amount) && won_within(d, target->start, ctx.as_of)) won_so_far += d.amount;
        for (uint32_t i : open) {
            const Deal& d = ds.deals[i];
            if (has(p.deal_facts[i].amount) && d.state == DealState::open && has(d.expected_close) &&
                d.expected_close > ctx.as_of && d.expected_close <= target_end)
                expected += p.deal_facts[i].amount;
        }
        const double gap = target->value - won_so_far;
        r.pipeline_coverage = gap > 0 ? expected / gap : kNaN;
        r.coverage_target = std::string(ds.str(target->metric)) + " from " + day_label(target->start) + " to " +
                            day_label(target_end);
    }

    // [SECTION] Stages ------------------------------------------------------------------------------------------
    StageStays own;
    const StageStays* stage_times = kept_stays;
    if (!kept_stays || kept_stays->as_of != ctx.as_of || kept_stays->median.size() != p.stages.size()) {
        own = stage_stays(ctx, p);
        if (kept_stays) *kept_stays = std::move(own);
        stage_times = kept_stays ? kept_stays : &own;
    }
    const std::vector<double>& stage_median = stage_times->median;
    if (!p.has_stage_history) {
        r.stage_note = "no stage history loaded: stage conversion and days in stage need each deal's stage changes";
    } else {
        std::vector<int64_t> entered, advanced;
        stage_times->entries_within(ctx.from, ctx.to, entered, advanced);
        const std::vector<int64_t>& stays = stage_times->count;
        std::vector<size_t> order;
        for (size_t s = 0; s < p.stages.size(); ++s)
            if (!p.stages[s].terminal() && p.stages[s].position_count) order.push_back(s);
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            const double x = p.stages[a].position_sum / p.stages[a].position_count;
            const double y = p.stages[b].position_sum / p.stages[b].position_count;
            return x != y ? x < y : ds.str(p.stages[a].stage) < ds.str(p.stages[b].stage);
        });
        for (size_t s : order)
            r.stage_conversion.push_back({label(ds, p.stages[s].stage), entered[s], advanced[s],
                                          ratio(double(advanced[s]), double(entered[s])), stage_median[s], stays[s]});
    }
    for (uint32_t i : open) {
        const Deal& d = ds.deals[i];
        if (d.state == DealState::open && has(d.expected_close) && d.expected_close < ctx.as_of)
            r.slipped_deals.push_back(i);
        if (d.state != DealState::open || !d.stage) continue;
        Day last_change = d.created_at;
        for (uint32_t k = 0; k < d.history_count; ++k) {
            const Day e = ds.stage_history[d.history_begin + k].entered_at;
            if (has(e) && e <= ctx.as_of && (!has(last_change) || e > last_change)) last_change = e;
        }
        const double med = stage_median[p.stage_index.find(d.stage)];
        if (has(last_change) && has(med) && double(ctx.as_of - last_change) > settings.stale_factor * med)
            r.stale_deals.push_back(i);
    }
    r.slipped_count = static_cast<int64_t>(r.slipped_deals.size());
    r.stale_count = static_cast<int64_t>(r.stale_deals.size());
    for (uint32_t i : largest(r.slipped_deals, p)) {
        const Deal& d = ds.deals[i];
        r.slipped_rows.push_back(deal_row(ds, p, i, d.expected_close, ctx.as_of - d.expected_close));
    }
    for (uint32_t i : largest(r.stale_deals, p)) {
        const Deal& d = ds.deals[i];
        Day last_change = d.created_at;
        for (uint32_t j = 0; j < d.history_count; ++j) {
            const Day e = ds.stage_history[d.history_begin + j].entered_at;
            if (has(e) && e <= ctx.as_of && (!has(last_change) || e > last_change)) last_change = e;
        }
        r.stale_rows.push_back(deal_row(ds, p, i, last_change, ctx.as_of - last_change));
    }
    return r;
}

} // namespace core
