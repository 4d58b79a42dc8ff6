#include "ui/format.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace ui {

namespace {
const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* kDash = "\xE2\x80\x94"; // —

std::string with_thousands(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    const char* dot = std::strchr(buf, '.');
    const size_t whole = dot ? static_cast<size_t>(dot - buf) : std::strlen(buf);
    std::string out;
    out.reserve(whole + whole / 3 + 8);
    if (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals)) out.push_back('-');
    for (size_t i = 0; i < whole; ++i) {
        if (i > 0 && (whole - i) % 3 == 0) out.push_back(',');
        out.push_back(buf[i]);
    }
    if (dot) out.append(dot);
    return out;
}

// 1234 -> 1.2k, 1.2e6 -> 1.2M; below 10k keeps the whole number.
std::string compact(double v) {
    double a = std::fabs(v);
    char buf[32];
    const char* sign = v < 0 ? "-" : "";
    if (a < 10000) return with_thousands(v, a < 10 && a != std::floor(a) ? 1 : 0);
    if (a < 1e6) std::snprintf(buf, sizeof buf, "%s%.*fk", sign, a < 1e5 ? 1 : 0, a / 1e3);
    else if (a < 1e9) std::snprintf(buf, sizeof buf, "%s%.*fM", sign, a < 1e8 ? 1 : 0, a / 1e6);
    else std::snprintf(buf, sizeof buf, "%s%.1fB", sign, a / 1e9);
    return buf;
}
} // namespace

const char* currency_symbol(std::string_view code) {
    if (code == "USD" || code == "usd" || code.empty()) return "$";
    if (code == "EUR" || code == "eur") return "\xE2\x82\xAC"; // € (drawn only if the font has it; Inter does)
    if (code == "GBP" || code == "gbp") return "\xC2\xA3";     // £
    if (code == "JPY" || code == "jpy") return "\xC2\xA5";     // ¥
    return "";
}

std::string fmt_source(std::string_view s) {
    // HubSpot's hs_analytics_source values (formats.md); GA4 and hand-written sources are already words.
    static const std::pair<const char*, const char*> k[] = {
        {"ORGANIC_SEARCH", "Organic search"}, {"PAID_SEARCH", "Paid search"}, {"EMAIL_MARKETING", "Email marketing"},
        {"SOCIAL_MEDIA", "Social media"},     {"REFERRALS", "Referrals"},     {"OTHER_CAMPAIGNS", "Other campaigns"},
        {"DIRECT_TRAFFIC", "Direct traffic"}, {"OFFLINE", "Offline sources"}, {"PAID_SOCIAL", "Paid social"}};
    for (auto [code, name] : k)
        if (s == code) return name;
    return std::string(s);
}

std::string fmt_count(double v) {
    if (std::isnan(v)) return kDash;
    return compact(v);
}

// Built by appending: GCC 12's -Wrestrict misfires on `"x" + std::string(...)` chains (a known false positive).
static std::string money(double v, std::string_view currency, const std::string& digits) {
    const char* sym = currency_symbol(currency);
    std::string s;
    if (v < 0) s += '-';
    s += sym;
    s += digits;
    if (!*sym) {
        s += ' ';
        s += currency;
    }
    return s;
}

std::string fmt_money(double v, std::string_view currency) {
    if (std::isnan(v)) return kDash;
    return money(v, currency, compact(std::fabs(v)));
}

std::string fmt_money_exact(double v, std::string_view currency) {
    if (std::isnan(v)) return kDash;
    return money(v, currency, with_thousands(std::fabs(v), 2));
}

std::string fmt_percent(double f, int decimals) {
    if (std::isnan(f)) return kDash;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f%%", decimals, f * 100.0);
    return buf;
}

std::string fmt_days(double d) {
    if (std::isnan(d)) return kDash;
    char buf[32];
    if (std::fabs(d - std::round(d)) < 0.05) std::snprintf(buf, sizeof buf, "%.0f d", std::round(d));
    else std::snprintf(buf, sizeof buf, "%.1f d", d);
    return buf;
}

std::string fmt_ratio(double v) {
    if (std::isnan(v)) return kDash;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f\xC3\x97", v); // ×
    return buf;
}

std::string fmt_month(core::Month m) {
    if (m == core::kNoMonth) return kDash;
    core::Civil c = core::civil_from_days(core::first_day(m));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %d", kMonths[c.m - 1], c.y);
    return buf;
}

std::string fmt_month_key(std::string_view k) {
    if (k.size() < 7) return std::string(k);
    int y = std::atoi(std::string(k.substr(0, 4)).c_str());
    int m = std::atoi(std::string(k.substr(5, 2)).c_str());
    if (m < 1 || m > 12) return std::string(k);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %d", kMonths[m - 1], y);
    return buf;
}

std::string fmt_day(core::Day d) {
    if (!core::has(d)) return kDash;
    core::Civil c = core::civil_from_days(d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u %s %d", c.d, kMonths[c.m - 1], c.y);
    return buf;
}

std::string fmt_bytes(double b) {
    char buf[32];
    if (b < 1024) std::snprintf(buf, sizeof buf, "%.0f B", b);
    else if (b < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", b / 1024);
    else if (b < 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", b / (1024 * 1024));
    else std::snprintf(buf, sizeof buf, "%.2f GB", b / (1024.0 * 1024 * 1024));
    return buf;
}

std::string fmt_delta_percent(double now, double before) {
    if (std::isnan(now) || std::isnan(before) || before == 0) return "";
    double d = (now - before) / std::fabs(before) * 100.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.1f%%", d >= 0 ? "+" : "\xE2\x88\x92", std::fabs(d)); // − minus sign
    return buf;
}

} // namespace ui
