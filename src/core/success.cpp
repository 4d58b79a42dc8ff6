// Customer success: every number is a sample of the MrrBook (each account's MRR as change points).
//
// [SECTION] MRR book: subscriptions (or won deals) -> per-account change points
// [SECTION] Month-end sampling: movements, logo churn, cohorts (one walk over each account's change points)
// [SECTION] NRR / GRR
// [SECTION] Report
// [SECTION] JSON
#include "core/success.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace core {

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr int kMaxMonths = 1200; // a bogus 1970 date in "all time" must not allocate centuries of cohort cells

// Without billing data a won deal is one term of a yearly contract: its amount spread over the 12 months after the
// close date. Renewals then continue an account's MRR and expansions add to it, so churn and NRR keep their meaning.
constexpr int kDealTermMonths = 12;

// Sums of many change deltas leave 1e-13 residues where MRR is really zero; a residue must not count as "paying".
double snap(double v) { return std::fabs(v) < 1e-7 ? 0.0 : v; }
bool same(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a)); }

// A quotient only when it is finite (core::ratio, in prepared.h, tests the operands instead).
double finite_ratio(double num, double den) { return den != 0 && std::isfinite(num / den) ? num / den : kNaN; }

// The day a subscription stops paying (exclusive), kNoDay while it still pays (rule 10).
Day subscription_end(const Subscription& s, const Settings& settings) {
    Day end = s.ended_at;
    if (settings.churn_dating == ChurnDating::canceled_at && has(s.canceled_at) && (!has(end) || s.canceled_at < end))
        end = s.canceled_at;
    // Canceled without ended_at (hand-written data): it ended at its scheduled cancellation, else when cancelled.
    if (!has(end) && s.status == SubStatus::canceled) end = has(s.cancel_at) ? s.cancel_at : s.canceled_at;
    return end;
}

struct Change {
    uint32_t account;
    Day day;
    double delta;
};

} // namespace

// [SECTION] MRR book --------------------------------------------------------------------------------------------------
namespace {

// Calls pay(account, start, end, mrr) for every record that pays something; counts the ones left out for currency.
template <class Pay>
void for_each_payment(const Dataset& ds, const Settings& settings, const Context& ctx, uint64_t& unconverted, Pay pay) {
    unconverted = 0;
    if (!ds.subscriptions.empty()) {
        for (const Subscription& s : ds.subscriptions) {
            if (!pays(s.status) || !std::isfinite(s.mrr) || s.mrr <= 0) continue;
            const double mrr = ctx.to_base(s.mrr, s.currency);
            if (!std::isfinite(mrr)) {
                ++unconverted;
                continue;
            }
            const Day start = has(s.trial_end) ? std::max(s.trial_end, s.started_at) : s.started_at;
            const Day end = subscription_end(s, settings);
            if (s.status == SubStatus::canceled && !has(end)) continue; // ended, but nobody knows when
            pay(s.account_id ? s.account_id : s.id, start, end, mrr);
        }
        return;
    }
    for (const Deal& d : ds.deals) {
        if (d.state != DealState::won || d.type == DealType::unknown || !has(d.closed_at) || !has(d.amount)) continue;
        const double amount = ctx.deal_amount(d);
        if (!std::isfinite(amount)) {
            ++unconverted;
            continue;
        }
        if (amount <= 0) continue;
        pay(d.account_id ? d.account_id : d.id, d.closed_at, add_months(d.closed_at, kDealTermMonths),
            amount / kDealTermMonths);
    }
}

bool valid_payment(size_t accounts, Sym account, Day start, Day end) {
    return account < accounts && has(start) && (!has(end) || end > start);
}

} // namespace

MrrBook build_mrr_book(const Dataset& ds, const Settings& settings, const Context& ctx) {
    MrrBook book;
    book.source = ds.subscriptions.empty() ? "deals" : "billing";
    // dense: as long as the largest account id that pays (not every string of the Dataset: ids of millions of rows)
    Sym top = 0;
    for_each_payment(ds, settings, ctx, book.unconverted, [&](Sym account, Day start, Day end, double) {
        if (valid_payment(ds.strings.size(), account, start, end)) top = std::max(top, account);
    });
    book.dense.assign(static_cast<size_t>(top) + 1, kNone);

    // Two passes instead of one list sorted afterwards: the first gives each account its dense index and its number
    // of changes, the second writes every change straight into its account's bucket (half the memory touched).
    std::vector<uint32_t> count;
    for_each_payment(ds, settings, ctx, book.unconverted, [&](Sym account, Day start, Day end, double) {
        if (!valid_payment(book.dense.size(), account, start, end)) return;
        if (book.dense[account] == kNone) {
            book.dense[account] = static_cast<uint32_t>(book.accounts.size());
            book.accounts.push_back(account);
            count.push_back(0);
        }
        count[book.dense[account]] += has(end) ? 2 : 1;
        ++book.records_used;
    });
    const size_t n = book.accounts.size();
    book.begin.assign(n + 1, 0);
    for (size_t a = 0; a < n; ++a) book.begin[a + 1] = book.begin[a] + count[a];
    std::vector<Change> sorted(book.begin[n]);
    std::copy(book.begin.begin(), book.begin.end() - 1, count.begin()); // count becomes each bucket's write position
    for_each_payment(ds, settings, ctx, book.unconverted, [&](Sym account, Day start, Day end, double mrr) {
        if (!valid_payment(book.dense.size(), account, start, end)) return;
        const uint32_t a = book.dense[account];
        sorted[count[a]++] = {a, start, mrr};
        if (has(end)) sorted[count[a]++] = {a, end, -mrr};
    });
    count = {};

    // Same-day changes collapse into one point: a plan change that ends one subscription and starts another on the
    // same day is one change of the account's MRR, never a drop to zero (rule 10).
    book.day.reserve(sorted.size());
    book.mrr.reserve(sorted.size());
    uint32_t out = 0;
    for (size_t a = 0; a < n; ++a) {
        const uint32_t b = book.begin[a], e = book.begin[a + 1];
        std::sort(sorted.begin() + b, sorted.begin() + e,
                  [](const Change& x, const Change& y) { return x.day < y.day; });
        book.begin[a] = out;
        double level = 0;
        for (uint32_t k = b; k < e;) {
            const Day d = sorted[k].day;
            for (; k < e && sorted[k].day == d; ++k) level += sorted[k].delta;
            level = snap(level);
            const double previous = out > book.begin[a] ? book.mrr.back() : 0.0;
            if (level == previous) continue;
            book.day.push_back(d);
            book.mrr.push_back(level);
            ++out;
        }
    }
    book.begin[n] = out;
    return book;
}

double mrr_on(const MrrBook& book, Sym account_id, Day d) {
    if (account_id >= book.dense.size() || book.dense[account_id] == kNone || !has(d)) return 0;
    const uint32_t a = book.dense[account_id];
    const auto first = book.day.begin() + book.begin[a], last = book.day.begin() + book.begin[a + 1];
    const auto it = std::upper_bound(first, last, d);
    return it == first ? 0.0 : book.mrr[static_cast<size_t>(it - book.day.begin()) - 1];
}

void mrr_on_days(const MrrBook& book, uint32_t a, const Day* days, size_t n, double* out) {
    uint32_t k = book.begin[a];
    const uint32_t e = book.begin[a + 1];
    double level = 0;
    for (size_t i = 0; i < n; ++i) {
        for (; k < e && book.day[k] <= days[i]; ++k) level = book.mrr[k];
        out[i] = has(days[i]) ? level : 0.0;
    }
}

// [SECTION] Month-end sampling ----------------------------------------------------------------------------------------
namespace {

// What one walk over the book gathers for the months M0..M1 of the period.
struct Sampling {
    Month m0 = 0;
    int n = 0;
    double start_mrr = 0;                 // sum of MRR at the end of month M0 - 1
    uint64_t start_logos = 0;
    std::vector<MrrMovement> movements;
    std::vector<int64_t> logos_gained, logos_churned;
    std::vector<uint64_t> new_accounts;
    std::vector<double> cohort_mrr;        // [cohort row * n + month]: change of the cohort's MRR in that month
    std::vector<int64_t> cohort_logos;
    double mrr_now = 0;
    uint64_t paying_now = 0;
};

// The MRR sampled at a month end is the level after the last change of that month (changes after `now` do not
// exist yet: the as_of month is sampled at as_of). So each account's sampled series only moves in months holding a
// change, and one pass over its change points gives its movements, its cohort and its starting MRR.
Sampling sample(const MrrBook& book, const Context& ctx, Month m0, Month m1, Day now) {
    Sampling s;
    s.m0 = m0;
    s.n = m1 >= m0 ? m1 - m0 + 1 : 0;
    const size_t n = static_cast<size_t>(s.n);
    s.movements.resize(n);
    for (size_t i = 0; i < n; ++i) s.movements[i].month = m0 + static_cast<int>(i);
    s.logos_gained.assign(n, 0);
    s.logos_churned.assign(n, 0);
    s.new_accounts.assign(n, 0);
    s.cohort_mrr.assign(n * n, 0.0);
    s.cohort_logos.assign(n * n, 0);

    for_each_account(book, ctx, [&](uint32_t a) {
        const uint32_t b = book.begin[a], e = book.begin[a + 1];
        if (b == e || book.day[b] > now) return;
        const Month first_paid = month_of(book.day[b]);
        Month cohort = kNoMonth;
        double level = 0, at_now = 0;
        Month month = month_of(book.day[b]);
        for (uint32_t k = b; k < e && book.day[k] <= now; ++k) {
            at_now = book.mrr[k];
            const bool more = k + 1 < e && book.day[k + 1] <= now;
            const Month next = more ? month_of(book.day[k + 1]) : kNoMonth;
            if (more && next == month) continue; // not the month's last change
            const double sampled = book.mrr[k];
            const Month m = month;
            month = next;
            if (same(sampled, level)) continue;
            if (cohort == kNoMonth && sampled > 0) cohort = m;
            if (m > m1) break;
            if (m >= m0) {
                const size_t i = static_cast<size_t>(m - m0);
                MrrMovement& mv = s.movements[i];
                if (level == 0) {
                    if (first_paid == m) {
                        mv.new_ += sampled;
                        ++s.new_accounts[i];
                    } else {
                        mv.reactivation += sampled;
                    }
                    ++s.logos_gained[i];
                } else if (sampled == 0) {
                    mv.churn += level;
                    ++s.logos_churned[i];
                } else if (sampled > level) {
                    mv.expansion += sampled - level;
                } else {
                    mv.contraction += level - sampled;
                }
                if (cohort >= m0) {
                    const size_t cell = static_cast<size_t>(cohort - m0) * n + i;
                    s.cohort_mrr[cell] += sampled - level;
                    s.cohort_logos[cell] += (sampled > 0) - (level > 0);
                }
            }
            level = sampled;
        }
        const double start = mrr_on(book, book.accounts[a], std::min(last_day(m0 - 1), now));
        s.start_mrr += start;
        s.start_logos += start > 0;
        s.mrr_now += at_now;
        s.paying_now += at_now > 0;
    });
    return s;
}

// [SECTION] NRR / GRR -------------------------------------------------------------------------------------------------
// True when the account's MRR was 0 at a month end in (after, upto]: with nrr_count_reactivation = false such an
// account counts 0 now even if it came back (rule 12).
bool zero_at_a_month_end(const MrrBook& book, uint32_t a, Day after, Day upto) {
    const uint32_t b = book.begin[a], e = book.begin[a + 1];
    const auto first = book.day.begin() + b, last = book.day.begin() + e;
    for (auto it = std::upper_bound(first, last, after); it != last && *it <= upto; ++it) {
        const size_t k = static_cast<size_t>(it - book.day.begin());
        if (book.mrr[k] != 0) continue;
        const Day until = (it + 1 != last) ? std::min<Day>(*(it + 1) - 1, upto) : upto; // last day at 0
        if (last_day(month_of(*it)) <= until) return true;
    }
    return false;
}

struct Retention {
    double nrr = kNaN, grr = kNaN;
};

Retention retention_12m(const MrrBook& book, const Context& ctx, Day now, bool count_reactivation) {
    if (!has(now)) return {};
    const Day then = add_months(now, -12); // same calendar day a year earlier; Feb 29 -> Feb 28
    double base = 0, net = 0, gross = 0;
    for_each_account(book, ctx, [&](uint32_t a) {
        const Day days[2] = {then, now};
        double mrr[2];
        mrr_on_days(book, a, days, 2, mrr);
        const double before = mrr[0];
        if (before <= 0) return;
        double after = mrr[1];
        if (!count_reactivation && after > 0 && zero_at_a_month_end(book, a, then, now)) after = 0;
        base += before;
        net += after;
        gross += std::min(after, before);
    });
    return {finite_ratio(net, base), finite_ratio(gross, base)};
}

} // namespace

// [SECTION] Report ----------------------------------------------------------------------------------------------------
std::vector<uint32_t> kept_accounts(const MrrBook& book, const Context& ctx) {
    std::vector<uint32_t> out;
    for (uint32_t a = 0; a < book.accounts.size(); ++a)
        if (ctx.keep_account(book.accounts[a])) out.push_back(a);
    return out;
}

SuccessReport compute_success(const Dataset& ds, const Settings& settings, const Context& ctx, const MrrBook& book,
                              const std::span<const KeptDeal>* kept_deals, bool headline_only) {
    SuccessReport r;
    r.source = book.source.empty() ? (ds.subscriptions.empty() ? "deals" : "billing") : book.source;
    r.source_note = r.source == "billing"
                        ? "subscriptions: an account's MRR is the sum of its paying subscriptions' mrr"
                        : "no billing data: each won new, expansion or renewal deal is a 12-month booking, "
                          "MRR = amount / 12 from its close date for 12 months";
    r.gross_margin = settings.gross_margin;
    r.unconverted_currency_records = book.unconverted;

    Day now = has(ctx.as_of) ? ctx.as_of : ctx.to;
    if (!has(now) && !book.day.empty()) now = *std::max_element(book.day.begin(), book.day.end());
    Month m1 = has(ctx.to) ? month_of(ctx.to) : has(now) ? month_of(now) : kNoMonth;
    Month m0 = has(ctx.from) ? month_of(ctx.from) : m1 == kNoMonth ? kNoMonth : m1 - 11;
    if (!has(now) || m1 == kNoMonth) return r; // nothing loaded: no day to measure on
    if (m1 - m0 >= kMaxMonths) m0 = m1 - kMaxMonths + 1;

    const Sampling s = sample(book, ctx, m0, m1, now);
    r.mrr = s.mrr_now;
    r.arr = 12 * s.mrr_now;
    r.paying_accounts = s.paying_now;
    r.arpa = finite_ratio(r.mrr, static_cast<double>(r.paying_accounts));

    double level = s.start_mrr;
    int64_t logos = static_cast<int64_t>(s.start_logos);
    for (int i = 0; i < s.n; ++i) {
        MrrMovement mv = s.movements[static_cast<size_t>(i)];
        mv.start = level;
        mv.end = level + mv.new_ + mv.reactivation + mv.expansion - mv.contraction - mv.churn;
        if (std::fabs(mv.end) < 1e-6) mv.end = 0;
        SuccessMonth month;
        month.month = mv.month;
        month.mrr = mv.end;
        month.arr = 12 * mv.end;
        month.logo_churn_rate = finite_ratio(static_cast<double>(s.logos_churned[static_cast<size_t>(i)]),
                                      static_cast<double>(logos));
        month.gross_mrr_churn_rate = finite_ratio(mv.churn + mv.contraction, mv.start);
        month.net_mrr_churn_rate = finite_ratio(mv.churn + mv.contraction - mv.expansion - mv.reactivation, mv.start);
        logos += s.logos_gained[static_cast<size_t>(i)] - s.logos_churned[static_cast<size_t>(i)];
        month.paying_accounts = static_cast<uint64_t>(std::max<int64_t>(logos, 0));
        level = mv.end;
        r.new_mrr += mv.new_;
        r.expansion_mrr += mv.expansion;
        r.contraction_mrr += mv.contraction;
        r.churned_mrr += mv.churn;
        r.reactivation_mrr += mv.reactivation;
        r.new_accounts += s.new_accounts[static_cast<size_t>(i)];
        r.mrr_movements.push_back(mv);
        r.months.push_back(month);
    }
    r.net_new_mrr = r.new_mrr + r.reactivation_mrr + r.expansion_mrr - r.contraction_mrr - r.churned_mrr;
    r.quick_ratio = finite_ratio(r.new_mrr + r.expansion_mrr + r.reactivation_mrr, r.contraction_mrr + r.churned_mrr);

    // LTV's churn: the mean logo churn of the last 6 full months of the period (as_of's own month is partial).
    double churn_sum = 0;
    int churn_months = 0;
    for (int i = s.n - 1; i >= 0 && churn_months < 6; --i) {
        const SuccessMonth& month = r.months[static_cast<size_t>(i)];
        if (last_day(month.month) > now || !has(month.logo_churn_rate)) continue;
        churn_sum += month.logo_churn_rate;
        ++churn_months;
    }
    if (churn_months > 0) r.ltv = finite_ratio(r.arpa * settings.gross_margin, churn_sum / churn_months);

    const Retention ret = retention_12m(book, ctx, now, settings.nrr_count_reactivation);
    r.nrr_12m = ret.nrr;
    r.grr_12m = ret.grr;
    if (headline_only) return r;

    // Cohorts: row = month of an account's first month-end MRR; cell k = the cohort at the end of month row + k.
    const size_t n = static_cast<size_t>(s.n);
    for (size_t row = 0; row < n; ++row) {
        CohortRow c;
        c.month = m0 + static_cast<int>(row);
        double mrr = 0;
        int64_t count = 0;
        for (size_t col = row; col < n; ++col) {
            mrr += s.cohort_mrr[row * n + col];
            count += s.cohort_logos[row * n + col];
            if (col == row) {
                c.logos = static_cast<uint64_t>(std::max<int64_t>(count, 0));
                c.starting_mrr = snap(mrr);
            }
            c.logos_retained.push_back(finite_ratio(static_cast<double>(count), static_cast<double>(c.logos)));
            c.mrr_retained.push_back(finite_ratio(snap(mrr), c.starting_mrr));
        }
        r.cohort_retention.push_back(std::move(c));
    }

    uint64_t renewals_won = 0, renewals_closed = 0;
    auto renewal = [&](const auto& d) {
        if (d.type != DealType::renewal || d.state == DealState::open || !ctx.in_period(d.closed_at)) return;
        ++renewals_closed;
        renewals_won += d.state == DealState::won;
    };
    if (kept_deals) {
        for (const KeptDeal& d : *kept_deals) renewal(d);
    } else {
        for (const Deal& d : ds.deals)
            if (ctx.keep(d)) renewal(d);
    }
    r.renewal_rate = finite_ratio(static_cast<double>(renewals_won), static_cast<double>(renewals_closed));
    return r;
}

void finish_success(SuccessReport& r, double cac_blended) {
    r.ltv_to_cac = kNaN;
    r.cac_payback_months = kNaN;
    if (!std::isfinite(cac_blended) || cac_blended == 0) return;
    r.ltv_to_cac = finite_ratio(r.ltv, cac_blended);
    const double new_arpa = finite_ratio(r.new_mrr, static_cast<double>(r.new_accounts));
    r.cac_payback_months = finite_ratio(cac_blended, new_arpa * r.gross_margin);
}

// [SECTION] JSON ------------------------------------------------------------------------------------------------------
namespace {
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
} // namespace

nlohmann::json to_json(const SuccessReport& r) {
    using nlohmann::json;
    json j;
    j["source"] = r.source;
    j["source_note"] = r.source_note;
    j["mrr"] = number(r.mrr);
    j["arr"] = number(r.arr);
    j["paying_accounts"] = r.paying_accounts;
    j["arpa"] = number(r.arpa);
    json movements = json::array();
    for (const MrrMovement& m : r.mrr_movements)
        movements.push_back({{"month", month_label(m.month)}, {"start", number(m.start)}, {"new", number(m.new_)},
                             {"expansion", number(m.expansion)}, {"contraction", number(m.contraction)},
                             {"churn", number(m.churn)}, {"reactivation", number(m.reactivation)},
                             {"end", number(m.end)}});
    j["mrr_movements"] = std::move(movements);
    auto series = [&](auto value) {
        json out = json::array();
        for (const SuccessMonth& m : r.months) out.push_back({{"month", month_label(m.month)}, {"value", value(m)}});
        return out;
    };
    j["logo_churn_rate"] = series([](const SuccessMonth& m) { return number(m.logo_churn_rate); });
    j["gross_mrr_churn_rate"] = series([](const SuccessMonth& m) { return number(m.gross_mrr_churn_rate); });
    j["net_mrr_churn_rate"] = series([](const SuccessMonth& m) { return number(m.net_mrr_churn_rate); });
    j["mrr_by_month"] = series([](const SuccessMonth& m) { return number(m.mrr); });
    j["arr_by_month"] = series([](const SuccessMonth& m) { return number(m.arr); });
    j["paying_accounts_by_month"] = series([](const SuccessMonth& m) { return json(m.paying_accounts); });
    j["new_mrr"] = number(r.new_mrr);
    j["expansion_mrr"] = number(r.expansion_mrr);
    j["contraction_mrr"] = number(r.contraction_mrr);
    j["churned_mrr"] = number(r.churned_mrr);
    j["reactivation_mrr"] = number(r.reactivation_mrr);
    j["net_new_mrr"] = number(r.net_new_mrr);
    j["new_accounts"] = r.new_accounts;
    j["nrr_12m"] = number(r.nrr_12m);
    j["grr_12m"] = number(r.grr_12m);
    json cohorts = json::array();
    for (const CohortRow& c : r.cohort_retention) {
        json logos = json::array(), mrr = json::array();
        for (double v : c.logos_retained) logos.push_back(number(v));
        for (double v : c.mrr_retained) mrr.push_back(number(v));
        cohorts.push_back({{"month", month_label(c.month)}, {"logos", c.logos},
                           {"starting_mrr", number(c.starting_mrr)},
                           {"logos_retained", std::move(logos)}, {"mrr_retained", std::move(mrr)}});
    }
    j["cohort_retention"] = std::move(cohorts);
    j["renewal_rate"] = number(r.renewal_rate);
    j["ltv"] = number(r.ltv);
    j["ltv_to_cac"] = number(r.ltv_to_cac);
    j["cac_payback_months"] = number(r.cac_payback_months);
    j["quick_ratio"] = number(r.quick_ratio);
    j["gross_margin"] = number(r.gross_margin);
    j["unconverted_currency_records"] = r.unconverted_currency_records;
    return j;
}

} // namespace core
