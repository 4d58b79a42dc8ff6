// Salesforce fixtures (shared/fixtures/salesforce): counts and values read off the files.
#include "import_test_util.h"

#include <gtest/gtest.h>

using namespace import_test;

TEST(ImportSalesforce, OpportunitiesQueryResult) {
    core::Dataset ds;
    auto r = load_fixture("salesforce/salesforce_opportunities.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "salesforce.Opportunity");
    EXPECT_EQ(ds.deals.size(), 31u); // README: 31 Opportunities, 18 "Closed Won"
    size_t won = 0;
    for (auto& d : ds.deals) won += d.state == core::DealState::won;
    EXPECT_EQ(won, 18u);
    auto* q = by_id(ds, ds.deals, "006dM00000Mw7VtQAJ"); // Qualification, 15000, CloseDate 2026-03-08
    ASSERT_NE(q, nullptr);
    EXPECT_DOUBLE_EQ(q->amount, 15000);
    EXPECT_EQ(q->state, core::DealState::open);
    EXPECT_EQ(q->expected_close, day("2026-03-08"));
    EXPECT_DOUBLE_EQ(q->stage_probability, 0.1); // Salesforce default for Qualification
    auto* w = by_id(ds, ds.deals, "006dM00000Mw7VvQAJ"); // Closed Won, 220000, CloseDate 2026-01-20
    EXPECT_EQ(w->closed_at, day("2026-01-20"));
    EXPECT_EQ(ds.str(w->owner), "005dM00000aYf0qQAC"); // no users file: the id
}

TEST(ImportSalesforce, UsersFileNamesOwners) {
    core::Dataset ds;
    auto u = load_fixture("salesforce/salesforce_users.json", ds);
    ASSERT_TRUE(u.ok) << u.error;
    EXPECT_EQ(u.records_used, 8u);
    ASSERT_TRUE(load_fixture("salesforce/salesforce_opportunities.json", ds).ok);
    // User 005dM00000aYf0qQAC: FirstName "OrgFarm", LastName "EPIC"
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "006dM00000Mw7VtQAJ")->owner), "OrgFarm EPIC");
}

TEST(ImportSalesforce, SfdxDataTree) {
    core::Dataset ds;
    auto r = load_fixture("salesforce/apex-recipes_data_Opportunities.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(ds.deals.size(), 50u);
    auto* d = by_id(ds, ds.deals, "OpportunityRef1"); // amount "119373.34", closedate "2020-12-22T21:16:01Z"
    ASSERT_NE(d, nullptr);
    EXPECT_DOUBLE_EQ(d->amount, 119373.34);
    EXPECT_EQ(ds.str(d->stage), "Id. Decision Makers");
    EXPECT_EQ(d->expected_close, day("2020-12-22"));
    size_t won = 0, lost = 0;
    for (auto& x : ds.deals) { won += x.state == core::DealState::won; lost += x.state == core::DealState::lost; }
    EXPECT_EQ(won, 3u);  // "Closed/Won" x3
    EXPECT_EQ(lost, 1u); // "Closed Lost" x1
}

TEST(ImportSalesforce, ContactsAndRefusedObjects) {
    core::Dataset ds;
    auto c = load_fixture("salesforce/salesforce_contacts.json", ds);
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(ds.leads.size(), 213u);
    EXPECT_EQ(ds.str(by_id(ds, ds.leads, "003dM00001vWOXJQA4")->email_domain), "edge.com"); // rose@edge.com
    for (const char* f : {"salesforce/restforce_query_paginated_first_page_response.json",
                          "salesforce/restforce_query_success_response.json"}) {
        auto r = load_fixture(f, ds);
        EXPECT_FALSE(r.ok);
        EXPECT_NE(r.error.find("\"Whizbang\" is not one we import"), std::string::npos) << r.error;
    }
    EXPECT_EQ(ds.leads.size(), 213u); // failed files added nothing
}

TEST(ImportSalesforce, CliWrapperLeadsAndHistory) {
    core::Dataset ds;
    auto l = load_text("leads.json", R"({"status":0,"result":{"totalSize":1,"done":true,"records":[
        {"attributes":{"type":"Lead"},"Id":"00Q1","Status":"Closed - Converted","IsConverted":true,
         "CreatedDate":"2024-01-05T10:00:00.000+0000","ConvertedDate":"2024-02-10"}]}})", ds);
    ASSERT_TRUE(l.ok) << l.error;
    EXPECT_EQ(ds.leads[0].stage_at[core::kLead], day("2024-01-05"));
    EXPECT_EQ(ds.leads[0].stage_at[core::kSql], day("2024-02-10"));
    ASSERT_TRUE(load_text("opp.json", R"({"records":[{"attributes":{"type":"Opportunity"},"Id":"006A",
        "StageName":"Negotiation/Review","IsClosed":false,"Probability":90,"Type":"Existing Customer - Downgrade"}]})",
        ds).ok);
    EXPECT_DOUBLE_EQ(ds.deals[0].probability, 0.9);
    EXPECT_EQ(ds.deals[0].type, core::DealType::renewal);
    auto h = load_text("hist.json", R"({"records":[
        {"attributes":{"type":"OpportunityHistory"},"Id":"h1","OpportunityId":"006A","StageName":"Prospecting",
         "CreatedDate":"2024-01-01T00:00:00.000+0000"},
        {"attributes":{"type":"OpportunityHistory"},"Id":"h2","OpportunityId":"006A","StageName":"Negotiation/Review",
         "CreatedDate":"2024-02-01T00:00:00.000+0000"}]})", ds);
    ASSERT_TRUE(h.ok) << h.error;
    ASSERT_EQ(ds.deals.size(), 1u); // added to the loaded opportunity, not a new deal
    auto hist = ds.history(ds.deals[0]);
    ASSERT_EQ(hist.size(), 2u);
    EXPECT_EQ(ds.str(hist[0].stage), "Prospecting");
    EXPECT_EQ(hist[0].exited_at, day("2024-02-01"));
}
