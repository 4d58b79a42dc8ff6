// Stripe (current API): subscriptions with items.data[].price (unit_amount in minor units, recurring interval) and the
// customers they belong to, as list objects. Timestamps are epoch seconds; currencies lower case.
#include "sample/export.h"
#include "sample/export_common.h"

#include <cctype>
#include <cmath>
#include <unordered_map>

namespace sample {

using nlohmann::json;
namespace ex = exporting;

namespace {

// Currencies without a minor unit: amounts are whole units.
bool zero_decimal(std::string_view c) {
    for (const char *z : {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
                          "xaf", "xof", "xpf"})
        if (c == z) return true;
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

json epoch_or_null(core::Day d) { return core::has(d) ? json(ex::epoch_seconds(d)) : json(nullptr); }

std::string list(const std::string &body, const char *url) {
    return "{\"object\":\"list\",\"data\":[" + body + "\n],\"has_more\":false,\"url\":\"" + url + "\"}\n";
}

} // namespace

std::vector<ExportFile> export_stripe(const core::Dataset &ds) {
    std::unordered_map<core::Sym, size_t> account_index;
    for (size_t i = 0; i < ds.accounts.size(); ++i)
        account_index[ds.accounts[i].id] = i;
    std::unordered_map<core::Sym, std::string> customer_of; // account id -> cus_ id, in order of first subscription
    std::vector<core::Sym> customers;
    auto customer = [&](core::Sym account) -> const std::string & {
        auto [it, fresh] = customer_of.try_emplace(account);
        if (fresh) {
            it->second = "cus_" + std::to_string(100000 + customers.size());
            customers.push_back(account);
        }
        return it->second;
    };
    std::string subs;
    ex::ListWriter sub_list{subs};
    for (size_t i = 0; i < ds.subscriptions.size(); ++i) {
        const core::Subscription &s = ds.subscriptions[i];
        std::string currency = lower(s.currency ? ds.str(s.currency) : std::string_view("usd"));
        std::string interval = s.interval ? std::string(ds.str(s.interval)) : "month";
        double per_interval = !core::has(s.mrr)    ? 0
                              : interval == "year" ? s.mrr * 12
                              : interval == "week" ? s.mrr * 12 / 52
                              : interval == "day"  ? s.mrr * 12 / 365
                                                   : s.mrr;
        double minor = zero_decimal(currency) ? 1 : 100;
        int64_t unit_amount = std::llround(per_interval * minor);
        std::string plan = s.plan ? std::string(ds.str(s.plan)) : "Plan";
        std::string price_id =
            "price_" + lower(plan) + "_" + interval + "_" + currency + "_" + std::to_string(unit_amount);
        std::string id = "sub_" + std::to_string(1000000 + i);
        json price = {{"id", price_id},
                      {"object", "price"},
                      {"active", true},
                      {"billing_scheme", "per_unit"},
                      {"currency", currency},
                      {"nickname", plan},
                      {"product", "prod_" + lower(plan)},
                      {"recurring", {{"interval", interval}, {"interval_count", 1}, {"usage_type", "licensed"}}},
                      {"type", "recurring"},
                      {"unit_amount", unit_amount},
                      {"unit_amount_decimal", std::to_string(unit_amount)}};
        json item = {{"id", "si_" + std::to_string(1000000 + i)},
                     {"object", "subscription_item"},
                     {"created", ex::epoch_seconds(s.started_at)},
                     {"discounts", json::array()},
                     {"metadata", json::object()},
                     {"price", std::move(price)},
                     {"quantity", 1},
                     {"subscription", id}};
        sub_list.add({{"id", id},
                      {"object", "subscription"},
                      {"customer", customer(s.account_id)},
                      {"status", core::sub_status_name(s.status)},
                      {"created", ex::epoch_seconds(s.started_at)},
                      {"start_date", ex::epoch_seconds(s.started_at)},
                      {"trial_start", core::has(s.trial_end) ? epoch_or_null(s.started_at) : json(nullptr)},
                      {"trial_end", epoch_or_null(s.trial_end)},
                      {"cancel_at", epoch_or_null(s.cancel_at)},
                      {"cancel_at_period_end", s.cancel_at_period_end},
                      {"canceled_at", epoch_or_null(s.canceled_at)},
                      {"ended_at", epoch_or_null(s.ended_at)},
                      {"currency", currency},
                      {"collection_method", "charge_automatically"},
                      {"discounts", json::array()},
                      {"livemode", false},
                      {"metadata", json::object()},
                      {"items",
                       {{"object", "list"},
                        {"data", json::array({std::move(item)})},
                        {"has_more", false},
                        {"total_count", 1},
                        {"url", "/v1/subscription_items?subscription=" + id}}}});
    }
    std::string body;
    ex::ListWriter customer_list{body};
    for (core::Sym account : customers) {
        auto it = account_index.find(account);
        const core::Account *a = it == account_index.end() ? nullptr : &ds.accounts[it->second];
        std::string domain = a && a->domain ? std::string(ds.str(a->domain)) : std::string();
        customer_list.add({{"id", customer_of[account]},
                           {"object", "customer"},
                           {"created", a ? epoch_or_null(a->customer_since) : json(nullptr)},
                           {"email", domain.empty() ? json(nullptr) : json("billing@" + domain)},
                           {"name", a && a->name ? json(std::string(ds.str(a->name))) : json(nullptr)},
                           {"description", nullptr},
                           {"livemode", false},
                           {"metadata", {{"crm_account_id", std::string(ds.str(account))}}}});
    }
    std::vector<ExportFile> files;
    files.push_back({"stripe_subscriptions.json", list(subs, "/v1/subscriptions")});
    files.push_back({"stripe_customers.json", list(body, "/v1/customers")});
    return files;
}

} // namespace sample
