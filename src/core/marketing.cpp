// [SECTION] Leads: counts per month and source, cohort conversion
// [SECTION] Traffic, sourced pipeline and revenue
// [SECTION] Spend: CAC and magic number
#include "core/marketing.h"

#include <algorithm>

namespace core {

namespace {

std::string label(const Dataset& ds, Sym s) { return s ? std::string(ds.str(s)) : std::string("unknown"); }

void add(LeadCounts& c, int stage) {
    if (stage == kLead) ++c.leads_created;
    else if (stage == kMql) ++c.mqls;
    else ++c.sqls;
}

// The four cohort conversions in one pass over the leads: [lead->mql, mql->sql, sql->opportunity, opp->customer].
void conversions(const Context& ctx, const Prepared& p, std::array<StageConversion*, 4> out) {
    std::array<DayMedian, 4> days;
    for (uint32_t i : p.kept_leads) {
        const StageDates& s = p.lead_dates[i];
        for (size_t a = 0; a < 4; ++a) {
            if (!ctx.in_period(s[a])) continue;
            ++out[a]->entered;
            const Day to = s[a + 1];
            if (has(to) && to <= ctx.as_of) {
                ++out[a]->converted;
                days[a].add(to - s[a]);
            }
        }
    }
    for (size_t a = 0; a < 4; ++a) {
        out[a]->rate = ratio(double(out[a]->converted), double(out[a]->entered));
        out[a]->median_days = days[a].median();
    }
}

struct SourceSums {
    SymSlots index;
    std::vector<SourceAmount> rows;
    void add(const Dataset& ds, Sym s, double amount) {
        const uint32_t slot = index.add(s);
        if (slot == rows.size()) rows.push_back({label(ds, s), s, 0, 0});
        SourceAmount& row = rows[slot];
        ++row.count;
        if (has(amount)) row.amount += amount;
    }
    std::vector<SourceAmount> sorted() {
        std::sort(rows.begin(), rows.end(), [](auto& x, auto& y) {
            return x.amount != y.amount ? x.amount > y.amount : x.source < y.source;
        });
        return std::move(rows);
    }
};

std::string quarter_label(Month first) {
    const int y = first >= 0 ? first / 12 : (first - 11) / 12;
    return std::to_string(y) + "-Q" + std::to_string((first - y * 12) / 3 + 1);
}

} // namespace

double total_mrr_on(const MrrBook& book, const Context& ctx, Day d) {
    return total_mrr_on_days(book, ctx, {d}).front();
}

std::vector<double> total_mrr_on_days(const MrrBook& book, const Context& ctx, const std::vector<Day>& days) {
    std::vector<double> total(days.size(), 0.0), one(days.size());
    for_each_account(book, ctx, [&](uint32_t a) {
        mrr_on_days(book, a, days.data(), days.size(), one.data());
        for (size_t i = 0; i < days.size(); ++i) total[i] += one[i];
    });
    return total;
}

std::vector<uint32_t> new_customer_deals(const Context& ctx, const Prepared& p) {
    // first wins over all loaded deals (filter or not: a customer is new once), worked out by summarize()
    std::vector<uint32_t> out;
    if (!ctx.first_wins) return out;
    const FirstWins& w = *ctx.first_wins;
    for (size_t k = 0; k < w.rows.size(); ++k)
        if (w.days[k] >= ctx.from && w.days[k] <= ctx.to && p.deal_kept[w.rows[k]]) out.push_back(w.rows[k]);
    return out;
}

MarketingReport compute_marketing(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book,
                                  bool headline_only) {
    MarketingReport r;
    const std::vector<Month> months = months_between(ctx.from, ctx.to);
    if (months.empty()) return r;
    const Month m0 = months.front();
    for (Month m : months) r.by_month.push_back({m, 0, 0, 0});

    // [SECTION] Leads -------------------------------------------------------------------------------------------
    SymSlots source_index;
    for (uint32_t i : p.kept_leads) {
        const StageDates& s = p.lead_dates[i];
        for (int k = kLead; k <= kSql; ++k) {
            const Day d = s[static_cast<size_t>(k)];
            if (!ctx.in_period(d)) continue;
            add(r.totals, k);
            if (headline_only) continue;
            const size_t mi = static_cast<size_t>(month_of(d) - m0);
            add(r.by_month[mi], k);
            const Sym src = ds.leads[i].source;
            const uint32_t slot = source_index.add(src);
            if (slot == r.by_source.size()) {
                r.by_source.push_back({label(ds, src), src, {}, {}});
                for (Month m : months) r.by_source.back().by_month.push_back({m, 0, 0, 0});
            }
            add(r.by_source[slot].total, k);
            add(r.by_source[slot].by_month[mi], k);
        }
    }
    std::sort(r.by_source.begin(), r.by_source.end(), [](auto& x, auto& y) {
        return x.total.leads_created != y.total.leads_created ? x.total.leads_created > y.total.leads_created
                                                              : x.source < y.source;
    });
    conversions(ctx, p, {&r.lead_to_mql, &r.mql_to_sql, &r.sql_to_opportunity, &r.opportunity_to_customer});

    // [SECTION] Traffic, sourced pipeline and revenue -----------------------------------------------------------
    std::unordered_map<Sym, size_t> channel_index;
    for (const Traffic& t : ds.traffic) {
        if (headline_only) break;
        if (!ctx.in_period(t.date)) continue;
        if (ctx.source && t.channel != ctx.source) continue;
        r.has_traffic = true;
        auto [it, fresh] = channel_index.emplace(t.channel, r.traffic_to_lead_rate.size());
        if (fresh) r.traffic_to_lead_rate.push_back({label(ds, t.channel), 0, 0, kNaN});
        r.traffic_to_lead_rate[it->second].sessions += t.sessions;
        r.sessions += t.sessions;
    }
    for (ChannelTraffic& c : r.traffic_to_lead_rate) {
        for (const SourceLeads& s : r.by_source)
            if (s.source == c.channel) c.leads_created = s.total.leads_created;
        c.rate = ratio(double(c.leads_created), c.sessions);
    }
    SourceSums created, won;
    for (const KeptDeal& d : p.kept_deal_facts) {
        const bool is_created = ctx.in_period(d.created_at), is_won = won_within(d, ctx.from, ctx.to);
        if (!is_created && !is_won) continue;
        const Sym source = p.deal_source[d.row];
        if (is_created) created.add(ds, source, d.amount);
        if (is_won) won.add(ds, source, d.amount);
        if (d.unconverted) ++r.amounts_left_out;
    }
    r.pipeline_sourced = created.sorted();
    r.revenue_sourced = won.sorted();

    // [SECTION] Spend -------------------------------------------------------------------------------------------
    const Month m_last = months.back();
    std::unordered_map<Sym, size_t> spend_index;
    for (const MarketingSpend& s : ds.spend) {
        if (s.month < m0 || s.month > m_last) continue;
        r.has_spend = true;
        const double amount = ctx.to_base(s.amount, s.currency);
        if (has(s.amount) && !has(amount)) ++r.amounts_left_out;
        if (!has(amount)) continue;
        r.spend += amount;
        auto [it, fresh] = spend_index.emplace(s.channel, r.cac_by_channel.size());
        if (fresh) r.cac_by_channel.push_back({label(ds, s.channel), 0, 0, kNaN});
        r.cac_by_channel[it->second].spend += amount;
    }
    const std::vector<uint32_t> customers = new_customer_deals(ctx, p);
    r.new_customers = static_cast<int64_t>(customers.size());
    if (r.has_spend) {
        r.cac_blended = ratio(r.spend, double(r.new_customers));
        for (uint32_t i : customers) {
            const Deal& d = ds.deals[i];
            const Sym touch = ctx.first_touch_of(d.account_id);
            const Sym src = touch ? touch : p.deal_source[i];
            auto it = spend_index.find(src);
            if (it != spend_index.end()) ++r.cac_by_channel[it->second].new_customers;
        }
        for (ChannelCac& c : r.cac_by_channel) c.cac = ratio(c.spend, double(c.new_customers));
    }

    // Magic number: complete quarters that start inside the period, with spend in the quarter before.
    if (book && book->source == "billing" && !ds.spend.empty()) {
        std::vector<Month> quarters;
        std::vector<Day> ends; // the day before each quarter and its last day, ascending: one walk over the book
        for (Month q = m0 + ((12 - m0 % 12) % 3); q + 2 <= month_of(ctx.as_of); q += 3) {
            if (last_day(q + 2) > ctx.as_of) break;
            quarters.push_back(q);
            ends.push_back(first_day(q) - 1);
            ends.push_back(last_day(q + 2));
        }
        const std::vector<double> arr = total_mrr_on_days(*book, ctx, ends);
        for (size_t k = 0; k < quarters.size(); ++k) {
            const Month q = quarters[k];
            QuarterMagic row;
            row.quarter = quarter_label(q);
            row.arr_end = 12 * arr[2 * k + 1];
            row.arr_start = 12 * arr[2 * k];
            double spend = 0;
            bool any = false;
            for (const MarketingSpend& s : ds.spend) {
                if (s.month < q - 3 || s.month >= q) continue;
                const double amount = ctx.to_base(s.amount, s.currency);
                if (has(amount)) {
                    spend += amount;
                    any = true;
                }
            }
            row.spend_previous_quarter = any ? spend : kNaN;
            row.value = ratio(row.arr_end - row.arr_start, row.spend_previous_quarter);
            r.magic_number.push_back(row);
        }
    }
    return r;
}

} // namespace core
