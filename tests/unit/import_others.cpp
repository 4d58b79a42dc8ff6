// Zoho, Close, GA4 and CSV exports.
#include "import_test_util.h"

#include <gtest/gtest.h>

using namespace import_test;

TEST(ImportZoho, DealsAndLeads) {
    core::Dataset ds;
    auto r = load_fixture("zoho/zoho-crm_deals.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "zoho.deals");
    EXPECT_EQ(ds.deals.size(), 17u);
    auto* lost = by_id(ds, ds.deals, "7328395000000680195"); // Commercial Press, Closed Lost, Closing_Date 2026-05-16
    EXPECT_EQ(lost->state, core::DealState::lost);
    EXPECT_EQ(lost->closed_at, day("2026-05-16"));
    EXPECT_EQ(lost->type, core::DealType::expansion); // "Existing Business"
    auto* king = by_id(ds, ds.deals, "7328395000000680197"); // Probability 60, Amount 60000, "New Business"
    EXPECT_DOUBLE_EQ(king->probability, 0.6);
    EXPECT_DOUBLE_EQ(king->amount, 60000);
    EXPECT_EQ(king->type, core::DealType::new_business);
    EXPECT_EQ(ds.str(king->owner), "Nango Developer");
    EXPECT_EQ(king->created_at, day("2026-05-14"));
    auto l = load_fixture("zoho/zoho-crm_leads.json", ds);
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(ds.leads.size(), 18u);
}

TEST(ImportClose, OpportunitiesLeadsPipelines) {
    core::Dataset ds;
    auto p = load_fixture("close/close_pipelines.json", ds);
    ASSERT_TRUE(p.ok) << p.error;
    auto r = load_fixture("close/close_opportunities.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.deals.size(), 2u);
    auto* d = by_id(ds, ds.deals, "oppo_NC20Ht22ncwU1oUtdjUdONdjgRyUFhGFzEM29aqrrH1"); // value 50000 cents, conf 80
    EXPECT_DOUBLE_EQ(d->amount, 500);
    EXPECT_DOUBLE_EQ(d->probability, 0.8);
    EXPECT_EQ(ds.str(d->stage), "Demo Completed");
    auto l = load_fixture("close/close_leads.json", ds);
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(ds.accounts.size(), 5u);
    EXPECT_EQ(ds.str(by_id(ds, ds.accounts, "lead_mELh8FRqV6vRWJ5bgGdx7GpifIkEnoQFHg0hsxmQI1z")->domain), "acme.com");
}

TEST(ImportGa4, RunReport) {
    core::Dataset ds;
    auto r = load_text("ga4.json", R"({"dimensionHeaders":[{"name":"date"},{"name":"sessionDefaultChannelGroup"}],
      "metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"},{"name":"totalUsers","type":"TYPE_INTEGER"}],
      "rows":[{"dimensionValues":[{"value":"20240131"},{"value":"Organic Search"}],
               "metricValues":[{"value":"1234"},{"value":"1000"}]}],"rowCount":1})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.traffic.size(), 1u);
    EXPECT_EQ(ds.traffic[0].date, day("2024-01-31"));
    EXPECT_EQ(ds.str(ds.traffic[0].channel), "ORGANIC_SEARCH");
    EXPECT_DOUBLE_EQ(ds.traffic[0].sessions, 1234);
    EXPECT_DOUBLE_EQ(ds.traffic[0].users, 1000);
}

TEST(ImportCsv, SalesforceSemicolonWithBom) {
    core::Dataset ds;
    auto r = load_text("opps.csv", "\xEF\xBB\xBF" "Opportunity Name;Stage;Close Date;Amount;Opportunity ID\r\n"
                                   "\"Acme; big\";Closed Won;1/31/2024;\"1.234,50\";006X\r\n"
                                   "Beta;Prospecting;2024-03-01;500;006Y\r\n", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "csv.salesforce.opportunities");
    ASSERT_EQ(ds.deals.size(), 2u);
    auto* a = by_id(ds, ds.deals, "006X");
    EXPECT_EQ(ds.str(a->name), "Acme; big");
    EXPECT_DOUBLE_EQ(a->amount, 1234.5);
    EXPECT_EQ(a->state, core::DealState::won);
    EXPECT_EQ(a->closed_at, day("2024-01-31"));
}

TEST(ImportCsv, HubspotCommaUnknownColumns) {
    core::Dataset ds;
    auto r = load_text("deals.csv", "Deal Name,Amount,Deal Stage,Create Date,Favourite Colour\n"
                                    "A,\"1,000\",Closed Lost,2024-01-02,red\n", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "csv.hubspot.deals");
    EXPECT_DOUBLE_EQ(ds.deals[0].amount, 1000);
    EXPECT_EQ(ds.deals[0].state, core::DealState::lost);
    ASSERT_EQ(r.fields_ignored.size(), 1u);
    EXPECT_EQ(r.fields_ignored[0], "Favourite Colour");
}

TEST(ImportFormats, ArrayOfPagesAndNewlineDelimited) {
    core::Dataset ds;
    auto r = load_text("pages.json", R"([{"results":[{"id":"1","properties":{"dealname":"a"}}],"paging":{}},
                                        {"results":[{"id":"2","properties":{"dealname":"b"}}]}])", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(ds.deals.size(), 2u);
    auto n = load_text("deals.ndjson", "{\"id\":\"3\",\"properties\":{\"dealname\":\"c\"}}\n"
                                       "{\"id\":\"4\",\"properties\":{\"dealname\":\"d\"}}\n", ds);
    ASSERT_TRUE(n.ok) << n.error;
    EXPECT_EQ(n.records_read, 2u);
    EXPECT_EQ(ds.deals.size(), 4u);
}
