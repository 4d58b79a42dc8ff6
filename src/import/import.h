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

} // namespace import
