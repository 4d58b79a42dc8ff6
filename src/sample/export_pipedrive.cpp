// Pipedrive API v1: deals ({"success","data","additional_data","related_objects"}) and stages. Pipedrive keeps
// won/lost in `status`, not in a stage: a closed deal stays in the last open stage it reached.
#include "sample/export.h"
#include "sample/export_common.h"

#include <unordered_map>

namespace sample {

using nlohmann::json;
namespace ex = exporting;

namespace {

json text_or_null(std::string_view s) { return s.empty() ? json(nullptr) : json(std::string(s)); }
json time_or_null(core::Day d) { return core::has(d) ? json(ex::pd_datetime(d)) : json(nullptr); }

std::string envelope(const std::string &body, size_t count, const std::string &related) {
    return "{\"success\":true,\"data\":[" + body +
           "\n],\"additional_data\":{\"pagination\":{\"start\":0,\"limit\":" + std::to_string(count) +
           ",\"more_items_in_collection\":false}}" + related + "}\n";
}

} // namespace

std::vector<ExportFile> export_pipedrive(const core::Dataset &ds) {
    const auto catalog = ex::stage_catalog(ds);
    const auto owners = ex::owners_of(ds);
    // open stages get ids 1..n across pipelines; pipelines 1..m
    std::vector<std::vector<int>> stage_ids(catalog.size());
    std::string stages;
    ex::ListWriter stage_list{stages};
    int next_stage = 1;
    size_t stage_count = 0;
    for (size_t p = 0; p < catalog.size(); ++p)
        for (size_t k = 0; k < catalog[p].stages.size(); ++k) {
            const ex::StageInfo &s = catalog[p].stages[k];
            if (s.closed) {
                stage_ids[p].push_back(0);
                continue;
            }
            stage_ids[p].push_back(next_stage);
            stage_list.add(
                {{"id", next_stage},
                 {"order_nr", k},
                 {"name", s.label},
                 {"active_flag", true},
                 {"deal_probability", core::has(s.probability) ? json(std::lround(s.probability * 100)) : json(100)},
                 {"pipeline_id", p + 1},
                 {"rotten_flag", false},
                 {"rotten_days", nullptr},
                 {"add_time", "2023-01-02 09:00:00"},
                 {"update_time", "2023-01-02 09:00:00"},
                 {"pipeline_name", catalog[p].name},
                 {"pipeline_deal_probability", true}});
            ++next_stage;
            ++stage_count;
        }
    auto open_stage_id = [&](size_t p, std::string_view label) {
        for (size_t k = 0; k < catalog[p].stages.size(); ++k)
            if (catalog[p].stages[k].label == label) return stage_ids[p][k];
        return 0;
    };
    std::unordered_map<core::Sym, std::pair<int, std::string>> orgs; // account -> (org id, name)
    for (size_t i = 0; i < ds.accounts.size(); ++i)
        orgs[ds.accounts[i].id] = {static_cast<int>(i + 1), std::string(ds.str(ds.accounts[i].name))};

    auto user = [&](core::Sym owner) -> json {
        int32_t i = owners.of(owner);
        if (i < 0) return nullptr;
        const std::string &name = owners.names[static_cast<size_t>(i)];
        return {
            {"id", 12000000 + i},   {"name", name},        {"email", "owner" + std::to_string(i + 1) + "@example.com"},
            {"has_pic", 0},         {"pic_hash", nullptr}, {"active_flag", true},
            {"value", 12000000 + i}};
    };
    std::string deals;
    ex::ListWriter deal_list{deals};
    for (size_t i = 0; i < ds.deals.size(); ++i) {
        const core::Deal &d = ds.deals[i];
        size_t p = ex::pipeline_index(catalog, ds.str(d.pipeline));
        int stage = 0;
        core::Day stage_change = d.created_at;
        for (const core::StageEntry &e : ds.history(d)) { // the last open stage entered
            int id = open_stage_id(p, ds.str(e.stage));
            if (id) {
                stage = id;
                stage_change = e.entered_at;
            }
        }
        const char *status = d.state == core::DealState::won    ? "won"
                             : d.state == core::DealState::lost ? "lost"
                                                                : "open";
        auto org = orgs.find(d.account_id);
        json amount = core::has(d.amount) ? json(d.amount) : json(0);
        deal_list.add(
            {{"id", i + 1},
             {"title", text_or_null(ds.str(d.name))},
             {"value", amount},
             {"currency", d.currency ? json(std::string(ds.str(d.currency))) : json("USD")},
             {"status", status},
             {"stage_id", stage ? json(stage) : json(nullptr)},
             {"pipeline_id", p + 1},
             {"user_id", user(d.owner)},
             {"person_id", nullptr},
             {"org_id",
              org == orgs.end() ? json(nullptr) : json({{"name", org->second.second}, {"value", org->second.first}})},
             {"add_time", ex::pd_datetime(d.created_at)},
             {"update_time", ex::pd_datetime(core::has(d.closed_at) ? d.closed_at : stage_change)},
             {"stage_change_time", time_or_null(stage_change)},
             {"won_time", time_or_null(d.state == core::DealState::won ? d.closed_at : core::kNoDay)},
             {"lost_time", time_or_null(d.state == core::DealState::lost ? d.closed_at : core::kNoDay)},
             {"close_time", time_or_null(d.closed_at)},
             {"expected_close_date",
              core::has(d.expected_close) ? json(core::day_label(d.expected_close)) : json(nullptr)},
             {"probability", nullptr},
             {"lost_reason", d.state == core::DealState::lost ? json("No budget") : json(nullptr)},
             {"active", d.state == core::DealState::open},
             {"deleted", false},
             {"origin", "API"}});
    }
    std::vector<ExportFile> files;
    files.push_back({"pipedrive_deals.json", envelope(deals, ds.deals.size(), "")});
    files.push_back({"pipedrive_stages.json", envelope(stages, stage_count, "")});
    return files;
}

} // namespace sample
