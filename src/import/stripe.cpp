// Stripe: subscriptions (current and legacy API shapes), customers, invoices. Epoch seconds; money in minor units.
//
// [SECTION] Money: minor units, months, discounts
// [SECTION] Subscriptions
// [SECTION] Customers and invoices
// [SECTION] Detection
#include "import/mapping.h"

#include <algorithm>

namespace import {

namespace {

using core::System;

// [SECTION] Money ----------------------------------------------------------------------------------------------------
// Currencies without a minor unit (Stripe's list): amounts are already whole units.
bool zero_decimal(std::string_view currency) {
    static const std::set<std::string, std::less<>> k = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
                                                         "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
    return k.count(currency) > 0;
}

// Amount per `interval_count` `interval`s -> per month.
double per_month(double amount, std::string_view interval, double count) {
    if (!(count > 0)) count = 1;
    double months = interval == "year" ? 12.0 : interval == "week" ? 12.0 / 52.0 : interval == "day" ? 12.0 / 365.0
                                                                                                     : 1.0;
    return amount / (months * count);
}

// [SECTION] Subscriptions --------------------------------------------------------------------------------------------
const KeySet kSubscriptionFields = {
    "id", "object", "customer", "status", "created", "start_date", "canceled_at", "cancel_at", "cancel_at_period_end",
    "ended_at", "trial_start", "trial_end", "discount", "discounts", "items", "plan", "quantity", "currency"};

core::SubStatus status_of(std::string_view s, bool& known) {
    known = true;
    if (s == "active") return core::SubStatus::active;
    if (s == "trialing") return core::SubStatus::trialing;
    if (s == "past_due") return core::SubStatus::past_due;
    if (s == "unpaid") return core::SubStatus::unpaid;
    if (s == "canceled") return core::SubStatus::canceled;
    if (s == "incomplete") return core::SubStatus::incomplete;
    if (s == "incomplete_expired") return core::SubStatus::incomplete_expired;
    if (s == "paused") return core::SubStatus::paused;
    known = false;
    return core::SubStatus::active;
}

class Subscriptions : public Mapper {
public:
    bool wanted(std::string_view k) const override { return kSubscriptionFields.count(k) > 0; }
    DirectFields direct() override { return {&f_, ""}; }

    void record(const json& r, Context& cx) override {
        f_.read(r);
        std::string id = id_text(f_[kId]);
        if (id.empty()) { cx.skip("no id", ""); return; }
        if (cx.text(f_, kObject) != "subscription") {
            cx.skip("not a subscription object", id);
            return;
        }
        core::Subscription s;
        s.id = cx.sym(id);
        s.system = System::stripe;
        const json& customer = f_[kCustomer];
        s.account_id = cx.sym(customer.is_object() ? id_text(member(customer, "id")) : id_text(customer));
        bool known = false;
        std::string status = cx.text(f_, kStatus);
        s.status = status_of(status, known);
        if (!known) cx.bad("status", f_[kStatus], "a Stripe subscription status");
        s.started_at = cx.date(f_, kStartDate);
        if (!core::has(s.started_at)) s.started_at = cx.date(f_, kCreated);
        if (!f_[kTrialStart].is_null() || !f_[kTrialEnd].is_null()) s.trial_end = cx.date(f_, kTrialEnd);
        s.ended_at = cx.date(f_, kEndedAt);
        s.canceled_at = cx.date(f_, kCanceledAt);
        s.cancel_at = cx.date(f_, kCancelAt);
        s.cancel_at_period_end = is_true(cx.flag(f_, kCancelAtPeriodEnd));
        std::vector<Coupon> coupons;
        const double full = mrr(r, s, cx);
        if (core::has(full)) coupons = coupons_of(r, s, cx);
        cx.note_fields(r, kSubscriptionFields);
        if (!cx.done(id)) return;
        if (!core::has(full)) { cx.part.subscriptions.push_back(s); return; }
        split_by_discounts(s, full, coupons, cx);
    }

private:
    enum Field : size_t {
        kId, kObject, kCustomer, kStatus, kStartDate, kCreated, kTrialStart, kTrialEnd, kEndedAt, kCanceledAt, kCancelAt,
        kCancelAtPeriodEnd
    };
    FieldReader f_{{"id", "object", "customer", "status", "start_date", "created", "trial_start", "trial_end", "ended_at",
                    "canceled_at", "cancel_at", "cancel_at_period_end"}};

    // A coupon and the days it applies: [from, until), either end open when unknown.
    struct Coupon {
        double percent = core::kNaN, amount = core::kNaN; // amount: minor units off each invoice
        core::Day from = core::kNoDay, until = core::kNoDay;
        bool applies(core::Day d) const {
            return !core::has(d) || ((!core::has(from) || from <= d) && (!core::has(until) || d < until));
        }
    };

    std::string interval_;      // of the first item: what amount_off and once-coupons are counted in
    double interval_count_ = 1;
    std::string currency_;

    // The day one billing interval after `d` (a once-coupon lasts one invoice).
    core::Day one_interval_after(core::Day d) const {
        const int n = static_cast<int>(std::clamp(interval_count_, 1.0, 1000.0));
        if (interval_ == "year") return core::add_months(d, 12 * n);
        if (interval_ == "week") return d + 7 * n;
        if (interval_ == "day") return d + n;
        return core::add_months(d, n);
    }

    // MRR = sum over items of unit_amount x quantity per month (before discounts, in minor units; NaN when nothing
    // is priced). Legacy subscriptions without items carry plan + quantity on the subscription itself.
    double mrr(const json& r, core::Subscription& s, Context& cx) {
        std::string currency = upper(cx.text(r, "currency"));
        std::string interval, plan;
        double interval_count = 1, total = 0;
        bool priced = false;
        auto add = [&](const json& price, const json& legacy_plan, const json& quantity_holder) {
            const json& p = price.is_object() ? price : legacy_plan;
            const json& recurring = member(p, "recurring");
            std::string iv = cx.text(recurring.is_object() ? recurring : p, "interval");
            double count = cx.number(recurring.is_object() ? recurring : p, "interval_count");
            double unit = cx.number(p, price.is_object() ? "unit_amount" : "amount");
            if (!core::has(unit)) unit = cx.number(p, "unit_amount_decimal");
            double quantity = cx.number(quantity_holder, "quantity");
            if (!core::has(quantity)) quantity = 1;
            if (currency.empty()) currency = upper(cx.text(p, "currency"));
            if (interval.empty()) {
                interval = iv;
                interval_count = core::has(count) ? count : 1;
                plan = cx.text(p, "nickname");
                if (plan.empty()) plan = id_text(member(p, "product"));
                if (plan.empty()) plan = id_text(member(p, "id"));
            }
            if (!core::has(unit)) { // tiered prices have no unit amount
                cx.warn("a subscription item has a tiered price (no unit_amount): its MRR is not counted");
                return;
            }
            total += per_month(unit * quantity, iv, core::has(count) ? count : 1);
            priced = true;
        };
        const json& items = member(member(r, "items"), "data");
        if (items.is_array() && !items.empty()) {
            for (const json& item : items) add(member(item, "price"), member(item, "plan"), item);
        } else if (member(r, "plan").is_object()) {
            add(json(), member(r, "plan"), r);
        }
        s.currency = cx.sym(currency);
        s.interval = cx.sym(interval);
        s.plan = cx.sym(plan);
        interval_ = interval;
        interval_count_ = interval_count;
        currency_ = currency;
        return priced ? total : core::kNaN;
    }

    // discount (one) and discounts[] (expanded discount objects). A discount's `start`/`end` bound it; without `end`,
    // the coupon's duration does: once = one invoice, repeating = duration_in_months, forever = no end.
    std::vector<Coupon> coupons_of(const json& r, const core::Subscription& s, Context& cx) {
        std::vector<const json*> discounts;
        if (member(r, "discount").is_object()) discounts.push_back(&r["discount"]);
        const json& list = member(r, "discounts");
        if (list.is_array())
            for (const json& d : list) {
                if (d.is_object() && (discounts.empty() || *discounts.front() != d)) discounts.push_back(&d);
                else if (d.is_string())
                    cx.warn("discounts are ids only (expand discounts to include coupons): MRR is before discounts");
            }
        std::vector<Coupon> out;
        for (const json* d : discounts) {
            const json& c = member(*d, "coupon");
            if (!c.is_object()) continue;
            Coupon k;
            k.percent = cx.number(c, "percent_off");
            k.amount = cx.number(c, "amount_off");
            k.from = cx.date(*d, "start");
            k.until = cx.date(*d, "end");
            const core::Day begins = core::has(k.from) ? k.from : s.started_at;
            const std::string duration = cx.text(c, "duration");
            if (!core::has(k.until) && core::has(begins)) {
                if (duration == "once") k.until = one_interval_after(begins);
                const double months = cx.number(c, "duration_in_months");
                if (duration == "repeating" && months > 0 && months < 1200)
                    k.until = core::add_months(begins, static_cast<int>(months));
            }
            out.push_back(k);
        }
        return out;
    }

    double discounted(double monthly, const std::vector<Coupon>& coupons, core::Day on) const {
        for (const Coupon& c : coupons) {
            if (!c.applies(on)) continue;
            if (core::has(c.percent)) monthly *= 1 - c.percent / 100;
            if (core::has(c.amount)) monthly -= per_month(c.amount, interval_, interval_count_); // off each invoice
        }
        return std::max(0.0, monthly);
    }

    // One row per stretch of equal MRR: a discount that starts or ends while the subscription runs changes its MRR
    // on that day (the later rows are "<id>@<YYYY-MM-DD>", starting that day; the engine sums them per customer,
    // so a discount ending is an expansion, not churn plus a new subscription).
    void split_by_discounts(core::Subscription s, double full, const std::vector<Coupon>& coupons, Context& cx) {
        const double minor = zero_decimal(currency_) ? 1 : 100;
        std::vector<core::Day> cuts;
        if (core::has(s.started_at))
            for (const Coupon& c : coupons)
                for (core::Day d : {c.from, c.until})
                    if (core::has(d) && d > s.started_at && (!core::has(s.ended_at) || d < s.ended_at))
                        cuts.push_back(d);
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        const core::Subscription whole = s;
        core::Day start = s.started_at;
        double level = discounted(full, coupons, start) / minor;
        size_t k = 0;
        for (;; ++k) {
            // the next cut where the MRR really changes
            while (k < cuts.size() && discounted(full, coupons, cuts[k]) / minor == level) ++k;
            core::Subscription row = whole;
            row.started_at = start;
            row.mrr = level;
            if (start != whole.started_at)
                row.id = cx.sym(std::string(cx.str_of(whole.id)) + "@" + core::day_label(start));
            if (k == cuts.size()) { cx.part.subscriptions.push_back(row); return; }
            row.ended_at = cuts[k];           // this stretch ends; the subscription's own end is the last row's
            row.canceled_at = row.cancel_at = core::kNoDay;
            row.cancel_at_period_end = false;
            if (row.status == core::SubStatus::canceled) row.status = core::SubStatus::active;
            cx.part.subscriptions.push_back(row);
            start = cuts[k];
            level = discounted(full, coupons, start) / minor;
        }
    }
};

// [SECTION] Customers and invoices -----------------------------------------------------------------------------------
class Customers : public Mapper {
public:
    bool wanted(std::string_view k) const override {
        return k == "id" || k == "object" || k == "email" || k == "name" || k == "created" || k == "metadata" ||
               k == "description";
    }
    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        if (member(r, "deleted") == json(true)) { cx.skip("deleted customer", id); return; }
        core::Account a;
        a.id = cx.sym(id);
        a.system = System::stripe;
        a.name = cx.sym_text(r, "name");
        a.domain = cx.sym(domain_of(cx.text(r, "email")));
        a.created_at = cx.date(r, "created");
        if (cx.done(id)) cx.part.accounts.push_back(a);
    }
};

// The model has no invoice entity (MRR comes from subscriptions): invoices are read and checked, not used.
class Invoices : public Mapper {
public:
    bool wanted(std::string_view k) const override { return k == "id" || k == "object" || k == "status"; }
    void record(const json&, Context&) override {}
    void finish(Context& cx) override {
        cx.warn("invoices are read but not used: MRR comes from subscriptions (load the subscriptions export)");
    }
};

} // namespace

// [SECTION] Detection ------------------------------------------------------------------------------------------------
Detected detect_stripe(const Probe& p) {
    const json& object = member(*p.first, "object");
    Detected d;
    if (!object.is_string()) return d;
    std::string o = object.get<std::string>();
    std::string because = "records with object \"" + o + "\" (Stripe" +
                          (member(*p.envelope, "object") == json("list") ? " list)" : ")");
    if (o == "subscription") d = {std::make_unique<Subscriptions>(), "stripe.subscriptions", because};
    else if (o == "customer") d = {std::make_unique<Customers>(), "stripe.customers", because};
    else if (o == "invoice") d = {std::make_unique<Invoices>(), "stripe.invoices", because};
    else if (member(*p.envelope, "object") == json("list"))
        d.refused = "Stripe list of \"" + o + "\" objects: expected subscriptions, customers or invoices";
    return d;
}

} // namespace import
