// What every metric needs besides the rows: the resolved as_of, period, base currency and conversion.
// Built once per compute() from Dataset + Settings + Filter.
#pragma once
#include "core/model.h"
#include "core/settings.h"

#include <memory>
#include <vector>

namespace core {

// Dense slots for the few distinct values of a column (stages, owners, sources, accounts) without hashing: a table
// indexed by the Sym itself. Hashing a million rows' Syms costs more than the metrics themselves.
class SymSlots {
public:
    static constexpr uint32_t kNone = UINT32_MAX;
    uint32_t find(Sym s) const { return s < slot_.size() ? slot_[s] : kNone; }
    // The slot of `s`, a new one (== size() before the call) when first seen.
    uint32_t add(Sym s) {
        if (s >= slot_.size()) slot_.resize(static_cast<size_t>(s) + 1, kNone);
        if (slot_[s] == kNone) slot_[s] = count_++;
        return slot_[s];
    }
    uint32_t size() const { return count_; }

private:
    std::vector<uint32_t> slot_;
    uint32_t count_ = 0;
};

// Each account's first won deal (the earliest closed_at; the lower row on a tie) and the account-less won deals of type
// new business or unknown: CAC's new customers, in row order, with their closing days (a compact column to scan).
struct FirstWins {
    std::vector<uint32_t> rows;
    std::vector<Day> days;
};

struct Context {
    Day as_of = kNoDay;          // Settings::as_of, else the latest event in the data (rule 14)
    Day from = kNoDay, to = kNoDay; // the period, both inclusive
    Day prev_from = kNoDay, prev_to = kNoDay; // the previous period of equal length (kNoDay for all time)
    PeriodPreset preset = PeriodPreset::last_12_months;
    Sym base_currency = 0;       // Sym of the base currency in the Dataset's pool (0 if no record names one)
    std::string base_currency_code;
    std::vector<double> rate;    // per Sym: multiply an amount in that currency by rate[sym] to get base; NaN: no rate

    bool in_period(Day d) const { return has(d) && d >= from && d <= to; }
    // Amount in base currency, or NaN when the currency has no rate (rule 4). currency 0 = base.
    double to_base(double amount, Sym currency) const {
        if (!has(amount)) return kNaN;
        if (currency == 0 || currency == base_currency) return amount;
        return currency < rate.size() ? amount * rate[currency] : kNaN;
    }
    // Deal amount in base currency, using HubSpot's amount_in_home_currency when the deal's currency differs.
    double deal_amount(const Deal& d) const {
        if (d.currency != 0 && d.currency != base_currency && has(d.amount_home)) return d.amount_home;
        return to_base(d.amount, d.currency);
    }

    // The filter, resolved to Syms once so testing a row never compares strings. A value that no record carries
    // resolves to kNoMatch (matches nothing), not to "all".
    static constexpr Sym kNoMatch = UINT32_MAX;
    Filter filter;
    double stale_factor = 2.0;                              // Settings::stale_factor, for drill-downs
    Sym owner = 0, source = 0, pipeline = 0, currency = 0; // 0 = not filtered
    int deal_type = -1;                                     // DealType as int; -1 = not filtered
    bool by_segment = false;
    std::vector<uint8_t> in_segment;                        // per account id Sym: 1 when the account is in the segment
    // account id Sym -> source of its earliest lead (0 = none); shared: copying a Context must not copy it
    std::shared_ptr<const std::vector<Sym>> first_touch;
    // account id Sym -> the account's owner and source for the owner and source filters (DataSummary); shared
    std::shared_ptr<const std::vector<Sym>> account_owner, account_source;
    // CAC's new customers over all loaded deals (DataSummary::first_wins); shared
    std::shared_ptr<const FirstWins> first_wins;
    // Dense MrrBook indices of the accounts keep_account keeps, ascending (an Engine works them out once per filter);
    // null: walk every account of the book and test each.
    std::shared_ptr<const std::vector<uint32_t>> book_accounts;

    Sym first_touch_of(Sym account_id) const {
        return first_touch && account_id && account_id < first_touch->size() ? (*first_touch)[account_id] : 0;
    }
    static Sym lookup(const std::shared_ptr<const std::vector<Sym>>& t, Sym account_id) {
        return t && account_id < t->size() ? (*t)[account_id] : 0;
    }
    // For rows that only know an account (MRR, subscriptions): the segment, and the owner and source of the account
    // (its first won deal's owner; its first touch, else that deal's source: docs/metrics-notes.md).
    bool keep_segment(Sym account_id) const {
        return !by_segment || (account_id < in_segment.size() && in_segment[account_id]);
    }
    bool keep_account(Sym account_id) const {
        if (!keep_segment(account_id)) return false;
        if (owner && lookup(account_owner, account_id) != owner) return false;
        return !source || lookup(account_source, account_id) == source;
    }
    bool filters_accounts() const { return by_segment || owner || source; }
    // The deal's own source, else its account's first lead's source (first touch); 0 = unknown.
    Sym deal_source(const Deal& d) const {
        return d.source ? d.source : first_touch_of(d.account_id);
    }
    bool keep(const Deal& d) const {
        if (owner && d.owner != owner) return false;
        if (pipeline && d.pipeline != pipeline) return false;
        if (deal_type >= 0 && static_cast<int>(d.type) != deal_type) return false;
        if (currency && (d.currency ? d.currency : base_currency) != currency) return false;
        if (source && deal_source(d) != source) return false;
        return keep_segment(d.account_id);
    }
    // Pipeline, deal type and currency describe deals only: they do not filter leads.
    bool keep(const Lead& l) const {
        if (owner && l.owner != owner) return false;
        if (source && l.source != source) return false;
        return keep_segment(l.account_id);
    }
};

Day latest_event(const Dataset& ds);                          // rule 14; kNoDay for an empty dataset
Day earliest_event(const Dataset& ds);                        // same events; the start of "all time"
Sym most_common_currency(const Dataset& ds);                  // rule 4 (case-insensitive: importers upper-case)
void resolve_period(PeriodPreset p, Day as_of, Day& from, Day& to); // presets, relative to as_of
Context make_context(const Dataset& ds, const Settings& s, const Filter& f);

// What make_context reads from every row, worked out once per Dataset (an Engine keeps it across calls).
struct DataSummary {
    Day latest = kNoDay, earliest = kNoDay;                  // rule 14 events
    Sym common_currency = 0;                                  // most_common_currency
    std::shared_ptr<const std::vector<Sym>> first_touch;     // see Context::first_touch
    std::shared_ptr<const std::vector<Sym>> account_owner, account_source; // see Context::keep_account
    std::shared_ptr<const FirstWins> first_wins;
};
DataSummary summarize(const Dataset& ds);
Context make_context(const Dataset& ds, const Settings& s, const Filter& f, const DataSummary& summary);
// Resolves f's dimensions (owner, source, pipeline, segment, deal type, currency) into ctx; not its period.
void apply_filter(const Dataset& ds, const Filter& f, Context& ctx);

} // namespace core
