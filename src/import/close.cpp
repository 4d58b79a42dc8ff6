// Close: opportunities (value in cents), leads (Close's leads are companies with contacts), pipelines (statuses).
#include "import/mapping.h"

namespace import {

namespace {

using core::System;

class Opportunities : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Deal d;
        d.id = cx.sym(id);
        d.system = System::close;
        d.name = cx.sym_text(r, "lead_name");
        d.amount = cx.number(r, "value") / 100; // cents
        // value_period: a deal's amount is its annual (contract) value, as Close's own annualized_value: a monthly
        // value counts twelve times, annual and one-time values once.
        const std::string period = cx.text(r, "value_period");
        if (period == "monthly") {
            d.amount *= 12;
            cx.warn("monthly opportunity values were annualised (x 12), as Close's annualized_value");
        } else if (!period.empty() && period != "annual" && period != "one_time") {
            cx.bad("value_period", member(r, "value_period"), "one_time, monthly or annual");
        }
        d.currency = cx.sym(upper(cx.text(r, "value_currency")));
        d.account_id = cx.sym_text(r, "lead_id");
        std::string owner = cx.text(r, "user_name");
        d.owner = cx.sym(owner.empty() ? cx.text(r, "user_id") : owner);
        std::string pipeline = cx.text(r, "pipeline_name");
        d.pipeline = cx.sym(pipeline.empty() ? cx.text(r, "pipeline_id") : pipeline);
        std::string status_id = cx.text(r, "status_id");
        d.stage_id = cx.sym(status_id);
        std::string label = cx.text(r, "status_label");
        const StageInfo* known = cx.ref.stage(System::close, status_id);
        d.stage = cx.sym(!label.empty() ? label : known ? known->label : status_id);
        d.probability = cx.number(r, "confidence") / 100;
        d.created_at = cx.date(r, "date_created");
        std::string type = cx.text(r, "status_type");
        if (type == "won") d.state = core::DealState::won;
        else if (type == "lost") d.state = core::DealState::lost;
        else if (type.empty() && known && known->closes_as) d.state = *known->closes_as;
        if (d.state == core::DealState::won) d.closed_at = cx.date(r, "date_won");
        if (d.state == core::DealState::lost) d.closed_at = cx.date(r, "date_lost");
        if (d.state == core::DealState::open) d.expected_close = cx.date(r, "expected_date");
        if (cx.done(id)) cx.part.deals.push_back(d);
    }
};

// A Close lead is an organisation (name, url, contacts): an Account, and a Lead created on date_created.
class Leads : public Mapper {
public:
    bool wanted(std::string_view k) const override {
        return k == "id" || k == "name" || k == "display_name" || k == "url" || k == "date_created" ||
               k == "status_label" || k == "contacts";
    }
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Account a;
        a.id = cx.sym(id);
        a.system = System::close;
        std::string name = cx.text(r, "display_name");
        a.name = cx.sym(name.empty() ? cx.text(r, "name") : name);
        a.domain = cx.sym(domain_of(cx.text(r, "url")));
        a.created_at = cx.date(r, "date_created");
        core::Lead l;
        l.id = a.id;
        l.system = System::close;
        l.account_id = a.id;
        l.created_at = a.created_at;
        l.stage_at[core::kLead] = a.created_at;
        l.status = cx.sym_text(r, "status_label");
        l.email_domain = a.domain;
        for (const json& c : member(r, "contacts").is_array() ? r["contacts"] : json::array())
            for (const json& e : member(c, "emails").is_array() ? c["emails"] : json::array())
                if (member(e, "email").is_string()) {
                    l.email_domain = cx.sym(domain_of(e["email"].get<std::string>()));
                    break;
                }
        if (!cx.done(id)) return;
        cx.part.accounts.push_back(a);
        cx.part.leads.push_back(l);
    }
};

class Pipelines : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        std::string name = cx.text(r, "name");
        cx.added.add_pipeline(System::close, id, name);
        const json& statuses = member(r, "statuses");
        if (!statuses.is_array()) { cx.skip("statuses is not a list", id); return; }
        for (const json& s : statuses) {
            std::string type = cx.text(s, "type");
            StageInfo info{cx.text(s, "label"), name, core::kNaN,
                           type == "won" ? core::DealState::won : type == "lost" ? core::DealState::lost
                                                                                 : core::DealState::open};
            cx.added.add_stage(System::close, cx.text(s, "id"), info);
        }
        cx.done(id);
    }
};

} // namespace

Detected detect_close(const Probe& p) {
    const json& r = *p.first;
    std::string id = id_text(member(r, "id"));
    Detected d;
    if (id.rfind("oppo_", 0) == 0 || (r.contains("status_type") && r.contains("lead_id")))
        d = {std::make_unique<Opportunities>(), "close.opportunities",
             "records with status_type and lead_id (Close opportunities)"};
    else if (id.rfind("pipe_", 0) == 0 || member(r, "statuses").is_array())
        d = {std::make_unique<Pipelines>(), "close.pipelines", "records with statuses[] (Close pipelines)"};
    else if (id.rfind("lead_", 0) == 0 || (r.contains("display_name") && r.contains("status_label")))
        d = {std::make_unique<Leads>(), "close.leads", "records with display_name and status_label (Close leads)"};
    return d;
}

} // namespace import
