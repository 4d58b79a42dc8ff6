// Pipedrive fixtures (shared/fixtures/pipedrive).
#include "import_test_util.h"

#include <gtest/gtest.h>

using namespace import_test;

TEST(ImportPipedrive, DealsAlone) {
    core::Dataset ds;
    auto r = load_fixture("pipedrive/pipedrive_deals.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "pipedrive.deals");
    EXPECT_EQ(ds.deals.size(), 8u);
    auto* d = by_id(ds, ds.deals, "2"); // "Acme Corp - Enterprise License", value 25000, stage 7, pipeline 2
    ASSERT_NE(d, nullptr);
    EXPECT_DOUBLE_EQ(d->amount, 25000);
    EXPECT_EQ(ds.str(d->currency), "USD");
    EXPECT_EQ(ds.str(d->owner), "Nango");                // user_id.name
    EXPECT_EQ(ds.str(d->stage), "Prospect Qualified");   // related_objects.stage["7"].name
    EXPECT_EQ(d->created_at, day("2026-05-15"));
    for (auto& x : ds.deals) EXPECT_EQ(x.state, core::DealState::open); // all "open"
}

TEST(ImportPipedrive, StagesBeforeDeals) {
    core::Dataset ds;
    auto s = load_fixture("pipedrive/pipedrive_list-stages.json", ds);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_EQ(s.format, "pipedrive.stages");
    EXPECT_EQ(s.records_used, 7u);
    ASSERT_TRUE(load_fixture("pipedrive/pipedrive_deals.json", ds).ok);
    auto* d = by_id(ds, ds.deals, "2");
    EXPECT_DOUBLE_EQ(d->stage_probability, 0.3);                   // stage 7: deal_probability 30
    EXPECT_EQ(ds.str(d->pipeline), "Test Sales Pipeline");
    auto* one = by_id(ds, ds.deals, "1");                            // stage 3 in pipeline 1 (probability off)
    EXPECT_EQ(ds.str(one->stage), "Prospect Qualified");
    EXPECT_TRUE(std::isnan(one->stage_probability));
}

TEST(ImportPipedrive, PipelinesPersonsOrganizations) {
    core::Dataset ds;
    auto p = load_fixture("pipedrive/pipedrive_pipelines.json", ds);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_EQ(p.format, "pipedrive.pipelines");
    EXPECT_EQ(p.records_used, 7u);
    auto o = load_fixture("pipedrive/pipedrive_organizations.json", ds);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(ds.accounts.size(), 8u);
    EXPECT_EQ(ds.str(by_id(ds, ds.accounts, "3")->name), "Test Organization from Nango");
    auto pe = load_fixture("pipedrive/pipedrive_persons.json", ds);
    ASSERT_TRUE(pe.ok) << pe.error;
    EXPECT_EQ(ds.leads.size(), 7u);
    auto* jane = by_id(ds, ds.leads, "2"); // Jane Smith, jane.smith@acme.com, org_id.value 2
    EXPECT_EQ(ds.str(jane->email_domain), "acme.com");
    EXPECT_EQ(ds.str(jane->account_id), "2");
}
