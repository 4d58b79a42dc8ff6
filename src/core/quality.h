// Data quality (docs/metrics.md "Data quality", Precise rule 13): what each loaded file held, what was left out and
// why, and the warnings that do not stop a record from being used.
#pragma once
#include "core/context.h"
#include "core/model.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace core {

struct QualityCounts {
    uint64_t dates_out_of_order = 0;    // records with a later date before an earlier one (by calendar day)
    uint64_t unconverted_currencies = 0; // records whose amount is in a currency without a rate
    uint64_t missing_amounts = 0;       // deals, subscriptions and spend rows without an amount
    uint64_t unknown_stages = 0;        // as the importers counted them
    uint64_t duplicate_ids = 0;         // rows that replaced an earlier row with the same id
    uint64_t records_skipped = 0;
    uint64_t missing_close_dates = 0;   // won or lost deals without closed_at
};

struct QualityFile {
    uint16_t index = 0;                 // into Dataset::files
    std::string name, format;
    uint64_t records_read = 0, records_used = 0;
    std::vector<SkipReason> skipped;
    QualityCounts counts;
};

// Billing customers (Stripe) matched to CRM accounts by the importers (domain, then email domain, then name).
struct CustomerMatching {
    uint64_t billing_accounts = 0, matched = 0;
    double match_rate = kNaN;           // matched / billing_accounts; null without billing customers
    std::vector<std::string> unmatched_ids; // the first 20
};

struct QualityReport {
    QualityCounts totals;               // over the files still loaded
    std::vector<QualityFile> files;     // removed files are left out
    CustomerMatching customer_matching;
};

// `deal_counts`: the deals' counts per file, as prepare_facts counted them in its walk over the deals
// (Prepared::deal_quality); without them the deals are counted here.
QualityReport compute_quality(const Dataset& ds, const Context& ctx,
                              const std::vector<QualityCounts>* deal_counts = nullptr);
// One deal's counts into `c`; `amount` is ctx.deal_amount(d).
void count_deal_quality(const Dataset& ds, const Deal& d, double amount, QualityCounts& c);
// The object at `quality`: the totals at quality.<name>, the breakdown at quality.files.
nlohmann::json to_json(const QualityReport& r);

} // namespace core
