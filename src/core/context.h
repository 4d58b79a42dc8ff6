// What every metric needs besides the rows: the resolved as_of, period, base currency and conversion.
// Built once per compute() from Dataset + Settings + Filter.
#pragma once
#include "core/model.h"
#include "core/settings.h"

#include <vector>

namespace core {

struct Context {
    Day as_of = kNoDay;          // Settings::as_of, else the latest event in the data (rule 14)
    Day from = kNoDay, to = kNoDay; // the period, both inclusive
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
};

Day latest_event(const Dataset& ds);                          // rule 14; kNoDay for an empty dataset
Sym most_common_currency(const Dataset& ds);                  // rule 4 (case-insensitive: importers upper-case)
void resolve_period(PeriodPreset p, Day as_of, Day& from, Day& to); // presets, relative to as_of
Context make_context(const Dataset& ds, const Settings& s, const Filter& f);

} // namespace core
