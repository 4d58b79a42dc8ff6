// The demo company: a deterministic, realistic SaaS business (three years of leads, deals, accounts, subscriptions,
// spend, traffic, tech stack and targets) for "Load sample data", `revlens generate`, tests and benchmarks.
// Same options -> same Dataset, byte for byte once written; nothing reads the clock.
#pragma once
#include "core/model.h"

#include <cstdint>
#include <string>

namespace sample {

struct GenerateOptions {
    uint64_t seed = 1;
    uint32_t deals = 2000;                               // exactly this many deals (new + expansion + renewal)
    core::Day end = core::days_from_civil(2026, 10, 31); // last day of history; fixed so output never depends on today
    std::string currency = "USD";                        // base currency; a few accounts are billed in EUR
    double eur_rate = 1.08;                              // 1 EUR in the base currency (goes to settings.json)
    // The month whose MQLs wait twice as long for sales (median MQL->SQL days doubles). kNoMonth = the default: the
    // 3rd-last full month before `end` (see planted_bottleneck_month).
    core::Month bottleneck_month = core::kNoMonth;
};

// Median days from MQL to SQL outside the planted month (the generator's lognormal median).
inline constexpr double kBaselineMqlToSqlDays = 5.0;

// The month actually planted for these options: the explicit one, else the 3rd-last full month before `end`
// (a month is full when `end` is on or after its last day).
core::Month planted_bottleneck_month(const GenerateOptions &o);

// The whole company as one Dataset with one FileInfo ("sample", format "canonical").
core::Dataset generate_company(const GenerateOptions &o);

// Settings that go with the data: {"base_currency":"USD","rates":{"EUR":1.08}} as JSON text.
std::string generated_settings_json(const GenerateOptions &o);

} // namespace sample
