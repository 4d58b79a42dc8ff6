// HubSpot CRM v3 (and v1 deals): deals, contacts, companies, deal pipelines. Every property value is a string or null.
//
// [SECTION] Default pipeline (used when no pipelines file was loaded before)
// [SECTION] Deals
// [SECTION] Contacts and companies
// [SECTION] Pipelines
// [SECTION] Owners
// [SECTION] Detection
#include "import/mapping.h"

#include <algorithm>
#include <unordered_map>

namespace import {

namespace {

using core::System;

// [SECTION] Default pipeline -----------------------------------------------------------------------------------------
struct DefaultStage { const char* id; const char* label; double probability; core::DealState state; };
constexpr DefaultStage kDefaultStages[] = {
    {"appointmentscheduled", "Appointment Scheduled", 0.2, core::DealState::open},
    {"qualifiedtobuy", "Qualified To Buy", 0.4, core::DealState::open},
    {"presentationscheduled", "Presentation Scheduled", 0.6, core::DealState::open},
    {"decisionmakerboughtin", "Decision Maker Bought-In", 0.8, core::DealState::open},
    {"contractsent", "Contract Sent", 0.9, core::DealState::open},
    {"closedwon", "Closed Won", 1.0, core::DealState::won},
    {"closedlost", "Closed Lost", 0.0, core::DealState::lost},
};

// A stage's reference data (a pipelines file), else the default pipeline's, else null. Not a copy: it is read for each
// deal and each of its history rows.
const StageInfo* stage_of(const Context& cx, std::string_view id) {
    if (const StageInfo* s = cx.ref.stage(System::hubspot, id)) return s;
    static const std::vector<StageInfo> defaults = [] {
        std::vector<StageInfo> v;
        for (auto& d : kDefaultStages) v.push_back({d.label, "", d.probability, d.state});
        return v;
    }();
    for (size_t i = 0; i < std::size(kDefaultStages); ++i)
        if (id == kDefaultStages[i].id) return &defaults[i];
    return nullptr;
}

// v1 shape: "properties":{"amount":{"value":"100","timestamp":...}} -> {"amount":"100"}
json flat_properties(const json& props) {
    json flat = json::object();
    for (auto& [k, v] : props.items()) flat[k] = v.is_object() ? member(v, "value") : v;
    return flat;
}

// The first associated company of a v3 record requested with associations=companies:
// "associations":{"companies":{"results":[{"id":"9000000001","type":"deal_to_company"}]}}.
std::string associated_company(const json& rec) {
    const json& results = member(member(member(rec, "associations"), "companies"), "results");
    if (!results.is_array()) return "";
    for (const json& a : results)
        if (std::string id = id_text(member(a, "id")); !id.empty()) return id;
    return "";
}

std::string record_id(const json& rec) {
    std::string id = id_text(member(rec, "id"));
    if (id.empty()) id = id_text(member(rec, "dealId"));
    if (id.empty()) id = id_text(member(rec, "objectId"));
    return id;
}

// [SECTION] Deals ----------------------------------------------------------------------------------------------------
const KeySet kDealProps = {
    "dealname", "amount", "dealstage", "pipeline", "closedate", "createdate", "hs_is_closed_won", "hs_is_closed",
    "hubspot_owner_id", "deal_currency_code", "amount_in_home_currency", "dealtype", "hs_analytics_source",
    "hs_deal_stage_probability", "hs_forecast_category", "hs_object_id", "associatedcompanyid"};

class Deals : public Mapper {
public:
    DirectFields direct() override { return {&f_, "properties"}; }

    void record(const json& rec, Context& cx) override {
        const json& raw = member(rec, "properties");
        json flat = member(rec, "dealId").is_null() ? json() : flat_properties(raw);
        f_.put_filled(flat); // what the parser handed f_ directly is not in `raw`
        const json& p = flat.is_null() ? raw : flat;
        std::string id = record_id(rec);
        if (!p.is_object()) { cx.skip("properties is not an object", id); return; }
        f_.read(p);
        if (id.empty()) id = cx.text(f_, kObjectId);
        if (id.empty()) { cx.skip("no id", ""); return; }

        core::Deal d;
        d.id = cx.sym(id);
        d.system = System::hubspot;
        d.name = cx.sym_text(f_, kName);
        d.amount = cx.number(f_, kAmount);
        d.amount_home = cx.number(f_, kAmountHome);
        d.currency = cx.sym(upper(cx.text(f_, kCurrency)));
        d.created_at = cx.date(f_, kCreated);
        if (!core::has(d.created_at)) d.created_at = cx.date(rec, "createdAt");
        const core::Day closedate = cx.date(f_, kClose);
        std::string owner = cx.text(f_, kOwner);
        const std::string* owner_name = cx.ref.owner(System::hubspot, owner);
        d.owner = cx.sym(owner_name ? *owner_name : owner);
        d.source = cx.sym_text(f_, kSource);
        std::string company = cx.text(f_, kCompany);
        d.account_id = cx.sym(company.empty() ? associated_company(rec) : company);
        d.type = deal_type_from(cx.text(f_, kType));
        d.forecast_category = forecast_category_from(cx.text(f_, kForecast));
        d.probability = cx.number(f_, kProbability);
        if (core::has(d.probability) && d.probability > 1) d.probability /= 100;
        std::string pipeline = cx.text(f_, kPipeline);
        const std::string* pipeline_name = cx.ref.pipeline(System::hubspot, pipeline);
        d.pipeline = cx.sym(pipeline_name ? *pipeline_name : pipeline);

        std::string stage_id = cx.text(f_, kStage);
        d.stage_id = cx.sym(stage_id);
        const StageInfo* stage = stage_id.empty() ? nullptr : stage_of(cx, stage_id);
        if (stage) {
            d.stage = cx.sym(stage->label);
            d.stage_probability = stage->probability;
        } else if (!stage_id.empty()) {
            d.stage = d.stage_id;
            ++cx.part.files.front().unknown_stages;
        }
        // Rule 6: vendor flags, then stage metadata, then the stage's name.
        auto won = cx.flag(f_, kWon);
        auto closed = cx.flag(f_, kClosed);
        if (is_true(won)) d.state = core::DealState::won;
        else if (closed) d.state = *closed ? core::DealState::lost : core::DealState::open;
        else if (stage && stage->closes_as) d.state = *stage->closes_as;
        else if (auto s = state_from_stage_name(cx.str_of(d.stage))) d.state = *s;
        (d.state == core::DealState::open ? d.expected_close : d.closed_at) = closedate;

        history(d, cx);
        note(p, cx);
        if (cx.done(id)) cx.part.deals.push_back(d);
    }

private:
    enum Field : size_t {
        kObjectId, kName, kAmount, kAmountHome, kCurrency, kCreated, kClose, kOwner, kSource, kCompany, kType, kForecast,
        kProbability, kPipeline, kStage, kWon, kClosed
    };
    FieldReader f_{{"hs_object_id", "dealname", "amount", "amount_in_home_currency", "deal_currency_code", "createdate",
                    "closedate", "hubspot_owner_id", "hs_analytics_source", "associatedcompanyid", "dealtype",
                    "hs_forecast_category", "hs_deal_stage_probability", "pipeline", "dealstage", "hs_is_closed_won",
                    "hs_is_closed"},
                   {std::begin(kHistory), std::end(kHistory)}};

    // hs_v2_date_entered_<stage> (preferred) / hs_date_entered_<stage>, and the matching _exited_ properties: f_'s
    // prefixed fields, in this order.
    static constexpr std::string_view kHistory[] = {"hs_v2_date_entered_", "hs_date_entered_", "hs_v2_date_exited_",
                                                    "hs_date_exited_"};

    void history(core::Deal& d, Context& cx) {
        std::vector<Times>& by_stage = by_stage_; // a deal has a few stages: a list, in stage id order
        by_stage.clear();
        // The fields come in the file's order: of two bad dates, the one a DOM lists first (by key) is the problem.
        const bool clean = cx.problem.empty();
        std::string_view bad_key;
        const json* bad_value = nullptr;
        for (const FieldReader::Prefixed& e : f_.prefixed()) {
            if (e.value->is_null()) continue;
            const bool v2 = e.prefix % 2 == 0, in = e.prefix < 2;
            const std::string_view stage = e.key.substr(kHistory[e.prefix].size());
            auto at = std::lower_bound(by_stage.begin(), by_stage.end(), stage,
                                       [](const Times& t, std::string_view s) { return t.stage < s; });
            if (at == by_stage.end() || at->stage != stage) at = by_stage.insert(at, Times{stage});
            Times& t = *at;
            core::Day day = cx.date_of(*e.value, e.key);
            if (clean && !cx.problem.empty()) {
                if (!bad_value || e.key < bad_key) bad_key = e.key, bad_value = e.value;
                cx.problem.clear();
            }
            if (in && (v2 || !t.v2_in)) { t.entered = day; t.v2_in |= v2; }
            if (!in && (v2 || !t.v2_out)) { t.exited = day; t.v2_out |= v2; }
        }
        if (bad_value) cx.date_of(*bad_value, bad_key);
        d.history_begin = static_cast<uint32_t>(cx.part.stage_history.size());
        for (const Times& t : by_stage)
            if (core::has(t.entered)) cx.part.stage_history.push_back({label_of(t.stage, cx), t.entered, t.exited});
        const auto entries = cx.part.stage_history.begin() + d.history_begin;
        std::sort(entries, cx.part.stage_history.end(), [](auto& a, auto& b) { return a.entered_at < b.entered_at; });
        d.history_count = static_cast<uint32_t>(cx.part.stage_history.size() - d.history_begin);
    }

    // A history stage's label: its pipeline's, else the id. The few stages of a file are remembered: looking one up
    // and interning its label for every entry was a tenth of the history's time.
    core::Sym label_of(std::string_view stage, Context& cx) {
        for (const auto& [id, label] : labels_)
            if (id == stage) return label;
        const StageInfo* st = stage_of(cx, stage);
        const core::Sym label = cx.sym(st ? std::string_view(st->label) : stage);
        if (labels_.size() < 64) labels_.emplace_back(stage, label);
        return label;
    }
    std::vector<std::pair<std::string, core::Sym>> labels_; // stage id -> label, of this file's Dataset
    struct Times {
        std::string_view stage;
        core::Day entered = core::kNoDay, exited = core::kNoDay;
        bool v2_in = false, v2_out = false;
    };
    std::vector<Times> by_stage_;

    void note(const json& p, Context& cx) {
        if (!cx.note_now()) return;
        for (auto& [k, v] : p.items())
            if (!kDealProps.count(k) && k.find("_date_entered_") == std::string::npos &&
                k.find("_date_exited_") == std::string::npos)
                cx.ignored.insert("properties." + k);
    }
};

// [SECTION] Contacts and companies -----------------------------------------------------------------------------------
// hs_lifecyclestage_<name>_date: HubSpot's internal stage names onto the canonical lifecycle.
constexpr std::pair<const char*, int> kLifecycleDates[] = {
    {"hs_lifecyclestage_lead_date", core::kLead},
    {"hs_lifecyclestage_marketingqualifiedlead_date", core::kMql},
    {"hs_lifecyclestage_salesqualifiedlead_date", core::kSql},
    {"hs_lifecyclestage_opportunity_date", core::kOpportunity},
    {"hs_lifecyclestage_customer_date", core::kCustomer},
    {"hs_lifecyclestage_evangelist_date", core::kEvangelist},
};

const KeySet kContactProps = {
    "createdate", "hs_analytics_source", "hubspot_owner_id", "associatedcompanyid", "hs_lead_status", "email",
    "lifecyclestage", "hs_object_id", "hs_lifecyclestage_lead_date", "hs_lifecyclestage_marketingqualifiedlead_date",
    "hs_lifecyclestage_salesqualifiedlead_date", "hs_lifecyclestage_opportunity_date",
    "hs_lifecyclestage_customer_date", "hs_lifecyclestage_evangelist_date"};

class Contacts : public Mapper {
public:
    DirectFields direct() override { return {&f_, "properties"}; }

    void record(const json& rec, Context& cx) override {
        const json& p = member(rec, "properties");
        std::string id = record_id(rec);
        if (id.empty()) { cx.skip("no id", ""); return; }
        f_.read(p);
        core::Lead l;
        l.id = cx.sym(id);
        l.system = System::hubspot;
        l.created_at = cx.date(f_, kCreatedate);
        if (!core::has(l.created_at)) l.created_at = cx.date(rec, "createdAt");
        l.source = cx.sym_text(f_, kSource);
        std::string owner = cx.text(f_, kOwner);
        const std::string* owner_name = cx.ref.owner(System::hubspot, owner);
        l.owner = cx.sym(owner_name ? *owner_name : owner);
        std::string company = cx.text(f_, kCompany);
        l.account_id = cx.sym(company.empty() ? associated_company(rec) : company);
        l.status = cx.sym_text(f_, kStatus);
        l.email_domain = cx.sym(domain_of(cx.text(f_, kEmail)));
        for (size_t k = 0; k < std::size(kLifecycleDates); ++k)
            l.stage_at[static_cast<size_t>(kLifecycleDates[k].second)] = cx.date(f_, kDates + k);
        cx.note_fields(p, kContactProps, "properties.");
        if (cx.done(id)) cx.part.leads.push_back(l);
    }

private:
    enum Field : size_t { kCreatedate, kSource, kOwner, kCompany, kStatus, kEmail, kDates }; // then kLifecycleDates'
    FieldReader f_{[] {
        std::vector<std::string_view> v{"createdate", "hs_analytics_source", "hubspot_owner_id", "associatedcompanyid",
                                        "hs_lead_status", "email"};
        for (auto& [field, stage] : kLifecycleDates) v.push_back(field);
        return v;
    }()};
};

const KeySet kCompanyProps = {
    "name", "domain", "website", "createdate", "industry", "numberofemployees", "hs_analytics_source",
    "lifecyclestage", "hs_lifecyclestage_customer_date", "hs_object_id"};

class Companies : public Mapper {
public:
    void record(const json& rec, Context& cx) override {
        const json& p = member(rec, "properties");
        std::string id = record_id(rec);
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Account a;
        a.id = cx.sym(id);
        a.system = System::hubspot;
        a.name = cx.sym_text(p, "name");
        std::string domain = domain_of(cx.text(p, "domain"));
        if (domain.empty()) domain = domain_of(cx.text(p, "website"));
        a.domain = cx.sym(domain);
        a.created_at = cx.date(p, "createdate");
        if (!core::has(a.created_at)) a.created_at = cx.date(rec, "createdAt");
        a.customer_since = cx.date(p, "hs_lifecyclestage_customer_date");
        a.industry = cx.sym_text(p, "industry");
        a.employees = cx.number(p, "numberofemployees");
        a.source = cx.sym_text(p, "hs_analytics_source");
        cx.note_fields(p, kCompanyProps, "properties.");
        if (cx.done(id)) cx.part.accounts.push_back(a);
    }
};

// [SECTION] Pipelines ------------------------------------------------------------------------------------------------
class Pipelines : public Mapper {
public:
    void record(const json& rec, Context& cx) override {
        std::string id = id_text(member(rec, "id"));
        std::string label = cx.text(rec, "label");
        const json& stages = member(rec, "stages");
        if (!stages.is_array()) { cx.skip("stages is not a list", id); return; }
        cx.added.add_pipeline(System::hubspot, id, label);
        cx.ref.add_pipeline(System::hubspot, id, label);
        for (const json& s : stages) {
            const json& meta = member(s, "metadata");
            StageInfo info{cx.text(s, "label"), label, cx.number(meta, "probability"), std::nullopt};
            if (auto closed = cx.flag(meta, "isClosed")) {
                info.closes_as = !*closed ? core::DealState::open
                               : info.probability >= 1 ? core::DealState::won : core::DealState::lost;
            }
            std::string stage_id = id_text(member(s, "id"));
            if (stage_id.empty()) continue;
            for (auto& d : kDefaultStages)
                if (stage_id == d.id && info.label != d.label) relabel_[d.label] = info.label;
            cx.added.add_stage(System::hubspot, stage_id, info);
            cx.ref.add_stage(System::hubspot, stage_id, info);
        }
        cx.done(id);
    }

    // Deals loaded before this file named their history's default stages with HubSpot's default labels (their
    // ids are gone by then): the portal's own labels replace them.
    void after(AfterMerge& out) override { out.relabel_hubspot.assign(relabel_.begin(), relabel_.end()); }

private:
    std::map<std::string, std::string> relabel_; // default label -> this portal's label
};

// [SECTION] Owners ---------------------------------------------------------------------------------------------------
// /crm/v3/owners: results[]{id, email, firstName, lastName}. Deals and contacts name owners by hubspot_owner_id;
// this file gives the names (for rows loaded before it too, via apply_reference).
class Owners : public Mapper {
public:
    void record(const json& rec, Context& cx) override {
        std::string id = id_text(member(rec, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        std::string first = cx.text(rec, "firstName"), last = cx.text(rec, "lastName");
        std::string name = first + (!first.empty() && !last.empty() ? " " : "") + last;
        if (name.empty()) name = cx.text(rec, "email"); // owners without a name in the portal: their login
        if (!cx.done(id)) return;
        cx.added.add_owner(System::hubspot, id, name);
        cx.ref.add_owner(System::hubspot, id, name);
    }
};

} // namespace

// [SECTION] Detection ------------------------------------------------------------------------------------------------
Detected detect_hubspot(const Probe& pr) {
    const json& r = *pr.first;
    Detected d;
    if (member(r, "stages").is_array() && r.contains("label") && r.contains("id")) {
        d = {std::make_unique<Pipelines>(), "hubspot.pipelines", "records with label and stages[] (HubSpot pipelines)"};
        return d;
    }
    const json& p = member(r, "properties");
    if (!r.contains("properties") && r.contains("id") && (r.contains("firstName") || r.contains("lastName")) &&
        r.contains("email")) {
        d = {std::make_unique<Owners>(), "hubspot.owners",
             "records with firstName/lastName and email (HubSpot owners)"};
        return d;
    }
    if (!p.is_object()) return d;
    if (r.contains("dealId")) {
        d = {std::make_unique<Deals>(), "hubspot.deals", "records with dealId and properties{} (HubSpot v1 deals)"};
    } else if (p.contains("dealname") || p.contains("dealstage")) {
        d = {std::make_unique<Deals>(), "hubspot.deals", "records with properties.dealname (HubSpot CRM v3 deals)"};
    } else if (p.contains("email") || p.contains("firstname") || p.contains("lastname") ||
               p.contains("hs_lead_status")) {
        d = {std::make_unique<Contacts>(), "hubspot.contacts",
             "records with properties.email/firstname (HubSpot CRM v3 contacts)"};
    } else if (p.contains("domain") || p.contains("name") || p.contains("numberofemployees")) {
        d = {std::make_unique<Companies>(), "hubspot.companies",
             "records with properties.domain/name (HubSpot CRM v3 companies)"};
    } else if (r.contains("id")) {
        d.refused = "HubSpot-like records (id + properties{}) that are neither deals, contacts nor companies: "
                    "expected properties such as dealname, email or domain";
    }
    return d;
}

} // namespace import
