// Gaps closed in issue 4: Close value_period, the HubSpot owners file, Stripe coupon durations, and the byte offset
// of the nesting-depth error. Expected values are worked out by hand from the inputs written here.
#include "import_test_util.h"

#include <gtest/gtest.h>

#include <string>

using namespace import_test;

// [SECTION] Close value_period ----------------------------------------------------------------------------------------
TEST(ImportGaps, CloseValuePeriodAnnualisesMonthlyValues) {
    core::Dataset ds;
    auto r = load_text("close.json", R"({"data":[
        {"id":"oppo_m","lead_id":"lead_1","status_type":"won","value":10000,"value_period":"monthly",
         "date_created":"2024-01-01","date_won":"2024-02-01"},
        {"id":"oppo_a","lead_id":"lead_1","status_type":"won","value":50000,"value_period":"annual",
         "date_created":"2024-01-01","date_won":"2024-02-01"},
        {"id":"oppo_o","lead_id":"lead_1","status_type":"active","value":30000,"value_period":"one_time",
         "date_created":"2024-01-01"},
        {"id":"oppo_x","lead_id":"lead_1","status_type":"active","value":100,"value_period":"weekly",
         "date_created":"2024-01-01"}],"has_more":false})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "close.opportunities");
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "oppo_m")->amount, 1200.0); // 100.00 a month = 1200 a year
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "oppo_a")->amount, 500.0);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "oppo_o")->amount, 300.0);
    EXPECT_EQ(by_id(ds, ds.deals, "oppo_x"), nullptr); // an unknown period is not guessed
    ASSERT_EQ(r.skipped.size(), 1u);
    EXPECT_NE(r.skipped[0].reason.find("value_period"), std::string::npos);
    EXPECT_FALSE(r.warnings.empty());
}

TEST(ImportGaps, CloseFixtureAnnualValueMatchesItsAnnualizedValue) {
    core::Dataset ds;
    auto r = load_fixture("close/close_opportunities.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    // the capture's first opportunity: value 50000 cents, value_period annual, annualized_value 50000
    const core::Deal* d = by_id(ds, ds.deals, "oppo_NC20Ht22ncwU1oUtdjUdONdjgRyUFhGFzEM29aqrrH1");
    ASSERT_NE(d, nullptr);
    EXPECT_DOUBLE_EQ(d->amount, 500.0);
}

// [SECTION] HubSpot owners --------------------------------------------------------------------------------------------
const char* kOwners = R"({"results":[
    {"id":"7","email":"ana@example.com","firstName":"Ana","lastName":"Silva","userId":1,"archived":false},
    {"id":"8","email":"solo@example.com","firstName":"","lastName":"","userId":2,"archived":false}]})";
const char* kDeals = R"({"results":[
    {"id":"1","properties":{"dealname":"a","hubspot_owner_id":"7","dealstage":"closedwon","amount":"10"}},
    {"id":"2","properties":{"dealname":"b","hubspot_owner_id":"8"}},
    {"id":"3","properties":{"dealname":"c","hubspot_owner_id":"99"}}]})";

TEST(ImportGaps, HubSpotOwnersNameDealsLoadedAfter) {
    core::Dataset ds;
    auto o = load_text("owners.json", kOwners, ds);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(o.format, "hubspot.owners");
    EXPECT_EQ(o.records_used, 2u);
    ASSERT_TRUE(load_text("deals.json", kDeals, ds).ok);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->owner), "Ana Silva");
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "2")->owner), "solo@example.com"); // no name: the login
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "3")->owner), "99");               // not in the file: the id stays
}

TEST(ImportGaps, HubSpotOwnersNameDealsAndContactsLoadedBefore) {
    core::Dataset ds;
    ASSERT_TRUE(load_text("deals.json", kDeals, ds).ok);
    ASSERT_TRUE(load_text("contacts.json", R"({"results":[
        {"id":"c1","properties":{"email":"x@y.com","hubspot_owner_id":"7"}}]})", ds).ok);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->owner), "7");
    ASSERT_TRUE(load_text("owners.json", kOwners, ds).ok);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->owner), "Ana Silva");
    EXPECT_EQ(ds.str(by_id(ds, ds.leads, "c1")->owner), "Ana Silva");
    EXPECT_EQ(ds.deals.size(), 3u); // the owners file adds no rows
}

// [SECTION] Stripe coupon duration ------------------------------------------------------------------------------------
// 100.00 a month from 2024-01-01 (1704067200); the discount object given as `discount`.
std::string subscription(const std::string& discount) {
    return R"({"object":"list","data":[{"id":"sub_1","object":"subscription","customer":"cus_1","status":"active",
        "start_date":1704067200,"created":1704067200,"currency":"usd","discount":)" + discount + R"(,
        "items":{"object":"list","data":[{"id":"si_1","quantity":1,"price":{"id":"price_1","unit_amount":10000,
        "currency":"usd","recurring":{"interval":"month","interval_count":1}}}]}}],"has_more":false})";
}

TEST(ImportGaps, StripeRepeatingDiscountEndsOnItsEndDate) {
    core::Dataset ds;
    // 50 % off until 2024-04-01 (1711929600)
    auto r = load_text("subs.json", subscription(R"({"object":"discount","start":1704067200,"end":1711929600,
        "coupon":{"id":"half","percent_off":50,"duration":"repeating","duration_in_months":3}})"), ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.records_used, 1u);
    ASSERT_EQ(ds.subscriptions.size(), 2u);
    const core::Subscription* a = by_id(ds, ds.subscriptions, "sub_1");
    const core::Subscription* b = by_id(ds, ds.subscriptions, "sub_1@2024-04-01");
    ASSERT_TRUE(a && b);
    EXPECT_DOUBLE_EQ(a->mrr, 50.0);
    EXPECT_EQ(a->started_at, day("2024-01-01"));
    EXPECT_EQ(a->ended_at, day("2024-04-01"));
    EXPECT_DOUBLE_EQ(b->mrr, 100.0);
    EXPECT_EQ(b->started_at, day("2024-04-01"));
    EXPECT_FALSE(core::has(b->ended_at));
    EXPECT_EQ(a->account_id, b->account_id);
}

TEST(ImportGaps, StripeRepeatingDiscountWithoutEndLastsItsMonths) {
    core::Dataset ds;
    auto r = load_text("subs.json", subscription(R"({"object":"discount","start":1704067200,"end":null,
        "coupon":{"id":"off","amount_off":2500,"duration":"repeating","duration_in_months":6}})"), ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.subscriptions.size(), 2u);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_1")->mrr, 75.0); // 25.00 off each monthly invoice
    ASSERT_NE(by_id(ds, ds.subscriptions, "sub_1@2024-07-01"), nullptr);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_1@2024-07-01")->mrr, 100.0);
}

TEST(ImportGaps, StripeOnceDiscountLastsOneInvoice) {
    core::Dataset ds;
    auto r = load_text("subs.json", subscription(R"({"object":"discount","start":1704067200,"end":null,
        "coupon":{"id":"first","percent_off":100,"duration":"once"}})"), ds);
    ASSERT_TRUE(r.ok) << r.error;
    // free in January (MRR 0: the row pays nothing), 100.00 from 2024-02-01 on
    ASSERT_EQ(ds.subscriptions.size(), 2u);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_1")->mrr, 0.0);
    ASSERT_NE(by_id(ds, ds.subscriptions, "sub_1@2024-02-01"), nullptr);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.subscriptions, "sub_1@2024-02-01")->mrr, 100.0);
}

TEST(ImportGaps, StripeForeverDiscountAlwaysApplies) {
    core::Dataset ds;
    auto r = load_text("subs.json", subscription(R"({"object":"discount","start":1704067200,"end":null,
        "coupon":{"id":"f","percent_off":20,"duration":"forever"}})"), ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.subscriptions.size(), 1u);
    EXPECT_DOUBLE_EQ(ds.subscriptions[0].mrr, 80.0);
}

TEST(ImportGaps, StripeDiscountThatEndedBeforeTheSubscriptionStartedIsIgnored) {
    core::Dataset ds;
    // ended 2023-12-31 (1703980800), before the start
    auto r = load_text("subs.json", subscription(R"({"object":"discount","start":1700000000,"end":1703980800,
        "coupon":{"id":"old","percent_off":50,"duration":"repeating"}})"), ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.subscriptions.size(), 1u);
    EXPECT_DOUBLE_EQ(ds.subscriptions[0].mrr, 100.0);
}

// [SECTION] Nesting depth ---------------------------------------------------------------------------------------------
TEST(ImportGaps, NestingDepthErrorNamesTheByteOffset) {
    // {"results":[{"a": is levels 1..3; the 62nd '[' after it opens level 65, one more than allowed
    const std::string head = R"({"results":[{"a":)";
    std::string text = head + std::string(70, '[') + std::string(70, ']') + "}]}";
    core::Dataset ds;
    auto r = load_text("deep.json", text, ds);
    ASSERT_FALSE(r.ok);
    const size_t offset = head.size() + 61;
    EXPECT_NE(r.error.find("nesting deeper than 64 levels"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("at byte " + std::to_string(offset)), std::string::npos) << r.error;
}

TEST(ImportGaps, NestingDepthOffsetSkipsBracketsInsideStrings) {
    const std::string head = R"({"results":[{"s":"[[[{{\"[","a":)"; // brackets in a string (and an escaped quote)
    std::string text = head + std::string(70, '[') + "}]}";
    core::Dataset ds;
    auto r = load_text("deep.json", text, ds);
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.error.find("at byte " + std::to_string(head.size() + 61)), std::string::npos) << r.error;
}

// [SECTION] First file into an empty Dataset --------------------------------------------------------------------------
// load() moves a first file's rows in instead of merging them (memory), except when merge has work to do.
TEST(ImportGaps, FirstFileWithADuplicateIdKeepsTheLaterRow) {
    core::Dataset ds;
    auto r = load_text("deals.json", R"({"results":[
        {"id":"1","properties":{"dealname":"first","amount":"10"}},
        {"id":"2","properties":{"dealname":"other","amount":"5"}},
        {"id":"1","properties":{"dealname":"again","amount":"20"}}]})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.deals.size(), 2u);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->name), "again");
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "1")->amount, 20.0);
    ASSERT_EQ(ds.files.size(), 1u);
    EXPECT_EQ(ds.files[0].duplicate_ids, 1u);
    EXPECT_EQ(ds.files[0].name, "deals.json");
}

TEST(ImportGaps, FirstFileMovedInThenASecondFileMerges) {
    core::Dataset ds;
    ASSERT_TRUE(load_text("a.json", R"({"results":[{"id":"1","properties":{"dealname":"a","amount":"10"}}]})", ds).ok);
    ASSERT_TRUE(load_text("b.json", R"({"results":[{"id":"2","properties":{"dealname":"b","amount":"7"}}]})", ds).ok);
    ASSERT_EQ(ds.deals.size(), 2u);
    ASSERT_EQ(ds.files.size(), 2u);
    EXPECT_EQ(ds.files[0].name, "a.json");
    EXPECT_EQ(ds.deals[0].file, 0);
    EXPECT_EQ(ds.deals[1].file, 1);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->name), "a");
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "2")->name), "b");
}
