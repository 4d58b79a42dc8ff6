// Sales (docs/metrics.md "Sales"): win rate, deal size, cycle, bookings, open pipeline, velocity, coverage, stage
// conversion, slipped and stale deals, owner leaderboard.
#pragma once
#include "core/prepared.h"
#include "core/settings.h"

#include <string>
#include <vector>

namespace core {

struct MonthBookings {
    Month month = kNoMonth;
    int64_t count = 0;
    double amount = 0;
    std::array<int64_t, 4> count_by_type{};  // indexed by DealType: unknown, new, expansion, renewal
    std::array<double, 4> amount_by_type{};
};

struct MonthValue {
    Month month = kNoMonth;
    double value = kNaN;
    int64_t records = 0;
};

struct PipelineSlice {                    // open pipeline at as_of for one stage / owner / source / pipeline
    std::string key;
    int64_t count = 0;
    double value = 0, weighted_value = 0;
};

struct StageRow {
    std::string stage;
    int64_t entered = 0, advanced = 0;    // entered in the period; of those, reached a later stage or won
    double conversion = kNaN;
    double median_days_in_stage = kNaN;   // over every finished stay in the stage (all history up to as_of)
    int64_t stays = 0;
};

struct DealRow {                          // one deal of a list (slipped, stale)
    uint32_t index = 0;                   // into Dataset::deals
    std::string id, name, owner, stage;
    double amount = kNaN;
    Day date = kNoDay;                    // expected close (slipped) or last stage change (stale)
    int days = 0;                         // days past expected close, or days since the last stage change
};

struct OwnerRow {
    std::string owner;                    // "unknown" when none
    int64_t won_count = 0, lost_count = 0;
    double won_amount = 0;
    double win_rate = kNaN, avg_deal_size = kNaN, sales_cycle_days_median = kNaN;
    int64_t open_pipeline_count = 0;
    double open_pipeline_value = 0;
};

struct SalesReport {
    int64_t won_count = 0, lost_count = 0;
    double won_amount = 0, lost_amount = 0;   // convertible amounts only
    double win_rate = kNaN;                   // by Settings::win_rate_basis
    double win_rate_by_count = kNaN, win_rate_by_value = kNaN;
    WinRateBasis win_rate_basis = WinRateBasis::count;
    double avg_deal_size = kNaN, median_deal_size = kNaN;
    double sales_cycle_days_median = kNaN, sales_cycle_days_mean = kNaN;
    std::vector<MonthBookings> bookings;      // every month of the period
    std::vector<MonthValue> win_rate_by_month, sales_cycle_by_month; // by count; median cycle of the month's wins
    int64_t open_pipeline_count = 0;
    double open_pipeline_value = 0, weighted_pipeline_value = 0;
    std::vector<PipelineSlice> pipeline_by_stage, pipeline_by_owner, pipeline_by_source, pipeline_by_pipeline;
    double pipeline_velocity_per_day = kNaN;
    double pipeline_coverage = kNaN;          // null without a bookings target for the period containing as_of
    std::string coverage_target;              // which target was used, e.g. "bookings_amount 2025-Q2"
    bool has_stage_history = false;
    std::string stage_note;                   // why stage_conversion is absent
    std::vector<StageRow> stage_conversion;   // in stage order (mean position in histories)
    int64_t slipped_count = 0, stale_count = 0;
    std::vector<uint32_t> slipped_deals, stale_deals; // every one, in row order
    std::vector<DealRow> slipped_rows, stale_rows;    // the kListedDeals largest of each, largest first, with names
    std::vector<OwnerRow> owner_leaderboard;  // by won amount, most first
    uint64_t amounts_left_out = 0;            // deals in these figures whose amount has no rate
};

inline constexpr size_t kListedDeals = 200;

// Finished stays per stage (indexed like Prepared::stages) over all history up to as_of: they depend on the kept
// deals and as_of, not on the period, so an Engine keeps them while only the period changes.
struct StageStays {
    Day as_of = kNoDay;
    std::vector<double> median;           // NaN when the stage has no finished stay
    std::vector<int64_t> count;
    // The kept deals' history entries (with a stage and a day) counted per stage and day, as running totals, so a
    // period's stage_conversion is two lookups per stage instead of a walk over every entry: upto[s * days + k] =
    // the entries of stage s begun on first + 0..k, and how many of them the deal advanced from. Days outside the
    // table (it holds at most kMaxCells cells: the latest days when a bad date stretches the range) are in `outside`.
    static constexpr size_t kMaxCells = size_t(1) << 21;
    struct Counts { uint32_t entered = 0, advanced = 0; };
    Day first = 0;
    size_t days = 0;
    std::vector<Counts> upto;
    struct Entry { Day entered; uint32_t stage_advanced; }; // stage's index (bits 1..31), advanced (bit 0)
    std::vector<Entry> outside;
    // Entries per stage begun within [from, to], and how many of them advanced (both sized like `median`).
    void entries_within(Day from, Day to, std::vector<int64_t>& entered, std::vector<int64_t>& advanced) const;
};
StageStays stage_stays(const Context& ctx, const Prepared& p);

// `headline_only`: the period's totals the Headline reads (previous period): no months, leaderboard, pipeline slices,
// coverage, stages or slipped/stale lists.
// `stays`, when given, is used if it is for ctx.as_of, else worked out and stored there.
SalesReport compute_sales(const Dataset& ds, const Settings& s, const Context& ctx, const Prepared& p,
                          bool headline_only = false, StageStays* stays = nullptr);

} // namespace core
