// Salesforce REST query results (one page or several, or the `sf data query --json` wrapper) and sfdx data-tree files
// (lower-case keys, string amounts, referenceId instead of Id): Opportunity, Lead, Contact, Account, User,
// OpportunityHistory.
//
// [SECTION] Field names: sfdx files write keys in any case
// [SECTION] Opportunity
// [SECTION] Lead, Contact, Account, User
// [SECTION] OpportunityHistory
// [SECTION] Detection
#include "import/mapping.h"

#include <algorithm>
#include <set>

namespace import {

namespace {

using core::System;

// [SECTION] Field names ----------------------------------------------------------------------------------------------
// The fields we read, in Salesforce's spelling. A record's keys are matched case-insensitively onto these.
const std::set<std::string, std::less<>> kFields = {
    "Id", "Name", "AccountId", "OwnerId", "Owner", "StageName", "Amount", "CloseDate", "CreatedDate", "IsWon",
    "IsClosed", "LeadSource", "Type", "Probability", "ForecastCategoryName", "ForecastCategory", "CurrencyIsoCode",
    "Status", "IsConverted", "ConvertedDate", "ConvertedAccountId", "ConvertedOpportunityId", "Company", "Email",
    "Website", "Industry", "NumberOfEmployees", "AccountSource", "FirstName", "LastName", "OpportunityId",
    "attributes"};

json canonical_keys(const json& rec, Context& cx) {
    static const auto by_lower = [] {
        std::map<std::string, std::string> m;
        for (auto& f : kFields) m[lower(f)] = f;
        return m;
    }();
    json out = json::object();
    for (auto& [k, v] : rec.items()) {
        auto it = by_lower.find(lower(k));
        if (it != by_lower.end()) out[it->second] = v;
        else if (cx.ignored.size() < 100) cx.ignored.insert(k);
    }
    return out;
}

std::string sf_id(const json& r, Context& cx) {
    std::string id = cx.text(r, "Id");
    if (id.empty()) id = cx.text(member(r, "attributes"), "referenceId"); // sfdx data-tree
    return id;
}

std::string owner_of(const json& r, Context& cx) {
    std::string name = cx.text(member(r, "Owner"), "Name"); // parent relationship in the SELECT
    if (!name.empty()) return name;
    std::string id = cx.text(r, "OwnerId");
    const std::string* known = cx.ref.owner(System::salesforce, id);
    return known ? *known : id;
}

// Salesforce's default stages and their default probabilities (Setup > Opportunity Stages of a new org).
struct DefaultStage { const char* name; double probability; };
constexpr DefaultStage kDefaultStages[] = {
    {"Prospecting", 0.1}, {"Qualification", 0.1}, {"Needs Analysis", 0.2}, {"Value Proposition", 0.5},
    {"Id. Decision Makers", 0.6}, {"Perception Analysis", 0.7}, {"Proposal/Price Quote", 0.75},
    {"Negotiation/Review", 0.9}, {"Closed Won", 1.0}, {"Closed Lost", 0.0}};

double default_probability(std::string_view stage) {
    for (auto& d : kDefaultStages)
        if (lower(stage) == lower(d.name)) return d.probability;
    return core::kNaN;
}

// [SECTION] Opportunity ----------------------------------------------------------------------------------------------
class Opportunities : public Mapper {
public:
    void record(const json& raw, Context& cx) override {
        if (!wrong_type(raw, "Opportunity", cx)) return;
        json r = canonical_keys(raw, cx);
        std::string id = sf_id(r, cx);
        if (id.empty()) { cx.skip("no Id", ""); return; }
        core::Deal d;
        d.id = cx.sym(id);
        d.system = System::salesforce;
        d.name = cx.sym_text(r, "Name");
        d.account_id = cx.sym_text(r, "AccountId");
        d.owner = cx.sym(owner_of(r, cx));
        d.source = cx.sym_text(r, "LeadSource");
        std::string stage = cx.text(r, "StageName");
        d.stage_id = d.stage = cx.sym(stage);
        d.stage_probability = default_probability(stage);
        if (!stage.empty() && !core::has(d.stage_probability) && !state_from_stage_name(stage))
            ++cx.part.files.front().unknown_stages;
        d.amount = cx.number(r, "Amount");
        d.currency = cx.sym(upper(cx.text(r, "CurrencyIsoCode")));
        d.created_at = cx.date(r, "CreatedDate");
        d.probability = cx.number(r, "Probability") / 100; // Salesforce: 0..100
        d.type = deal_type_from(cx.text(r, "Type"));
        std::string fc = cx.text(r, "ForecastCategoryName");
        d.forecast_category = forecast_category_from(fc.empty() ? cx.text(r, "ForecastCategory") : fc);
        auto won = cx.flag(r, "IsWon");
        auto closed = cx.flag(r, "IsClosed");
        if (is_true(won)) d.state = core::DealState::won;
        else if (is_true(closed)) d.state = core::DealState::lost;
        else if (closed) d.state = core::DealState::open;
        else if (auto s = state_from_stage_name(stage)) d.state = *s;
        (d.state == core::DealState::open ? d.expected_close : d.closed_at) = cx.date(r, "CloseDate");
        if (cx.done(id)) cx.part.deals.push_back(d);
    }

    // Rows of other objects (a mixed data-tree folder) are skipped, not mis-mapped.
    static bool wrong_type(const json& raw, std::string_view want, Context& cx) {
        std::string type = cx.text(member(raw, "attributes"), "type");
        if (type.empty() || type == want) return true;
        cx.skip("record of another object (" + type + ")", cx.text(raw, "Id"));
        return false;
    }
};

// [SECTION] Lead, Contact, Account, User -----------------------------------------------------------------------------
class Leads : public Mapper {
public:
    explicit Leads(bool contacts) : contacts_(contacts) {}
    void record(const json& raw, Context& cx) override {
        if (!Opportunities::wrong_type(raw, contacts_ ? "Contact" : "Lead", cx)) return;
        json r = canonical_keys(raw, cx);
        std::string id = sf_id(r, cx);
        if (id.empty()) { cx.skip("no Id", ""); return; }
        core::Lead l;
        l.id = cx.sym(id);
        l.system = System::salesforce;
        l.created_at = cx.date(r, "CreatedDate");
        l.source = cx.sym_text(r, "LeadSource");
        l.owner = cx.sym(owner_of(r, cx));
        l.email_domain = cx.sym(domain_of(cx.text(r, "Email")));
        if (contacts_) {
            l.account_id = cx.sym_text(r, "AccountId");
        } else {
            // A lead is a lead from its creation; conversion makes an opportunity, i.e. the SQL date (formats.md).
            l.status = cx.sym_text(r, "Status");
            l.account_id = cx.sym_text(r, "ConvertedAccountId");
            l.stage_at[core::kLead] = l.created_at;
            l.stage_at[core::kSql] = cx.date(r, "ConvertedDate");
        }
        if (cx.done(id)) cx.part.leads.push_back(l);
    }

private:
    bool contacts_;
};

class Accounts : public Mapper {
public:
    void record(const json& raw, Context& cx) override {
        if (!Opportunities::wrong_type(raw, "Account", cx)) return;
        json r = canonical_keys(raw, cx);
        std::string id = sf_id(r, cx);
        if (id.empty()) { cx.skip("no Id", ""); return; }
        core::Account a;
        a.id = cx.sym(id);
        a.system = System::salesforce;
        a.name = cx.sym_text(r, "Name");
        a.domain = cx.sym(domain_of(cx.text(r, "Website")));
        a.created_at = cx.date(r, "CreatedDate");
        a.industry = cx.sym_text(r, "Industry");
        a.employees = cx.number(r, "NumberOfEmployees");
        a.source = cx.sym_text(r, "AccountSource");
        a.segment = cx.sym_text(r, "Type");
        if (cx.done(id)) cx.part.accounts.push_back(a);
    }
};

class Users : public Mapper {
public:
    void record(const json& raw, Context& cx) override {
        json r = canonical_keys(raw, cx);
        std::string id = sf_id(r, cx);
        std::string name = cx.text(r, "Name");
        if (name.empty()) {
            std::string first = cx.text(r, "FirstName"), last = cx.text(r, "LastName");
            name = first.empty() ? last : last.empty() ? first : first + " " + last;
        }
        if (id.empty() || name.empty()) { cx.skip("user without Id or name", id); return; }
        cx.added.add_owner(System::salesforce, id, name);
        cx.done(id);
    }
};

// [SECTION] OpportunityHistory ---------------------------------------------------------------------------------------
// Each row is one stage change. Opportunities loaded before get the history appended after the merge; the others
// become deals of their own (stage, amount and dates of their latest row), so the history is not lost.
class History : public Mapper {
public:
    void record(const json& raw, Context& cx) override {
        json r = canonical_keys(raw, cx);
        std::string opp = cx.text(r, "OpportunityId");
        Row row{cx.date(r, "CreatedDate"), cx.text(r, "StageName"), cx.number(r, "Amount"), cx.date(r, "CloseDate"),
                cx.number(r, "Probability") / 100};
        if (opp.empty()) cx.problem = "field OpportunityId: expected an id, got null";
        else if (!core::has(row.at)) cx.bad("CreatedDate", member(r, "CreatedDate"), "a date");
        if (cx.done(sf_id(r, cx))) rows_[opp].push_back(std::move(row));
    }

    void finish(Context& cx) override {
        for (const core::Deal& d : cx.into.deals) // opportunities already loaded (one pass, not per row)
            if (d.system == System::salesforce && rows_.count(std::string(cx.into.str(d.id))))
                loaded_.insert(std::string(cx.into.str(d.id)));
        for (auto& [opp, rows] : rows_) {
            std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.at < b.at; });
            if (loaded_.count(opp)) continue; // appended after the merge (see after())
            const Row& last = rows.back();
            core::Deal d;
            d.id = cx.sym(opp);
            d.system = System::salesforce;
            d.stage_id = d.stage = cx.sym(last.stage);
            d.stage_probability = default_probability(last.stage);
            d.amount = last.amount;
            d.probability = last.probability;
            d.created_at = rows.front().at;
            if (auto s = state_from_stage_name(last.stage)) d.state = *s;
            (d.state == core::DealState::open ? d.expected_close : d.closed_at) = last.close;
            d.history_begin = static_cast<uint32_t>(cx.part.stage_history.size());
            for (auto& e : entries(rows)) cx.part.stage_history.push_back({cx.sym(e.first), e.second.first,
                                                                           e.second.second});
            d.history_count = static_cast<uint32_t>(cx.part.stage_history.size()) - d.history_begin;
            cx.part.deals.push_back(d);
        }
    }

    // Opportunities loaded before this file (kept out of finish()) get their history after the merge.
    void after(AfterMerge& out) override {
        for (auto& [opp, rows] : rows_) {
            if (!loaded_.count(opp)) continue;
            std::vector<AfterMerge::Entry> entries;
            for (auto& e : this->entries(rows)) entries.push_back({e.first, e.second.first, e.second.second});
            out.history_salesforce.emplace_back(opp, std::move(entries));
        }
    }

private:
    struct Row { core::Day at; std::string stage; double amount; core::Day close; double probability; };

    // Consecutive rows in the same stage (amount or date edits) are one stay in that stage.
    static std::vector<std::pair<std::string, std::pair<core::Day, core::Day>>> entries(const std::vector<Row>& rows) {
        std::vector<std::pair<std::string, std::pair<core::Day, core::Day>>> out;
        for (const Row& r : rows) {
            if (!out.empty() && out.back().first == r.stage) continue;
            if (!out.empty()) out.back().second.second = r.at;
            out.push_back({r.stage, {r.at, core::kNoDay}});
        }
        return out;
    }

    std::map<std::string, std::vector<Row>> rows_;
    std::set<std::string> loaded_; // the opportunities of rows_ that were loaded before this file
};

} // namespace

// [SECTION] Detection ------------------------------------------------------------------------------------------------
Detected detect_salesforce(const Probe& p) {
    const json& attributes = member(*p.first, "attributes");
    Detected d;
    const json& t = member(attributes, "type");
    if (!t.is_string()) return d;
    std::string type = t.get<std::string>();
    std::string because = "records with attributes.type \"" + type + "\" (Salesforce " +
                          (attributes.contains("referenceId") ? "sfdx data-tree file)" : "query result)");
    if (type == "Opportunity") d.mapper = std::make_unique<Opportunities>();
    else if (type == "Lead") d.mapper = std::make_unique<Leads>(false);
    else if (type == "Contact") d.mapper = std::make_unique<Leads>(true);
    else if (type == "Account") d.mapper = std::make_unique<Accounts>();
    else if (type == "User") d.mapper = std::make_unique<Users>();
    else if (type == "OpportunityHistory") d.mapper = std::make_unique<History>();
    else if (type == "AggregateResult")
        d.refused = "Salesforce aggregate rows (AggregateResult) are totals, not records: export the records "
                    "themselves (SELECT Id, ... FROM Opportunity)";
    else
        d.refused = "Salesforce object \"" + type + "\" is not one we import: expected Opportunity, Lead, Contact, "
                    "Account, User or OpportunityHistory";
    if (d.mapper) {
        d.format = "salesforce." + type;
        d.because = because;
    }
    return d;
}

} // namespace import
