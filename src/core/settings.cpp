// Settings and Filter <-> JSON. Every error names the key and what was expected, so a typo in a --settings file or a
// hand-edited URL says exactly what to fix; unknown keys are errors for the same reason.
#include "core/settings.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace core {

namespace {

using json = nlohmann::json;

const PeriodPreset kPresets[] = {PeriodPreset::last_12_months, PeriodPreset::last_30_days, PeriodPreset::last_90_days,
                                 PeriodPreset::this_quarter,   PeriodPreset::last_quarter, PeriodPreset::year_to_date,
                                 PeriodPreset::all_time,       PeriodPreset::custom};

bool fail(std::string& error, const std::string& where, const char* expected) {
    error = where + ": " + expected;
    return false;
}

bool read_day(const json& v, const std::string& where, Day& out, std::string& error) {
    if (v.is_null()) {
        out = kNoDay;
        return true;
    }
    if (!v.is_string()) return fail(error, where, "expected a date \"YYYY-MM-DD\"");
    auto d = parse_date(v.get_ref<const std::string&>());
    if (!d) return fail(error, where, "expected a date \"YYYY-MM-DD\"");
    out = *d;
    return true;
}

bool read_string(const json& v, const std::string& where, std::string& out, std::string& error) {
    if (v.is_null()) {
        out.clear();
        return true;
    }
    if (!v.is_string()) return fail(error, where, "expected a string");
    out = v.get<std::string>();
    return true;
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

} // namespace

const char* preset_name(PeriodPreset p) {
    switch (p) {
    case PeriodPreset::last_12_months: return "last_12_months";
    case PeriodPreset::last_30_days: return "last_30_days";
    case PeriodPreset::last_90_days: return "last_90_days";
    case PeriodPreset::this_quarter: return "this_quarter";
    case PeriodPreset::last_quarter: return "last_quarter";
    case PeriodPreset::year_to_date: return "year_to_date";
    case PeriodPreset::all_time: return "all_time";
    case PeriodPreset::custom: return "custom";
    }
    return "custom";
}

bool settings_from_json(const nlohmann::json& j, Settings& out, std::string& error) {
    if (!j.is_object()) return fail(error, "settings", "expected an object");
    Settings s = out;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        const std::string where = "settings." + key;
        if (key == "win_rate_basis") {
            if (v == "count") s.win_rate_basis = WinRateBasis::count;
            else if (v == "value") s.win_rate_basis = WinRateBasis::value;
            else return fail(error, where, "expected \"count\" or \"value\"");
        } else if (key == "churn_dating") {
            if (v == "ended_at") s.churn_dating = ChurnDating::ended_at;
            else if (v == "canceled_at") s.churn_dating = ChurnDating::canceled_at;
            else return fail(error, where, "expected \"ended_at\" or \"canceled_at\"");
        } else if (key == "base_currency") {
            if (!read_string(v, where, s.base_currency, error)) return false;
            s.base_currency = upper(s.base_currency);
        } else if (key == "rates") {
            if (!v.is_object()) return fail(error, where, "expected an object of currency -> rate, e.g. {\"EUR\": 1.08}");
            s.rates.clear();
            for (auto r = v.begin(); r != v.end(); ++r) {
                if (!r.value().is_number() || !(r.value().get<double>() > 0) || !std::isfinite(r.value().get<double>()))
                    return fail(error, where + "." + r.key(), "expected a positive number");
                s.rates[upper(r.key())] = r.value().get<double>();
            }
        } else if (key == "gross_margin") {
            if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 1))
                return fail(error, where, "expected a number in [0, 1]");
            s.gross_margin = v.get<double>();
        } else if (key == "nrr_count_reactivation") {
            if (!v.is_boolean()) return fail(error, where, "expected true or false");
            s.nrr_count_reactivation = v.get<bool>();
        } else if (key == "as_of") {
            if (!read_day(v, where, s.as_of, error)) return false;
        } else if (key == "stale_factor") {
            if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
                return fail(error, where, "expected a positive number");
            s.stale_factor = v.get<double>();
        } else if (key == "bottleneck_min_records") {
            if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 1000000000)
                return fail(error, where, "expected a whole number >= 1");
            s.bottleneck_min_records = static_cast<int>(v.get<int64_t>());
        } else {
            return fail(error, where,
                        "unknown setting (known: win_rate_basis, churn_dating, base_currency, rates, gross_margin, "
                        "nrr_count_reactivation, as_of, stale_factor, bottleneck_min_records)");
        }
    }
    out = std::move(s);
    return true;
}

nlohmann::json to_json(const Settings& s) {
    json j;
    j["win_rate_basis"] = s.win_rate_basis == WinRateBasis::value ? "value" : "count";
    j["churn_dating"] = s.churn_dating == ChurnDating::canceled_at ? "canceled_at" : "ended_at";
    j["base_currency"] = s.base_currency;
    j["rates"] = json::object();
    for (auto& [k, v] : s.rates) j["rates"][k] = v;
    j["gross_margin"] = s.gross_margin;
    j["nrr_count_reactivation"] = s.nrr_count_reactivation;
    j["as_of"] = has(s.as_of) ? json(day_label(s.as_of)) : json(nullptr);
    j["stale_factor"] = s.stale_factor;
    j["bottleneck_min_records"] = s.bottleneck_min_records;
    return j;
}

bool filter_from_json(const nlohmann::json& j, Filter& out, std::string& error) {
    if (!j.is_object()) return fail(error, "filter", "expected an object");
    Filter f = out;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        const std::string where = "filter." + key;
        if (key == "period") {
            bool found = false;
            for (PeriodPreset p : kPresets)
                if (v.is_string() && v.get_ref<const std::string&>() == preset_name(p)) {
                    f.preset = p;
                    found = true;
                }
            if (!found)
                return fail(error, where,
                            "expected one of last_12_months, last_30_days, last_90_days, this_quarter, last_quarter, "
                            "year_to_date, all_time, custom");
        } else if (key == "from") {
            if (!read_day(v, where, f.from, error)) return false;
        } else if (key == "to") {
            if (!read_day(v, where, f.to, error)) return false;
        } else if (key == "pipeline") {
            if (!read_string(v, where, f.pipeline, error)) return false;
        } else if (key == "owner") {
            if (!read_string(v, where, f.owner, error)) return false;
        } else if (key == "source") {
            if (!read_string(v, where, f.source, error)) return false;
        } else if (key == "segment") {
            if (!read_string(v, where, f.segment, error)) return false;
        } else if (key == "deal_type") {
            if (!read_string(v, where, f.deal_type, error)) return false;
            if (!f.deal_type.empty() && f.deal_type != "new" && f.deal_type != "expansion" &&
                f.deal_type != "renewal" && f.deal_type != "unknown")
                return fail(error, where, "expected \"new\", \"expansion\", \"renewal\" or \"unknown\"");
        } else if (key == "currency") {
            if (!read_string(v, where, f.currency, error)) return false;
            f.currency = upper(f.currency);
        } else {
            return fail(error, where,
                        "unknown filter (known: period, from, to, pipeline, owner, source, segment, deal_type, "
                        "currency)");
        }
    }
    // from/to given without a period mean a custom period; a custom period needs no both ends (see metrics-notes)
    if ((j.contains("from") || j.contains("to")) && !j.contains("period")) f.preset = PeriodPreset::custom;
    if (has(f.from) && has(f.to) && f.from > f.to) return fail(error, "filter.from", "expected a date before filter.to");
    out = std::move(f);
    return true;
}

nlohmann::json to_json(const Filter& f) {
    json j;
    j["period"] = preset_name(f.preset);
    j["from"] = has(f.from) ? json(day_label(f.from)) : json(nullptr);
    j["to"] = has(f.to) ? json(day_label(f.to)) : json(nullptr);
    j["pipeline"] = f.pipeline;
    j["owner"] = f.owner;
    j["source"] = f.source;
    j["segment"] = f.segment;
    j["deal_type"] = f.deal_type;
    j["currency"] = f.currency;
    return j;
}

} // namespace core
