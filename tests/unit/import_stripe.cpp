// Stripe fixtures (shared/fixtures/stripe) and customer matching.
#include "import_test_util.h"

#include <gtest/gtest.h>

using namespace import_test;

TEST(ImportStripe, SubscriptionsCurrentApi) {
    core::Dataset ds;
    auto r = load_fixture("stripe/stripe_subscriptions.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "stripe.subscriptions");
    ASSERT_EQ(ds.subscriptions.size(), 8u);
    size_t active = 0, canceled = 0;
    for (auto& s : ds.subscriptions) {
        active += s.status == core::SubStatus::active;
        canceled += s.status == core::SubStatus::canceled;
        EXPECT_DOUBLE_EQ(s.mrr, 20.0); // unit_amount 2000 usd, month, quantity 1
        EXPECT_EQ(ds.str(s.currency), "USD");
    }
    EXPECT_EQ(active, 5u);
    EXPECT_EQ(canceled, 3u);
    auto* c = by_id(ds, ds.subscriptions, "sub_1TbTEMEZpD6kXraezIbiSvfj"); // canceled_at == ended_at 1779833654
    EXPECT_EQ(c->ended_at, core::day_from_epoch_seconds(1779833654));
    EXPECT_EQ(c->canceled_at, c->ended_at);
}

TEST(ImportStripe, LegacyAndMultiItem) {
    core::Dataset ds;
    ASSERT_TRUE(load_fixture("stripe/djstripe_subscription_sub_fakefakefakefakefake0001.json", ds).ok);
    ASSERT_TRUE(load_fixture("stripe/djstripe_subscription_sub_fakefakefakefakefake0004.json", ds).ok);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_fakefakefakefakefake0001")->mrr, 20.0);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_fakefakefakefakefake0004")->mrr, 60.0); // 2000 + 4000 cents
}

TEST(ImportStripe, MrrNormalisationDiscountsZeroDecimal) {
    core::Dataset ds;
    auto r = load_text("subs.json", R"({"object":"list","data":[
      {"id":"sub_y","object":"subscription","customer":"cus_1","status":"active","start_date":1704067200,
       "currency":"usd","discount":{"coupon":{"percent_off":25}},
       "items":{"data":[{"quantity":2,"price":{"unit_amount":120000,"recurring":{"interval":"year","interval_count":1}}}]}},
      {"id":"sub_w","object":"subscription","customer":{"id":"cus_2"},"status":"trialing","trial_end":1706745600,
       "currency":"jpy","items":{"data":[{"quantity":1,"price":{"unit_amount":1200,"recurring":{"interval":"week"}}}]}}
    ],"has_more":false})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    // 1200.00 x 2 per year = 200/month, less 25% = 150
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_y")->mrr, 150.0);
    auto* w = by_id(ds, ds.subscriptions, "sub_w"); // 1200 JPY a week (no minor unit) = 1200 x 52 / 12
    EXPECT_DOUBLE_EQ(w->mrr, 1200.0 * 52 / 12);
    EXPECT_EQ(ds.str(w->account_id), "cus_2");
    EXPECT_EQ(w->status, core::SubStatus::trialing);
    EXPECT_EQ(w->trial_end, day("2024-02-01"));
}

TEST(ImportStripe, CustomersInvoicesAndMatching) {
    core::Dataset ds;
    auto c = load_fixture("stripe/stripe_customers.json", ds);
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(ds.accounts.size(), 10u);
    auto* b = by_id(ds, ds.accounts, "cus_Uae6f1e9m8SH1q"); // b@test.com, "Test Customer B"
    EXPECT_EQ(ds.str(b->domain), "test.com");
    EXPECT_EQ(b->system, core::System::stripe);
    auto i = load_fixture("stripe/stripe_invoices.json", ds);
    ASSERT_TRUE(i.ok) << i.error;
    EXPECT_EQ(i.records_read, 32u);
    EXPECT_FALSE(i.warnings.empty());
    // A CRM company with domain test.com matches customer B by domain; the name matches "Updated Customer Name".
    ASSERT_TRUE(load_text("companies.json", R"({"results":[
        {"id":"1","properties":{"name":"Whatever","domain":"www.Test.com"}},
        {"id":"2","properties":{"name":"Updated Customer Name, Inc.","domain":"other.org"}}]})", ds).ok);
    auto m = import::match_customers(ds);
    EXPECT_EQ(m.billing_accounts, 10u);
    EXPECT_EQ(m.by_domain, 1u);
    EXPECT_EQ(m.by_name, 1u);
    EXPECT_EQ(ds.str(by_id(ds, ds.accounts, "cus_Uae6f1e9m8SH1q")->crm_account), "1");
    EXPECT_EQ(ds.str(by_id(ds, ds.accounts, "cus_Uae6TTxHlP2hxk")->crm_account), "2");
    EXPECT_EQ(m.unmatched, 8u);
}
