// Overview: the RevOps room. KPIs of all three teams with their change, the unified funnel with its handoffs, the
// bottleneck of the month with its playbook, and how fresh the data is.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

#include <cmath>

namespace ui {

namespace {

TeamColor team_of(const std::string& team) {
    if (team.rfind("marketing", 0) == 0 && team.find("sales") == std::string::npos) return TeamColor::marketing;
    if (team.find("success") != std::string::npos) return TeamColor::success;
    if (team.find("sales") != std::string::npos) return TeamColor::sales;
    return TeamColor::neutral;
}

const char* stage_title(const std::string& s) {
    if (s == "lead") return "Lead";
    if (s == "mql") return "MQL";
    if (s == "sql") return "SQL";
    if (s == "opportunity") return "Opportunity";
    if (s == "customer") return "Customer";
    if (s == "retained") return "Retained";
    return s.c_str();
}

void draw_bottleneck(const ViewContext& v) {
    const auto& months = v.report.bottlenecks.months;
    const core::BottleneckMonth* latest = nullptr;
    for (auto it = months.rbegin(); it != months.rend(); ++it)
        if (it->bottleneck >= 0) { latest = &*it; break; }
    begin_card("bottleneck", "Bottleneck of the month");
    auto kind_of = [](const core::BottleneckCandidate& c) {
        return c.metric.find("days") != std::string::npos || c.metric == "sales_cycle" ? ValueKind::days
                                                                                         : ValueKind::percent;
    };
    if (latest && csv_button("overview.bottlenecks")) { // the table of months below, newest first
        RecordTable t{"Bottlenecks by month", {"Month", "Bottleneck", "Metric", "Value", "Baseline", "Records"}};
        for (auto it = months.rbegin(); it != months.rend(); ++it) {
            if (it->bottleneck < 0) {
                t.cells.push_back({core::month_label(it->month), "", "", "", "", ""});
                continue;
            }
            const auto& b = it->candidates[static_cast<size_t>(it->bottleneck)];
            t.cells.push_back({core::month_label(it->month), b.transition, b.metric, csv_number(b.value),
                               csv_number(b.baseline), csv_number(double(b.records))});
        }
        save_csv(v.host, t);
    }
    if (!latest) {
        ImGui::TextDisabled("No transition got worse than its 3-month baseline with %d or more records behind it.",
                            v.settings.bottleneck_min_records);
    } else {
        const auto& c = latest->candidates[static_cast<size_t>(latest->bottleneck)];
        ImGui::PushStyleColor(ImGuiCol_Text, team_color(team_of(c.team)));
        ImGui::Text("%s \xE2\x80\x94 %s", fmt_month(latest->month).c_str(), c.transition.c_str());
        ImGui::PopStyleColor();
        ValueKind kind = kind_of(c);
        ImGui::Text("%s against a baseline of %s (%s worse), %lld records, owned by %s",
                    format_value(c.value, kind).c_str(), format_value(c.baseline, kind).c_str(),
                    fmt_percent(c.score, 0).c_str(), static_cast<long long>(c.records), c.team.c_str());
        if (!latest->playbook.title.empty()) {
            ImGui::Spacing();
            ImGui::PushFont(fonts().heading);
            ImGui::TextWrapped("%s", latest->playbook.title.c_str());
            ImGui::PopFont();
            for (const std::string& a : latest->playbook.actions) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", a.c_str());
            }
        }
        // the earlier months, for context
        ImGui::Spacing();
        if (ImGui::BeginTable("earlier", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("Month");
            ImGui::TableSetupColumn("Bottleneck");
            ImGui::TableSetupColumn("Value vs baseline");
            ImGui::TableSetupColumn("Records");
            ImGui::TableHeadersRow();
            for (auto it = months.rbegin(); it != months.rend(); ++it) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(fmt_month(it->month).c_str());
                ImGui::TableNextColumn();
                if (it->bottleneck < 0) {
                    ImGui::TextDisabled("none");
                    continue;
                }
                const auto& b = it->candidates[static_cast<size_t>(it->bottleneck)];
                ValueKind k = kind_of(b);
                ImGui::TextUnformatted(b.transition.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%s vs %s", format_value(b.value, k).c_str(), format_value(b.baseline, k).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(b.records));
            }
            ImGui::EndTable();
        }
    }
    end_card();
}

} // namespace

void draw_overview(const ViewContext& v) {
    const core::Report& r = v.report;
    const core::Headline& c = r.current;
    const core::Headline& p = r.previous;
    const std::string& cur = v.currency;

    std::vector<double> leads_trend, win_trend, bookings_trend, mrr_trend, churn_trend;
    for (const auto& m : r.marketing.by_month) leads_trend.push_back(double(m.leads_created));
    for (const auto& m : r.sales.win_rate_by_month) win_trend.push_back(m.value);
    for (const auto& m : r.sales.bookings) bookings_trend.push_back(m.amount);
    for (const auto& m : r.success.months) mrr_trend.push_back(m.mrr), churn_trend.push_back(m.logo_churn_rate);
    // logo churn of the last month of the period, against the month before
    double churn_now = NAN, churn_before = NAN;
    for (auto it = r.success.months.rbegin(); it != r.success.months.rend(); ++it)
        if (!std::isnan(it->logo_churn_rate)) {
            if (std::isnan(churn_now)) churn_now = it->logo_churn_rate;
            else { churn_before = it->logo_churn_rate; break; }
        }
    const double prev_or_nan = r.has_previous ? 1 : NAN;
    std::vector<Kpi> kpis = {
        {"Leads", double(c.leads_created), double(p.leads_created) * prev_or_nan, ValueKind::count, cur, true,
         leads_trend, TeamColor::marketing, "Records whose lead date (actual or implied) falls in the period."},
        {"MQL \xE2\x86\x92 SQL", c.mql_to_sql_rate, p.mql_to_sql_rate, ValueKind::percent, cur, true, {},
         TeamColor::marketing, "Of the MQLs of the period, the share that became SQL by the as-of date (handoff)."},
        {"Open pipeline", c.open_pipeline_value, p.open_pipeline_value * prev_or_nan, ValueKind::money, cur, true, {},
         TeamColor::sales, "Amount of deals open at the as-of date."},
        {"Win rate", c.win_rate, p.win_rate, ValueKind::percent, cur, true, win_trend, TeamColor::sales,
         "Won \xC3\xB7 (won + lost) among deals closed in the period."},
        {"Bookings", c.bookings_amount, p.bookings_amount * prev_or_nan, ValueKind::money, cur, true, bookings_trend,
         TeamColor::sales, "Amount of deals won in the period."},
        {"MRR", c.mrr, p.mrr, ValueKind::money, cur, true, mrr_trend, TeamColor::success,
         "Monthly recurring revenue at the as-of date."},
        {"NRR (12 m)", c.nrr_12m, p.nrr_12m, ValueKind::percent, cur, true, {}, TeamColor::success,
         "MRR now of the accounts paying a year ago \xC3\xB7 their MRR then."},
        {"Logo churn", churn_now, churn_before, ValueKind::percent, cur, false, churn_trend, TeamColor::success,
         "Accounts that stopped paying in the last month \xC3\xB7 accounts paying at its start (vs the month before)."},
    };
    static const char* drill_metric[] = {"leads_created", "mql_to_sql_rate", "open_pipeline", "win_rate", "bookings",
                                         "", "", ""};
    int k = kpi_row(kpis);
    if (k >= 0 && *drill_metric[k] && v.actions.drill) v.actions.drill(drill_metric[k], "", kpis[static_cast<size_t>(k)].label);

    ImGui::Spacing();
    begin_card("funnel", "Unified funnel", 0, "lead \xE2\x86\x92 renewal, both percentages, median handoff time");
    std::vector<FunnelStep> steps;
    steps.push_back({"Lead", double(r.funnel.leads), NAN, 1.0, NAN, team_color(TeamColor::marketing), "marketing"});
    for (const auto& t : r.funnel.transitions) {
        if (t.to == "retained" && !r.funnel.has_retention) continue;
        steps.push_back({stage_title(t.to), double(t.count_to), t.rate, t.rate_from_top, t.median_days,
                         team_color(team_of(t.team)), t.team + (t.handoff ? " (handoff)" : "")});
    }
    int step = funnel("unified", steps);
    if (step >= 0 && step < 5 && v.actions.drill) {
        static const char* keys[] = {"lead", "mql", "sql", "opportunity", "customer"};
        v.actions.drill("funnel", keys[step], std::string("Funnel: ") + steps[static_cast<size_t>(step)].label);
    }
    if (!r.funnel.has_retention && !r.funnel.retention_note.empty()) ImGui::TextDisabled("%s", r.funnel.retention_note.c_str());
    // legend of teams
    for (auto [name, t] : {std::pair{"Marketing", TeamColor::marketing}, {"Sales", TeamColor::sales},
                           {"Customer success", TeamColor::success}}) {
        ImVec2 p0 = ImGui::GetCursorScreenPos();
        float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p0.x, p0.y + h * 0.25f), ImVec2(p0.x + h * 0.5f, p0.y + h * 0.75f),
                                                  team_color(t), 2);
        ImGui::Dummy(ImVec2(h * 0.5f + 2, h));
        ImGui::SameLine();
        ImGui::TextDisabled("%s", name);
        ImGui::SameLine(0, 18);
    }
    ImGui::NewLine();
    end_card();

    ImGui::Spacing();
    columns_begin(2, "overview_cols");
    draw_bottleneck(v);
    columns_next();
    begin_card("freshness", "Data");
    ImGui::Text("As of %s", fmt_day(r.as_of).c_str());
    ImGui::TextDisabled("Period %s \xE2\x80\x93 %s (%s)", fmt_day(r.from).c_str(), fmt_day(r.to).c_str(),
                        core::preset_name(r.preset));
    ImGui::Text("%zu file%s loaded", v.files.size(), v.files.size() == 1 ? "" : "s");
    for (const LoadedFile& f : v.files) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s \xE2\x80\x94 %s, %s records", f.name.c_str(), f.report.format.c_str(),
                           fmt_count(double(f.report.records_used)).c_str());
    }
    const auto& q = r.quality.totals;
    uint64_t issues = q.dates_out_of_order + q.unconverted_currencies + q.missing_amounts + q.unknown_stages +
                      q.records_skipped + q.missing_close_dates;
    if (issues) {
        ImGui::PushStyleColor(ImGuiCol_Text, bad_color());
        ImGui::TextWrapped("%s data-quality warnings: see the Data tab.", fmt_count(double(issues)).c_str());
        ImGui::PopStyleColor();
    }
    if (r.amounts_left_out) {
        ImGui::PushStyleColor(ImGuiCol_Text, bad_color());
        ImGui::TextWrapped("%s amounts in currencies without a rate are left out of money figures.",
                           fmt_count(double(r.amounts_left_out)).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextDisabled("Customer-success figures from: %s", r.success.source.c_str());
    end_card();
    columns_end();
}

} // namespace ui
