// Tech stack: monthly cost by team, tools per team, overlaps (two tools doing one job) with their combined cost.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

namespace ui {

void draw_stack(const ViewContext& v) {
    const core::StackReport& s = v.report.stack;
    const std::string& cur = v.currency;
    if (s.tools.empty()) {
        begin_card("stack_empty", "Tech stack");
        ImGui::TextDisabled("No tools loaded. Describe your stack in canonical JSON (\"tools\": name, category, teams,"
                            " monthly_cost, seats) to see cost per team and overlaps.");
        end_card();
        return;
    }
    std::vector<Kpi> kpis = {
        {"Monthly cost", s.monthly_cost, NAN, ValueKind::money, cur, false, {}, TeamColor::revops, "All tools."},
        {"Tools", double(s.tools.size()), NAN, ValueKind::count, cur, true, {}, TeamColor::revops, ""},
        {"Overlapping categories", double(s.overlaps.size()), NAN, ValueKind::count, cur, false, {}, TeamColor::revops,
         "Categories with two or more tools."},
        {"Cost per seat", s.cost_per_seat, NAN, ValueKind::money, cur, false, {}, TeamColor::revops,
         "Over tools with both a cost and seats."},
    };
    kpi_row(kpis, 170);
    ImGui::Spacing();
    columns_begin(2, "st");
    begin_card("by_team", "Monthly cost by team", 0, "a shared tool splits its cost");
    {
        std::vector<std::string> labels;
        std::vector<double> cost;
        for (const auto& t : s.teams) {
            labels.push_back(t.team + " (" + std::to_string(t.tools) + " tools)");
            cost.push_back(t.monthly_cost);
        }
        hbars("team_cost", labels, cost, ValueKind::money, cur, team_color(TeamColor::revops));
    }
    end_card();
    columns_next();
    begin_card("overlaps", "Overlaps", 0, "two tools doing one job");
    if (s.overlaps.empty()) ImGui::TextDisabled("None.");
    for (const auto& o : s.overlaps) {
        std::string tools;
        for (const auto& t : o.tools) tools += (tools.empty() ? "" : ", ") + t;
        ImGui::Bullet();
        ImGui::TextWrapped("%s: %s \xE2\x80\x94 %s / month", o.category.c_str(), tools.c_str(),
                           fmt_money(o.combined_cost, cur).c_str());
    }
    end_card();
    columns_end();
    ImGui::Spacing();
    begin_card("tools", "Tools");
    if (ImGui::BeginTable("tools_t", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* h : {"Tool", "Category", "Teams", "Monthly cost", "Seats", "Cost per seat"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& t : s.tools) {
            std::string teams;
            for (const auto& x : t.teams) teams += (teams.empty() ? "" : ", ") + x;
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(t.name.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(t.category.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(teams.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(t.monthly_cost, cur).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(t.seats).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(t.cost_per_seat, cur).c_str());
        }
        ImGui::EndTable();
    }
    end_card();
}

} // namespace ui
