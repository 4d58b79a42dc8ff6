// Per-row facts that several sections need, worked out once per compute(): which rows the filter keeps, each deal's
// amount in the base currency, its attributed source and open-deal probability (rule 7), each lead's stage dates
// with the implied ones filled in (rule 9). Flat vectors indexed like the Dataset's rows: no per-row strings or maps.
#pragma once
#include "core/context.h"
#include "core/model.h"

#include <array>
#include <unordered_map>
#include <vector>

namespace core {

using StageDates = std::array<Day, kLifecycleStages>;

struct StageStats {                       // per deal stage label, over all loaded history (not filtered)
    Sym stage = 0;
    uint32_t entered_closed = 0, entered_won = 0; // closed deals that ever entered the stage, and the won ones
    uint32_t current_open = 0, current_closed = 0; // deals whose current stage it is
    double position_sum = 0;              // sum of the stage's index in histories (orders stages for display)
    uint32_t position_count = 0;
    bool terminal() const { return current_closed > 0 && current_open == 0; } // "closed won" / "closed lost"
    double historical_win_rate() const { return entered_closed ? double(entered_won) / entered_closed : kNaN; }
};

struct Prepared {
    std::vector<uint8_t> deal_kept;       // the filter keeps the deal
    std::vector<double> deal_amount;      // base currency; NaN when missing or without a rate
    std::vector<uint8_t> deal_unconverted; // has an amount whose currency has no rate (rule 4)
    std::vector<Sym> deal_source;         // own source, else first touch; 0 = unknown
    std::vector<double> deal_probability; // rule 7, for every deal (only open ones use it)
    std::vector<uint8_t> lead_kept;
    std::vector<StageDates> lead_stage;   // rule 9: recorded date, else the earliest later stage's date
    std::vector<StageStats> stages;       // one per distinct deal stage label
    std::unordered_map<Sym, uint32_t> stage_index; // stage label -> index into `stages`
    double overall_win_rate = kNaN;       // won / closed over all loaded deals
    bool has_stage_history = false;
};

Prepared prepare(const Dataset& ds, const Context& ctx);

// A deal is open on day `as_of` when it was created by then and had not closed by then.
inline bool open_at(const Deal& d, Day as_of) {
    if (has(d.created_at) && d.created_at > as_of) return false;
    return d.state == DealState::open || (has(d.closed_at) && d.closed_at > as_of);
}
inline bool closed_within(const Deal& d, Day from, Day to) {
    return d.state != DealState::open && has(d.closed_at) && d.closed_at >= from && d.closed_at <= to;
}
inline bool won_within(const Deal& d, Day from, Day to) {
    return d.state == DealState::won && has(d.closed_at) && d.closed_at >= from && d.closed_at <= to;
}

// Median of `v` (reordered); mean of the two middle values for an even count; NaN when empty.
double median(std::vector<double>& v);
double mean(const std::vector<double>& v);
inline double ratio(double num, double den) { return den != 0 && has(num) && has(den) ? num / den : kNaN; }

// Every month from `from`'s to `to`'s (empty when either is missing).
std::vector<Month> months_between(Day from, Day to);

} // namespace core
