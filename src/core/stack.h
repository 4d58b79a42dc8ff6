// Tech stack (docs/metrics.md "Tech stack"): what the revenue teams' tools cost, per team, and where they overlap.
#pragma once
#include "core/context.h"
#include "core/model.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace core {

struct StackTeam {
    std::string team;                   // "marketing", "sales", "success", "revops", "other"
    double monthly_cost = 0;            // a tool shared by n teams puts 1/n of its cost on each
    uint64_t tools = 0;                 // every tool the team uses, shared ones included
};

struct StackTool {
    std::string name, category, owner;
    std::vector<std::string> teams;
    double monthly_cost = kNaN, seats = kNaN, cost_per_seat = kNaN;
};

struct StackOverlap {
    std::string category;
    std::vector<std::string> tools;
    double combined_cost = 0;
};

struct StackReport {
    double monthly_cost = 0;            // tools without a cost add nothing (counted in tools_without_cost)
    std::vector<StackTeam> teams;       // the five teams, always in the same order
    std::vector<StackTool> tools;
    std::vector<StackOverlap> overlaps; // categories with two or more tools, by category name
    double cost_per_seat = kNaN;        // over tools that have both a cost and seats
    uint64_t tools_without_cost = 0;
};

StackReport compute_stack(const Dataset& ds, const Context& ctx);
nlohmann::json to_json(const StackReport& r); // the object at `stack`

} // namespace core
