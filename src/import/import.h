// Importers: bytes of one exported file -> rows of the canonical model (core/model.h) + an ImportReport.
// Format detection reads the content, never the file name. A file that fails adds nothing to the Dataset.
#pragma once
#include "core/model.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace import {

struct ImportReport {
    std::string file;                    // the name it was loaded under
    bool ok = false;                     // false: nothing was added; `error` says why
    std::string format;                  // e.g. "hubspot.deals", "salesforce.Opportunity", "stripe.subscriptions"
    std::string detected_because;        // e.g. "object with results[] whose records have properties.dealname"
    std::string error;                   // file, byte offset or record id, field, what was expected
    uint64_t bytes = 0;
    uint64_t records_read = 0;
    uint64_t records_used = 0;
    std::vector<core::SkipReason> skipped;
    std::vector<std::string> fields_ignored;
    std::vector<std::string> warnings;
    uint64_t records_skipped() const {
        uint64_t n = 0;
        for (auto& s : skipped) n += s.count;
        return n;
    }
};

// Detects the format, imports the file into a staging Dataset and, only if that succeeded, merges it into `into`.
ImportReport load(std::string_view name, std::span<const uint8_t> bytes, core::Dataset& into);

// Human-readable multi-line text of a report (used by `revlens check` and the Data tab).
std::string describe(const ImportReport& r);

// Billing customers (Stripe accounts) matched to CRM accounts: by the CRM account's domain, then by the email domain
// of the CRM's contacts (when it points at one account only), then by normalised name. Fills Account::crm_account.
struct MatchStats {
    uint64_t billing_accounts = 0;
    uint64_t by_domain = 0, by_email_domain = 0, by_name = 0;
    uint64_t unmatched = 0;
    std::vector<std::string> unmatched_ids; // the first 20
    double match_rate() const {
        return billing_accounts ? double(billing_accounts - unmatched) / double(billing_accounts) : 0.0;
    }
};
MatchStats match_customers(core::Dataset& ds); // load() calls it after every file that adds accounts

} // namespace import
