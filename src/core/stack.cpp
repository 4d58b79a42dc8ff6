#include "core/stack.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cctype>
#include <map>

namespace core {

namespace {

constexpr Team kTeams[] = {kMarketing, kSales, kSuccess, kRevops, kOtherTeam};
constexpr const char* kTeamNames[] = {"marketing", "sales", "success", "revops", "other"};
constexpr int kTeamCount = 5;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

} // namespace

StackReport compute_stack(const Dataset& ds, const Context&) {
    StackReport r;
    for (int t = 0; t < kTeamCount; ++t) r.teams.push_back({kTeamNames[t], 0, 0});

    struct Category {
        std::string label;
        std::vector<std::string> tools, keys;
        double cost = 0;
    };
    std::map<std::string, Category> categories; // key: lower-case category, so "CRM" and "crm" are one
    double seat_cost = 0, seats = 0;
    for (const Tool& tool : ds.tools) {
        StackTool out;
        out.name = std::string(ds.str(tool.name));
        out.category = std::string(ds.str(tool.category));
        out.owner = std::string(ds.str(tool.owner));
        out.monthly_cost = tool.monthly_cost;
        out.seats = tool.seats;
        const bool costed = std::isfinite(tool.monthly_cost);
        if (costed) r.monthly_cost += tool.monthly_cost;
        else ++r.tools_without_cost;
        if (costed && std::isfinite(tool.seats) && tool.seats > 0) {
            out.cost_per_seat = tool.monthly_cost / tool.seats;
            seat_cost += tool.monthly_cost;
            seats += tool.seats;
        }

        // A tool nobody claimed belongs to "other", so per-team costs always add up to the total.
        const uint8_t teams = (tool.teams & 31) ? (tool.teams & 31) : kOtherTeam;
        const int shared_by = std::popcount(teams);
        for (int t = 0; t < kTeamCount; ++t) {
            if (!(teams & kTeams[t])) continue;
            out.teams.push_back(kTeamNames[t]);
            ++r.teams[t].tools;
            if (costed) r.teams[t].monthly_cost += tool.monthly_cost / shared_by;
        }

        if (!out.category.empty()) {
            Category& c = categories[lower(out.category)];
            if (c.label.empty()) c.label = out.category;
            const std::string key = lower(out.name);
            if (std::find(c.keys.begin(), c.keys.end(), key) == c.keys.end()) {
                c.keys.push_back(key);
                c.tools.push_back(out.name);
            }
            if (costed) c.cost += tool.monthly_cost;
        }
        r.tools.push_back(std::move(out));
    }
    if (seats > 0) r.cost_per_seat = seat_cost / seats;
    for (auto& [key, c] : categories)
        if (c.tools.size() >= 2) r.overlaps.push_back({c.label, c.tools, c.cost});
    return r;
}

nlohmann::json to_json(const StackReport& r) {
    nlohmann::json j;
    j["monthly_cost"] = number(r.monthly_cost);
    nlohmann::json per_team = nlohmann::json::object(), tools_per_team = nlohmann::json::object();
    for (const StackTeam& t : r.teams) {
        per_team[t.team] = number(t.monthly_cost);
        tools_per_team[t.team] = t.tools;
    }
    j["monthly_cost_per_team"] = per_team;
    j["tools_per_team"] = tools_per_team;
    j["overlaps"] = nlohmann::json::array();
    for (const StackOverlap& o : r.overlaps)
        j["overlaps"].push_back(
            {{"category", o.category}, {"tools", o.tools}, {"combined_cost", number(o.combined_cost)}});
    j["cost_per_seat"] = number(r.cost_per_seat);
    j["tools"] = nlohmann::json::array();
    for (const StackTool& t : r.tools)
        j["tools"].push_back({{"name", t.name}, {"category", t.category}, {"owner", t.owner}, {"teams", t.teams},
                              {"monthly_cost", number(t.monthly_cost)}, {"seats", number(t.seats)},
                              {"cost_per_seat", number(t.cost_per_seat)}});
    j["tools_without_cost"] = r.tools_without_cost;
    return j;
}

} // namespace core
