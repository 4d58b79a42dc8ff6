// Settings and Filter: the two inputs besides the Dataset that a Report depends on (docs/metrics.md).
// Both round-trip through JSON (CLI --settings, the page's setSettings/setFilter, the URL's #).
#pragma once
#include "core/dates.h"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <string>

namespace core {

enum class WinRateBasis { count, value };
enum class ChurnDating { ended_at, canceled_at };

struct Settings {
    WinRateBasis win_rate_basis = WinRateBasis::count;
    ChurnDating churn_dating = ChurnDating::ended_at;
    std::string base_currency;                 // "" = the most common currency in the data (rule 4)
    std::map<std::string, double> rates;       // 1 unit of key currency = value units of the base currency
    double gross_margin = 1.0;
    bool nrr_count_reactivation = true;
    Day as_of = kNoDay;                        // kNoDay = the latest event in the data (rule 14)
    double stale_factor = 2.0;                 // stale: no stage change for more than factor x median days in stage
    int bottleneck_min_records = 20;
};

// Period presets of docs/metrics.md. `custom` uses from/to.
enum class PeriodPreset { last_12_months, last_30_days, last_90_days, this_quarter, last_quarter, year_to_date,
                          all_time, custom };

struct Filter {
    PeriodPreset preset = PeriodPreset::last_12_months;
    Day from = kNoDay;                         // inclusive (custom)
    Day to = kNoDay;                           // inclusive (custom)
    std::string pipeline, owner, source, segment, deal_type, currency; // "" = all
};

// JSON: {"win_rate_basis":"count","churn_dating":"ended_at","base_currency":"USD","rates":{"EUR":1.08},
//        "gross_margin":0.8,"nrr_count_reactivation":true,"as_of":"2025-06-30"}
// Unknown keys and wrong types are errors ("settings.gross_margin: expected a number in [0, 1]").
bool settings_from_json(const nlohmann::json& j, Settings& out, std::string& error);
nlohmann::json to_json(const Settings& s);
// {"period":"last_12_months"|"last_30_days"|...|"custom","from":"YYYY-MM-DD","to":"YYYY-MM-DD","owner":"..",...}
bool filter_from_json(const nlohmann::json& j, Filter& out, std::string& error);
nlohmann::json to_json(const Filter& f);
const char* preset_name(PeriodPreset p);

} // namespace core
