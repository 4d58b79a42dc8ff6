// Forecast: weighted pipeline and commit by month, the 12-month MRR projection with its band and method, past
// forecast accuracy, targets.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

namespace ui {

void draw_forecast(const ViewContext& v) {
    const core::ForecastReport& f = v.report.forecast;
    const std::string& cur = v.currency;

    std::vector<Kpi> kpis = {
        {"Weighted (6 months)", f.weighted_total, NAN, ValueKind::money, cur, true, {}, TeamColor::sales,
         "\xCE\xA3 amount \xC3\x97 probability of open deals by expected close month."},
        {"Commit", f.commit_total, NAN, ValueKind::money, cur, true, {}, TeamColor::sales,
         "Open deals in forecast category commit."},
        {"Best case", f.best_case_total, NAN, ValueKind::money, cur, true, {}, TeamColor::sales,
         "Commit + best case."},
        {"MRR now", f.mrr_now, NAN, ValueKind::money, cur, true, {}, TeamColor::success, "At the as-of date."},
        {"Net new MRR / month", f.mean_net_new_mrr, NAN, ValueKind::money, cur, true, {}, TeamColor::success,
         "Mean of the last 6 full months."},
    };
    kpi_row(kpis, 170);

    ImGui::Spacing();
    begin_card("pipeline_forecast", "Pipeline forecast by expected close month", 0,
               "overdue open deals count in the first month");
    {
        std::vector<std::string> cats = month_labels(f.pipeline_forecast);
        Series w{"Weighted", {}, team_color(TeamColor::sales)}, c{"Commit", {}, series_color(2)},
            b{"Best case", {}, series_color(4)};
        for (const auto& m : f.pipeline_forecast) {
            w.values.push_back(m.weighted);
            c.values.push_back(m.commit);
            b.values.push_back(m.best_case);
        }
        ChartOptions o;
        o.kind = ChartKind::bars;
        o.value_kind = ValueKind::money;
        o.currency = cur;
        ChartHit h = chart("pf", cats, {w, c, b}, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("pipeline_forecast", core::month_label(f.pipeline_forecast[static_cast<size_t>(h.category)].month),
                            "Open deals expected to close in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();

    ImGui::Spacing();
    columns_begin(2, "fc");
    begin_card("projection", "MRR projection, next 12 months");
    if (f.mrr_projection.empty()) {
        ImGui::TextDisabled("Needs MRR history (billing data, or won deals).");
    } else {
        std::vector<std::string> cats = month_labels(f.mrr_projection);
        Series m{"Projected MRR", {}, team_color(TeamColor::success)}, lo{"Low", {}, team_color(TeamColor::success)},
            hi{"High", {}, team_color(TeamColor::success)};
        for (const auto& p : f.mrr_projection) {
            m.values.push_back(p.mrr);
            lo.values.push_back(p.low);
            hi.values.push_back(p.high);
        }
        ChartOptions o;
        o.kind = ChartKind::line;
        o.value_kind = ValueKind::money;
        o.currency = cur;
        o.zero_based = false;
        o.band_low_series = 1;
        o.band_high_series = 2;
        chart("proj", cats, {m, lo, hi}, o);
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Method: %s", f.mrr_method.c_str());
        ImGui::PopTextWrapPos();
    }
    end_card();
    columns_next();
    begin_card("accuracy", "Forecast accuracy of past months", 0, "1 \xE2\x88\x92 |forecast \xE2\x88\x92 actual| \xC3\xB7 forecast");
    if (!f.forecast_accuracy.empty() && csv_button("forecast.accuracy")) {
        RecordTable t{"Forecast accuracy", {"Month", "Forecast at month start", "Booked", "Accuracy"}};
        for (const auto& a : f.forecast_accuracy)
            t.cells.push_back({core::month_label(a.month), csv_number(a.forecast), csv_number(a.actual),
                               csv_number(a.accuracy)});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("acc", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Month");
        ImGui::TableSetupColumn("Forecast at month start");
        ImGui::TableSetupColumn("Booked");
        ImGui::TableSetupColumn("Accuracy");
        ImGui::TableHeadersRow();
        for (const auto& a : f.forecast_accuracy) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_month(a.month).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(a.forecast, cur).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(a.actual, cur).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_percent(a.accuracy).c_str());
        }
        ImGui::EndTable();
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    begin_card("targets", "Targets");
    if (v.dataset.targets.empty()) {
        ImGui::TextDisabled("No targets loaded (canonical JSON \"targets\").");
    } else {
        auto in_period = [&](const core::Target& t) { return t.start >= v.report.from && t.start <= v.report.to; };
        if (csv_button("forecast.targets")) {
            RecordTable t{"Targets", {"Metric", "Period starting", "Target"}};
            for (const auto& tg : v.dataset.targets)
                if (in_period(tg))
                    t.cells.push_back({std::string(v.dataset.str(tg.metric)), core::day_label(tg.start),
                                       csv_number(tg.value)});
            save_csv(v.host, t);
        }
        const auto& s = v.report.sales;
        ImGui::Text("Pipeline coverage: %s %s", fmt_ratio(s.pipeline_coverage).c_str(),
                    s.coverage_target.empty() ? "" : ("against " + s.coverage_target).c_str());
        if (ImGui::BeginTable("tg", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                              ImVec2(0, 200))) {
            ImGui::TableSetupColumn("Metric");
            ImGui::TableSetupColumn("Period starting");
            ImGui::TableSetupColumn("Target");
            ImGui::TableHeadersRow();
            for (const auto& t : v.dataset.targets) {
                if (!in_period(t)) continue;
                ImGui::TableNextRow();
                ImGui::TableNextColumn(); ImGui::TextUnformatted(std::string(v.dataset.str(t.metric)).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_day(t.start).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(t.value).c_str());
            }
            ImGui::EndTable();
        }
    }
    end_card();
}

} // namespace ui
