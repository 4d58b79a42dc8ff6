// Customer success: MRR and ARR over time, MRR movements, churn, NRR and GRR, cohort retention, renewal rate, LTV,
// LTV:CAC, CAC payback, quick ratio.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace ui {

void draw_success(const ViewContext& v) {
    const core::SuccessReport& s = v.report.success;
    const core::Headline& p = v.report.previous;
    const std::string& cur = v.currency;
    static bool cohort_by_mrr = false;

    double churn_now = NAN, churn_before = NAN;
    for (auto it = s.months.rbegin(); it != s.months.rend(); ++it)
        if (!std::isnan(it->logo_churn_rate)) {
            if (std::isnan(churn_now)) churn_now = it->logo_churn_rate;
            else { churn_before = it->logo_churn_rate; break; }
        }
    std::vector<double> mrr_trend;
    for (const auto& m : s.months) mrr_trend.push_back(m.mrr);
    std::vector<Kpi> kpis = {
        {"MRR", s.mrr, p.mrr, ValueKind::money, cur, true, mrr_trend, TeamColor::success, "At the as-of date."},
        {"ARR", s.arr, p.arr, ValueKind::money, cur, true, {}, TeamColor::success, "12 \xC3\x97 MRR."},
        {"NRR (12 m)", s.nrr_12m, p.nrr_12m, ValueKind::percent, cur, true, {}, TeamColor::success,
         v.settings.nrr_count_reactivation ? "Reactivations counted (setting)." : "Reactivations not counted (setting)."},
        {"GRR (12 m)", s.grr_12m, p.grr_12m, ValueKind::percent, cur, true, {}, TeamColor::success,
         "Each account capped at its MRR a year ago."},
        {"Logo churn (month)", churn_now, churn_before, ValueKind::percent, cur, false, {}, TeamColor::success,
         "Last month of the period, against the month before."},
        {"Quick ratio", s.quick_ratio, p.quick_ratio, ValueKind::ratio, cur, true, {}, TeamColor::success,
         "(new + expansion + reactivation) \xC3\xB7 (contraction + churn) over the period."},
        {"LTV", s.ltv, NAN, ValueKind::money, cur, true, {}, TeamColor::success,
         "ARPA \xC3\x97 gross margin \xC3\xB7 trailing 6-month mean logo churn."},
        {"LTV : CAC", s.ltv_to_cac, NAN, ValueKind::ratio, cur, true, {}, TeamColor::success, "Needs marketing spend."},
        {"CAC payback (months)", s.cac_payback_months, NAN, ValueKind::count, cur, false, {}, TeamColor::success,
         "Months: CAC \xC3\xB7 (ARPA of new accounts \xC3\x97 gross margin)."},
        {"Renewal rate", s.renewal_rate, NAN, ValueKind::percent, cur, true, {}, TeamColor::success,
         "Renewal deals won \xC3\xB7 renewal deals closed."},
    };
    kpi_row(kpis, 160);
    const bool note_ends = !s.source_note.empty() && s.source_note.back() == '.';
    ImGui::TextDisabled("Source: %s. %s%s Gross margin %.0f%% (setting).", s.source.c_str(), s.source_note.c_str(),
                        s.source_note.empty() || note_ends ? "" : ".", s.gross_margin * 100);

    ImGui::Spacing();
    columns_begin(2, "cs1");
    begin_card("mrr", "MRR and ARR over time");
    {
        std::vector<std::string> cats = month_labels(s.months);
        Series m{"MRR", {}, team_color(TeamColor::success)};
        for (const auto& mm : s.months) m.values.push_back(mm.mrr);
        ChartOptions o;
        o.kind = ChartKind::area;
        o.value_kind = ValueKind::money;
        o.currency = cur;
        chart("mrr_chart", cats, {m}, o);
        if (!s.months.empty()) ImGui::TextDisabled("ARR at the as-of date: %s", fmt_money(s.arr, cur).c_str());
    }
    end_card();
    columns_next();
    begin_card("movements", "MRR movements");
    {
        std::vector<std::string> cats = month_labels(s.mrr_movements);
        Series n{"New", {}, team_color(TeamColor::success)}, e{"Expansion", {}, series_color(4)},
            r{"Reactivation", {}, team_color(TeamColor::revops)}, c{"Contraction", {}, series_color(1)},
            ch{"Churn", {}, bad_color()};
        for (const auto& mv : s.mrr_movements) {
            n.values.push_back(mv.new_);
            e.values.push_back(mv.expansion);
            r.values.push_back(mv.reactivation);
            c.values.push_back(-mv.contraction);
            ch.values.push_back(-mv.churn);
        }
        ChartOptions o;
        o.kind = ChartKind::stacked_bars;
        o.value_kind = ValueKind::money;
        o.currency = cur;
        chart("mov_chart", cats, {n, e, r, c, ch}, o);
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    columns_begin(2, "cs2");
    begin_card("churn", "Churn per month");
    {
        std::vector<std::string> cats = month_labels(s.months);
        Series logo{"Logo churn", {}, bad_color()}, gross{"Gross MRR churn", {}, series_color(1)},
            net{"Net MRR churn", {}, series_color(0)};
        for (const auto& mm : s.months) {
            logo.values.push_back(mm.logo_churn_rate);
            gross.values.push_back(mm.gross_mrr_churn_rate);
            net.values.push_back(mm.net_mrr_churn_rate);
        }
        ChartOptions o;
        o.kind = ChartKind::line;
        o.value_kind = ValueKind::percent;
        o.zero_based = false;
        chart("churn_chart", cats, {logo, gross, net}, o);
    }
    end_card();
    columns_next();
    begin_card("cohorts", "Cohort retention");
    {
        // on the title line: the basis (logos or MRR), then the CSV of what is shown
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - 180));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2, 1)); // small circles, the size of a CSV button
        if (ImGui::RadioButton("Logos", !cohort_by_mrr)) cohort_by_mrr = false;
        ImGui::SameLine();
        if (ImGui::RadioButton("MRR", cohort_by_mrr)) cohort_by_mrr = true;
        ImGui::PopStyleVar();
        size_t ncol = 0;
        for (const auto& c : s.cohort_retention)
            ncol = std::max(ncol, (cohort_by_mrr ? c.mrr_retained : c.logos_retained).size());
        if (!s.cohort_retention.empty() && csv_button("success.cohorts")) {
            RecordTable t{cohort_by_mrr ? "Cohort retention (MRR)" : "Cohort retention (logos)", {"Cohort", "Accounts"}};
            for (size_t i = 0; i < ncol; ++i) t.columns.push_back("Month " + std::to_string(i));
            for (const auto& c : s.cohort_retention) {
                std::vector<std::string> row = {core::month_label(c.month), csv_number(double(c.logos))};
                const auto& vals = cohort_by_mrr ? c.mrr_retained : c.logos_retained;
                for (size_t i = 0; i < ncol; ++i) row.push_back(i < vals.size() ? csv_number(vals[i]) : "");
                t.cells.push_back(std::move(row));
            }
            save_csv(v.host, t);
        }
        std::vector<std::string> rows, cols;
        std::vector<std::vector<double>> vals;
        for (const auto& c : s.cohort_retention) {
            rows.push_back(fmt_month(c.month) + "  (" + fmt_count(double(c.logos)) + ")");
            vals.push_back(cohort_by_mrr ? c.mrr_retained : c.logos_retained);
        }
        for (size_t i = 0; i < ncol; ++i) cols.push_back(std::to_string(i));
        heatmap("cohort_heat", rows, cols, vals, ValueKind::percent);
        ImGui::TextDisabled("Rows: month of first MRR (accounts). Columns: months since.");
    }
    end_card();
    columns_end();
    if (s.unconverted_currency_records)
        ImGui::TextDisabled("%s records in currencies without a rate are left out of MRR.",
                            fmt_count(double(s.unconverted_currency_records)).c_str());
}

} // namespace ui
