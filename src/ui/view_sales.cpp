// Sales: pipeline by stage, bookings by type, win rate and cycle trends, velocity and coverage, stage conversion and
// time in stage, slipped and stale deals, owner leaderboard.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ui {

namespace {

// A list of deals (slipped, stale) in a card whose title line is the current line: `csv_id` exports it.
void deal_list(const ViewContext& v, const char* id, const std::vector<core::DealRow>& rows, const char* date_label,
               const char* days_label, const char* csv_id, const char* csv_title) {
    if (rows.empty()) {
        ImGui::TextDisabled("None.");
        return;
    }
    if (csv_button(csv_id)) {
        RecordTable t{csv_title, {"Deal", "Owner", "Stage", "Amount", date_label, std::string(days_label) + " (days)"}};
        for (const core::DealRow& d : rows)
            t.cells.push_back({d.name.empty() ? d.id : d.name, d.owner, d.stage, csv_number(d.amount),
                               core::day_label(d.date), std::to_string(d.days)});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable(id, 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(0, 220))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        // names share what the figures (sized to fit) leave
        ImGui::TableSetupColumn("Deal", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("Owner", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Stage", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Amount", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(date_label, ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(days_label, ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(rows.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const core::DealRow& d = rows[static_cast<size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn(); ImGui::TextUnformatted(d.name.empty() ? d.id.c_str() : d.name.c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(d.owner.c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(d.stage.c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(d.amount, v.currency).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_day(d.date).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_days(d.days).c_str());
            }
        ImGui::EndTable();
    }
}

} // namespace

void draw_sales(const ViewContext& v) {
    const core::SalesReport& s = v.report.sales;
    const core::Headline& p = v.report.previous;
    const std::string& cur = v.currency;
    const double prev = v.report.has_previous ? 1 : NAN;

    std::vector<Kpi> kpis = {
        {"Win rate", s.win_rate, p.win_rate, ValueKind::percent, cur, true, {}, TeamColor::sales,
         s.win_rate_basis == core::WinRateBasis::value ? "By value: won amount \xC3\xB7 closed amount (setting)."
                                                        : "By count: won \xC3\xB7 (won + lost) closed in the period (setting)."},
        {"Bookings", s.won_amount, p.bookings_amount * prev, ValueKind::money, cur, true, {}, TeamColor::sales,
         "Amount of deals won in the period."},
        {"Avg deal size", s.avg_deal_size, p.avg_deal_size, ValueKind::money, cur, true, {}, TeamColor::sales,
         "Mean amount of deals won in the period."},
        {"Sales cycle (median)", s.sales_cycle_days_median, p.sales_cycle_days_median, ValueKind::days, cur, false, {},
         TeamColor::sales, "Closed date \xE2\x88\x92 created date over deals won in the period."},
        {"Open pipeline", s.open_pipeline_value, p.open_pipeline_value * prev, ValueKind::money, cur, true, {},
         TeamColor::sales, "Deals open at the as-of date."},
        {"Weighted pipeline", s.weighted_pipeline_value, p.weighted_pipeline_value * prev, ValueKind::money, cur, true,
         {}, TeamColor::sales, "\xCE\xA3 amount \xC3\x97 probability over open deals."},
        {"Velocity / day", s.pipeline_velocity_per_day, NAN, ValueKind::money, cur, true, {}, TeamColor::sales,
         "Open deals \xC3\x97 win rate \xC3\x97 avg deal size \xC3\xB7 mean cycle days."},
        {"Coverage", s.pipeline_coverage, NAN, ValueKind::ratio, cur, true, {}, TeamColor::sales,
         s.coverage_target.empty() ? "Needs a bookings target for the period." : ("Against target " + s.coverage_target)},
    };
    static const char* metrics[] = {"win_rate", "bookings", "avg_deal_size", "sales_cycle", "open_pipeline",
                                    "weighted_pipeline_value", "open_pipeline", "open_pipeline"};
    int k = kpi_row(kpis, 170);
    if (k >= 0 && v.actions.drill) v.actions.drill(metrics[k], "", kpis[static_cast<size_t>(k)].label);

    ImGui::Spacing();
    columns_begin(2, "s1");
    begin_card("by_stage", "Open pipeline by stage", 0, "bar: weighted \xC2\xB7 shade: unweighted value");
    {
        std::vector<std::string> labels;
        std::vector<double> value, weighted;
        for (const auto& sl : s.pipeline_by_stage) {
            labels.push_back(sl.key + " (" + fmt_count(double(sl.count)) + ")");
            value.push_back(sl.value);
            weighted.push_back(sl.weighted_value);
        }
        int row = hbars("stage_bars", labels, weighted, ValueKind::money, cur, team_color(TeamColor::sales), &value,
                        "Unweighted value");
        if (row >= 0 && v.actions.drill)
            v.actions.drill("open_pipeline", s.pipeline_by_stage[static_cast<size_t>(row)].key,
                            "Open deals in " + s.pipeline_by_stage[static_cast<size_t>(row)].key);
    }
    end_card();
    columns_next();
    begin_card("bookings", "Bookings per month by type");
    {
        std::vector<std::string> cats = month_labels(s.bookings);
        Series n{"New", {}, team_color(TeamColor::sales)}, e{"Expansion", {}, series_color(4)},
            r{"Renewal", {}, team_color(TeamColor::success)}, u{"Unknown type", {}, team_color(TeamColor::neutral)};
        for (const auto& b : s.bookings) {
            n.values.push_back(b.amount_by_type[1]);
            e.values.push_back(b.amount_by_type[2]);
            r.values.push_back(b.amount_by_type[3]);
            u.values.push_back(b.amount_by_type[0]);
        }
        ChartOptions o;
        o.kind = ChartKind::stacked_bars;
        o.value_kind = ValueKind::money;
        o.currency = cur;
        ChartHit h = chart("bookings_chart", cats, {n, e, r, u}, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("bookings", core::month_label(s.bookings[static_cast<size_t>(h.category)].month),
                            "Bookings in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    columns_begin(2, "s2");
    begin_card("wr_trend", "Win rate per month");
    {
        std::vector<std::string> cats = month_labels(s.win_rate_by_month);
        Series w{"Win rate (count)", {}, team_color(TeamColor::sales)};
        for (const auto& m : s.win_rate_by_month) w.values.push_back(m.value);
        ChartOptions o;
        o.kind = ChartKind::line;
        o.value_kind = ValueKind::percent;
        ChartHit h = chart("wr", cats, {w}, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("win_rate", core::month_label(s.win_rate_by_month[static_cast<size_t>(h.category)].month),
                            "Deals closed in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();
    columns_next();
    begin_card("cycle_trend", "Sales cycle per month (median days of the month's wins)");
    {
        std::vector<std::string> cats = month_labels(s.sales_cycle_by_month);
        Series w{"Median cycle", {}, series_color(4)};
        for (const auto& m : s.sales_cycle_by_month) w.values.push_back(m.value);
        ChartOptions o;
        o.kind = ChartKind::line;
        o.value_kind = ValueKind::days;
        ChartHit h = chart("cycle", cats, {w}, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("sales_cycle", core::month_label(s.sales_cycle_by_month[static_cast<size_t>(h.category)].month),
                            "Deals won in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    begin_card("stages", "Stage conversion and time in stage");
    if (s.has_stage_history && csv_button("sales.stages")) {
        RecordTable t{"Stage conversion and time in stage",
                      {"Stage", "Entered in period", "Moved on or won", "Conversion", "Median days in stage"}};
        for (const auto& row : s.stage_conversion)
            t.cells.push_back({row.stage, csv_number(double(row.entered)), csv_number(double(row.advanced)),
                               csv_number(row.conversion), csv_number(row.median_days_in_stage)});
        save_csv(v.host, t);
    }
    if (!s.has_stage_history) {
        ImGui::TextDisabled("%s", s.stage_note.empty() ? "Needs stage history." : s.stage_note.c_str());
    } else if (ImGui::BeginTable("stage_table", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame)) {
        // widths by weight, not by content (proportional widths clipped the longer headers on narrow windows)
        ImGui::TableSetupColumn("Stage", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("Entered in period", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Moved on or won", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Conversion", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("Median days in stage", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableHeadersRow();
        for (const auto& row : s.stage_conversion) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(row.stage.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(row.entered)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(row.advanced)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_percent(row.conversion).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_days(row.median_days_in_stage).c_str());
        }
        ImGui::EndTable();
    }
    end_card();

    ImGui::Spacing();
    begin_card("leaderboard", "Owner leaderboard");
    {
        // The table's sort, kept across frames: a CSV asked for while the table is scrolled out of view (not drawn)
        // still comes in the order last shown.
        static int sort_col = 1;
        static bool sort_asc = false;
        const bool csv = !s.owner_leaderboard.empty() && csv_button("sales.owners");
        std::vector<const core::OwnerRow*> rows;
        for (const auto& o : s.owner_leaderboard) rows.push_back(&o);
        auto sort_rows = [&] {
            auto key = [](const core::OwnerRow* o, int col) -> double {
                switch (col) {
                case 1: return o->won_amount;
                case 2: return double(o->won_count);
                case 3: return double(o->lost_count);
                case 4: return std::isnan(o->win_rate) ? -1 : o->win_rate;
                case 5: return std::isnan(o->avg_deal_size) ? -1 : o->avg_deal_size;
                case 6: return std::isnan(o->sales_cycle_days_median) ? 1e18 : o->sales_cycle_days_median;
                case 7: return o->open_pipeline_value;
                }
                return 0;
            };
            std::stable_sort(rows.begin(), rows.end(), [&](const core::OwnerRow* a, const core::OwnerRow* b) {
                if (sort_col == 0) return sort_asc ? a->owner < b->owner : a->owner > b->owner;
                return sort_asc ? key(a, sort_col) < key(b, sort_col) : key(a, sort_col) > key(b, sort_col);
            });
        };
        if (ImGui::BeginTable("owners", 8,
                              ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Sortable)) {
            ImGui::TableSetupColumn("Owner");
            ImGui::TableSetupColumn("Won amount",
                                    ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending);
            ImGui::TableSetupColumn("Won");
            ImGui::TableSetupColumn("Lost");
            ImGui::TableSetupColumn("Win rate");
            ImGui::TableSetupColumn("Avg deal");
            ImGui::TableSetupColumn("Cycle (median)");
            ImGui::TableSetupColumn("Open pipeline");
            ImGui::TableHeadersRow();
            if (ImGuiTableSortSpecs* sp = ImGui::TableGetSortSpecs(); sp && sp->SpecsCount) {
                sort_col = sp->Specs[0].ColumnIndex;
                sort_asc = sp->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
            }
            sort_rows();
            for (const core::OwnerRow* o : rows) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Selectable(o->owner.c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && v.actions.drill)
                    v.actions.drill("owner_leaderboard", o->owner, "Deals of " + o->owner);
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(o->won_amount, cur).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(o->won_count)).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(o->lost_count)).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_percent(o->win_rate).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(o->avg_deal_size, cur).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_days(o->sales_cycle_days_median).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%s (%s)", fmt_money(o->open_pipeline_value, cur).c_str(),
                            fmt_count(double(o->open_pipeline_count)).c_str());
            }
            ImGui::EndTable();
        }
        if (csv) {
            sort_rows();
            RecordTable t{"Owner leaderboard", {"Owner", "Won amount", "Won", "Lost", "Win rate", "Avg deal",
                                                "Cycle (median days)", "Open pipeline", "Open deals"}};
            for (const core::OwnerRow* o : rows)
                t.cells.push_back({o->owner, csv_number(o->won_amount), csv_number(double(o->won_count)),
                                   csv_number(double(o->lost_count)), csv_number(o->win_rate),
                                   csv_number(o->avg_deal_size), csv_number(o->sales_cycle_days_median),
                                   csv_number(o->open_pipeline_value), csv_number(double(o->open_pipeline_count))});
            save_csv(v.host, t);
        }
    }
    end_card();

    ImGui::Spacing();
    // one above the other: six columns of names and figures need the full width
    char title[96];
    std::snprintf(title, sizeof title, "Slipped deals (%lld)", static_cast<long long>(s.slipped_count));
    begin_card("slipped", title, 0, "open, expected close already passed");
    deal_list(v, "slipped_t", s.slipped_rows, "Expected close", "Overdue", "sales.slipped", "Slipped deals");
    end_card();
    ImGui::Spacing();
    std::snprintf(title, sizeof title, "Stale deals (%lld)", static_cast<long long>(s.stale_count));
    begin_card("stale", title, 0, "no stage change for over 2\xC3\x97 the stage's median");
    deal_list(v, "stale_t", s.stale_rows, "Last stage change", "Idle", "sales.stale", "Stale deals");
    end_card();
    if (s.amounts_left_out)
        ImGui::TextDisabled("%s deal amounts in currencies without a rate are left out of the money figures.",
                            fmt_count(double(s.amounts_left_out)).c_str());
}

} // namespace ui
