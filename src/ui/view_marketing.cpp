// Marketing: leads, MQLs and SQLs by month and source, cohort conversion, traffic to lead, sourced pipeline and
// revenue, CAC by channel, magic number.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace ui {

void draw_marketing(const ViewContext& v) {
    const core::MarketingReport& m = v.report.marketing;
    const core::Headline& c = v.report.current;
    const core::Headline& p = v.report.previous;
    const std::string& cur = v.currency;
    const double prev = v.report.has_previous ? 1 : NAN;

    std::vector<Kpi> kpis = {
        {"Leads", double(m.totals.leads_created), double(p.leads_created) * prev, ValueKind::count, cur, true, {},
         TeamColor::marketing, "Lead date (actual or implied) in the period."},
        {"MQLs", double(m.totals.mqls), double(p.mqls) * prev, ValueKind::count, cur, true, {}, TeamColor::marketing,
         "MQL date in the period."},
        {"SQLs", double(m.totals.sqls), double(p.sqls) * prev, ValueKind::count, cur, true, {}, TeamColor::marketing,
         "SQL date in the period."},
        {"Lead \xE2\x86\x92 MQL", m.lead_to_mql.rate, p.lead_to_mql_rate, ValueKind::percent, cur, true, {},
         TeamColor::marketing, "Of the period's leads, the share that became MQL by the as-of date."},
        {"MQL \xE2\x86\x92 SQL", m.mql_to_sql.rate, p.mql_to_sql_rate, ValueKind::percent, cur, true, {},
         TeamColor::marketing, "Of the period's MQLs, the share that became SQL by the as-of date."},
        {"CAC (blended)", m.cac_blended, p.cac_blended, ValueKind::money, cur, false, {}, TeamColor::marketing,
         "Marketing + sales spend in the period \xC3\xB7 new customers won in the period."},
    };
    static const char* metrics[] = {"leads_created", "mqls", "sqls", "lead_to_mql_rate", "mql_to_sql_rate", "new_customers"};
    int k = kpi_row(kpis, 170);
    if (k >= 0 && v.actions.drill) v.actions.drill(metrics[k], "", kpis[static_cast<size_t>(k)].label);

    ImGui::Spacing();
    begin_card("leads_by_source", "Leads per month by source");
    {
        std::vector<std::string> cats = month_labels(m.by_month);
        std::vector<Series> series;
        const size_t top = std::min<size_t>(m.by_source.size(), 7);
        std::vector<double> other(cats.size(), 0.0);
        for (size_t s = 0; s < m.by_source.size(); ++s) {
            const auto& src = m.by_source[s];
            if (s < top) {
                Series ser{fmt_source(src.source), {}, series_color(static_cast<int>(s))};
                for (const auto& mm : src.by_month) ser.values.push_back(double(mm.leads_created));
                series.push_back(std::move(ser));
            } else {
                for (size_t i = 0; i < src.by_month.size() && i < other.size(); ++i)
                    other[i] += double(src.by_month[i].leads_created);
            }
        }
        if (m.by_source.size() > top) series.push_back({"other sources", other, series_color(7)});
        ChartOptions o;
        o.kind = ChartKind::stacked_bars;
        ChartHit h = chart("leads_src", cats, series, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("leads_created", core::month_label(m.by_month[static_cast<size_t>(h.category)].month),
                            "Leads created in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();

    ImGui::Spacing();
    columns_begin(2, "mk1");
    begin_card("mql_sql", "MQLs and SQLs per month");
    {
        std::vector<std::string> cats = month_labels(m.by_month);
        Series mq{"MQLs", {}, team_color(TeamColor::marketing)}, sq{"SQLs", {}, team_color(TeamColor::sales)};
        for (const auto& mm : m.by_month) mq.values.push_back(double(mm.mqls)), sq.values.push_back(double(mm.sqls));
        ChartOptions o;
        o.kind = ChartKind::line;
        ChartHit h = chart("mqlsql", cats, {mq, sq}, o);
        if (h.category >= 0 && v.actions.drill)
            v.actions.drill("mqls", core::month_label(m.by_month[static_cast<size_t>(h.category)].month),
                            "MQLs in " + cats[static_cast<size_t>(h.category)]);
    }
    end_card();
    columns_next();
    begin_card("conversion", "Cohort conversion", 0, "entered stage A in the period, reached B by the as-of date");
    const std::pair<const char*, const core::StageConversion*> steps[] = {
        {"Lead \xE2\x86\x92 MQL", &m.lead_to_mql}, {"MQL \xE2\x86\x92 SQL", &m.mql_to_sql},
        {"SQL \xE2\x86\x92 Opportunity", &m.sql_to_opportunity},
        {"Opportunity \xE2\x86\x92 Customer", &m.opportunity_to_customer}};
    if (csv_button("marketing.conversion")) {
        RecordTable t{"Cohort conversion", {"Step", "Entered", "Converted", "Rate", "Median days"}};
        for (auto [name, sc] : steps)
            t.cells.push_back({name, csv_number(double(sc->entered)), csv_number(double(sc->converted)),
                               csv_number(sc->rate), csv_number(sc->median_days)});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("conv", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Step");
        ImGui::TableSetupColumn("Entered");
        ImGui::TableSetupColumn("Converted");
        ImGui::TableSetupColumn("Median days");
        ImGui::TableHeadersRow();
        for (auto [name, sc] : steps) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(name);
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(sc->entered)).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%s (%s)", fmt_count(double(sc->converted)).c_str(), fmt_percent(sc->rate).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_days(sc->median_days).c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextDisabled("By source (counts in the period)");
    if (!m.by_source.empty() && csv_button("marketing.sources")) {
        RecordTable t{"Leads by source", {"Source", "Leads", "MQLs", "SQLs"}};
        for (const auto& s : m.by_source)
            t.cells.push_back({fmt_source(s.source), csv_number(double(s.total.leads_created)),
                               csv_number(double(s.total.mqls)), csv_number(double(s.total.sqls))});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("by_source", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Source");
        ImGui::TableSetupColumn("Leads");
        ImGui::TableSetupColumn("MQLs");
        ImGui::TableSetupColumn("SQLs");
        ImGui::TableHeadersRow();
        for (const auto& s : m.by_source) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string name = fmt_source(s.source);
            if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && v.actions.drill)
                v.actions.drill("leads_created", s.source, "Leads from " + name);
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(s.total.leads_created)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(s.total.mqls)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(s.total.sqls)).c_str());
        }
        ImGui::EndTable();
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    columns_begin(2, "mk2");
    begin_card("sourced", "Pipeline and revenue sourced by channel", 0, "first touch when the deal names none");
    {
        std::vector<std::string> labels;
        std::vector<double> pipe, rev;
        std::vector<std::string> keys;
        for (const auto& s : m.pipeline_sourced) {
            keys.push_back(s.source);
            labels.push_back(fmt_source(s.source));
            pipe.push_back(s.amount);
            double r = 0;
            for (const auto& w : m.revenue_sourced) if (w.source == s.source) r = w.amount;
            rev.push_back(r);
        }
        ImGui::TextDisabled("Bar: revenue won \xC2\xB7 shade: pipeline created");
        int row = hbars("sourced_bars", labels, rev, ValueKind::money, cur, team_color(TeamColor::marketing), &pipe,
                        "Pipeline created");
        if (row >= 0 && v.actions.drill)
            v.actions.drill("pipeline_sourced", keys[static_cast<size_t>(row)],
                            "Pipeline sourced by " + labels[static_cast<size_t>(row)]);
    }
    end_card();
    columns_next();
    begin_card("cac", "Acquisition cost");
    if (m.has_spend && csv_button("marketing.cac")) {
        RecordTable t{"CAC by channel", {"Channel", "Spend", "New customers", "CAC"}};
        for (const auto& ch : m.cac_by_channel)
            t.cells.push_back({fmt_source(ch.channel), csv_number(ch.spend), csv_number(double(ch.new_customers)),
                               csv_number(ch.cac)});
        save_csv(v.host, t);
    }
    if (!m.has_spend) {
        ImGui::TextDisabled("Load marketing spend (canonical JSON) to see CAC by channel and the magic number.");
    } else {
        ImGui::Text("Spend in the period: %s \xC2\xB7 new customers: %s \xC2\xB7 blended CAC: %s",
                    fmt_money(m.spend, cur).c_str(), fmt_count(double(m.new_customers)).c_str(),
                    fmt_money(m.cac_blended, cur).c_str());
        if (ImGui::BeginTable("cac_ch", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("Channel");
            ImGui::TableSetupColumn("Spend");
            ImGui::TableSetupColumn("New customers");
            ImGui::TableSetupColumn("CAC");
            ImGui::TableHeadersRow();
            for (const auto& ch : m.cac_by_channel) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_source(ch.channel).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(ch.spend, cur).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(ch.new_customers)).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(ch.cac, cur).c_str());
            }
            ImGui::EndTable();
        }
        if (!m.magic_number.empty()) {
            ImGui::Spacing();
            ImGui::TextDisabled("Magic number per quarter (\xCE\x94" "ARR \xC3\xB7 previous quarter's spend)");
            if (csv_button("marketing.magic")) {
                RecordTable t{"Magic number", {"Quarter", "ARR at end", "Spend before", "Magic number"}};
                for (const auto& q : m.magic_number)
                    t.cells.push_back({q.quarter, csv_number(q.arr_end), csv_number(q.spend_previous_quarter),
                                       csv_number(q.value)});
                save_csv(v.host, t);
            }
            if (ImGui::BeginTable("magic", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn("Quarter");
                ImGui::TableSetupColumn("ARR at end");
                ImGui::TableSetupColumn("Spend before");
                ImGui::TableSetupColumn("Magic number");
                ImGui::TableHeadersRow();
                for (const auto& q : m.magic_number) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn(); ImGui::TextUnformatted(q.quarter.c_str());
                    ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(q.arr_end, cur).c_str());
                    ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_money(q.spend_previous_quarter, cur).c_str());
                    ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_ratio(q.value).c_str());
                }
                ImGui::EndTable();
            }
        }
    }
    end_card();
    columns_end();

    if (m.has_traffic) {
        ImGui::Spacing();
        begin_card("traffic", "Traffic \xE2\x86\x92 lead", 0, "GA4 sessions per channel and the leads they became");
        if (csv_button("marketing.traffic")) {
            RecordTable t{"Traffic to lead", {"Channel", "Sessions", "Leads", "Traffic to lead rate"}};
            for (const auto& tr : m.traffic_to_lead_rate)
                t.cells.push_back({fmt_source(tr.channel), csv_number(tr.sessions), csv_number(double(tr.leads_created)),
                                   csv_number(tr.rate)});
            save_csv(v.host, t);
        }
        if (ImGui::BeginTable("tr", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("Channel");
            ImGui::TableSetupColumn("Sessions");
            ImGui::TableSetupColumn("Leads");
            ImGui::TableSetupColumn("Traffic \xE2\x86\x92 lead");
            ImGui::TableHeadersRow();
            for (const auto& t : m.traffic_to_lead_rate) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_source(t.channel).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(t.sessions).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(t.leads_created)).c_str());
                ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_percent(t.rate, 2).c_str());
            }
            ImGui::EndTable();
        }
        end_card();
    }
    (void)c;
}

} // namespace ui
