// Vendor-format writers: a Dataset as the JSON files HubSpot, Salesforce, Pipedrive and Stripe APIs return
// (docs/formats.md, shared/fixtures), for round-trip tests of the importers and for benchmarks.
// Each writer returns whole files; the names are what `revlens generate --formats` writes into its folder.
#pragma once
#include "core/model.h"

#include <string>
#include <vector>

namespace sample {

struct ExportFile {
    std::string name; // e.g. "hubspot_deals.json"
    std::string content;
};

// hubspot_deals.json, hubspot_contacts.json, hubspot_companies.json, hubspot_pipelines.json (CRM v3 list envelopes,
// every property a string; stage ids, hs_date_entered_<stageId>, hs_lifecyclestage_<stage>_date)
std::vector<ExportFile> export_hubspot(const core::Dataset &ds);
// hubspot_owners.json (/crm/v3/owners: results[]{id, email, firstName, lastName}): the names behind
// hubspot_owner_id. Separate from export_hubspot so the four-file set above keeps its shape.
ExportFile export_hubspot_owners(const core::Dataset &ds);
// salesforce_opportunities.json, salesforce_leads.json, salesforce_accounts.json,
// salesforce_opportunity_history.json (REST query results {totalSize, done, records})
std::vector<ExportFile> export_salesforce(const core::Dataset &ds);
// pipedrive_deals.json, pipedrive_stages.json (API v1 {success, data, additional_data})
std::vector<ExportFile> export_pipedrive(const core::Dataset &ds);
// stripe_subscriptions.json, stripe_customers.json (current API list objects, minor units, epoch seconds)
std::vector<ExportFile> export_stripe(const core::Dataset &ds);

} // namespace sample
