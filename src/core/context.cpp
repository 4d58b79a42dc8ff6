// The resolved inputs of one compute(): as_of (rule 14), the period and the previous one, the base currency and its
// rates (rule 4), and the filter as Syms.
#include "core/context.h"

#include <algorithm>
#include <utility>

namespace core {

namespace {

// The earliest and latest day of rule 14's events: things that happened, not plans (expected close, trial end,
// scheduled cancellation and billing period ends are left out). Without a branch on a missing day, in loops over
// millions of dates: kNoDay (INT32_MIN) is never the latest, and counts as INT32_MAX for the earliest.
struct EventRange {
    Day earliest = INT32_MAX, latest = kNoDay;
    void add(Day d) {
        latest = std::max(latest, d);
        earliest = std::min(earliest, d == kNoDay ? Day(INT32_MAX) : d);
    }
    void add(const Deal& d) { // its creation, and its close once it closed
        add(d.created_at);
        if (d.state != DealState::open) add(d.closed_at);
    }
    Day first() const { return earliest == INT32_MAX ? kNoDay : earliest; }
};
static_assert(kNoDay == INT32_MIN);

// Every event's day into `r`; the deals' too unless `deals` is false (summarize walks them once for everything it
// reads of them).
void add_events(const Dataset& ds, EventRange& r, bool deals = true) {
    for (const Lead& l : ds.leads) {
        r.add(l.created_at);
        for (Day d : l.stage_at) r.add(d);
        r.add(l.disqualified_at);
    }
    if (deals)
        for (const Deal& d : ds.deals) r.add(d);
    for (const StageEntry& e : ds.stage_history) {
        r.add(e.entered_at);
        r.add(e.exited_at);
    }
    for (const Account& a : ds.accounts) {
        r.add(a.created_at);
        r.add(a.customer_since);
    }
    for (const Subscription& s : ds.subscriptions) {
        r.add(s.started_at);
        r.add(s.canceled_at);
        r.add(s.ended_at);
    }
}

Day quarter_start(Day d) {
    Month m = month_of(d);
    return first_day(m - ((m % 12) + 12) % 3);
}

Sym resolve(const Dataset& ds, const std::string& value) {
    if (value.empty()) return 0;
    Sym s = ds.strings.find(value);
    return s ? s : Context::kNoMatch;
}

} // namespace

Day latest_event(const Dataset& ds) {
    EventRange r;
    add_events(ds, r);
    return r.latest;
}

Day earliest_event(const Dataset& ds) {
    EventRange r;
    add_events(ds, r);
    return r.first();
}

namespace {
// Rule 4's votes: each priced deal and subscription for its currency (per currency Sym: a million deals, a few codes).
struct CurrencyVotes {
    std::vector<uint64_t> votes;
    void add(Sym c) {
        if (c >= votes.size()) votes.resize(static_cast<size_t>(c) + 1, 0);
        ++votes[c];
    }
    void add(const Deal& d) {
        if (d.currency && has(d.amount)) add(d.currency);
    }
    void add_subscriptions(const Dataset& ds) {
        for (const Subscription& s : ds.subscriptions)
            if (s.currency && has(s.mrr)) add(s.currency);
    }
    Sym best(const Dataset& ds) const {
        Sym best = 0;
        uint64_t most = 0;
        for (Sym sym = 1; sym < votes.size(); ++sym) { // ties go to the alphabetically first code: order-independent
            const uint64_t n = votes[sym];
            if (n && (n > most || (n == most && ds.str(sym) < ds.str(best)))) {
                best = sym;
                most = n;
            }
        }
        return best;
    }
};
} // namespace

Sym most_common_currency(const Dataset& ds) {
    CurrencyVotes votes;
    for (const Deal& d : ds.deals) votes.add(d);
    votes.add_subscriptions(ds);
    return votes.best(ds);
}

void resolve_period(PeriodPreset p, Day as_of, Day& from, Day& to) {
    if (!has(as_of)) {
        if (p != PeriodPreset::custom) from = to = kNoDay;
        return;
    }
    // Periods end at as_of: nothing after it has happened yet (see docs/metrics-notes.md).
    switch (p) {
    case PeriodPreset::last_12_months:
        from = first_day(month_of(as_of) - 11);
        to = as_of;
        break;
    case PeriodPreset::last_30_days:
        from = as_of - 29;
        to = as_of;
        break;
    case PeriodPreset::last_90_days:
        from = as_of - 89;
        to = as_of;
        break;
    case PeriodPreset::this_quarter:
        from = quarter_start(as_of);
        to = as_of;
        break;
    case PeriodPreset::last_quarter:
        to = quarter_start(as_of) - 1;
        from = quarter_start(to);
        break;
    case PeriodPreset::year_to_date:
        from = days_from_civil(civil_from_days(as_of).y, 1, 1);
        to = as_of;
        break;
    case PeriodPreset::all_time:
        from = kNoDay; // make_context puts the earliest event here
        to = as_of;
        break;
    case PeriodPreset::custom:
        if (!has(to)) to = as_of;
        break;
    }
}

void apply_filter(const Dataset& ds, const Filter& f, Context& c) {
    c.filter = f;
    c.deal_type = -1;
    c.by_segment = false;
    c.in_segment.clear();
    c.owner = resolve(ds, f.owner);
    c.source = resolve(ds, f.source);
    c.pipeline = resolve(ds, f.pipeline);
    c.currency = resolve(ds, f.currency);
    if (f.deal_type == "new") c.deal_type = static_cast<int>(DealType::new_business);
    else if (f.deal_type == "expansion") c.deal_type = static_cast<int>(DealType::expansion);
    else if (f.deal_type == "renewal") c.deal_type = static_cast<int>(DealType::renewal);
    else if (f.deal_type == "unknown") c.deal_type = static_cast<int>(DealType::unknown);
    if (!f.segment.empty()) {
        c.by_segment = true;
        Sym seg = ds.strings.find(f.segment);
        for (const Account& a : ds.accounts) {
            if (!seg || a.segment != seg || !a.id) continue;
            if (a.id >= c.in_segment.size()) c.in_segment.resize(static_cast<size_t>(a.id) + 1, 0);
            c.in_segment[a.id] = 1;
            if (a.crm_account) { // a billing customer matched to a CRM account carries the segment both ways
                if (a.crm_account >= c.in_segment.size()) c.in_segment.resize(static_cast<size_t>(a.crm_account) + 1);
                c.in_segment[a.crm_account] = 1;
            }
        }
    }
}

DataSummary summarize(const Dataset& ds) {
    DataSummary sum;
    EventRange events;
    add_events(ds, events, false); // the deals' events below, in the one walk over them
    CurrencyVotes votes;
    votes.add_subscriptions(ds);
    // First touch: the source of each account's earliest lead (by lead date, else created date). Dense tables per
    // account Sym, not hash maps: a million leads.
    auto touch = std::make_shared<std::vector<Sym>>();
    std::vector<Day> first_day_of;
    for (const Lead& l : ds.leads) {
        if (!l.account_id || !l.source) continue;
        Day d = has(l.created_at) ? l.created_at : l.stage_at[kLead];
        if (!has(d)) d = INT32_MAX;
        if (l.account_id >= touch->size()) {
            touch->resize(static_cast<size_t>(l.account_id) + 1, 0);
            first_day_of.resize(static_cast<size_t>(l.account_id) + 1, kNoDay);
        }
        Sym& src = (*touch)[l.account_id];
        Day& best = first_day_of[l.account_id];
        if (!src || d < best) {
            best = d;
            src = l.source;
        }
    }
    // The owner and source of an account, for the owner and source filters on account-level metrics (MRR): its first
    // won deal's owner (who won the customer), and its first touch, else that deal's own source, as CAC credits it.
    // A billing customer matched to a CRM account takes the CRM account's. The first win's day, owner and source are
    // kept beside its row as it is found: a million deals are read once, never again by row.
    auto owner = std::make_shared<std::vector<Sym>>(touch->size(), 0);
    auto source = std::make_shared<std::vector<Sym>>(*touch);
    struct Win { Sym account; uint32_t row; Day day; Sym owner, source; };
    SymSlots account_slot;
    std::vector<Win> first_win;                       // per account slot
    std::vector<std::pair<uint32_t, Day>> new_wins;   // (row, day): the accounts' first wins and account-less ones
    for (uint32_t i = 0; i < ds.deals.size(); ++i) {
        const Deal& d = ds.deals[i];
        events.add(d);
        votes.add(d);
        if (d.state != DealState::won || !has(d.closed_at)) continue;
        if (!d.account_id) {
            if (d.type == DealType::new_business || d.type == DealType::unknown) new_wins.emplace_back(i, d.closed_at);
            continue;
        }
        const uint32_t slot = account_slot.add(d.account_id);
        if (slot == first_win.size()) first_win.push_back({d.account_id, i, d.closed_at, d.owner, d.source});
        else if (d.closed_at < first_win[slot].day) first_win[slot] = {d.account_id, i, d.closed_at, d.owner, d.source};
    }
    sum.latest = events.latest;
    sum.earliest = events.first();
    sum.common_currency = votes.best(ds);
    Sym top = 0;
    for (const Win& f : first_win) top = std::max(top, f.account);
    const size_t accounts = std::max(first_win.empty() ? 0 : size_t(top) + 1, touch->size());
    owner->resize(accounts, 0);
    source->resize(accounts, 0);
    for (const Win& f : first_win) {
        new_wins.emplace_back(f.row, f.day);
        (*owner)[f.account] = f.owner;
        if (!(*source)[f.account]) (*source)[f.account] = f.source;
    }
    std::sort(new_wins.begin(), new_wins.end());
    auto wins = std::make_shared<FirstWins>();
    wins->rows.reserve(new_wins.size());
    wins->days.reserve(new_wins.size());
    for (const auto& [row, day] : new_wins) {
        wins->rows.push_back(row);
        wins->days.push_back(day);
    }
    sum.first_wins = std::move(wins);
    for (const Account& a : ds.accounts) {
        if (!a.id || !a.crm_account || a.crm_account >= accounts) continue;
        if (a.id >= owner->size()) {
            owner->resize(static_cast<size_t>(a.id) + 1, 0);
            source->resize(static_cast<size_t>(a.id) + 1, 0);
        }
        if (!(*owner)[a.id]) (*owner)[a.id] = (*owner)[a.crm_account];
        if (!(*source)[a.id]) (*source)[a.id] = (*source)[a.crm_account];
    }
    sum.account_owner = std::move(owner);
    sum.account_source = std::move(source);
    sum.first_touch = std::move(touch);
    return sum;
}

Context make_context(const Dataset& ds, const Settings& s, const Filter& f) {
    return make_context(ds, s, f, summarize(ds));
}

Context make_context(const Dataset& ds, const Settings& s, const Filter& f, const DataSummary& sum) {
    Context c;
    c.filter = f;
    c.preset = f.preset;
    c.as_of = has(s.as_of) ? s.as_of : sum.latest;
    c.from = f.from;
    c.to = f.to;
    resolve_period(f.preset, c.as_of, c.from, c.to);
    if (!has(c.from) && has(c.to)) c.from = std::min(c.to, has(sum.earliest) ? sum.earliest : c.to);
    if (has(c.from) && has(c.to) && c.from > c.to) std::swap(c.from, c.to);

    // Previous period of equal length: whole months for the month-based presets (so "last 12 months" compares with
    // the 12 months before, and "this quarter" with the same days of the previous quarter), else days.
    int months = 0;
    switch (f.preset) {
    case PeriodPreset::last_12_months: case PeriodPreset::year_to_date: months = 12; break;
    case PeriodPreset::this_quarter: case PeriodPreset::last_quarter: months = 3; break;
    default: break;
    }
    if (has(c.from) && has(c.to) && f.preset != PeriodPreset::all_time) {
        if (months) {
            c.prev_from = add_months(c.from, -months);
            // a period ending on a month's last day compares with one ending on a month's last day (Jun 30 -> Mar 31)
            const bool month_end = c.to == last_day(month_of(c.to));
            c.prev_to = month_end ? last_day(month_of(c.to) - months) : add_months(c.to, -months);
            c.prev_to = std::min(c.prev_to, c.from - 1);
        } else {
            c.prev_to = c.from - 1;
            c.prev_from = c.prev_to - (c.to - c.from);
        }
    }

    // Base currency and rates (rule 4)
    if (!s.base_currency.empty()) {
        c.base_currency_code = s.base_currency;
        c.base_currency = ds.strings.find(s.base_currency);
    } else {
        c.base_currency = sum.common_currency;
        c.base_currency_code = std::string(ds.str(c.base_currency));
    }
    Sym top = c.base_currency;
    for (auto& [code, value] : s.rates) top = std::max(top, ds.strings.find(code));
    c.rate.assign(static_cast<size_t>(top) + 1, kNaN);
    for (auto& [code, value] : s.rates)
        if (Sym sym = ds.strings.find(code)) c.rate[sym] = value;
    if (c.base_currency) c.rate[c.base_currency] = 1.0;

    c.stale_factor = s.stale_factor;
    apply_filter(ds, f, c);

    c.first_touch = sum.first_touch;
    c.account_owner = sum.account_owner;
    c.account_source = sum.account_source;
    c.first_wins = sum.first_wins;
    return c;
}

} // namespace core
