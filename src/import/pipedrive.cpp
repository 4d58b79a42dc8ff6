// Pipedrive API v1 and v2: deals, stages, pipelines, persons, organizations.
//
// [SECTION] Shared: ids that are objects ({id,name,value}) in v1 and integers in old v1 / v2; stage info
// [SECTION] Deals
// [SECTION] Stages and pipelines
// [SECTION] Persons and organizations
// [SECTION] Detection
#include "import/mapping.h"

namespace import {

namespace {

using core::System;

// [SECTION] Shared ---------------------------------------------------------------------------------------------------
// user_id {id,name,...} / person_id and org_id {value,name,...} / plain integers: the id, and the name if any.
std::pair<std::string, std::string> ref_of(const json& v) {
    if (v.is_object()) {
        std::string id = id_text(member(v, "id"));
        if (id.empty()) id = id_text(member(v, "value"));
        const json& name = member(v, "name");
        return {id, name.is_string() ? name.get<std::string>() : ""};
    }
    return {id_text(v), ""};
}

std::string owner_name(const json& v, Context& cx) {
    auto [id, name] = ref_of(v);
    if (!name.empty()) {
        cx.added.add_owner(System::pipedrive, id, name);
        return name;
    }
    const std::string* known = cx.ref.owner(System::pipedrive, id);
    return known ? *known : id;
}

StageInfo stage_info(const json& s, Context& cx) {
    StageInfo info{cx.text(s, "name"), cx.text(s, "pipeline_name"), cx.number(s, "deal_probability") / 100,
                   core::DealState::open};
    // A pipeline with deal probability switched off shows 100 on every stage: it means "not used".
    if (member(s, "pipeline_deal_probability") == json(false)) info.probability = core::kNaN;
    return info;
}

// [SECTION] Deals ----------------------------------------------------------------------------------------------------
const KeySet kDealFields = {
    "id", "title", "value", "currency", "status", "stage_id", "pipeline_id", "user_id", "owner_id", "person_id",
    "org_id", "add_time", "update_time", "stage_change_time", "won_time", "lost_time", "close_time",
    "expected_close_date", "probability", "lost_reason", "is_deleted", "deleted"};

class Deals : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        std::string status = cx.text(r, "status");
        if (status == "deleted" || is_true(cx.flag(r, "is_deleted"))) { cx.skip("deleted deal", id); return; }
        core::Deal d;
        d.id = cx.sym(id);
        d.system = System::pipedrive;
        d.name = cx.sym_text(r, "title");
        d.amount = cx.number(r, "value");
        d.currency = cx.sym(upper(cx.text(r, "currency")));
        d.owner = cx.sym(owner_name(r.contains("owner_id") ? member(r, "owner_id") : member(r, "user_id"), cx));
        d.account_id = cx.sym(ref_of(member(r, "org_id")).first);
        d.created_at = cx.date(r, "add_time");
        d.probability = cx.number(r, "probability") / 100;
        std::string stage_id = id_text(member(r, "stage_id"));
        std::string pipeline_id = id_text(member(r, "pipeline_id"));
        d.stage_id = cx.sym(stage_id);
        const std::string* pipeline = cx.ref.pipeline(System::pipedrive, pipeline_id);
        d.pipeline = cx.sym(pipeline ? *pipeline : pipeline_id);
        if (const StageInfo* s = stage_id.empty() ? nullptr : cx.ref.stage(System::pipedrive, stage_id)) {
            d.stage = cx.sym(s->label);
            d.stage_probability = s->probability;
            if (!s->pipeline.empty()) d.pipeline = cx.sym(s->pipeline);
        }
        if (status == "won") d.state = core::DealState::won;
        else if (status == "lost") d.state = core::DealState::lost;
        if (d.state == core::DealState::won) d.closed_at = cx.date(r, "won_time");
        if (d.state == core::DealState::lost) d.closed_at = cx.date(r, "lost_time");
        if (d.state != core::DealState::open && !core::has(d.closed_at)) d.closed_at = cx.date(r, "close_time");
        if (d.state == core::DealState::open) d.expected_close = cx.date(r, "expected_close_date");
        // The current stage's entry is all the history a deal record carries.
        core::Day changed = cx.date(r, "stage_change_time");
        cx.note_fields(r, kDealFields);
        if (!cx.done(id)) return;
        if (core::has(changed) && d.stage_id) {
            d.history_begin = static_cast<uint32_t>(cx.part.stage_history.size());
            d.history_count = 1;
            cx.part.stage_history.push_back({d.stage, changed, core::kNoDay});
        }
        if (!d.stage && d.stage_id) unlabelled_.push_back(cx.part.deals.size());
        cx.part.deals.push_back(d);
    }

    // related_objects.stage (after data[] in v1 responses) labels the deals no stages file did; else "Stage <id>".
    void finish(Context& cx) override {
        const json& related = member(member(*cx.envelope, "related_objects"), "stage");
        for (size_t i : unlabelled_) {
            core::Deal& d = cx.part.deals[i];
            std::string stage_id(cx.str_of(d.stage_id));
            const json& s = member(related, stage_id);
            if (s.is_object()) {
                StageInfo info = stage_info(s, cx);
                d.stage = cx.sym(info.label);
                d.stage_probability = info.probability;
                if (!info.pipeline.empty()) d.pipeline = cx.sym(info.pipeline);
                cx.added.add_stage(System::pipedrive, stage_id, info);
            } else {
                d.stage = cx.sym("Stage " + stage_id);
            }
            if (d.history_count) cx.part.stage_history[d.history_begin].stage = d.stage;
        }
        cx.problem.clear();
    }

private:
    std::vector<size_t> unlabelled_;
};

// [SECTION] Stages and pipelines -------------------------------------------------------------------------------------
class Stages : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        StageInfo info = stage_info(r, cx);
        if (cx.done(id)) {
            cx.added.add_stage(System::pipedrive, id, info);
            cx.ref.add_stage(System::pipedrive, id, info);
        }
    }
};

class Pipelines : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        std::string name = cx.text(r, "name");
        if (id.empty()) { cx.skip("no id", ""); return; }
        if (cx.done(id)) cx.added.add_pipeline(System::pipedrive, id, name);
    }
};

// [SECTION] Persons and organizations --------------------------------------------------------------------------------
std::string primary_email(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (!v.is_array()) return "";
    std::string first;
    for (const json& e : v) {
        const json& value = member(e, "value");
        if (!value.is_string()) continue;
        if (member(e, "primary") == json(true)) return value.get<std::string>();
        if (first.empty()) first = value.get<std::string>();
    }
    return first;
}

class Persons : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Lead l;
        l.id = cx.sym(id);
        l.system = System::pipedrive;
        l.created_at = cx.date(r, "add_time");
        l.owner = cx.sym(owner_name(member(r, "owner_id"), cx));
        l.account_id = cx.sym(ref_of(member(r, "org_id")).first);
        std::string email = cx.text(r, "primary_email");
        if (email.empty()) email = primary_email(member(r, "email"));
        l.email_domain = cx.sym(domain_of(email));
        if (cx.done(id)) cx.part.leads.push_back(l);
    }
};

class Organizations : public Mapper {
public:
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        core::Account a;
        a.id = cx.sym(id);
        a.system = System::pipedrive;
        a.name = cx.sym_text(r, "name");
        a.domain = cx.sym(domain_of(cx.text(r, "website")));
        a.created_at = cx.date(r, "add_time");
        a.industry = cx.sym_text(r, "industry");
        a.employees = cx.number(r, "employee_count");
        owner_name(member(r, "owner_id"), cx); // remembers the owner's name for deals loaded later
        if (cx.done(id)) cx.part.accounts.push_back(a);
    }
};

} // namespace

// [SECTION] Detection ------------------------------------------------------------------------------------------------
Detected detect_pipedrive(const Probe& p) {
    const json& r = *p.first;
    const bool envelope = member(*p.envelope, "success").is_boolean();
    Detected d;
    if (r.contains("title") && r.contains("stage_id"))
        d = {std::make_unique<Deals>(), "pipedrive.deals", "records with title and stage_id (Pipedrive deals)"};
    else if (r.contains("deal_probability") && r.contains("pipeline_id") && r.contains("order_nr"))
        d = {std::make_unique<Stages>(), "pipedrive.stages",
             "records with pipeline_id, order_nr and deal_probability (Pipedrive stages)"};
    else if (r.contains("url_title") || (envelope && r.contains("deal_probability") && r.contains("order_nr")))
        d = {std::make_unique<Pipelines>(), "pipedrive.pipelines", "records with url_title (Pipedrive pipelines)"};
    else if (r.contains("first_name") && r.contains("org_id"))
        d = {std::make_unique<Persons>(), "pipedrive.persons", "records with first_name and org_id (Pipedrive persons)"};
    else if (r.contains("people_count") || (envelope && r.contains("address") && r.contains("owner_id")))
        d = {std::make_unique<Organizations>(), "pipedrive.organizations",
             "records with people_count (Pipedrive organizations)"};
    else if (envelope)
        d.refused = "Pipedrive response (success + data[]) whose records are not deals, stages, pipelines, persons "
                    "or organizations";
    return d;
}

} // namespace import
