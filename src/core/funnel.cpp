#include "core/funnel.h"

namespace core {

const TransitionInfo kTransitions[5] = {
    {"lead_to_mql", kLead, kMql, "marketing", false},
    {"mql_to_sql", kMql, kSql, "marketing→sales", true},
    {"sql_to_opportunity", kSql, kOpportunity, "sales", false},
    {"opportunity_to_customer", kOpportunity, kCustomer, "sales", false},
    {"customer_to_retained", kCustomer, kLifecycleStages, "sales→success", true},
};

BillingAccounts::BillingAccounts(const Dataset& ds) {
    for (const Account& a : ds.accounts)
        if (a.crm_account && a.id) by_crm[a.crm_account].push_back(a.id);
}

double BillingAccounts::mrr_on(const MrrBook& book, Sym crm_account, Day d) const {
    double total = core::mrr_on(book, crm_account, d);
    auto it = by_crm.find(crm_account);
    if (it != by_crm.end())
        for (Sym billing : it->second)
            if (billing != crm_account) total += core::mrr_on(book, billing, d);
    return total;
}

FunnelReport compute_funnel(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book,
                            const BillingAccounts* kept_billing) {
    FunnelReport r;
    r.has_retention = book && !book->accounts.empty();
    if (!r.has_retention) r.retention_note = "no MRR per account: load billing data (or won deals) to see retention";
    const BillingAccounts own = kept_billing || !r.has_retention ? BillingAccounts{} : BillingAccounts(ds);
    const BillingAccounts& billing = kept_billing ? *kept_billing : own;
    std::vector<DayMedian> days(5);
    for (const TransitionInfo& t : kTransitions)
        r.transitions.push_back({lifecycle_name(t.from), t.to < kLifecycleStages ? lifecycle_name(t.to) : "retained",
                                 t.name, t.team, t.handoff, 0, 0, kNaN, kNaN, kNaN});
    auto reached = [&](const StageDates& s, int k) { return has(s[size_t(k)]) && s[size_t(k)] <= ctx.as_of; };
    for (uint32_t i : p.kept_leads) {
        const StageDates& s = p.lead_dates[i];
        // retained: still paying 12 months after becoming a customer. A customer whose 12-month mark is after
        // as_of cannot have been retained yet, so this step has its own cohort: the customers whose 12-month mark
        // falls in the period (and by as_of), i.e. who became customers in the 12 months before the period's.
        // (The period's own lead cohort would hold almost no one whose year is over: 0 / NaN.)
        const Day anniversary = reached(s, kCustomer) ? add_months(s[kCustomer], 12) : kNoDay;
        if (r.has_retention && has(anniversary) && anniversary <= ctx.as_of && ctx.in_period(anniversary)) {
            ++r.transitions[4].count_from;
            const Sym account = ds.leads[i].account_id;
            if (account && billing.mrr_on(*book, account, anniversary) > 0) {
                ++r.transitions[4].count_to;
                days[4].add(anniversary - s[kCustomer]);
            }
        }
        if (!ctx.in_period(s[kLead])) continue;
        ++r.leads;
        for (size_t t = 0; t < 4; ++t) {
            const TransitionInfo& info = kTransitions[t];
            if (!reached(s, info.from)) break;
            ++r.transitions[t].count_from;
            if (!reached(s, info.to)) break;
            ++r.transitions[t].count_to;
            days[t].add(s[size_t(info.to)] - s[size_t(info.from)]);
        }
    }
    for (size_t t = 0; t < r.transitions.size(); ++t) {
        FunnelTransition& f = r.transitions[t];
        if (t == 4 && !r.has_retention) continue;
        f.rate = ratio(double(f.count_to), double(f.count_from));
        f.rate_from_top = ratio(double(f.count_to), double(r.leads));
        f.median_days = days[t].median();
    }
    return r;
}

} // namespace core
