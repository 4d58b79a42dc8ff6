// Calendar dates for the engine: UTC days since 1970-01-01, parsed from every date format docs/formats.md lists.
// Day precision is all the metrics need (docs/metrics.md, Conventions); a timestamp belongs to its UTC calendar date.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using Day = int32_t;                         // days since 1970-01-01 (UTC)
inline constexpr Day kNoDay = INT32_MIN;     // "no date"
inline bool has(Day d) { return d != kNoDay; }

struct Civil { int y; unsigned m; unsigned d; };

Day days_from_civil(int y, unsigned m, unsigned d);
Civil civil_from_days(Day z);

// Month index: y*12 + (m-1). Monthly series use it as a key.
using Month = int32_t;
inline constexpr Month kNoMonth = INT32_MIN;
Month month_of(Day d);
Day first_day(Month m);
Day last_day(Month m);
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
