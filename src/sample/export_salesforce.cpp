// Salesforce REST query results ({"totalSize","done","records"}) for Opportunity, Lead, Account and
// OpportunityHistory, with typed values as the API returns them (numbers, booleans, "YYYY-MM-DD", "+0000" times).
#include "sample/export.h"
#include "sample/export_common.h"

#include <unordered_map>

namespace sample {

using nlohmann::json;
namespace ex = exporting;

namespace {

// 18-character record ids with the object's key prefix (006 Opportunity, 00Q Lead, 001 Account, 005 User, ...)
std::string sf_id(const char *prefix, uint64_t n) {
    std::string digits = std::to_string(n);
    return std::string(prefix) + std::string(15 - std::min<size_t>(15, digits.size()), '0') + digits;
}

json attributes(const char *type, const std::string &id) {
    return {{"type", type}, {"url", std::string("/services/data/v59.0/sobjects/") + type + "/" + id}};
}

json date_or_null(core::Day d) { return core::has(d) ? json(core::day_label(d)) : json(nullptr); }
json number_or_null(double v) { return core::has(v) ? json(v) : json(nullptr); }
json text_or_null(std::string_view s) { return s.empty() ? json(nullptr) : json(std::string(s)); }

const char *forecast_category(core::ForecastCategory c) {
    switch (c) {
    case core::ForecastCategory::pipeline:
        return "Pipeline";
    case core::ForecastCategory::best_case:
        return "Best Case";
    case core::ForecastCategory::commit:
        return "Commit";
    case core::ForecastCategory::closed:
        return "Closed";
    case core::ForecastCategory::omitted:
        return "Omitted";
    case core::ForecastCategory::none:
        break;
    }
    return nullptr;
}

const char *opportunity_type(core::DealType t) {
    switch (t) {
    case core::DealType::new_business:
        return "New Customer";
    case core::DealType::expansion:
        return "Existing Customer - Upgrade";
    case core::DealType::renewal:
        return "Existing Customer - Renewal";
    case core::DealType::unknown:
        break;
    }
    return nullptr;
}

ExportFile query_file(const char *name, uint64_t total, std::string body) {
    return {name, "{\"totalSize\":" + std::to_string(total) + ",\"done\":true,\"records\":[" + body + "\n]}\n"};
}

} // namespace

std::vector<ExportFile> export_salesforce(const core::Dataset &ds) {
    std::vector<ExportFile> files;
    const auto owners = ex::owners_of(ds);
    auto owner_id = [&](core::Sym s) {
        int32_t i = owners.of(s);
        return i < 0 ? json(nullptr) : json(sf_id("005", static_cast<uint64_t>(i) + 1));
    };
    // The parent relationship a `SELECT ..., Owner.Name` returns: the names travel with the records.
    auto owner = [&](core::Sym s) {
        int32_t i = owners.of(s);
        if (i < 0) return json(nullptr);
        std::string id = sf_id("005", static_cast<uint64_t>(i) + 1);
        return json{{"attributes", attributes("User", id)}, {"Name", owners.names[static_cast<size_t>(i)]}};
    };
    std::unordered_map<core::Sym, std::string> account_id;
    std::unordered_map<core::Sym, std::string> account_name;
    for (size_t i = 0; i < ds.accounts.size(); ++i) {
        account_id[ds.accounts[i].id] = sf_id("001", i + 1);
        account_name[ds.accounts[i].id] = ds.str(ds.accounts[i].name);
    }
    auto account_of = [&](core::Sym s) {
        auto it = account_id.find(s);
        return it == account_id.end() ? json(nullptr) : json(it->second);
    };

    std::string opportunities, history;
    ex::ListWriter opp_list{opportunities}, history_list{history};
    uint64_t history_count = 0;
    for (size_t i = 0; i < ds.deals.size(); ++i) {
        const core::Deal &d = ds.deals[i];
        std::string id = sf_id("006", i + 1);
        bool closed = d.state != core::DealState::open;
        const char *fc = forecast_category(d.forecast_category);
        const char *type = opportunity_type(d.type);
        opp_list.add({{"attributes", attributes("Opportunity", id)},
                      {"Id", id},
                      {"Name", text_or_null(ds.str(d.name))},
                      {"AccountId", account_of(d.account_id)},
                      {"OwnerId", owner_id(d.owner)},
                      {"Owner", owner(d.owner)},
                      {"StageName", text_or_null(ds.str(d.stage))},
                      {"Amount", number_or_null(d.amount)},
                      {"CloseDate", date_or_null(closed ? d.closed_at : d.expected_close)},
                      {"CreatedDate", ex::sf_datetime(d.created_at)},
                      {"IsWon", d.state == core::DealState::won},
                      {"IsClosed", closed},
                      {"LeadSource", text_or_null(ds.str(d.source))},
                      {"Type", type ? json(type) : json(nullptr)},
                      {"Probability", core::has(d.stage_probability) ? json(d.stage_probability * 100) : json(nullptr)},
                      {"ForecastCategoryName", fc ? json(fc) : json(nullptr)},
                      {"CurrencyIsoCode", text_or_null(ds.str(d.currency))},
                      {"Pipeline__c", text_or_null(ds.str(d.pipeline))}});
        for (const core::StageEntry &e : ds.history(d)) {
            std::string hid = sf_id("008", ++history_count);
            history_list.add({{"attributes", attributes("OpportunityHistory", hid)},
                              {"Id", hid},
                              {"OpportunityId", id},
                              {"CreatedDate", ex::sf_datetime(e.entered_at)},
                              {"StageName", text_or_null(ds.str(e.stage))},
                              {"Amount", number_or_null(d.amount)},
                              {"CloseDate", date_or_null(closed ? d.closed_at : d.expected_close)}});
        }
    }
    files.push_back(query_file("salesforce_opportunities.json", ds.deals.size(), std::move(opportunities)));

    std::string leads;
    ex::ListWriter lead_list{leads};
    for (size_t i = 0; i < ds.leads.size(); ++i) {
        const core::Lead &l = ds.leads[i];
        std::string id = sf_id("00Q", i + 1);
        core::Day sql = l.stage_at[core::kSql];
        bool converted = core::has(sql);
        const char *status = converted                           ? "Closed - Converted"
                             : core::has(l.disqualified_at)      ? "Closed - Not Converted"
                             : core::has(l.stage_at[core::kMql]) ? "Working - Contacted"
                                                                 : "Open - Not Contacted";
        auto company = account_name.find(l.account_id);
        lead_list.add({{"attributes", attributes("Lead", id)},
                       {"Id", id},
                       {"Status", status},
                       {"LeadSource", text_or_null(ds.str(l.source))},
                       {"IsConverted", converted},
                       {"ConvertedDate", date_or_null(sql)},
                       {"ConvertedAccountId", converted ? account_of(l.account_id) : json(nullptr)},
                       {"CreatedDate", ex::sf_datetime(l.created_at)},
                       {"OwnerId", owner_id(l.owner)},
                       {"Owner", owner(l.owner)},
                       {"Company", company == account_name.end() ? json("[not provided]") : json(company->second)}});
    }
    files.push_back(query_file("salesforce_leads.json", ds.leads.size(), std::move(leads)));

    std::string accounts;
    ex::ListWriter account_list{accounts};
    for (const core::Account &a : ds.accounts) {
        const std::string &id = account_id[a.id];
        account_list.add({{"attributes", attributes("Account", id)},
                          {"Id", id},
                          {"Name", text_or_null(ds.str(a.name))},
                          {"Website", text_or_null(ds.str(a.domain))},
                          {"Industry", text_or_null(ds.str(a.industry))},
                          {"NumberOfEmployees", number_or_null(a.employees)},
                          {"Type", core::has(a.customer_since) ? "Customer" : "Prospect"},
                          {"AccountSource", text_or_null(ds.str(a.source))},
                          {"CreatedDate", ex::sf_datetime(a.created_at)}});
    }
    files.push_back(query_file("salesforce_accounts.json", ds.accounts.size(), std::move(accounts)));
    files.push_back(query_file("salesforce_opportunity_history.json", history_count, std::move(history)));
    return files;
}

} // namespace sample
