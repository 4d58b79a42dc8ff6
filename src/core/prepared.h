// Per-row facts that several sections need, worked out once per compute(): which rows the filter keeps, each deal's
// amount in the base currency, its attributed source and open-deal probability (rule 7), each lead's stage dates
// with the implied ones filled in (rule 9, computed on the fly). Flat vectors indexed like the Dataset's rows: no per-row strings or maps.
#pragma once
#include "core/context.h"
#include "core/model.h"
#include "core/quality.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <span>
#include <vector>

namespace core {

using StageDates = std::array<Day, kLifecycleStages>;

// Rule 9: each stage's recorded date, else the date of the earliest later stage the record reached.
inline StageDates lead_stages(const Lead& l) {
    StageDates out;
    Day earliest_later = kNoDay;
    for (int k = kLifecycleStages - 1; k >= 0; --k) {
        const Day rec = l.stage_at[static_cast<size_t>(k)];
        out[static_cast<size_t>(k)] = has(rec) ? rec : earliest_later;
        if (has(rec)) earliest_later = has(earliest_later) ? std::min(earliest_later, rec) : rec;
    }
    return out;
}

// Median and mean of whole-day durations by counting, not sorting: durations are integers in a small range, and a
// million of them in a vector per stage / owner / month would cost more memory than the rows they come from.
class DayMedian {
public:
    void add(int64_t days) { // inline for the common case: a day count already within the table
        if (days >= 0 && static_cast<uint64_t>(days) < pos_.size()) {
            ++pos_[static_cast<size_t>(days)];
            ++n_;
            sum_ += double(days);
        } else {
            add_growing(days);
        }
    }
    void merge(const DayMedian& other);
    uint64_t count() const { return n_; }
    double mean() const { return n_ ? sum_ / double(n_) : kNaN; }
    double median() const; // mean of the two middle values for an even count; NaN when empty

private:
    void add_growing(int64_t days); // add() of a negative count or one past the table's end
    int64_t kth(uint64_t k) const; // the k-th smallest (0-based)
    std::vector<uint32_t> pos_, neg_; // counts of days d >= 0 at [d], of d < 0 at [-d - 1]
    uint64_t n_ = 0;
    double sum_ = 0;
};

struct StageStats {                       // per deal stage label, over all loaded history (not filtered)
    Sym stage = 0;
    uint32_t entered_closed = 0, entered_won = 0; // closed deals that ever entered the stage, and the won ones
    uint32_t current_open = 0, current_closed = 0; // deals whose current stage it is
    double position_sum = 0;              // sum of the stage's index in histories (orders stages for display)
    uint32_t position_count = 0;
    bool terminal() const { return current_closed > 0 && current_open == 0; } // "closed won" / "closed lost"
    double historical_win_rate() const { return entered_closed ? double(entered_won) / entered_closed : kNaN; }
};

// The fields of a deal that the sections read for every kept deal, worked out once per deal (Prepared::deal_facts) and
// copied for a filter's deals: walking them through the 96-byte Deal rows (a cache miss apart under an owner filter)
// was most of a filter change at a million deals; these 40-byte copies are walked in a row.
struct KeptDeal {
    double amount = kNaN;                 // in the base currency; NaN when missing or without a rate (rule 4)
    Day created_at = kNoDay, closed_at = kNoDay, expected_close = kNoDay;
    Sym owner = 0;
    uint32_t row = 0;                     // into Dataset::deals
    uint32_t history_begin = 0, history_count = 0; // its rows of Dataset::stage_history, as in the Deal
    DealState state = DealState::open;
    DealType type = DealType::unknown;
    bool unconverted = false;             // has an amount whose currency has no rate (rule 4)
};

struct Prepared {
    // What the filter keeps (apply_filter_to): flags per row, and the kept rows' indices in row order so a section
    // under a narrow filter walks only its rows; kept_deal_facts holds their hot fields, in the same order.
    std::vector<uint8_t> deal_kept;       // the filter keeps the deal
    std::vector<uint32_t> kept_deals;
    std::span<const KeptDeal> kept_deal_facts; // deal_facts itself when every deal is kept, else kept_facts
    std::vector<KeptDeal> kept_facts;
    std::vector<uint32_t> kept_leads;
    // Facts that do not depend on the filter or the period (prepare_facts): an Engine keeps them across calls.
    std::vector<KeptDeal> deal_facts;     // every deal's hot fields, by row (amount in the base currency: rule 4)
    std::vector<Sym> deal_source;         // own source, else first touch; 0 = unknown
    std::vector<double> deal_probability; // rule 7, for every deal (only open ones use it)
    std::vector<QualityCounts> deal_quality; // the deals' data quality counts per file, one more for rows past the list
    std::vector<uint8_t> lead_kept;
    std::vector<StageDates> lead_dates;   // rule 9: each lead's stage dates with the implied ones filled in
    std::vector<StageStats> stages;       // one per distinct deal stage label
    SymSlots stage_index;                 // stage label -> index into `stages`
    double overall_win_rate = kNaN;       // won / closed over all loaded deals
    bool has_stage_history = false;
    // Per stage_history row, for the stage stays a filter change recounts (sales.cpp stage_stays): the day the stay
    // began, the day it ended (the exit, else the next entry; kNoDay while it lasts), and its stage's index in
    // `stages` (bits 1..31) and whether its deal advanced from it (bit 0), kNoHistoryStage when it has no stage. One
    // struct, not three columns: a filter's deals are far apart, and each column read was a cache miss of its own.
    static constexpr uint32_t kNoHistoryStage = UINT32_MAX;
    struct HistoryStay {
        Day entered = kNoDay, ended = kNoDay;
        uint32_t code = kNoHistoryStage;
    };
    std::vector<HistoryStay> history_stays;
    Day history_first = kNoDay, history_last = kNoDay; // the earliest and latest day a stay with a stage began
    // Rows per owner, ascending: an owner filter tests only that owner's rows.
    SymSlots owner_slot;
    std::vector<std::vector<uint32_t>> owner_deals, owner_leads;

    // kept_deal_facts points into this Prepared's own vectors: moving one keeps them, a copy would not
    Prepared() = default;
    Prepared(Prepared&&) = default;
    Prepared& operator=(Prepared&&) = default;
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
};

Prepared prepare(const Dataset& ds, const Context& ctx);     // prepare_facts + apply_filter_to
void prepare_facts(const Dataset& ds, const Context& ctx, Prepared& p); // needs ctx's rates and first touch only
void apply_filter_to(const Dataset& ds, const Context& ctx, Prepared& p); // deal/lead kept flags and lists

// A deal (a Deal or a KeptDeal) is open on day `as_of` when it was created by then and had not closed by then.
template <class D> bool open_at(const D& d, Day as_of) {
    if (has(d.created_at) && d.created_at > as_of) return false;
    return d.state == DealState::open || (has(d.closed_at) && d.closed_at > as_of);
}
template <class D> bool closed_within(const D& d, Day from, Day to) {
    return d.state != DealState::open && has(d.closed_at) && d.closed_at >= from && d.closed_at <= to;
}
template <class D> bool won_within(const D& d, Day from, Day to) {
    return d.state == DealState::won && has(d.closed_at) && d.closed_at >= from && d.closed_at <= to;
}

// Median of `v` (reordered); mean of the two middle values for an even count; NaN when empty.
double median(std::vector<double>& v);
double mean(const std::vector<double>& v);
inline double ratio(double num, double den) { return den != 0 && has(num) && has(den) ? num / den : kNaN; }

// Every month from `from`'s to `to`'s (empty when either is missing).
std::vector<Month> months_between(Day from, Day to);

} // namespace core
