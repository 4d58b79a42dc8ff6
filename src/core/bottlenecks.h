// Bottleneck of the month (docs/metrics.md "Bottleneck of the month"): for each of the last 6 full months, every
// funnel transition (rate and days), win rate, sales cycle and logo churn against its trailing 3-month baseline.
#pragma once
#include "core/prepared.h"
#include "core/success.h"

#include <string>
#include <vector>

namespace core {

struct Playbook {
    std::string title;
    std::vector<std::string> actions;
};

struct BottleneckCandidate {
    std::string metric;                   // "mql_to_sql", "mql_to_sql_days", "win_rate", "sales_cycle", "logo_churn"
    std::string transition;               // what the user reads: "mql→sql", "mql→sql (days)", "win rate", ...
    std::string team;                     // owning team of docs/metrics.md ("marketing→sales" for the handoff)
    bool lower_is_better = false;         // days and churn: a rise is the worsening
    double value = kNaN, baseline = kNaN; // the month's value; pooled over the 3 months before
    double score = kNaN;                  // relative worsening; NaN without a baseline
    int64_t records = 0;                  // records behind the month's value
    bool qualifies = false;               // enough records and worse than its baseline
};

struct BottleneckMonth {
    Month month = kNoMonth;
    std::vector<BottleneckCandidate> candidates;
    int bottleneck = -1;                  // index into candidates; -1 when none qualifies
    Playbook playbook;                    // of the bottleneck
};

struct BottlenecksReport {
    std::vector<BottleneckMonth> months;  // oldest first; the last is "this month's" bottleneck
    int conversion_window_days = 0;       // funnel rates: reached the next stage within this many days
};

inline constexpr int kBottleneckWindowDays = 30;

BottlenecksReport compute_bottlenecks(const Settings& s, const Context& ctx, const Prepared& p, const MrrBook* book);

// The playbook of a metric key from assets/playbooks.json (empty when absent).
Playbook playbook_for(std::string_view metric);

} // namespace core
