#include "core/prepared.h"

#include <algorithm>
#include <numeric>

namespace core {

double median(std::vector<double>& v) {
    if (v.empty()) return kNaN;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double hi = v[mid];
    if (v.size() % 2) return hi;
    const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lo + hi) / 2;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::vector<Month> months_between(Day from, Day to) {
    std::vector<Month> out;
    if (!has(from) || !has(to) || from > to) return out;
    for (Month m = month_of(from); m <= month_of(to); ++m) out.push_back(m);
    return out;
}

Prepared prepare(const Dataset& ds, const Context& ctx) {
    Prepared p;
    const size_t n = ds.deals.size();
    p.deal_kept.resize(n);
    p.deal_amount.resize(n);
    p.deal_unconverted.resize(n);
    p.deal_source.resize(n);
    p.deal_probability.assign(n, kNaN);

    auto stage_of = [&](Sym s) -> StageStats& {
        auto [it, fresh] = p.stage_index.emplace(s, static_cast<uint32_t>(p.stages.size()));
        if (fresh) p.stages.push_back(StageStats{.stage = s});
        return p.stages[it->second];
    };
    uint64_t won = 0, closed = 0;
    std::vector<uint32_t> seen; // stage indices this deal entered (each counted once per deal)
    for (size_t i = 0; i < n; ++i) {
        const Deal& d = ds.deals[i];
        p.deal_kept[i] = ctx.keep(d);
        p.deal_amount[i] = ctx.deal_amount(d);
        p.deal_unconverted[i] = has(d.amount) && !has(p.deal_amount[i]);
        p.deal_source[i] = ctx.deal_source(d);
        const bool is_closed = d.state != DealState::open;
        closed += is_closed;
        won += d.state == DealState::won;
        if (d.stage) {
            StageStats& s = stage_of(d.stage);
            (is_closed ? s.current_closed : s.current_open)++;
        }
        seen.clear();
        if (d.stage) seen.push_back(p.stage_index[d.stage]);
        for (uint32_t k = 0; k < d.history_count; ++k) {
            const StageEntry& e = ds.stage_history[d.history_begin + k];
            if (!e.stage) continue;
            StageStats& s = stage_of(e.stage);
            s.position_sum += k;
            s.position_count++;
            seen.push_back(p.stage_index[e.stage]);
        }
        if (d.history_count) p.has_stage_history = true;
        if (is_closed) {
            std::sort(seen.begin(), seen.end());
            seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
            for (uint32_t s : seen) {
                p.stages[s].entered_closed++;
                p.stages[s].entered_won += d.state == DealState::won;
            }
        }
    }
    p.overall_win_rate = closed ? double(won) / double(closed) : kNaN;
    for (size_t i = 0; i < n; ++i) {
        const Deal& d = ds.deals[i];
        double prob = d.probability;
        if (!has(prob)) prob = d.stage_probability;
        if (!has(prob) && d.stage) prob = p.stages[p.stage_index[d.stage]].historical_win_rate();
        if (!has(prob)) prob = p.overall_win_rate;
        p.deal_probability[i] = prob;
    }

    p.lead_kept.resize(ds.leads.size());
    p.lead_stage.resize(ds.leads.size());
    for (size_t i = 0; i < ds.leads.size(); ++i) {
        const Lead& l = ds.leads[i];
        p.lead_kept[i] = ctx.keep(l);
        StageDates& out = p.lead_stage[i];
        Day earliest_later = kNoDay;
        for (int k = kLifecycleStages - 1; k >= 0; --k) {
            const Day rec = l.stage_at[static_cast<size_t>(k)];
            out[static_cast<size_t>(k)] = has(rec) ? rec : earliest_later;
            if (has(rec)) earliest_later = has(earliest_later) ? std::min(earliest_later, rec) : rec;
        }
    }
    return p;
}

} // namespace core
