// Customer success (docs/metrics.md rules 10, 11, 12): every expected value is worked out by hand in the comments.
#include "core/success.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

using namespace core;

namespace {

Day D(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }
Month M(int y, unsigned m) { return month_of(D(y, m, 1)); }

struct Books {
    Dataset ds;
    Settings settings;
    Context ctx;
    int next_id = 0;

    Subscription& sub(const char* account, Day start, Day end, double mrr, SubStatus status = SubStatus::active) {
        Subscription s;
        s.id = ds.sym("sub_" + std::to_string(++next_id));
        s.account_id = ds.sym(account);
        s.started_at = start;
        s.ended_at = end;
        s.mrr = mrr;
        s.status = has(end) && status == SubStatus::active ? SubStatus::canceled : status;
        ds.subscriptions.push_back(s);
        return ds.subscriptions.back();
    }
    // Period from..to, both inclusive; base USD; rates per currency code (set after every row exists).
    void period(Day from, Day to, Day as_of, std::initializer_list<std::pair<const char*, double>> rates = {}) {
        ctx.from = from;
        ctx.to = to;
        ctx.as_of = as_of;
        ctx.base_currency = ds.sym("USD");
        ctx.base_currency_code = "USD";
        for (auto& [code, rate] : rates) ds.sym(code);
        ctx.rate.assign(ds.strings.size(), kNaN);
        ctx.rate[ctx.base_currency] = 1.0;
        for (auto& [code, rate] : rates) ctx.rate[ds.sym(code)] = rate;
    }
    MrrBook book() const { return build_mrr_book(ds, settings, ctx); }
    SuccessReport report() const { return compute_success(ds, settings, ctx, book()); }
    double mrr(const char* account, Day d) const { return mrr_on(book(), ds.strings.find(account), d); }
};

const MrrMovement& movement(const SuccessReport& r, Month m) {
    for (const MrrMovement& mv : r.mrr_movements)
        if (mv.month == m) return mv;
    static MrrMovement none;
    ADD_FAILURE() << "no movement for " << month_label(m);
    return none;
}
const SuccessMonth& month(const SuccessReport& r, Month m) {
    for (const SuccessMonth& s : r.months)
        if (s.month == m) return s;
    static SuccessMonth none;
    ADD_FAILURE() << "no month " << month_label(m);
    return none;
}

// Five accounts, Jan..Mar 2024, every kind of movement in February:
//   A 100 since Dec; add-on +50 from Feb 10              -> Feb expansion 50     (A: 100 -> 150)
//   B 200 since Dec; plan change Feb 15 to 120 (same day) -> Feb contraction 80  (B: 200 -> 120), not churn + new
//   C 70 since Dec; ended Feb 20                           -> Feb churn 70        (C: 70 -> 0)
//   D first pays Feb 5 at 45                               -> Feb new 45
//   E paid 30 in Oct 2023 only, returns Feb 25 at 60       -> Feb reactivation 60
// Start of Jan = end of Dec = 100 + 200 + 70 = 370; Jan has no change; Feb end = 150 + 120 + 0 + 45 + 60 = 375.
// Bridge: 370 + 45 + 60 + 50 - 80 - 70 = 375.
Books five_kinds() {
    Books b;
    b.sub("A", D(2023, 12, 1), kNoDay, 100);
    b.sub("A", D(2024, 2, 10), kNoDay, 50);
    b.sub("B", D(2023, 12, 1), D(2024, 2, 15), 200);
    b.sub("B", D(2024, 2, 15), kNoDay, 120);
    b.sub("C", D(2023, 12, 1), D(2024, 2, 20), 70);
    b.sub("D", D(2024, 2, 5), kNoDay, 45);
    b.sub("E", D(2023, 10, 1), D(2023, 11, 1), 30);
    b.sub("E", D(2024, 2, 25), kNoDay, 60);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    return b;
}

} // namespace

TEST(Success, MonthWithEveryKindOfMovement) {
    const Books b = five_kinds();
    const SuccessReport r = b.report();
    EXPECT_EQ(r.source, "billing");
    ASSERT_EQ(r.mrr_movements.size(), 3u); // Jan, Feb, Mar: every month of the period
    const MrrMovement& jan = movement(r, M(2024, 1));
    EXPECT_DOUBLE_EQ(jan.start, 370);
    EXPECT_DOUBLE_EQ(jan.end, 370);
    const MrrMovement& feb = movement(r, M(2024, 2));
    EXPECT_DOUBLE_EQ(feb.start, 370);
    EXPECT_DOUBLE_EQ(feb.new_, 45);
    EXPECT_DOUBLE_EQ(feb.expansion, 50);
    EXPECT_DOUBLE_EQ(feb.contraction, 80);
    EXPECT_DOUBLE_EQ(feb.churn, 70);
    EXPECT_DOUBLE_EQ(feb.reactivation, 60);
    EXPECT_DOUBLE_EQ(feb.end, 375);
    const MrrMovement& mar = movement(r, M(2024, 3));
    EXPECT_DOUBLE_EQ(mar.start, 375);
    EXPECT_DOUBLE_EQ(mar.end, 375);
    EXPECT_EQ(r.new_accounts, 1u);

    // Logo churn: Feb 1 of the 3 accounts paying at Jan's end (A, B, C); Mar 0 of 4 (A, B, D, E).
    EXPECT_DOUBLE_EQ(month(r, M(2024, 1)).logo_churn_rate, 0.0);
    EXPECT_DOUBLE_EQ(month(r, M(2024, 2)).logo_churn_rate, 1.0 / 3);
    EXPECT_DOUBLE_EQ(month(r, M(2024, 3)).logo_churn_rate, 0.0);
    EXPECT_DOUBLE_EQ(month(r, M(2024, 2)).gross_mrr_churn_rate, (70.0 + 80) / 370);
    EXPECT_DOUBLE_EQ(month(r, M(2024, 2)).net_mrr_churn_rate, (70.0 + 80 - 50 - 60) / 370);
    EXPECT_EQ(month(r, M(2024, 2)).paying_accounts, 4u);

    // At as_of (Mar 31): 375 over 4 paying accounts.
    EXPECT_DOUBLE_EQ(r.mrr, 375);
    EXPECT_DOUBLE_EQ(r.arr, 4500);
    EXPECT_EQ(r.paying_accounts, 4u);
    EXPECT_DOUBLE_EQ(r.arpa, 93.75);
    // Quick ratio over the period: (45 + 50 + 60) / (80 + 70).
    EXPECT_DOUBLE_EQ(r.quick_ratio, 155.0 / 150);
}

TEST(Success, BridgeHoldsAndEndsAreTheAccountsMrrAtMonthEnds) {
    const Books b = five_kinds();
    const SuccessReport r = b.report();
    const MrrBook book = b.book();
    for (const MrrMovement& m : r.mrr_movements) {
        EXPECT_NEAR(m.start + m.new_ + m.reactivation + m.expansion - m.contraction - m.churn, m.end, 1e-9);
        double sum = 0; // independent of the walk: sample every account at the month end
        for (const char* a : {"A", "B", "C", "D", "E"}) sum += mrr_on(book, b.ds.strings.find(a), last_day(m.month));
        EXPECT_NEAR(m.end, sum, 1e-9) << month_label(m.month);
    }
}

TEST(Success, MrrOnADay) {
    const Books b = five_kinds();
    EXPECT_DOUBLE_EQ(b.mrr("B", D(2024, 2, 14)), 200);  // old plan until the day before the change
    EXPECT_DOUBLE_EQ(b.mrr("B", D(2024, 2, 15)), 120);  // the new plan from the change day
    EXPECT_DOUBLE_EQ(b.mrr("C", D(2024, 2, 19)), 70);
    EXPECT_DOUBLE_EQ(b.mrr("C", D(2024, 2, 20)), 0);    // ended_at is the first day without pay
    EXPECT_DOUBLE_EQ(b.mrr("E", D(2023, 12, 1)), 0);
    EXPECT_DOUBLE_EQ(b.mrr("nobody", D(2024, 2, 1)), 0);
}

TEST(Success, LtvAndCacFromTrailingChurn) {
    Books b = five_kinds();
    b.settings.gross_margin = 0.8;
    SuccessReport r = b.report();
    // Full months Jan, Feb, Mar (as_of = Mar 31): churn 0, 1/3, 0 -> mean 1/9. ltv = 93.75 * 0.8 / (1/9) = 675.
    EXPECT_NEAR(r.ltv, 675, 1e-9);
    finish_success(r, 300);
    EXPECT_NEAR(r.ltv_to_cac, 2.25, 1e-12);
    // New accounts' ARPA = 45 (D alone); payback = 300 / (45 * 0.8) = 8.333...
    EXPECT_NEAR(r.cac_payback_months, 300.0 / 36, 1e-12);
    finish_success(r, kNaN);
    EXPECT_TRUE(std::isnan(r.ltv_to_cac));
    EXPECT_TRUE(std::isnan(r.cac_payback_months));
    finish_success(r, 0);
    EXPECT_TRUE(std::isnan(r.ltv_to_cac));
}

TEST(Success, LtvLeavesOutThePartialAsOfMonth) {
    Books b = five_kinds();
    b.ctx.as_of = D(2024, 3, 30); // March is not over: mean over Jan, Feb = (0 + 1/3) / 2 = 1/6
    const SuccessReport r = b.report();
    EXPECT_NEAR(r.ltv, 93.75 * 6, 1e-9);
}

TEST(Success, ChurnDatingSetting) {
    // X: asked to cancel Jan 20, the subscription ended at period end Feb 20 (mrr 100).
    // Y: active, cancel at period end requested Mar 5, ends Apr 1 (after as_of) (mrr 10).
    // Z: steady 50.
    Books b;
    Subscription& x = b.sub("X", D(2023, 12, 1), D(2024, 2, 20), 100);
    x.canceled_at = D(2024, 1, 20);
    x.cancel_at_period_end = true;
    Subscription& y = b.sub("Y", D(2023, 12, 1), kNoDay, 10);
    y.canceled_at = D(2024, 3, 5);
    y.cancel_at = D(2024, 4, 1);
    y.cancel_at_period_end = true;
    b.sub("Z", D(2023, 12, 1), kNoDay, 50);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));

    // ended_at (default): X churns in Feb; Y still pays at as_of (it pays until it ends). MRR now = 10 + 50.
    SuccessReport r = b.report();
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).churn, 0);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 2)).churn, 100);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 3)).churn, 0);
    EXPECT_DOUBLE_EQ(r.mrr, 60);

    // canceled_at: X churns in Jan, Y in Mar; MRR now = 50.
    b.settings.churn_dating = ChurnDating::canceled_at;
    r = b.report();
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).churn, 100);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 2)).churn, 0);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 3)).churn, 10);
    EXPECT_DOUBLE_EQ(r.mrr, 50);
}

TEST(Success, TrialPaysFromTrialEndAndTrialingNever) {
    // T started Jan 10 with a trial to Feb 10, mrr 30 -> nothing at Jan's end, new 30 in Feb.
    // U is still trialing (status), mrr 99 -> never MRR. V incomplete, W paused -> never MRR.
    // P is past_due, Q unpaid -> still MRR (20 + 5), both new in Jan.
    Books b;
    b.sub("T", D(2024, 1, 10), kNoDay, 30).trial_end = D(2024, 2, 10);
    b.sub("U", D(2024, 1, 10), kNoDay, 99, SubStatus::trialing).trial_end = D(2024, 4, 10);
    b.sub("V", D(2024, 1, 10), kNoDay, 99, SubStatus::incomplete);
    b.sub("W", D(2024, 1, 10), kNoDay, 99, SubStatus::paused);
    b.sub("P", D(2024, 1, 10), kNoDay, 20, SubStatus::past_due);
    b.sub("Q", D(2024, 1, 10), kNoDay, 5, SubStatus::unpaid);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    const SuccessReport r = b.report();
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).new_, 25);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 2)).new_, 30);
    EXPECT_DOUBLE_EQ(r.mrr, 55);
    EXPECT_EQ(r.paying_accounts, 3u);
    EXPECT_DOUBLE_EQ(b.mrr("T", D(2024, 2, 9)), 0);
    EXPECT_DOUBLE_EQ(b.mrr("T", D(2024, 2, 10)), 30);
}

TEST(Success, LeavingAndReturningWithinAMonthIsNotChurn) {
    // F 100 ends Feb 5, comes back Feb 20 at 100: nothing at all in Feb.
    // G 100 ends Feb 5, comes back Feb 20 at 130: only an expansion of 30.
    // H 40 ends Feb 5 and stays gone: the only churn.
    Books b;
    b.sub("F", D(2023, 12, 1), D(2024, 2, 5), 100);
    b.sub("F", D(2024, 2, 20), kNoDay, 100);
    b.sub("G", D(2023, 12, 1), D(2024, 2, 5), 100);
    b.sub("G", D(2024, 2, 20), kNoDay, 130);
    b.sub("H", D(2023, 12, 1), D(2024, 2, 5), 40);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    const SuccessReport r = b.report();
    const MrrMovement& feb = movement(r, M(2024, 2));
    EXPECT_DOUBLE_EQ(feb.churn, 40);
    EXPECT_DOUBLE_EQ(feb.reactivation, 0);
    EXPECT_DOUBLE_EQ(feb.new_, 0);
    EXPECT_DOUBLE_EQ(feb.expansion, 30);
    EXPECT_DOUBLE_EQ(month(r, M(2024, 2)).logo_churn_rate, 1.0 / 3); // H of F, G, H
}

TEST(Success, NewMeansNeverPaidBeforeEvenBetweenMonthEnds) {
    // K paid Jan 3..Jan 8 only (never at a month end), then from Mar 10 at 20: reactivation, not new.
    // L paid Mar 2..Mar 4, then from Mar 20 at 15: its first pay is in March, so new.
    Books b;
    b.sub("K", D(2024, 1, 3), D(2024, 1, 8), 20);
    b.sub("K", D(2024, 3, 10), kNoDay, 20);
    b.sub("L", D(2024, 3, 2), D(2024, 3, 4), 15);
    b.sub("L", D(2024, 3, 20), kNoDay, 15);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    const SuccessReport r = b.report();
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).new_, 0);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).churn, 0);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 3)).reactivation, 20);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 3)).new_, 15);
}

namespace {
// as_of 2024-06-15; a year earlier 2023-06-15. Accounts paying then:
//   P 100 -> 150 (plan change to 150 on 2024-01-01, same day)  NRR 150, GRR min(150,100) = 100
//   Q 200 -> 120 (plan change 2023-10-01)                      NRR 120, GRR 120
//   R 100 -> 0 (ended 2023-09-10)                              0, 0
//   S 50, ended 2023-08-01 (0 at Aug, Sep, Oct month ends), back 2023-11-10 at 80:
//        reactivation counted: NRR 80, GRR 50; not counted: 0, 0
//   T starts 2023-07-01 at 500: not paying then, not in the base.
// Base 450. Counted: NRR = 350/450, GRR = 270/450. Not counted: NRR = 270/450, GRR = 220/450.
Books nrr_books() {
    Books b;
    b.sub("P", D(2023, 1, 1), D(2024, 1, 1), 100);
    b.sub("P", D(2024, 1, 1), kNoDay, 150);
    b.sub("Q", D(2023, 1, 1), D(2023, 10, 1), 200);
    b.sub("Q", D(2023, 10, 1), kNoDay, 120);
    b.sub("R", D(2023, 1, 1), D(2023, 9, 10), 100);
    b.sub("S", D(2023, 1, 1), D(2023, 8, 1), 50);
    b.sub("S", D(2023, 11, 10), kNoDay, 80);
    b.sub("T", D(2023, 7, 1), kNoDay, 500);
    b.period(D(2023, 7, 1), D(2024, 6, 30), D(2024, 6, 15));
    return b;
}
} // namespace

TEST(Success, NrrAndGrrTwelveMonths) {
    Books b = nrr_books();
    SuccessReport r = b.report();
    EXPECT_NEAR(r.nrr_12m, 350.0 / 450, 1e-12);
    EXPECT_NEAR(r.grr_12m, 270.0 / 450, 1e-12);
    EXPECT_LE(r.grr_12m, 1.0);
    b.settings.nrr_count_reactivation = false;
    r = b.report();
    EXPECT_NEAR(r.nrr_12m, 270.0 / 450, 1e-12);
    EXPECT_NEAR(r.grr_12m, 220.0 / 450, 1e-12);
}

TEST(Success, ReactivationWithinTheSameMonthIsNoGapForNrr) {
    // S2 ends 2023-08-05 and is back 2023-08-20 (no month end at 0): counts with the setting off too.
    Books b;
    b.sub("S2", D(2023, 1, 1), D(2023, 8, 5), 50);
    b.sub("S2", D(2023, 8, 20), kNoDay, 60);
    b.settings.nrr_count_reactivation = false;
    b.period(D(2023, 7, 1), D(2024, 6, 30), D(2024, 6, 15));
    const SuccessReport r = b.report();
    EXPECT_NEAR(r.nrr_12m, 60.0 / 50, 1e-12);
    EXPECT_NEAR(r.grr_12m, 1.0, 1e-12); // capped at the starting MRR: GRR never above 100%
}

TEST(Success, LeapDayAsOfComparesWithFebruary28) {
    // as_of 2024-02-29 -> a year earlier 2023-02-28.
    //   X pays 100 from 2023-02-28, +50 from 2023-06-01: in the base; 150 now.
    //   Y starts 2023-03-01 (would be in the base if "a year earlier" were Mar 1).
    //   Z ends 2023-02-28 (its last paying day is Feb 27): not in the base.
    // NRR = 150 / 100, GRR = 100 / 100.
    Books b;
    b.sub("X", D(2023, 2, 28), kNoDay, 100);
    b.sub("X", D(2023, 6, 1), kNoDay, 50);
    b.sub("Y", D(2023, 3, 1), kNoDay, 200);
    b.sub("Z", D(2022, 1, 1), D(2023, 2, 28), 300);
    b.period(D(2023, 3, 1), D(2024, 2, 29), D(2024, 2, 29));
    const SuccessReport r = b.report();
    EXPECT_NEAR(r.nrr_12m, 1.5, 1e-12);
    EXPECT_NEAR(r.grr_12m, 1.0, 1e-12);
}

TEST(Success, IntervalsAreAlreadyMonthly) {
    // Importers normalise: a yearly plan of 1200/year arrives as mrr 100, a weekly one of 10/week as 43.333...
    Books b;
    b.sub("Y", D(2024, 1, 1), kNoDay, 100).interval = b.ds.sym("year");
    b.sub("W", D(2024, 1, 1), kNoDay, 10.0 * 52 / 12).interval = b.ds.sym("week");
    b.period(D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 31));
    const SuccessReport r = b.report();
    EXPECT_NEAR(r.mrr, 100 + 520.0 / 12, 1e-9);
    EXPECT_NEAR(r.arr, 1200 + 520, 1e-9);
}

TEST(Success, UnconvertedCurrencyIsLeftOutAndCounted) {
    // 100 USD + 200 EUR at 1.1 = 320; the GBP subscription has no rate: left out, counted.
    Books b;
    b.sub("A", D(2024, 1, 1), kNoDay, 100);
    b.sub("B", D(2024, 1, 1), kNoDay, 200).currency = b.ds.sym("EUR");
    b.sub("C", D(2024, 1, 1), kNoDay, 400).currency = b.ds.sym("GBP");
    b.period(D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 31), {{"EUR", 1.1}});
    const SuccessReport r = b.report();
    EXPECT_NEAR(r.mrr, 320, 1e-9);
    EXPECT_EQ(r.paying_accounts, 2u);
    EXPECT_EQ(r.unconverted_currency_records, 1u);
    EXPECT_EQ(to_json(r)["unconverted_currency_records"], 1);
}

TEST(Success, CohortRetention) {
    // G starts Jan 5 at 100, expands to 120 on Mar 1; H starts Jan 10 at 50, ends Feb 15; I starts Feb 3 at 10.
    // Jan cohort {G, H}: 150. Feb end: G 100 -> logos 1/2, MRR 100/150. Mar end: G 120 -> 1/2, 120/150.
    // Feb cohort {I}: 10, retained fully. Mar cohort: empty (no accounts: shares are null).
    Books b;
    b.sub("G", D(2024, 1, 5), D(2024, 3, 1), 100);
    b.sub("G", D(2024, 3, 1), kNoDay, 120);
    b.sub("H", D(2024, 1, 10), D(2024, 2, 15), 50);
    b.sub("I", D(2024, 2, 3), kNoDay, 10);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    const SuccessReport r = b.report();
    ASSERT_EQ(r.cohort_retention.size(), 3u);
    const CohortRow& jan = r.cohort_retention[0];
    EXPECT_EQ(jan.month, M(2024, 1));
    EXPECT_EQ(jan.logos, 2u);
    EXPECT_DOUBLE_EQ(jan.starting_mrr, 150);
    ASSERT_EQ(jan.logos_retained.size(), 3u);
    EXPECT_DOUBLE_EQ(jan.logos_retained[0], 1.0);
    EXPECT_DOUBLE_EQ(jan.logos_retained[1], 0.5);
    EXPECT_DOUBLE_EQ(jan.logos_retained[2], 0.5);
    EXPECT_DOUBLE_EQ(jan.mrr_retained[1], 100.0 / 150);
    EXPECT_DOUBLE_EQ(jan.mrr_retained[2], 0.8);
    const CohortRow& feb = r.cohort_retention[1];
    EXPECT_EQ(feb.logos, 1u);
    EXPECT_DOUBLE_EQ(feb.starting_mrr, 10);
    ASSERT_EQ(feb.mrr_retained.size(), 2u);
    EXPECT_DOUBLE_EQ(feb.mrr_retained[1], 1.0);
    const CohortRow& mar = r.cohort_retention[2];
    EXPECT_EQ(mar.logos, 0u);
    ASSERT_EQ(mar.logos_retained.size(), 1u);
    EXPECT_TRUE(std::isnan(mar.logos_retained[0]));
}

TEST(Success, RenewalRate) {
    // Renewals closed in 2024: won 2, lost 1 -> 2/3. A renewal won in 2023 and an open one do not count;
    // a lost new-business deal is no renewal.
    Books b;
    auto deal = [&](DealType type, DealState state, Day closed) {
        Deal d;
        d.id = b.ds.sym("deal_" + std::to_string(++b.next_id));
        d.type = type;
        d.state = state;
        d.closed_at = closed;
        b.ds.deals.push_back(d);
    };
    deal(DealType::renewal, DealState::won, D(2024, 2, 1));
    deal(DealType::renewal, DealState::won, D(2024, 5, 1));
    deal(DealType::renewal, DealState::lost, D(2024, 3, 1));
    deal(DealType::renewal, DealState::won, D(2023, 12, 31));
    deal(DealType::renewal, DealState::open, kNoDay);
    deal(DealType::new_business, DealState::lost, D(2024, 3, 1));
    b.sub("A", D(2024, 1, 1), kNoDay, 10);
    b.period(D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31));
    EXPECT_NEAR(b.report().renewal_rate, 2.0 / 3, 1e-12);
}

TEST(Success, WithoutBillingWonDealsAreTwelveMonthBookings) {
    // No subscriptions. K: new deal 1200 won 2024-01-15 -> MRR 100 from then; expansion 600 won 2024-03-10 -> +50.
    // A lost deal, a won deal of unknown type and an open deal add nothing. as_of 2024-03-31: MRR 150.
    Books b;
    auto deal = [&](const char* account, DealType type, DealState state, Day closed, double amount) {
        Deal d;
        d.id = b.ds.sym("deal_" + std::to_string(++b.next_id));
        d.account_id = b.ds.sym(account);
        d.type = type;
        d.state = state;
        d.closed_at = closed;
        d.amount = amount;
        b.ds.deals.push_back(d);
    };
    deal("K", DealType::new_business, DealState::won, D(2024, 1, 15), 1200);
    deal("K", DealType::expansion, DealState::won, D(2024, 3, 10), 600);
    deal("L", DealType::new_business, DealState::lost, D(2024, 2, 1), 9000);
    deal("M", DealType::unknown, DealState::won, D(2024, 2, 1), 9000);
    b.period(D(2024, 1, 1), D(2024, 3, 31), D(2024, 3, 31));
    const SuccessReport r = b.report();
    EXPECT_EQ(r.source, "deals");
    EXPECT_EQ(to_json(r)["source"], "deals");
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 1)).new_, 100);
    EXPECT_DOUBLE_EQ(movement(r, M(2024, 3)).expansion, 50);
    EXPECT_DOUBLE_EQ(r.mrr, 150);
    // The booking lasts 12 months: paid on 2025-01-14, not on 2025-01-15.
    EXPECT_DOUBLE_EQ(b.mrr("K", D(2025, 1, 14)), 150);
    EXPECT_DOUBLE_EQ(b.mrr("K", D(2025, 1, 15)), 50);
}

TEST(Success, JsonNamesAndNulls) {
    const Books b = five_kinds();
    const nlohmann::json j = to_json(b.report());
    ASSERT_EQ(j["mrr_movements"].size(), 3u);
    const nlohmann::json& feb = j["mrr_movements"][1];
    EXPECT_EQ(feb["month"], "2024-02");
    EXPECT_EQ(feb["new"], 45.0);
    EXPECT_EQ(feb["expansion"], 50.0);
    EXPECT_EQ(feb["contraction"], 80.0);
    EXPECT_EQ(feb["churn"], 70.0);
    EXPECT_EQ(feb["reactivation"], 60.0);
    EXPECT_EQ(feb["start"], 370.0);
    EXPECT_EQ(feb["end"], 375.0);
    EXPECT_EQ(j["logo_churn_rate"][1]["month"], "2024-02");
    EXPECT_DOUBLE_EQ(j["logo_churn_rate"][1]["value"].get<double>(), 1.0 / 3);
    EXPECT_EQ(j["mrr"], 375.0);
    EXPECT_EQ(j["arr"], 4500.0);
    EXPECT_TRUE(j["renewal_rate"].is_null()); // no renewal deals: zero denominator
    EXPECT_TRUE(j["nrr_12m"].is_null());      // nobody paid on 2023-03-31
    EXPECT_TRUE(j["ltv_to_cac"].is_null());   // finish_success not called: no CAC
    EXPECT_EQ(j["source"], "billing");
    for (const char* key : {"gross_mrr_churn_rate", "net_mrr_churn_rate", "grr_12m", "cohort_retention", "arpa", "ltv",
                            "cac_payback_months", "quick_ratio", "paying_accounts", "mrr_by_month", "arr_by_month"})
        EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Success, EmptyDatasetGivesNullsNotCrashes) {
    Books b;
    b.period(kNoDay, kNoDay, kNoDay);
    const SuccessReport r = b.report();
    EXPECT_DOUBLE_EQ(r.mrr, 0);
    EXPECT_TRUE(r.mrr_movements.empty());
    EXPECT_TRUE(std::isnan(r.nrr_12m));
    EXPECT_NO_THROW((void)to_json(r).dump());
}

TEST(Success, BadRowsAreIgnored) {
    // Missing start, end before start, NaN and negative mrr, no account id: none may pay or crash.
    Books b;
    b.sub("A", kNoDay, kNoDay, 100);
    b.sub("B", D(2024, 2, 1), D(2024, 1, 1), 100);
    b.sub("C", D(2024, 1, 1), kNoDay, kNaN);
    b.sub("D", D(2024, 1, 1), kNoDay, -5);
    b.sub("", D(2024, 1, 1), kNoDay, 7); // no customer: the subscription is its own account
    b.period(D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 31));
    const SuccessReport r = b.report();
    EXPECT_DOUBLE_EQ(r.mrr, 7);
    EXPECT_EQ(r.paying_accounts, 1u);
}

TEST(Success, MillionSubscriptionsComputeQuickly) {
    // 1,000,000 subscriptions over 400,000 accounts, each paying 10 for a stretch of 2023..2024.
    Books b;
    std::vector<Sym> accounts;
    for (int a = 0; a < 400000; ++a) accounts.push_back(b.ds.sym("acct_" + std::to_string(a)));
    b.ds.subscriptions.reserve(1000000);
    for (int i = 0; i < 1000000; ++i) {
        Subscription s;
        s.account_id = accounts[static_cast<size_t>(i) % accounts.size()];
        // Starts by 2024-03-26 and lasts at most 229 days: every subscription that ends has ended by as_of.
        s.started_at = D(2023, 1, 1) + static_cast<Day>((int64_t{i} * 7919) % 450);
        s.ended_at = (i % 3 == 0) ? s.started_at + 30 + i % 200 : kNoDay;
        s.status = has(s.ended_at) ? SubStatus::canceled : SubStatus::active;
        s.mrr = 10;
        b.ds.subscriptions.push_back(s);
    }
    b.period(D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31));
    const auto t0 = std::chrono::steady_clock::now();
    const MrrBook book = b.book();
    const auto t1 = std::chrono::steady_clock::now();
    const SuccessReport r = compute_success(b.ds, b.settings, b.ctx, book);
    const auto t2 = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(t2 - t0).count();
    std::printf("1M subscriptions: book %.0f ms + report %.0f ms\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count(),
                std::chrono::duration<double, std::milli>(t2 - t1).count());
    // Subscriptions i % 3 != 0 never end: 666,666 of them pay 10 at as_of.
    EXPECT_NEAR(r.mrr, 6666660, 1e-3);
    for (const MrrMovement& m : r.mrr_movements)
        EXPECT_NEAR(m.start + m.new_ + m.reactivation + m.expansion - m.contraction - m.churn, m.end, 1e-3);
    EXPECT_LT(ms, 3000); // generous: a shared 2-core machine; the target is a few hundred ms
}

TEST(Success, RandomBooksKeepTheInvariants) {
    // Properties that hold for any data: the bridge; each month's end is the sum of the accounts' MRR sampled at the
    // month end (or as_of); GRR <= 1; rates within [0, 1]. Plan changes, gaps, trials, odd rows all mixed in.
    uint64_t seed = 12345;
    auto next = [&](int n) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % static_cast<uint64_t>(n));
    };
    for (int round = 0; round < 20; ++round) {
        Books b;
        const char* names[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
        for (int i = 0; i < 60; ++i) {
            const Day start = D(2023, 1, 1) + next(700);
            const Day end = next(3) == 0 ? kNoDay : start + next(200) - 5; // some end on or before their start
            Subscription& s = b.sub(names[next(8)], start, end, next(10) == 0 ? kNaN : 10.0 * next(20),
                                    next(6) == 0 ? SubStatus::trialing : SubStatus::active);
            if (next(4) == 0) s.trial_end = start + next(40);
            if (next(4) == 0) s.canceled_at = start + next(100);
        }
        b.settings.churn_dating = round % 2 ? ChurnDating::canceled_at : ChurnDating::ended_at;
        b.settings.nrr_count_reactivation = round % 3 != 0;
        const Day as_of = D(2024, 1, 1) + next(300);
        b.period(D(2024, 1, 1), D(2024, 12, 31), as_of);
        const MrrBook book = b.book();
        const SuccessReport r = compute_success(b.ds, b.settings, b.ctx, book);
        ASSERT_EQ(r.mrr_movements.size(), 12u);
        for (size_t i = 0; i < r.mrr_movements.size(); ++i) {
            const MrrMovement& m = r.mrr_movements[i];
            EXPECT_NEAR(m.start + m.new_ + m.reactivation + m.expansion - m.contraction - m.churn, m.end, 1e-6);
            double sum = 0;
            for (const char* a : names) sum += mrr_on(book, b.ds.strings.find(a), std::min(last_day(m.month), as_of));
            EXPECT_NEAR(m.end, sum, 1e-6) << "round " << round << " " << month_label(m.month);
            const double churn = r.months[i].logo_churn_rate;
            if (has(churn)) {
                EXPECT_TRUE(churn >= 0 && churn <= 1);
            }
        }
        if (has(r.grr_12m)) {
            EXPECT_LE(r.grr_12m, 1.0 + 1e-12);
            EXPECT_LE(r.grr_12m, r.nrr_12m + 1e-12);
        }
    }
}

// metrics.md: every metric can be recomputed for an owner or a source. An account's owner is its first won deal's
// owner, its source its first touch (else that deal's source); a billing customer matched to a CRM account takes the
// CRM account's (docs/metrics-notes.md). Expected values are the subscriptions' own amounts.
TEST(SuccessFilter, OwnerAndSourceKeepTheAccountsTheyWon) {
    Books b;
    Dataset& ds = b.ds;
    auto won = [&](const char* id, const char* account, const char* owner, const char* source, Day closed) {
        Deal d;
        d.id = ds.sym(id);
        d.account_id = ds.sym(account);
        d.owner = ds.sym(owner);
        d.source = source ? ds.sym(source) : 0;
        d.state = DealState::won;
        d.type = DealType::new_business;
        d.amount = 1000;
        d.created_at = closed - 30;
        d.closed_at = closed;
        ds.deals.push_back(d);
    };
    won("a1", "acme", "Ann", "ads", D(2024, 1, 10));     // acme: won first by Ann
    won("a2", "acme", "Bob", "ads", D(2024, 6, 10));     // ... a later deal by Bob does not make it Bob's
    won("b1", "bolt", "Bob", "ads", D(2024, 2, 10));     // bolt: Bob's, source ads (no lead)
    Lead l;                                              // acme's first touch: seo (wins over the deal's ads)
    l.id = ds.sym("lead1");
    l.account_id = ds.sym("acme");
    l.source = ds.sym("seo");
    l.created_at = D(2023, 12, 1);
    l.stage_at[kLead] = D(2023, 12, 1);
    ds.leads.push_back(l);
    Account billing;                                     // Stripe customer matched to the CRM account acme
    billing.id = ds.sym("cus_acme");
    billing.crm_account = ds.sym("acme");
    ds.accounts.push_back(billing);
    b.sub("cus_acme", D(2024, 1, 10), kNoDay, 100);
    b.sub("bolt", D(2024, 2, 10), kNoDay, 50);
    b.sub("cus_orphan", D(2024, 3, 1), kNoDay, 7);      // nobody's: no deal, no lead
    b.settings.base_currency = "USD";
    b.settings.as_of = D(2024, 12, 31);
    auto mrr_for = [&](const char* owner, const char* source) {
        Filter f;
        if (owner) f.owner = owner;
        if (source) f.source = source;
        const Context ctx = make_context(ds, b.settings, f);
        return compute_success(ds, b.settings, ctx, build_mrr_book(ds, b.settings, ctx)).mrr;
    };
    EXPECT_DOUBLE_EQ(mrr_for(nullptr, nullptr), 157);
    EXPECT_DOUBLE_EQ(mrr_for("Ann", nullptr), 100);
    EXPECT_DOUBLE_EQ(mrr_for("Bob", nullptr), 50);
    EXPECT_DOUBLE_EQ(mrr_for("Nobody", nullptr), 0);
    EXPECT_DOUBLE_EQ(mrr_for(nullptr, "seo"), 100);
    EXPECT_DOUBLE_EQ(mrr_for(nullptr, "ads"), 50);
    EXPECT_DOUBLE_EQ(mrr_for("Ann", "ads"), 0);
}
