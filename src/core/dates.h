// Calendar dates for the engine: UTC days since 1970-01-01, parsed from every date format docs/formats.md lists.
// Day precision is all the metrics need (docs/metrics.md, Conventions); a timestamp belongs to its UTC calendar date.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using Day = int32_t;                         // days since 1970-01-01 (UTC)
inline constexpr Day kNoDay = INT32_MIN;     // "no date"
inline bool has(Day d) { return d != kNoDay; }

struct Civil { int y; unsigned m; unsigned d; };

// Howard Hinnant's civil-calendar algorithms (public domain description, written out here). Inline: month_of and
// first_day run for every kept row of a monthly series, and a call each was a tenth of a filter change.
constexpr Day days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}
inline Civil civil_from_days(Day z0) {
    const int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

// Month index: y*12 + (m-1). Monthly series use it as a key.
using Month = int32_t;
inline constexpr Month kNoMonth = INT32_MIN;
// Each month's first day, 1970-01 .. 2150-01, made at compile time: month_of's table.
inline constexpr auto kMonthStarts = [] {
    std::array<Day, 180 * 12 + 1> v{};
    for (int m = 0; m <= 180 * 12; ++m) v[size_t(m)] = days_from_civil(1970 + m / 12, unsigned(m % 12) + 1, 1);
    return v;
}();
inline Month month_of(Day d) {
    if (d >= 0 && d < kMonthStarts.back()) { // the table, searched from a guess (the mean month: off by one at most)
        size_t m = static_cast<size_t>(int64_t(d) * 4800 / 146097);
        while (m > 0 && kMonthStarts[m] > d) --m;
        while (kMonthStarts[m + 1] <= d) ++m;
        return 1970 * 12 + static_cast<Month>(m);
    }
    if (!has(d)) return kNoMonth;
    const Civil c = civil_from_days(d);
    return c.y * 12 + static_cast<int>(c.m) - 1;
}
inline Day first_day(Month m) {
    if (m == kNoMonth) return kNoDay;
    const int y = m >= 0 ? m / 12 : (m - 11) / 12;
    return days_from_civil(y, static_cast<unsigned>(m - y * 12) + 1, 1);
}
inline Day last_day(Month m) { return m == kNoMonth ? kNoDay : first_day(m + 1) - 1; }
std::string month_label(Month m);            // "2025-03"
std::string day_label(Day d);                // "2025-03-07"
Day add_months(Day d, int months);           // same day-of-month, clamped to the month's end (Feb 29 -> Feb 28)

// Parses, to the UTC calendar date:
//   "2024-02-01", "2024-02-01T03:00:00Z", "...00.000Z", "...+03:00", "...+0000", "2024-02-01 10:00:00" (UTC),
//   "2026-06-19T09:22:10.931820" (no zone: UTC), "20240131" (GA4), epoch milliseconds as a digit string of 12+ digits.
// Returns nullopt for anything else (including "" and impossible dates such as 2023-02-29).
std::optional<Day> parse_date(std::string_view s);
// Epoch seconds / milliseconds to a UTC day.
Day day_from_epoch_seconds(int64_t s);
Day day_from_epoch_millis(int64_t ms);

} // namespace core
