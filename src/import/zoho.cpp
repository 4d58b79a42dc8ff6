// Zoho CRM v2: deals and leads. Lookups (Owner, Account_Name) are {name,id} objects; ids are numeric strings.
#include "import/mapping.h"

namespace import {

namespace {

using core::System;

std::string lookup_name(const json& v) { return v.is_object() && member(v, "name").is_string()
                                                    ? member(v, "name").get<std::string>() : ""; }
std::string lookup_id(const json& v) { return v.is_object() ? id_text(member(v, "id")) : id_text(v); }

class Deals : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Deal d;
        d.id = cx.sym(id);
        d.system = System::zoho;
        d.name = cx.sym_text(r, "Deal_Name");
        d.amount = cx.number(r, "Amount");
        // Multi-currency orgs have Currency; otherwise the org currency is only in $currency_symbol (a code or "$").
        std::string currency = cx.text(r, "Currency");
        if (currency.empty()) {
            std::string symbol = member(r, "$currency_symbol").is_string() ? r["$currency_symbol"].get<std::string>()
                                                                             : "";
            if (symbol.size() == 3 && upper(symbol) == symbol) currency = symbol;
        }
        d.currency = cx.sym(upper(currency));
        std::string owner = lookup_name(member(r, "Owner"));
        d.owner = cx.sym(owner.empty() ? lookup_id(member(r, "Owner")) : owner);
        d.account_id = cx.sym(lookup_id(member(r, "Account_Name")));
        d.source = cx.sym_text(r, "Lead_Source");
        std::string stage = cx.text(r, "Stage");
        d.stage_id = d.stage = cx.sym(stage);
        d.probability = cx.number(r, "Probability") / 100;
        d.type = deal_type_from(cx.text(r, "Type"));
        d.created_at = cx.date(r, "Created_Time");
        if (auto s = state_from_stage_name(stage)) d.state = *s;
        (d.state == core::DealState::open ? d.expected_close : d.closed_at) = cx.date(r, "Closing_Date");
        if (cx.done(id)) cx.part.deals.push_back(d);
    }
};

class Leads : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Lead l;
        l.id = cx.sym(id);
        l.system = System::zoho;
        l.created_at = cx.date(r, "Created_Time");
        l.stage_at[core::kLead] = l.created_at; // a Zoho Lead record is a lead from its creation
        if (is_true(cx.flag(r, "$converted"))) l.stage_at[core::kSql] = cx.date(r, "Converted_Date_Time");
        l.source = cx.sym_text(r, "Lead_Source");
        l.status = cx.sym_text(r, "Lead_Status");
        std::string owner = lookup_name(member(r, "Owner"));
        l.owner = cx.sym(owner.empty() ? lookup_id(member(r, "Owner")) : owner);
        l.email_domain = cx.sym(domain_of(cx.text(r, "Email")));
        if (cx.done(id)) cx.part.leads.push_back(l);
    }
};

} // namespace

Detected detect_zoho(const Probe& p) {
    const json& r = *p.first;
    Detected d;
    if (r.contains("Deal_Name") && r.contains("Stage"))
        d = {std::make_unique<Deals>(), "zoho.deals", "records with Deal_Name and Stage (Zoho CRM deals)"};
    else if (r.contains("Lead_Status") || (r.contains("Lead_Source") && r.contains("$converted")))
        d = {std::make_unique<Leads>(), "zoho.leads", "records with Lead_Status / $converted (Zoho CRM leads)"};
    else if (member(member(*p.envelope, "info"), "more_records").is_boolean())
        d.refused = "Zoho CRM response (data[] + info) whose records are neither Deals nor Leads";
    return d;
}

} // namespace import
