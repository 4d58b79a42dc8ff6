// Shared by the vendor writers (export_*.cpp): timestamps as vendors print them, a list writer that never builds the
// whole file as a DOM, and the stage catalogue (order, ids, probabilities) recovered from deals and their history.
#pragma once
#include "core/model.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sample::exporting {

// A day at 10:00 UTC: an export time of day that can never fall on another UTC date.
std::string iso_ms(core::Day d);      // "2025-03-07T10:00:00.000Z" (HubSpot)
std::string sf_datetime(core::Day d); // "2025-03-07T10:00:00.000+0000" (Salesforce)
std::string pd_datetime(core::Day d); // "2025-03-07 10:00:00" (Pipedrive)
int64_t epoch_seconds(core::Day d);   // Stripe
std::string number_text(double v);    // shortest round-trip text, "" for NaN

// Serialises records one at a time into `out` as a JSON array body (invalid UTF-8 replaced, never thrown).
struct ListWriter {
    std::string &out;
    bool first = true;
    void add(const nlohmann::json &record) {
        out += first ? "\n" : ",\n";
        first = false;
        out += record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
};

struct StageInfo {
    std::string id, label;
    double probability = core::kNaN;
    bool closed = false, won = false;
};
struct PipelineInfo {
    std::string name;
    std::vector<StageInfo> stages; // open stages in order, then won, then lost
};
// Pipelines and their stages as the deals show them (current stage ids, labels seen in history).
std::vector<PipelineInfo> stage_catalog(const core::Dataset &ds);
const StageInfo *find_stage(const std::vector<PipelineInfo> &catalog, std::string_view pipeline,
                            std::string_view label);
size_t pipeline_index(const std::vector<PipelineInfo> &catalog, std::string_view pipeline);

// Owners numbered in order of first appearance in deals, then leads (vendors export owner ids, not names).
struct Owners {
    std::vector<std::string> names;
    std::vector<int32_t> index_of; // by Sym; -1 = not an owner
    int32_t of(core::Sym s) const { return s < index_of.size() ? index_of[s] : -1; }
};
Owners owners_of(const core::Dataset &ds);

} // namespace sample::exporting
