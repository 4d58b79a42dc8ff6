// Customer success (docs/metrics.md "Customer success", Precise rules 10, 11, 12): MRR, movements, churn, NRR/GRR,
// cohorts, LTV. Source: subscriptions (billing) when any are loaded, else won deals as 12-month bookings.
#pragma once
#include "core/context.h"
#include "core/model.h"
#include "core/prepared.h"
#include "core/settings.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace core {

// Each account's MRR over time, as sorted change points: account a has MRR mrr[k] from day[k] until day[k + 1]
// (k in [begin[a], begin[a + 1])), and 0 before its first point. Accounts are dense ints so a million of them cost
// a few arrays, not a map of vectors. The book holds every account whatever the filter (it depends on the Dataset
// and Settings only, so an Engine keeps it across filter changes); the metrics skip the accounts that
// ctx.keep_account rejects (the segment filter).
struct MrrBook {
    std::string source;                 // "billing" (subscriptions) or "deals" (won deals, no billing data)
    std::vector<Sym> accounts;          // dense account index -> account id
    std::vector<uint32_t> dense;        // account id (Sym) -> dense index; UINT32_MAX when the Sym is no account
    std::vector<uint32_t> begin;        // accounts.size() + 1 offsets into day / mrr
    std::vector<Day> day;
    std::vector<double> mrr;            // base currency, from day[k] on
    uint64_t records_used = 0;          // subscriptions (or deals) that paid something
    uint64_t unconverted = 0;           // left out: amount in a currency without a rate (rule 4)
};

MrrBook build_mrr_book(const Dataset& ds, const Settings& settings, const Context& ctx);
// Calls f(dense index) for every account of the book that ctx.keep_account keeps, in ascending order (so sums do not
// depend on whether ctx carries the precomputed list).
template <class F> void for_each_account(const MrrBook& book, const Context& ctx, F&& f) {
    if (ctx.book_accounts) {
        for (uint32_t a : *ctx.book_accounts) f(a);
        return;
    }
    const bool all = !ctx.filters_accounts();
    for (uint32_t a = 0; a < book.accounts.size(); ++a)
        if (all || ctx.keep_account(book.accounts[a])) f(a);
}
// The list for Context::book_accounts.
std::vector<uint32_t> kept_accounts(const MrrBook& book, const Context& ctx);
double mrr_on(const MrrBook& book, Sym account_id, Day d); // 0 when the account is unknown or paid nothing that day
// Dense account a's MRR on each of `n` days sorted ascending, in one walk over its change points (no search per day).
void mrr_on_days(const MrrBook& book, uint32_t a, const Day* days, size_t n, double* out);

struct MrrMovement {
    Month month = kNoMonth;
    double start = 0, new_ = 0, expansion = 0, contraction = 0, churn = 0, reactivation = 0, end = 0;
};

struct CohortRow {
    Month month = kNoMonth;             // month of the accounts' first month-end MRR
    uint64_t logos = 0;
    double starting_mrr = 0;
    std::vector<double> logos_retained; // [months since]: share of the cohort's accounts paying at that month end
    std::vector<double> mrr_retained;   // [months since]: the cohort's MRR then / its starting MRR
};

struct SuccessMonth {                   // one month of the period (every month, empty ones included)
    Month month = kNoMonth;
    double mrr = 0, arr = 0;            // at the month end (at as_of for as_of's month)
    uint64_t paying_accounts = 0;
    double logo_churn_rate = kNaN;      // NaN: nobody paying at the previous month end
    double gross_mrr_churn_rate = kNaN;
    double net_mrr_churn_rate = kNaN;
};

struct SuccessReport {
    std::string source;                 // "billing" or "deals"
    std::string source_note;            // how MRR was derived, shown next to the numbers
    double mrr = 0, arr = 0;            // at as_of
    uint64_t paying_accounts = 0;       // at as_of
    double arpa = kNaN;
    std::vector<MrrMovement> mrr_movements;
    std::vector<SuccessMonth> months;   // same months as mrr_movements
    double new_mrr = 0, expansion_mrr = 0, contraction_mrr = 0, churned_mrr = 0, reactivation_mrr = 0;
    double net_new_mrr = 0;             // sums over the period's movements
    uint64_t new_accounts = 0;          // accounts counted as `new` in the period's movements
    double nrr_12m = kNaN, grr_12m = kNaN;
    std::vector<CohortRow> cohort_retention;
    double renewal_rate = kNaN;
    double ltv = kNaN, ltv_to_cac = kNaN, cac_payback_months = kNaN;
    double quick_ratio = kNaN;
    double gross_margin = 1.0;
    uint64_t unconverted_currency_records = 0; // subscriptions (or deals) left out of MRR for want of a rate
};

// Only the accounts ctx.keep_account keeps count (segment, owner, source); renewal_rate counts the deals ctx.keep
// keeps (`kept_deals`, when given, lists them: Prepared::kept_deal_facts). `headline_only`: what the Headline and
// finish_success read (the previous period): no cohorts, no renewal rate.
SuccessReport compute_success(const Dataset& ds, const Settings& settings, const Context& ctx, const MrrBook& book,
                              const std::span<const KeptDeal>* kept_deals = nullptr, bool headline_only = false);
// Fills ltv_to_cac and cac_payback_months from marketing's cac_blended (both stay NaN when it is NaN or zero).
void finish_success(SuccessReport& r, double cac_blended);
// The object at `success` in the report: names of docs/metrics.md; NaN -> null; monthly series with "month".
nlohmann::json to_json(const SuccessReport& r);

} // namespace core
