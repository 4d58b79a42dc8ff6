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
const std::set<std::string, std::less<>> kSubscriptionFields = {
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

    void record(const json& r, Context& cx) override {
        std::string id = id_text(member(r, "id"));
        if (id.empty()) { cx.skip("no id", ""); return; }
        if (cx.text(r, "object") != "subscription") { cx.skip("not a subscription object", id); return; }
        core::Subscription s;
        s.id = cx.sym(id);
        s.system = System::stripe;
        const json& customer = member(r, "customer");
        s.account_id = cx.sym(customer.is_object() ? id_text(member(customer, "id")) : id_text(customer));
        bool known = false;
        std::string status = cx.text(r, "status");
        s.status = status_of(status, known);
        if (!known) cx.bad("status", member(r, "status"), "a Stripe subscription status");
        s.started_at = cx.date(r, "start_date");
        if (!core::has(s.started_at)) s.started_at = cx.date(r, "created");
        if (!member(r, "trial_start").is_null() || !member(r, "trial_end").is_null()) s.trial_end = cx.date(r, "trial_end");
        s.ended_at = cx.date(r, "ended_at");
        s.canceled_at = cx.date(r, "canceled_at");
        s.cancel_at = cx.date(r, "cancel_at");
        s.cancel_at_period_end = is_true(cx.flag(r, "cancel_at_period_end"));
        mrr(r, s, cx);
        cx.note_fields(r, kSubscriptionFields);
        if (cx.done(id)) cx.part.subscriptions.push_back(s);
    }

private:
    // MRR = sum over items of unit_amount x quantity per month, then the discount. Legacy subscriptions without
    // items carry plan + quantity on the subscription itself.
    void mrr(const json& r, core::Subscription& s, Context& cx) {
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
        if (!priced) return;
        total = discounted(r, total, interval, interval_count, cx);
        s.mrr = zero_decimal(currency) ? total : total / 100;
    }

    double discounted(const json& r, double monthly, const std::string& interval, double count, Context& cx) {
        std::vector<const json*> coupons;
        if (const json& c = member(member(r, "discount"), "coupon"); c.is_object()) coupons.push_back(&c);
        const json& list = member(r, "discounts");
        if (list.is_array())
            for (const json& d : list) {
                if (const json& c = member(d, "coupon"); c.is_object()) {
                    if (coupons.empty() || *coupons.front() != c) coupons.push_back(&c);
                } else if (d.is_string()) {
                    cx.warn("discounts are ids only (expand discounts to include coupons): MRR is before discounts");
                }
            }
        for (const json* c : coupons) {
            double percent = cx.number(*c, "percent_off");
            double amount = cx.number(*c, "amount_off");
            if (core::has(percent)) monthly *= 1 - percent / 100;
            if (core::has(amount)) monthly -= per_month(amount, interval, count); // off each invoice
        }
        return std::max(0.0, monthly);
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
        a.name = cx.sym(cx.text(r, "name"));
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
