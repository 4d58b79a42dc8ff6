// Tech stack (docs/metrics.md "Tech stack"): costs, teams, overlaps; expected values worked out by hand.
#include "core/stack.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace core;

namespace {

// HubSpot    Email marketing  marketing+sales  800  10 seats
// Mailchimp  email marketing  marketing        300   3 seats   (same category, other spelling)
// Salesforce CRM              sales           1500  10 seats
// Gong       (no category)    sales            no cost
// Zapier     Automation       (no team)        100   no seats  -> "other"
Dataset stack() {
    Dataset ds;
    auto tool = [&](const char* name, const char* category, uint8_t teams, double cost, double seats) {
        Tool t;
        t.name = ds.sym(name);
        t.category = ds.sym(category);
        t.teams = teams;
        t.monthly_cost = cost;
        t.seats = seats;
        ds.tools.push_back(t);
    };
    tool("HubSpot", "Email marketing", kMarketing | kSales, 800, 10);
    tool("Mailchimp", "email marketing", kMarketing, 300, 3);
    tool("Salesforce", "CRM", kSales, 1500, 10);
    tool("Gong", "", kSales, kNaN, 12);
    tool("Zapier", "Automation", 0, 100, kNaN);
    return ds;
}

const StackTeam& team(const StackReport& r, const std::string& name) {
    for (const StackTeam& t : r.teams)
        if (t.team == name) return t;
    static StackTeam none;
    ADD_FAILURE() << "no team " << name;
    return none;
}

} // namespace

TEST(Stack, CostsPerTeamAddUpToTheTotal) {
    const StackReport r = compute_stack(stack(), Context{});
    EXPECT_DOUBLE_EQ(r.monthly_cost, 2700); // 800 + 300 + 1500 + 100; Gong has no cost
    EXPECT_EQ(r.tools_without_cost, 1u);
    // HubSpot is shared by two teams: 400 each.
    EXPECT_DOUBLE_EQ(team(r, "marketing").monthly_cost, 700);  // 400 + 300
    EXPECT_DOUBLE_EQ(team(r, "sales").monthly_cost, 1900);     // 400 + 1500
    EXPECT_DOUBLE_EQ(team(r, "success").monthly_cost, 0);
    EXPECT_DOUBLE_EQ(team(r, "revops").monthly_cost, 0);
    EXPECT_DOUBLE_EQ(team(r, "other").monthly_cost, 100);      // Zapier, claimed by no team
    EXPECT_EQ(team(r, "marketing").tools, 2u);
    EXPECT_EQ(team(r, "sales").tools, 3u);                     // HubSpot, Salesforce, Gong
    EXPECT_EQ(team(r, "other").tools, 1u);
}

TEST(Stack, OverlapsAreCategoriesWithTwoTools) {
    const StackReport r = compute_stack(stack(), Context{});
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_EQ(r.overlaps[0].category, "Email marketing");
    EXPECT_EQ(r.overlaps[0].tools, (std::vector<std::string>{"HubSpot", "Mailchimp"}));
    EXPECT_DOUBLE_EQ(r.overlaps[0].combined_cost, 1100);
}

TEST(Stack, CostPerSeat) {
    const StackReport r = compute_stack(stack(), Context{});
    // Tools with both a cost and seats: (800 + 300 + 1500) / (10 + 3 + 10).
    EXPECT_DOUBLE_EQ(r.cost_per_seat, 2600.0 / 23);
    ASSERT_EQ(r.tools.size(), 5u);
    EXPECT_DOUBLE_EQ(r.tools[0].cost_per_seat, 80);
    EXPECT_TRUE(std::isnan(r.tools[3].cost_per_seat)); // Gong: no cost
}

TEST(Stack, Json) {
    const nlohmann::json j = to_json(compute_stack(stack(), Context{}));
    EXPECT_EQ(j["monthly_cost"], 2700.0);
    EXPECT_EQ(j["monthly_cost_per_team"]["sales"], 1900.0);
    EXPECT_EQ(j["tools_per_team"]["marketing"], 2);
    EXPECT_EQ(j["overlaps"][0]["combined_cost"], 1100.0);
    EXPECT_TRUE(j["tools"][3]["monthly_cost"].is_null());
}

TEST(Stack, NoToolsNoNumbersInvented) {
    const StackReport r = compute_stack(Dataset{}, Context{});
    EXPECT_DOUBLE_EQ(r.monthly_cost, 0);
    EXPECT_TRUE(r.overlaps.empty());
    EXPECT_TRUE(to_json(r)["cost_per_seat"].is_null()); // no seats: zero denominator
}
