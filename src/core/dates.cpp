#include "core/dates.h"

#include <cstdio>

namespace core {

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static unsigned days_in_month(int y, unsigned m) {
    static const unsigned k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : k[m - 1];
}

std::string month_label(Month m) {
    Civil c = civil_from_days(first_day(m));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u", c.y, c.m);
    return buf;
}
std::string day_label(Day d) {
    if (!has(d)) return "";
    Civil c = civil_from_days(d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
    return buf;
}
Day add_months(Day d, int months) {
    Civil c = civil_from_days(d);
    int mi = c.y * 12 + static_cast<int>(c.m) - 1 + months;
    int y = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    unsigned m = static_cast<unsigned>(mi - y * 12) + 1;
    unsigned dd = c.d > days_in_month(y, m) ? days_in_month(y, m) : c.d;
    return days_from_civil(y, m, dd);
}

Day day_from_epoch_seconds(int64_t s) {
    int64_t d = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    return static_cast<Day>(d);
}
Day day_from_epoch_millis(int64_t ms) {
    int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    return day_from_epoch_seconds(s);
}

namespace {
struct Cursor {
    std::string_view s;
    size_t i = 0;
    bool digits(int n, int& out) {
        if (i + static_cast<size_t>(n) > s.size()) return false;
        int v = 0;
        for (int k = 0; k < n; ++k) {
            char c = s[i + static_cast<size_t>(k)];
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        out = v;
        i += static_cast<size_t>(n);
        return true;
    }
    bool eat(char c) {
        if (i < s.size() && s[i] == c) { ++i; return true; }
        return false;
    }
    bool done() const { return i == s.size(); }
};
} // namespace

std::optional<Day> parse_date(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    bool all_digits = true; // (stops at the first other byte: an ISO date's fifth)
    for (char c : s)
        if (c < '0' || c > '9') { all_digits = false; break; }
    if (all_digits) {
        if (s.size() == 8) { // GA4 YYYYMMDD
            int y = 0, m = 0, d = 0;
            Cursor c{s};
            c.digits(4, y); c.digits(2, m); c.digits(2, d);
            if (m < 1 || m > 12 || d < 1 || d > static_cast<int>(days_in_month(y, static_cast<unsigned>(m))))
                return std::nullopt;
            return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        }
        if (s.size() >= 12 && s.size() <= 15) { // epoch milliseconds
            int64_t v = 0;
            for (char ch : s) v = v * 10 + (ch - '0');
            return day_from_epoch_millis(v);
        }
        if (s.size() >= 9 && s.size() <= 11) { // epoch seconds
            int64_t v = 0;
            for (char ch : s) v = v * 10 + (ch - '0');
            return day_from_epoch_seconds(v);
        }
        return std::nullopt;
    }
    Cursor c{s};
    int y = 0, mo = 0, d = 0;
    if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(days_in_month(y, static_cast<unsigned>(mo))))
        return std::nullopt;
    Day day = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    if (c.done()) return day;
    if (!c.eat('T') && !c.eat(' ')) return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!c.digits(2, hh) || !c.eat(':') || !c.digits(2, mm)) return std::nullopt;
    if (c.eat(':') && !c.digits(2, ss)) return std::nullopt;
    if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    if (c.eat('.') || c.eat(',')) {
        size_t start = c.i;
        while (c.i < s.size() && s[c.i] >= '0' && s[c.i] <= '9') ++c.i;
        if (c.i == start) return std::nullopt;
    }
    int offset_min = 0;
    if (c.eat('Z') || c.eat('z')) {
    } else if (c.i < s.size() && (s[c.i] == '+' || s[c.i] == '-')) {
        int sign = s[c.i] == '-' ? -1 : 1;
        ++c.i;
        int oh = 0, om = 0;
        if (!c.digits(2, oh)) return std::nullopt;
        c.eat(':');
        if (!c.done() && !c.digits(2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_min = sign * (oh * 60 + om);
    } else if (c.i < s.size() && s[c.i] == ' ') {
        ++c.i; // "2024-01-01 10:00:00 UTC"
        if (s.substr(c.i) != "UTC" && s.substr(c.i) != "GMT") return std::nullopt;
        c.i = s.size();
    }
    if (!c.done()) return std::nullopt;
    int64_t secs = static_cast<int64_t>(day) * 86400 + hh * 3600 + mm * 60 + ss - offset_min * 60;
    return day_from_epoch_seconds(secs);
}

} // namespace core
