// [SECTION] Playbooks (assets/playbooks.json)
// [SECTION] Monthly cells: numerator / denominator for rates, the values for medians
// [SECTION] Scoring
//
// Funnel rates per month use a fixed window (reached B within 30 days of A, over records whose 30 days are over by
// as_of) so the latest month is not penalised for having had less time to convert.
#include "core/bottlenecks.h"

#include "core/assets.h"
#include "core/funnel.h"

#include <nlohmann/json.hpp>

#include <map>

namespace core {

// [SECTION] Playbooks ---------------------------------------------------------------------------------------------
Playbook playbook_for(std::string_view metric) {
    static const std::map<std::string, Playbook, std::less<>> books = [] {
        std::map<std::string, Playbook, std::less<>> out;
        const nlohmann::json j = nlohmann::json::parse(asset("playbooks.json"), nullptr, false);
        if (!j.is_object()) return out;
        for (auto it = j.begin(); it != j.end(); ++it) {
            const nlohmann::json& v = it.value();
            if (!v.is_object()) continue;
            Playbook b;
            if (v.contains("title") && v["title"].is_string()) b.title = v["title"].get<std::string>();
            if (v.contains("actions") && v["actions"].is_array())
                for (const auto& a : v["actions"])
                    if (a.is_string()) b.actions.push_back(a.get<std::string>());
            out[it.key()] = std::move(b);
        }
        return out;
    }();
    auto it = books.find(metric);
    return it == books.end() ? Playbook{} : it->second;
}

namespace {

// [SECTION] Monthly cells -----------------------------------------------------------------------------------------
struct Cell {
    double num = 0, den = 0;
    DayMedian values;
};

enum Kind { kRate, kMedian };

struct Series {
    std::string metric, transition, team;
    Kind kind;
    bool lower_is_better;
    std::vector<Cell> cells;              // one per month of the window
};

double value_of(const Series& s, size_t first, size_t last, int64_t& records) {
    double num = 0, den = 0;
    DayMedian values;
    for (size_t k = first; k <= last; ++k) {
        num += s.cells[k].num;
        den += s.cells[k].den;
        values.merge(s.cells[k].values);
    }
    if (s.kind == kRate) {
        records = static_cast<int64_t>(den);
        return ratio(num, den);
    }
    records = static_cast<int64_t>(values.count());
    return values.median();
}

} // namespace

BottlenecksReport compute_bottlenecks(const Settings& settings, const Context& ctx, const Prepared& p,
                                      const MrrBook* book) {
    BottlenecksReport r;
    r.conversion_window_days = kBottleneckWindowDays;
    if (!has(ctx.as_of)) return r;
    const Month last_full = ctx.as_of == last_day(month_of(ctx.as_of)) ? month_of(ctx.as_of) : month_of(ctx.as_of) - 1;
    const Month m_first = last_full - 8; // 6 months, each with 3 before it
    const size_t n = 9;
    auto slot = [&](Day d) -> int {
        if (!has(d)) return -1;
        const Month m = month_of(d);
        return m < m_first || m > last_full ? -1 : m - m_first;
    };

    std::vector<Series> series;
    for (size_t t = 0; t < 4; ++t) {
        const TransitionInfo& info = kTransitions[t];
        const std::string arrow = std::string(lifecycle_name(info.from)) + "→" + lifecycle_name(info.to);
        series.push_back({info.name, arrow, info.team, kRate, false, std::vector<Cell>(n)});
        series.push_back({std::string(info.name) + "_days", arrow + " (days)", info.team, kMedian, true,
                          std::vector<Cell>(n)});
    }
    const size_t win_rate = series.size();
    series.push_back({"win_rate", "win rate", "sales", kRate, false, std::vector<Cell>(n)});
    const size_t cycle = series.size();
    series.push_back({"sales_cycle", "sales cycle (days)", "sales", kMedian, true, std::vector<Cell>(n)});

    for (uint32_t i : p.kept_leads) {
        const StageDates& s = p.lead_dates[i];
        for (size_t t = 0; t < 4; ++t) {
            const Day a = s[size_t(kTransitions[t].from)], b = s[size_t(kTransitions[t].to)];
            const int k = slot(a);
            if (k < 0 || a + kBottleneckWindowDays > ctx.as_of) continue;
            Cell& rate = series[2 * t].cells[size_t(k)];
            rate.den += 1;
            if (has(b) && b - a <= kBottleneckWindowDays) {
                rate.num += 1;
                series[2 * t + 1].cells[size_t(k)].values.add(b - a);
            }
        }
    }
    for (const KeptDeal& d : p.kept_deal_facts) {
        if (d.state == DealState::open || d.closed_at > ctx.as_of) continue;
        const int k = slot(d.closed_at);
        if (k < 0) continue;
        series[win_rate].cells[size_t(k)].den += 1;
        if (d.state == DealState::won) {
            series[win_rate].cells[size_t(k)].num += 1;
            if (has(d.created_at)) series[cycle].cells[size_t(k)].values.add(d.closed_at - d.created_at);
        }
    }
    if (book && !book->accounts.empty()) {
        Series churn{"logo_churn", "logo churn", "success", kRate, true, std::vector<Cell>(n)};
        std::vector<Day> ends; // month ends m_first - 1 .. last_full
        for (size_t k = 0; k <= n; ++k) ends.push_back(last_day(m_first - 1 + Month(k)));
        std::vector<double> level(ends.size());
        for_each_account(*book, ctx, [&](uint32_t a) {
            mrr_on_days(*book, a, ends.data(), ends.size(), level.data());
            double before = level[0];
            for (size_t k = 0; k < n; ++k) {
                const double now = level[k + 1];
                if (before > 0) {
                    churn.cells[k].den += 1;
                    churn.cells[k].num += now <= 0;
                }
                before = now;
            }
        });
        series.push_back(std::move(churn));
    }

    // [SECTION] Scoring -------------------------------------------------------------------------------------------
    for (size_t k = 3; k < n; ++k) {
        BottleneckMonth month;
        month.month = m_first + Month(k);
        double best = 0;
        for (const Series& s : series) {
            BottleneckCandidate c{s.metric, s.transition, s.team, s.lower_is_better};
            c.value = value_of(s, k, k, c.records);
            int64_t baseline_records = 0;
            c.baseline = value_of(s, k - 3, k - 1, baseline_records);
            if (has(c.value) && has(c.baseline) && c.baseline > 0)
                c.score = s.lower_is_better ? (c.value - c.baseline) / c.baseline : (c.baseline - c.value) / c.baseline;
            c.qualifies = has(c.score) && c.score > 0 && c.records >= settings.bottleneck_min_records;
            if (c.qualifies && c.score > best) {
                best = c.score;
                month.bottleneck = static_cast<int>(month.candidates.size());
            }
            month.candidates.push_back(std::move(c));
        }
        if (month.bottleneck >= 0) month.playbook = playbook_for(month.candidates[size_t(month.bottleneck)].metric);
        r.months.push_back(std::move(month));
    }
    return r;
}

} // namespace core
