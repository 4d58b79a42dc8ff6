// compute(): Dataset + Settings + Filter -> Report, and the drill-down that lists the records behind a figure.
//
// [SECTION] compute
// [SECTION] Engine: the cached facts and what invalidates them (core/engine.h)
// [SECTION] deals_behind
#include "core/engine.h"
#include "core/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace core {

namespace {

Headline headline(const Context& ctx, const MarketingReport& m, const SalesReport& s, const SuccessReport* success) {
    Headline h;
    h.from = ctx.from;
    h.to = ctx.to;
    h.as_of = ctx.as_of;
    h.leads_created = m.totals.leads_created;
    h.mqls = m.totals.mqls;
    h.sqls = m.totals.sqls;
    h.new_customers = m.new_customers;
    h.lead_to_mql_rate = m.lead_to_mql.rate;
    h.mql_to_sql_rate = m.mql_to_sql.rate;
    h.cac_blended = m.cac_blended;
    for (const SourceAmount& a : m.pipeline_sourced) h.pipeline_sourced += a.amount;
    for (const SourceAmount& a : m.revenue_sourced) h.revenue_sourced += a.amount;
    h.won_count = s.won_count;
    h.open_pipeline_count = s.open_pipeline_count;
    h.bookings_amount = s.won_amount;
    h.win_rate = s.win_rate;
    h.win_rate_by_value = s.win_rate_by_value;
    h.avg_deal_size = s.avg_deal_size;
    h.median_deal_size = s.median_deal_size;
    h.sales_cycle_days_median = s.sales_cycle_days_median;
    h.sales_cycle_days_mean = s.sales_cycle_days_mean;
    h.open_pipeline_value = s.open_pipeline_value;
    h.weighted_pipeline_value = s.weighted_pipeline_value;
    if (success) {
        h.mrr = success->mrr;
        h.arr = success->arr;
        h.net_new_mrr = success->net_new_mrr;
        h.nrr_12m = success->nrr_12m;
        h.grr_12m = success->grr_12m;
        h.arpa = success->arpa;
        h.quick_ratio = success->quick_ratio;
    }
    return h;
}

} // namespace

// [SECTION] compute -----------------------------------------------------------------------------------------------
Report compute(const Dataset& ds, const Settings& settings, const Filter& filter) {
    Engine engine;
    return engine.compute(ds, settings, filter);
}

// [SECTION] Engine ------------------------------------------------------------------------------------------------
Engine::Shape Engine::shape_of(const Dataset& ds) {
    return {&ds, ds.strings.size(), ds.leads.size(), ds.deals.size(), ds.stage_history.size(), ds.accounts.size(),
            ds.subscriptions.size(), ds.spend.size(), ds.traffic.size(), ds.tools.size(), ds.targets.size(),
            ds.files.size()};
}

std::string Engine::dims_key(const Filter& f) {
    // the filter's dimensions, not its period; '\x1f' cannot appear in a name typed or imported as one field
    return f.pipeline + '\x1f' + f.owner + '\x1f' + f.source + '\x1f' + f.segment + '\x1f' + f.deal_type + '\x1f' +
           f.currency;
}

void Engine::reset() {
    *this = Engine{};
}

bool Engine::prepare(const Dataset& ds, const Settings& settings, const Filter& filter) {
    const Shape shape = shape_of(ds);
    if (!(shape == shape_)) reset();
    shape_ = shape;
    if (!have_summary_) {
        summary_ = summarize(ds);
        billing_ = BillingAccounts(ds);
        have_summary_ = true;
        return true;
    }
    // Facts depend on the Settings (rates, base currency, churn dating, as_of for nothing but the book's users)
    const std::string settings_key = to_json(settings).dump();
    if (settings_key != settings_key_) {
        settings_key_ = settings_key;
        have_facts_ = false;
        facts_step_ = 0;
    }
    Context ctx = make_context(ds, settings, filter, summary_);
    if (!have_facts_) {
        have_kept_ = false;
        switch (facts_step_++) {
        case 0: prepare_facts(ds, ctx, prepared_); break;
        case 1: book_ = build_mrr_book(ds, settings, ctx); break;
        case 2: stack_ = compute_stack(ds, ctx); break;
        default: quality_ = compute_quality(ds, ctx, &prepared_.deal_quality); have_facts_ = true; break;
        }
        return true;
    }
    const std::string filter_key = dims_key(filter);
    if (!have_kept_ || filter_key != filter_key_) {
        apply_filter_to(ds, ctx, prepared_);
        book_accounts_ = ctx.filters_accounts()
                             ? std::make_shared<const std::vector<uint32_t>>(kept_accounts(book_, ctx))
                             : nullptr;
        filter_key_ = filter_key;
        have_kept_ = true;
        have_as_of_ = false;
        stays_ = StageStays{};
        return true;
    }
    if (!have_as_of_ || as_of_ != ctx.as_of) {
        ctx.book_accounts = book_accounts_;
        bottlenecks_ = compute_bottlenecks(settings, ctx, prepared_, &book_);
        forecast_ = compute_forecast(ds, ctx, prepared_, &book_);
        stays_ = stage_stays(ctx, prepared_); // (else the first compute_sales works them out, in the frame's task)
        as_of_ = ctx.as_of;
        have_as_of_ = true;
        return true;
    }
    return false;
}

Report Engine::compute(const Dataset& ds, const Settings& settings, const Filter& filter) {
    const bool same = shape_of(ds) == shape_;
    reuse_.summary = same && have_summary_;
    reuse_.facts = reuse_.summary && have_facts_ && to_json(settings).dump() == settings_key_;
    reuse_.kept = reuse_.facts && have_kept_ && dims_key(filter) == filter_key_;
    while (prepare(ds, settings, filter)) {}
    Context ctx = make_context(ds, settings, filter, summary_);
    ctx.book_accounts = book_accounts_;
    const Prepared& p = prepared_;
    const MrrBook& book = book_;

    Report r;
    r.as_of = ctx.as_of;
    r.from = ctx.from;
    r.to = ctx.to;
    r.prev_from = ctx.prev_from;
    r.prev_to = ctx.prev_to;
    r.preset = ctx.preset;
    r.base_currency = ctx.base_currency_code;
    r.settings = settings;
    r.filter = filter;

    r.marketing = compute_marketing(ds, ctx, p, &book);
    r.sales = compute_sales(ds, settings, ctx, p, false, &stays_);
    if (has(ctx.as_of)) {
        r.success = compute_success(ds, settings, ctx, book, &p.kept_deal_facts);
        finish_success(r.success, r.marketing.cac_blended);
    }
    r.funnel = compute_funnel(ds, ctx, p, &book, &billing_);
    r.bottlenecks = bottlenecks_;
    r.forecast = forecast_;
    r.stack = stack_;
    r.quality = quality_;
    // rule 4: deal and spend amounts, and the subscriptions (or deals) left out of MRR, for want of a rate
    r.amounts_left_out =
        r.marketing.amounts_left_out + r.sales.amounts_left_out + r.success.unconverted_currency_records;
    r.current = headline(ctx, r.marketing, r.sales, has(ctx.as_of) ? &r.success : nullptr);

    if (has(ctx.prev_from) && has(ctx.prev_to)) {
        // the previous period seen from its own end: what was open, converted or paying then
        Context prev = ctx;
        prev.from = ctx.prev_from;
        prev.to = ctx.prev_to;
        prev.as_of = ctx.prev_to;
        const MarketingReport m = compute_marketing(ds, prev, p, nullptr, true);
        const SalesReport s = compute_sales(ds, settings, prev, p, true);
        SuccessReport success = compute_success(ds, settings, prev, book, &p.kept_deal_facts, true);
        finish_success(success, m.cac_blended);
        r.previous = headline(prev, m, s, &success);
        r.has_previous = true;
    }
    return r;
}

// [SECTION] deals_behind ------------------------------------------------------------------------------------------
bool behind_is_leads(std::string_view metric) {
    return metric == "leads_created" || metric == "mqls" || metric == "sqls" || metric == "lead_to_mql_rate" ||
           metric == "mql_to_sql_rate" || metric == "sql_to_opportunity_rate" ||
           metric == "opportunity_to_customer_rate" || metric == "funnel";
}

std::vector<uint32_t> deals_behind(const Dataset& ds, const Context& base, const Filter& filter,
                                   std::string_view metric, std::string_view key) {
    Context ctx = base;
    Filter f = base.filter; // the Filter's dimensions, where set, win over the context's
    if (!filter.owner.empty()) f.owner = filter.owner;
    if (!filter.source.empty()) f.source = filter.source;
    if (!filter.pipeline.empty()) f.pipeline = filter.pipeline;
    if (!filter.segment.empty()) f.segment = filter.segment;
    if (!filter.deal_type.empty()) f.deal_type = filter.deal_type;
    if (!filter.currency.empty()) f.currency = filter.currency;
    apply_filter(ds, f, ctx);
    const Prepared p = prepare(ds, ctx);
    std::vector<uint32_t> out;
    if (!has(ctx.as_of)) return out;

    auto label = [&](Sym s) { return s ? ds.str(s) : std::string_view("unknown"); };
    auto in_month = [&](Day d) { return key.empty() || (has(d) && month_label(month_of(d)) == key); };

    if (behind_is_leads(metric)) {
        int stage = -1, next = -1;
        if (metric == "leads_created") stage = kLead;
        else if (metric == "mqls") stage = kMql;
        else if (metric == "sqls") stage = kSql;
        else if (metric == "lead_to_mql_rate") stage = kLead, next = kMql;
        else if (metric == "mql_to_sql_rate") stage = kMql, next = kSql;
        else if (metric == "sql_to_opportunity_rate") stage = kSql, next = kOpportunity;
        else if (metric == "opportunity_to_customer_rate") stage = kOpportunity, next = kCustomer;
        for (uint32_t i = 0; i < ds.leads.size(); ++i) {
            if (!p.lead_kept[i]) continue;
            const StageDates s = lead_stages(ds.leads[i]);
            if (metric == "funnel") {
                if (!ctx.in_period(s[kLead])) continue;
                for (int k = kLead; k <= kCustomer; ++k)
                    if (key == lifecycle_name(k) && has(s[size_t(k)]) && s[size_t(k)] <= ctx.as_of) out.push_back(i);
                continue;
            }
            const Day d = s[size_t(stage)];
            if (!ctx.in_period(d)) continue;
            if (next >= 0 || key.empty() || month_label(month_of(d)) == key || label(ds.leads[i].source) == key)
                out.push_back(i);
        }
        return out;
    }

    if (metric == "slipped_deals" || metric == "stale_deals") {
        Settings s;
        s.stale_factor = ctx.stale_factor;
        SalesReport sales = compute_sales(ds, s, ctx, p);
        return metric == "slipped_deals" ? std::move(sales.slipped_deals) : std::move(sales.stale_deals);
    }
    if (metric == "new_customers" || metric == "cac_blended") return new_customer_deals(ctx, p);

    const Month now = month_of(ctx.as_of);
    for (uint32_t i = 0; i < ds.deals.size(); ++i) {
        if (!p.deal_kept[i]) continue;
        const Deal& d = ds.deals[i];
        const bool open = open_at(d, ctx.as_of);
        const bool won = won_within(d, ctx.from, ctx.to);
        const bool closed = closed_within(d, ctx.from, ctx.to);
        bool take = false;
        if (metric == "open_pipeline") take = open && (key.empty() || label(d.stage) == key);
        else if (metric == "weighted_pipeline_value") take = open;
        else if (metric == "open_pipeline_by_owner") take = open && label(d.owner) == key;
        else if (metric == "open_pipeline_by_source") take = open && label(p.deal_source[i]) == key;
        else if (metric == "open_pipeline_by_pipeline") take = open && label(d.pipeline) == key;
        else if (metric == "bookings")
            take = won && (key.empty() || month_label(month_of(d.closed_at)) == key || deal_type_name(d.type) == key);
        else if (metric == "won") take = won && in_month(d.closed_at);
        else if (metric == "lost") take = closed && !won && in_month(d.closed_at);
        else if (metric == "win_rate") take = closed && in_month(d.closed_at);
        else if (metric == "win_rate_by_value") take = closed && has(p.deal_facts[i].amount);
        else if (metric == "avg_deal_size" || metric == "median_deal_size") take = won && has(p.deal_facts[i].amount);
        else if (metric == "sales_cycle") take = won && has(d.created_at) && in_month(d.closed_at);
        else if (metric == "owner_leaderboard") take = (closed || open) && label(d.owner) == key;
        else if (metric == "pipeline_sourced") take = ctx.in_period(d.created_at) && label(p.deal_source[i]) == key;
        else if (metric == "revenue_sourced") take = won && label(p.deal_source[i]) == key;
        else if (metric == "pipeline_forecast")
            take = open && d.state == DealState::open && has(d.expected_close) &&
                   month_label(std::max(month_of(d.expected_close), now)) == key;
        if (take) out.push_back(i);
    }
    return out;
}

} // namespace core
