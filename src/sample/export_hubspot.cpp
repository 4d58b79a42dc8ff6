// HubSpot CRM v3 exports: deals, contacts, companies as list responses {"results":[...]} (every property a string or
// null, like the real API), the deal pipelines file /crm/v3/pipelines/deals and the owners file /crm/v3/owners.
#include "sample/export.h"
#include "sample/export_common.h"

#include <unordered_map>

namespace sample {

using nlohmann::json;
namespace ex = exporting;

namespace {

const char *kLifecycleIds[core::kLifecycleStages] = {
    "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist"};

json str_or_null(const std::string &s) { return s.empty() ? json(nullptr) : json(s); }

std::string owner_id(int32_t index) { return index < 0 ? std::string() : std::to_string(51000000 + index); }

// The default pipeline keeps HubSpot's id "default"; custom pipelines have numeric ids.
std::string pipeline_id(size_t index) { return index == 0 ? "default" : std::to_string(78000000 + index); }

const char *forecast_category(core::ForecastCategory c) {
    switch (c) {
    case core::ForecastCategory::pipeline:
        return "PIPELINE";
    case core::ForecastCategory::best_case:
        return "BEST_CASE";
    case core::ForecastCategory::commit:
        return "COMMIT";
    case core::ForecastCategory::closed:
        return "CLOSED";
    case core::ForecastCategory::omitted:
        return "OMIT";
    case core::ForecastCategory::none:
        break;
    }
    return "";
}

json record(const std::string &id, json properties, core::Day created) {
    properties["hs_object_id"] = id;
    return {{"id", id},
            {"properties", std::move(properties)},
            {"createdAt", ex::iso_ms(created)},
            {"updatedAt", ex::iso_ms(created)},
            {"archived", false}};
}

} // namespace

std::vector<ExportFile> export_hubspot(const core::Dataset &ds) {
    std::vector<ExportFile> files;
    const auto catalog = ex::stage_catalog(ds);
    const auto owners = ex::owners_of(ds);
    std::unordered_map<core::Sym, std::string> company_id; // account id -> HubSpot company id
    for (size_t i = 0; i < ds.accounts.size(); ++i)
        company_id[ds.accounts[i].id] = std::to_string(9000000000 + i);

    {
        ExportFile f{"hubspot_deals.json", "{\"results\":["};
        ex::ListWriter list{f.content};
        for (size_t i = 0; i < ds.deals.size(); ++i) {
            const core::Deal &d = ds.deals[i];
            std::string pipeline(ds.str(d.pipeline));
            json p;
            p["dealname"] = str_or_null(std::string(ds.str(d.name)));
            p["amount"] = str_or_null(ex::number_text(d.amount));
            const ex::StageInfo *stage = ex::find_stage(catalog, pipeline, ds.str(d.stage));
            p["dealstage"] = stage ? json(stage->id) : json(nullptr);
            p["pipeline"] = pipeline_id(ex::pipeline_index(catalog, pipeline));
            p["createdate"] = ex::iso_ms(d.created_at);
            p["closedate"] = str_or_null(ex::iso_ms(d.state == core::DealState::open ? d.expected_close : d.closed_at));
            p["hs_is_closed"] = d.state == core::DealState::open ? "false" : "true";
            p["hs_is_closed_won"] = d.state == core::DealState::won ? "true" : "false";
            p["hubspot_owner_id"] = str_or_null(owner_id(owners.of(d.owner)));
            p["deal_currency_code"] = str_or_null(std::string(ds.str(d.currency)));
            p["dealtype"] = d.type == core::DealType::new_business ? json("newbusiness")
                            : d.type == core::DealType::expansion  ? json("existingbusiness")
                            : d.type == core::DealType::renewal    ? json("renewal")
                                                                   : json(nullptr);
            p["hs_analytics_source"] = str_or_null(std::string(ds.str(d.source)));
            p["hs_deal_stage_probability"] = str_or_null(ex::number_text(d.stage_probability));
            p["hs_forecast_category"] = str_or_null(forecast_category(d.forecast_category));
            p["amount_in_home_currency"] = str_or_null(ex::number_text(d.amount_home));
            for (const core::StageEntry &e : ds.history(d)) {
                const ex::StageInfo *s = ex::find_stage(catalog, pipeline, ds.str(e.stage));
                if (!s) continue;
                p["hs_date_entered_" + s->id] = ex::iso_ms(e.entered_at);
                if (core::has(e.exited_at)) p["hs_date_exited_" + s->id] = ex::iso_ms(e.exited_at);
            }
            json r = record(std::to_string(40000000000 + i), std::move(p), d.created_at);
            if (auto it = company_id.find(d.account_id); it != company_id.end())
                r["associations"] = {
                    {"companies", {{"results", json::array({{{"id", it->second}, {"type", "deal_to_company"}}})}}}};
            list.add(r);
        }
        f.content += "\n]}\n";
        files.push_back(std::move(f));
    }
    {
        ExportFile f{"hubspot_contacts.json", "{\"results\":["};
        ex::ListWriter list{f.content};
        for (size_t i = 0; i < ds.leads.size(); ++i) {
            const core::Lead &l = ds.leads[i];
            json p;
            p["createdate"] = ex::iso_ms(l.created_at);
            int furthest = -1;
            for (int s = 0; s < core::kLifecycleStages; ++s)
                if (core::has(l.stage_at[s])) {
                    furthest = s;
                    p[std::string("hs_lifecyclestage_") + kLifecycleIds[s] + "_date"] = ex::iso_ms(l.stage_at[s]);
                }
            p["lifecyclestage"] = furthest < 0 ? json(nullptr) : json(kLifecycleIds[furthest]);
            p["hs_lead_status"] = str_or_null(std::string(ds.str(l.status)));
            p["hs_analytics_source"] = str_or_null(std::string(ds.str(l.source)));
            p["hubspot_owner_id"] = str_or_null(owner_id(owners.of(l.owner)));
            auto company = company_id.find(l.account_id);
            p["associatedcompanyid"] = company == company_id.end() ? json(nullptr) : json(company->second);
            p["email"] = l.email_domain
                             ? json("contact" + std::to_string(i + 1) + "@" + std::string(ds.str(l.email_domain)))
                             : json(nullptr);
            list.add(record(std::to_string(20000000000 + i), std::move(p), l.created_at));
        }
        f.content += "\n]}\n";
        files.push_back(std::move(f));
    }
    {
        ExportFile f{"hubspot_companies.json", "{\"results\":["};
        ex::ListWriter list{f.content};
        for (size_t i = 0; i < ds.accounts.size(); ++i) {
            const core::Account &a = ds.accounts[i];
            json p;
            p["name"] = str_or_null(std::string(ds.str(a.name)));
            p["domain"] = str_or_null(std::string(ds.str(a.domain)));
            p["createdate"] = str_or_null(ex::iso_ms(a.created_at));
            p["industry"] = str_or_null(std::string(ds.str(a.industry)));
            p["numberofemployees"] = str_or_null(ex::number_text(a.employees));
            p["lifecyclestage"] = core::has(a.customer_since) ? "customer" : "opportunity";
            p["hs_lifecyclestage_customer_date"] = str_or_null(ex::iso_ms(a.customer_since));
            p["hs_analytics_source"] = str_or_null(std::string(ds.str(a.source)));
            p["segment"] = str_or_null(std::string(ds.str(a.segment))); // a custom property, as portals add them
            list.add(record(company_id[a.id], std::move(p), a.created_at));
        }
        f.content += "\n]}\n";
        files.push_back(std::move(f));
    }
    {
        json results = json::array();
        for (size_t i = 0; i < catalog.size(); ++i) {
            json stages = json::array();
            for (size_t k = 0; k < catalog[i].stages.size(); ++k) {
                const ex::StageInfo &s = catalog[i].stages[k];
                double probability = core::has(s.probability) ? s.probability : s.won ? 1.0 : 0.0;
                stages.push_back(
                    {{"label", s.label},
                     {"displayOrder", k},
                     {"metadata",
                      {{"isClosed", s.closed ? "true" : "false"}, {"probability", ex::number_text(probability)}}},
                     {"id", s.id},
                     {"createdAt", "1970-01-01T00:00:00Z"},
                     {"updatedAt", "1970-01-01T00:00:00Z"},
                     {"archived", false}});
            }
            results.push_back({{"label", catalog[i].name},
                               {"displayOrder", i},
                               {"id", pipeline_id(i)},
                               {"stages", std::move(stages)},
                               {"createdAt", "1970-01-01T00:00:00Z"},
                               {"updatedAt", "1970-01-01T00:00:00Z"},
                               {"archived", false}});
        }
        json root = {{"results", std::move(results)}};
        files.push_back({"hubspot_pipelines.json", root.dump(2, ' ', false, json::error_handler_t::replace) + "\n"});
    }
    return files;
}

ExportFile export_hubspot_owners(const core::Dataset &ds) {
    // /crm/v3/owners: deals and contacts carry hubspot_owner_id; the names live here (firstName + lastName).
    const auto owners = ex::owners_of(ds);
    ExportFile f{"hubspot_owners.json", "{\"results\":["};
    ex::ListWriter list{f.content};
    for (size_t i = 0; i < owners.names.size(); ++i) {
        const std::string &name = owners.names[i];
        const size_t space = name.find(' ');
        const std::string first = name.substr(0, space);
        const std::string last = space == std::string::npos ? std::string() : name.substr(space + 1);
        list.add({{"id", owner_id(static_cast<int32_t>(i))},
                  {"email", "owner" + std::to_string(i + 1) + "@example.com"},
                  {"firstName", first},
                  {"lastName", last},
                  {"userId", 9100000 + i},
                  {"createdAt", "2023-01-02T09:00:00.000Z"},
                  {"updatedAt", "2023-01-02T09:00:00.000Z"},
                  {"archived", false}});
    }
    f.content += "\n]}\n";
    return f;
}

} // namespace sample
