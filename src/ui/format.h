// Numbers and dates for humans: 1.2M, $34.5k, 34.5%, 18 d, "Mar 2025"; "—" for a null (NaN) value.
#pragma once
#include "core/dates.h"

#include <string>
#include <string_view>

namespace ui {

std::string fmt_count(double v);                              // 1234 -> "1,234"; 1.2e6 -> "1.2M"
std::string fmt_money(double v, std::string_view currency);   // "$1.2M", "€34.5k", "1.2M SEK"
std::string fmt_money_exact(double v, std::string_view currency); // "$1,234.56"
std::string fmt_percent(double fraction, int decimals = 1);   // 0.345 -> "34.5%"
std::string fmt_days(double days);                            // 18 -> "18 d"; 1.5 -> "1.5 d"
std::string fmt_ratio(double v);                              // 3.2 -> "3.2×"
std::string fmt_month(core::Month m);                         // "Mar 2025"
std::string fmt_month_key(std::string_view yyyy_mm);          // "2025-03" -> "Mar 2025"
std::string fmt_day(core::Day d);                             // "7 Mar 2025"
std::string fmt_bytes(double bytes);                          // "12.3 MB"
std::string fmt_delta_percent(double now, double before);     // "+12.0%" / "−3.4%" / ""
const char* currency_symbol(std::string_view code);           // "$" for USD, "" when unknown
std::string fmt_source(std::string_view source);              // ORGANIC_SEARCH -> "Organic search"; others as they are

} // namespace ui
