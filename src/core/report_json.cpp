// Report -> JSON (the names of docs/metrics.md; NaN -> null; monthly series with "month": "YYYY-MM") and -> text.
//
// [SECTION] Helpers
// [SECTION] Sections: marketing, sales, funnel, bottlenecks, forecast, headline
// [SECTION] to_json
// [SECTION] to_text
#include "core/report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace core {

namespace {

using json = nlohmann::json;

// [SECTION] Helpers -----------------------------------------------------------------------------------------------
json num(double v) { return has(v) ? json(v) : json(nullptr); }
json day(Day d) { return has(d) ? json(day_label(d)) : json(nullptr); }

json lead_counts(const LeadCounts& c, bool with_month) {
    json j;
    if (with_month) j["month"] = month_label(c.month);
    j["leads_created"] = c.leads_created;
    j["mqls"] = c.mqls;
    j["sqls"] = c.sqls;
    return j;
}

json source_amounts(const std::vector<SourceAmount>& rows) {
    json a = json::array();
    for (const SourceAmount& s : rows) a.push_back({{"source", s.source}, {"count", s.count}, {"amount", s.amount}});
    return a;
}

json slices(const std::vector<PipelineSlice>& rows, const char* key) {
    json a = json::array();
    for (const PipelineSlice& s : rows)
        a.push_back({{key, s.key}, {"count", s.count}, {"value", s.value}, {"weighted_value", s.weighted_value}});
    return a;
}

json month_values(const std::vector<MonthValue>& rows) {
    json a = json::array();
    for (const MonthValue& v : rows)
        a.push_back({{"month", month_label(v.month)}, {"value", num(v.value)}, {"records", v.records}});
    return a;
}

json deal_rows(const std::vector<DealRow>& rows, const char* date_name) {
    json a = json::array();
    for (const DealRow& d : rows)
        a.push_back({{"index", d.index}, {"id", d.id},         {"name", d.name},     {"owner", d.owner},
                     {"stage", d.stage}, {"amount", num(d.amount)}, {date_name, day(d.date)}, {"days", d.days}});
    return a;
}

// [SECTION] Sections ----------------------------------------------------------------------------------------------
json marketing_json(const MarketingReport& m) {
    json j;
    j["leads_created"] = m.totals.leads_created;
    j["mqls"] = m.totals.mqls;
    j["sqls"] = m.totals.sqls;
    j["by_month"] = json::array();
    for (const LeadCounts& c : m.by_month) j["by_month"].push_back(lead_counts(c, true));
    j["by_source"] = json::array();
    for (const SourceLeads& s : m.by_source) {
        json row = lead_counts(s.total, false);
        row["source"] = s.source;
        row["by_month"] = json::array();
        for (const LeadCounts& c : s.by_month) row["by_month"].push_back(lead_counts(c, true));
        j["by_source"].push_back(std::move(row));
    }
    const std::pair<const char*, const StageConversion*> conv[] = {{"lead_to_mql", &m.lead_to_mql},
                                                                   {"mql_to_sql", &m.mql_to_sql},
                                                                   {"sql_to_opportunity", &m.sql_to_opportunity},
                                                                   {"opportunity_to_customer", &m.opportunity_to_customer}};
    j["conversion_cohorts"] = json::array();
    for (auto [name, c] : conv) {
        j[std::string(name) + "_rate"] = num(c->rate);
        j["median_days_" + std::string(name)] = num(c->median_days);
        j["conversion_cohorts"].push_back({{"transition", name},
                                           {"entered", c->entered},
                                           {"converted", c->converted},
                                           {"rate", num(c->rate)},
                                           {"median_days", num(c->median_days)}});
    }
    if (m.has_traffic) {
        j["sessions"] = m.sessions;
        j["traffic_to_lead_rate"] = json::array();
        for (const ChannelTraffic& t : m.traffic_to_lead_rate)
            j["traffic_to_lead_rate"].push_back({{"channel", t.channel},
                                                 {"sessions", t.sessions},
                                                 {"leads_created", t.leads_created},
                                                 {"rate", num(t.rate)}});
    } else {
        j["sessions"] = nullptr;
        j["traffic_to_lead_rate"] = nullptr;
    }
    j["pipeline_sourced"] = source_amounts(m.pipeline_sourced);
    j["revenue_sourced"] = source_amounts(m.revenue_sourced);
    j["new_customers"] = m.new_customers;
    j["spend"] = m.has_spend ? json(m.spend) : json(nullptr);
    j["cac_blended"] = num(m.cac_blended);
    if (m.has_spend) {
        j["cac_by_channel"] = json::array();
        for (const ChannelCac& c : m.cac_by_channel)
            j["cac_by_channel"].push_back({{"channel", c.channel},
                                           {"spend", c.spend},
                                           {"new_customers", c.new_customers},
                                           {"cac", num(c.cac)}});
    } else {
        j["cac_by_channel"] = nullptr;
    }
    if (m.magic_number.empty()) {
        j["magic_number"] = nullptr;
    } else {
        j["magic_number"] = json::array();
        for (const QuarterMagic& q : m.magic_number)
            j["magic_number"].push_back({{"quarter", q.quarter},
                                         {"arr_start", num(q.arr_start)},
                                         {"arr_end", num(q.arr_end)},
                                         {"spend_previous_quarter", num(q.spend_previous_quarter)},
                                         {"value", num(q.value)}});
    }
    j["amounts_left_out"] = m.amounts_left_out;
    return j;
}

json sales_json(const SalesReport& s) {
    json j;
    j["win_rate"] = num(s.win_rate);
    j["win_rate_basis"] = s.win_rate_basis == WinRateBasis::value ? "value" : "count";
    j["win_rate_by_count"] = num(s.win_rate_by_count);
    j["win_rate_by_value"] = num(s.win_rate_by_value);
    j["won_count"] = s.won_count;
    j["lost_count"] = s.lost_count;
    j["won_amount"] = s.won_amount;
    j["lost_amount"] = s.lost_amount;
    j["avg_deal_size"] = num(s.avg_deal_size);
    j["median_deal_size"] = num(s.median_deal_size);
    j["sales_cycle_days_median"] = num(s.sales_cycle_days_median);
    j["sales_cycle_days_mean"] = num(s.sales_cycle_days_mean);
    j["bookings"] = json::array();
    for (const MonthBookings& b : s.bookings) {
        json row{{"month", month_label(b.month)}, {"count", b.count}, {"amount", b.amount}};
        for (DealType t : {DealType::new_business, DealType::expansion, DealType::renewal, DealType::unknown}) {
            row[std::string(deal_type_name(t)) + "_count"] = b.count_by_type[size_t(t)];
            row[std::string(deal_type_name(t)) + "_amount"] = b.amount_by_type[size_t(t)];
        }
        j["bookings"].push_back(std::move(row));
    }
    j["win_rate_by_month"] = month_values(s.win_rate_by_month);
    j["sales_cycle_by_month"] = month_values(s.sales_cycle_by_month);
    j["open_pipeline_value"] = s.open_pipeline_value;
    j["open_pipeline_count"] = s.open_pipeline_count;
    j["weighted_pipeline_value"] = s.weighted_pipeline_value;
    j["open_pipeline_by_stage"] = slices(s.pipeline_by_stage, "stage");
    j["open_pipeline_by_owner"] = slices(s.pipeline_by_owner, "owner");
    j["open_pipeline_by_source"] = slices(s.pipeline_by_source, "source");
    j["open_pipeline_by_pipeline"] = slices(s.pipeline_by_pipeline, "pipeline");
    j["pipeline_velocity_per_day"] = num(s.pipeline_velocity_per_day);
    j["pipeline_coverage"] = num(s.pipeline_coverage);
    j["pipeline_coverage_target"] = s.coverage_target.empty() ? json(nullptr) : json(s.coverage_target);
    if (s.has_stage_history) {
        j["stage_conversion"] = json::array();
        j["median_days_in_stage"] = json::array();
        for (const StageRow& r : s.stage_conversion) {
            j["stage_conversion"].push_back(
                {{"stage", r.stage}, {"entered", r.entered}, {"advanced", r.advanced}, {"rate", num(r.conversion)}});
            j["median_days_in_stage"].push_back(
                {{"stage", r.stage}, {"value", num(r.median_days_in_stage)}, {"stays", r.stays}});
        }
    } else {
        j["stage_note"] = s.stage_note;
    }
    j["slipped_deals"] = deal_rows(s.slipped_rows, "expected_close");
    j["slipped_deals_count"] = s.slipped_count;
    j["stale_deals"] = deal_rows(s.stale_rows, "last_stage_change");
    j["stale_deals_count"] = s.stale_count;
    j["owner_leaderboard"] = json::array();
    for (const OwnerRow& o : s.owner_leaderboard)
        j["owner_leaderboard"].push_back({{"owner", o.owner},
                                          {"won_amount", o.won_amount},
                                          {"won_count", o.won_count},
                                          {"lost_count", o.lost_count},
                                          {"win_rate", num(o.win_rate)},
                                          {"avg_deal_size", num(o.avg_deal_size)},
                                          {"sales_cycle_days_median", num(o.sales_cycle_days_median)},
                                          {"open_pipeline_value", o.open_pipeline_value},
                                          {"open_pipeline_count", o.open_pipeline_count}});
    j["amounts_left_out"] = s.amounts_left_out;
    return j;
}

json funnel_json(const FunnelReport& f) {
    json j;
    j["stages"] = json::array();
    j["stages"].push_back({{"stage", "lead"}, {"count", f.leads}});
    for (size_t t = 0; t < f.transitions.size(); ++t) {
        const bool known = t < 4 || f.has_retention;
        j["stages"].push_back({{"stage", f.transitions[t].to},
                               {"count", known ? json(f.transitions[t].count_to) : json(nullptr)}});
    }
    j["transitions"] = json::array();
    for (size_t t = 0; t < f.transitions.size(); ++t) {
        const FunnelTransition& x = f.transitions[t];
        const bool known = t < 4 || f.has_retention;
        j["transitions"].push_back({{"from", x.from},
                                    {"to", x.to},
                                    {"transition", x.name},
                                    {"team", x.team},
                                    {"handoff", x.handoff},
                                    {"count_from", known ? json(x.count_from) : json(nullptr)},
                                    {"count_to", known ? json(x.count_to) : json(nullptr)},
                                    {"rate", num(x.rate)},
                                    {"rate_from_top", num(x.rate_from_top)},
                                    {"median_days", num(x.median_days)}});
    }
    j["retention_note"] = f.retention_note.empty() ? json(nullptr) : json(f.retention_note);
    return j;
}

json candidate_json(const BottleneckCandidate& c) {
    return {{"metric", c.metric},         {"transition", c.transition}, {"team", c.team},
            {"value", num(c.value)},      {"baseline", num(c.baseline)}, {"score", num(c.score)},
            {"records", c.records},       {"qualifies", c.qualifies}};
}

json bottlenecks_json(const BottlenecksReport& b) {
    json j;
    j["months"] = json::array();
    json latest = nullptr;
    for (const BottleneckMonth& m : b.months) {
        json row{{"month", month_label(m.month)}};
        if (m.bottleneck >= 0) {
            json pick = candidate_json(m.candidates[size_t(m.bottleneck)]);
            pick["month"] = month_label(m.month);
            pick["playbook"] = {{"title", m.playbook.title}, {"actions", m.playbook.actions}};
            row["bottleneck"] = pick;
            latest = pick;
        } else {
            row["bottleneck"] = nullptr;
            latest = nullptr;
        }
        row["candidates"] = json::array();
        for (const BottleneckCandidate& c : m.candidates) row["candidates"].push_back(candidate_json(c));
        j["months"].push_back(std::move(row));
    }
    j["latest"] = latest;
    j["conversion_window_days"] = b.conversion_window_days;
    return j;
}

json forecast_json(const ForecastReport& f) {
    json j;
    j["pipeline_forecast"] = json::array();
    for (const ForecastMonth& m : f.pipeline_forecast)
        j["pipeline_forecast"].push_back({{"month", month_label(m.month)},
                                          {"count", m.count},
                                          {"weighted", m.weighted},
                                          {"commit", m.commit},
                                          {"best_case", m.best_case}});
    j["weighted_total"] = f.weighted_total;
    j["commit_total"] = f.commit_total;
    j["best_case_total"] = f.best_case_total;
    if (f.mrr_projection.empty()) {
        j["mrr_projection"] = nullptr;
    } else {
        j["mrr_projection"] = json::array();
        for (const MrrProjectionMonth& m : f.mrr_projection)
            j["mrr_projection"].push_back(
                {{"month", month_label(m.month)}, {"mrr", num(m.mrr)}, {"low", num(m.low)}, {"high", num(m.high)}});
    }
    j["mrr_now"] = num(f.mrr_now);
    j["mean_net_new_mrr"] = num(f.mean_net_new_mrr);
    j["min_net_new_mrr"] = num(f.min_net_new_mrr);
    j["max_net_new_mrr"] = num(f.max_net_new_mrr);
    j["mrr_projection_method"] = f.mrr_method.empty() ? json(nullptr) : json(f.mrr_method);
    j["forecast_accuracy"] = json::array();
    for (const AccuracyMonth& a : f.forecast_accuracy)
        j["forecast_accuracy"].push_back({{"month", month_label(a.month)},
                                          {"forecast", num(a.forecast)},
                                          {"actual", a.actual},
                                          {"accuracy", num(a.accuracy)}});
    return j;
}

json headline_json(const Headline& h) {
    return {{"from", day(h.from)},
            {"to", day(h.to)},
            {"as_of", day(h.as_of)},
            {"marketing",
             {{"leads_created", h.leads_created},
              {"mqls", h.mqls},
              {"sqls", h.sqls},
              {"new_customers", h.new_customers},
              {"lead_to_mql_rate", num(h.lead_to_mql_rate)},
              {"mql_to_sql_rate", num(h.mql_to_sql_rate)},
              {"cac_blended", num(h.cac_blended)},
              {"pipeline_sourced", h.pipeline_sourced},
              {"revenue_sourced", h.revenue_sourced}}},
            {"sales",
             {{"won_count", h.won_count},
              {"bookings_amount", h.bookings_amount},
              {"win_rate", num(h.win_rate)},
              {"win_rate_by_value", num(h.win_rate_by_value)},
              {"avg_deal_size", num(h.avg_deal_size)},
              {"median_deal_size", num(h.median_deal_size)},
              {"sales_cycle_days_median", num(h.sales_cycle_days_median)},
              {"sales_cycle_days_mean", num(h.sales_cycle_days_mean)},
              {"open_pipeline_value", h.open_pipeline_value},
              {"open_pipeline_count", h.open_pipeline_count},
              {"weighted_pipeline_value", h.weighted_pipeline_value}}},
            {"success",
             {{"mrr", num(h.mrr)},
              {"arr", num(h.arr)},
              {"net_new_mrr", num(h.net_new_mrr)},
              {"nrr_12m", num(h.nrr_12m)},
              {"grr_12m", num(h.grr_12m)},
              {"arpa", num(h.arpa)},
              {"quick_ratio", num(h.quick_ratio)}}}};
}

} // namespace

// [SECTION] to_json -----------------------------------------------------------------------------------------------
nlohmann::json to_json(const Report& r) {
    json j;
    j["as_of"] = day(r.as_of);
    j["period"] = {{"preset", preset_name(r.preset)}, {"from", day(r.from)}, {"to", day(r.to)}};
    j["previous_period"] =
        r.has_previous ? json{{"from", day(r.prev_from)}, {"to", day(r.prev_to)}} : json(nullptr);
    j["base_currency"] = r.base_currency;
    j["amounts_left_out"] = r.amounts_left_out;
    j["settings"] = to_json(r.settings);
    j["filter"] = to_json(r.filter);
    j["marketing"] = marketing_json(r.marketing);
    j["sales"] = sales_json(r.sales);
    j["success"] = has(r.as_of) ? to_json(r.success) : json(nullptr);
    j["funnel"] = funnel_json(r.funnel);
    j["bottlenecks"] = bottlenecks_json(r.bottlenecks);
    j["forecast"] = forecast_json(r.forecast);
    j["stack"] = to_json(r.stack);
    j["quality"] = to_json(r.quality);
    j["current"] = headline_json(r.current);
    j["previous"] = r.has_previous ? headline_json(r.previous) : json(nullptr);
    return j;
}

// [SECTION] to_text -----------------------------------------------------------------------------------------------
namespace {

std::string money(double v, const std::string& currency) {
    if (!has(v)) return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return currency.empty() ? std::string(buf) : std::string(buf) + " " + currency;
}
std::string pct(double v) {
    if (!has(v)) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
    return buf;
}
std::string days(double v) {
    if (!has(v)) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f d", v);
    return buf;
}

} // namespace

std::string to_text(const Report& r) {
    std::string out;
    auto line = [&](const std::string& name, const std::string& value) {
        size_t width = 0; // in characters, not bytes: names hold arrows
        for (unsigned char c : name) width += (c & 0xC0) != 0x80;
        out += "  " + name + std::string(width < 30 ? 30 - width : 1, ' ') + value + "\n";
    };
    const std::string& cur = r.base_currency;
    out += "Revenue Lens report as of " + (has(r.as_of) ? day_label(r.as_of) : std::string("— (no data)")) + "\n";
    out += "Period " + day_label(r.from) + " .. " + day_label(r.to) + " (" + preset_name(r.preset) + ")";
    out += ", base currency " + (cur.empty() ? std::string("—") : cur) + "\n";
    if (r.amounts_left_out)
        out += "  " + std::to_string(r.amounts_left_out) + " amounts left out: their currency has no rate\n";

    out += "\nMarketing\n";
    line("leads / MQLs / SQLs", std::to_string(r.marketing.totals.leads_created) + " / " +
                                    std::to_string(r.marketing.totals.mqls) + " / " +
                                    std::to_string(r.marketing.totals.sqls));
    line("lead→MQL / MQL→SQL", pct(r.marketing.lead_to_mql.rate) + " / " + pct(r.marketing.mql_to_sql.rate));
    line("SQL→opp / opp→customer",
         pct(r.marketing.sql_to_opportunity.rate) + " / " + pct(r.marketing.opportunity_to_customer.rate));
    line("new customers", std::to_string(r.marketing.new_customers));
    line("CAC (blended)", money(r.marketing.cac_blended, cur));

    const SalesReport& s = r.sales;
    out += "\nSales\n";
    line("won / lost", std::to_string(s.won_count) + " / " + std::to_string(s.lost_count));
    line("bookings", money(s.won_amount, cur));
    line("win rate (count / value)", pct(s.win_rate_by_count) + " / " + pct(s.win_rate_by_value));
    line("avg / median deal size", money(s.avg_deal_size, cur) + " / " + money(s.median_deal_size, cur));
    line("sales cycle median / mean", days(s.sales_cycle_days_median) + " / " + days(s.sales_cycle_days_mean));
    line("open pipeline", money(s.open_pipeline_value, cur) + " in " + std::to_string(s.open_pipeline_count) +
                              " deals (weighted " + money(s.weighted_pipeline_value, cur) + ")");
    line("pipeline velocity per day", money(s.pipeline_velocity_per_day, cur));
    line("pipeline coverage", has(s.pipeline_coverage) ? std::to_string(s.pipeline_coverage).substr(0, 4) + "x" : "—");
    line("slipped / stale deals", std::to_string(s.slipped_count) + " / " + std::to_string(s.stale_count));

    if (has(r.as_of)) {
        out += "\nCustomer success (" + r.success.source + ")\n";
        line("MRR / ARR", money(r.success.mrr, cur) + " / " + money(r.success.arr, cur));
        line("NRR / GRR (12 months)", pct(r.success.nrr_12m) + " / " + pct(r.success.grr_12m));
    }

    out += "\nFunnel\n";
    line("leads", std::to_string(r.funnel.leads));
    for (size_t t = 0; t < r.funnel.transitions.size(); ++t) {
        const FunnelTransition& f = r.funnel.transitions[t];
        if (t == 4 && !r.funnel.has_retention) continue;
        line(f.from + "→" + f.to + " (" + f.team + ")",
             std::to_string(f.count_to) + " (" + pct(f.rate) + ", " + pct(f.rate_from_top) + " of leads, " +
                 days(f.median_days) + ")");
    }

    if (!r.bottlenecks.months.empty()) {
        const BottleneckMonth& m = r.bottlenecks.months.back();
        out += "\nBottleneck of " + month_label(m.month) + "\n";
        if (m.bottleneck < 0) {
            out += "  none: nothing got worse with enough records behind it\n";
        } else {
            const BottleneckCandidate& c = m.candidates[size_t(m.bottleneck)];
            const bool rate = !c.lower_is_better || c.metric == "logo_churn";
            line(c.transition + " (" + c.team + ")",
                 (rate ? pct(c.value) + " vs " + pct(c.baseline) : days(c.value) + " vs " + days(c.baseline)) +
                     " over " + std::to_string(c.records) + " records");
            if (!m.playbook.title.empty()) out += "  " + m.playbook.title + "\n";
            for (const std::string& a : m.playbook.actions) out += "   - " + a + "\n";
        }
    }
    return out;
}

} // namespace core
