// Tech stack: monthly cost by team, tools per team, overlaps (two tools doing one job) with their combined cost.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

namespace ui {

namespace {
std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& x : items) out += (out.empty() ? "" : ", ") + x;
    return out;
}
} // namespace

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
            labels.push_back(t.team + " (" + std::to_string(t.tools) + (t.tools == 1 ? " tool)" : " tools)"));
            cost.push_back(t.monthly_cost);
        }
        hbars("team_cost", labels, cost, ValueKind::money, cur, team_color(TeamColor::revops));
    }
    end_card();
    columns_next();
    begin_card("overlaps", "Overlaps", 0, "two tools doing one job");
    if (!s.overlaps.empty() && csv_button("stack.overlaps")) {
        RecordTable t{"Tool overlaps", {"Category", "Tools", "Combined monthly cost"}};
        for (const auto& o : s.overlaps) t.cells.push_back({o.category, join(o.tools), csv_number(o.combined_cost)});
        save_csv(v.host, t);
    }
    if (s.overlaps.empty()) ImGui::TextDisabled("None.");
    for (const auto& o : s.overlaps) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s: %s \xE2\x80\x94 %s / month", o.category.c_str(), join(o.tools).c_str(),
                           fmt_money(o.combined_cost, cur).c_str());
    }
    end_card();
    columns_end();
    ImGui::Spacing();
    begin_card("tools", "Tools");
    if (csv_button("stack.tools")) {
        RecordTable t{"Tools", {"Tool", "Category", "Teams", "Monthly cost", "Seats", "Cost per seat"}};
        for (const auto& tool : s.tools)
            t.cells.push_back({tool.name, tool.category, join(tool.teams), csv_number(tool.monthly_cost),
                               csv_number(tool.seats), csv_number(tool.cost_per_seat)});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("tools_t", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* h : {"Tool", "Category", "Teams", "Monthly cost", "Seats", "Cost per seat"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& t : s.tools) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(t.name.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(t.category.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(join(t.teams).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(t.monthly_cost, cur).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(t.seats).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(t.cost_per_seat, cur).c_str());
        }
        ImGui::EndTable();
    }
    end_card();
}

} // namespace ui
