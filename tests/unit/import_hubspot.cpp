// HubSpot fixtures (shared/fixtures/hubspot): counts and values read off the files.
#include "import_test_util.h"

#include <gtest/gtest.h>

using namespace import_test;

TEST(ImportHubspot, DealsListPage) {
    core::Dataset ds;
    auto r = load_fixture("hubspot/hubspot_deals.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.format, "hubspot.deals");
    EXPECT_EQ(r.records_read, 21u); // README: 21 deals
    EXPECT_EQ(ds.deals.size(), 21u);
    // first record: amount "3000", dealstage appointmentscheduled, closedate null, createdate 2026-02-25T16:26:25.880Z
    auto* d = by_id(ds, ds.deals, "479475667160");
    ASSERT_NE(d, nullptr);
    EXPECT_DOUBLE_EQ(d->amount, 3000);
    EXPECT_EQ(ds.str(d->stage_id), "appointmentscheduled");
    EXPECT_EQ(ds.str(d->stage), "Appointment Scheduled"); // vendor default label
    EXPECT_DOUBLE_EQ(d->stage_probability, 0.2);         // vendor default probability
    EXPECT_EQ(d->state, core::DealState::open);
    EXPECT_EQ(d->created_at, day("2026-02-25"));
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "480202228957")->amount, 5000); // "5000.00"
    EXPECT_TRUE(std::isnan(by_id(ds, ds.deals, "487463597256")->amount)); // amount null
    // last record: qualifiedtobuy, closedate 2026-12-31 on an open deal = expected close
    auto* last = by_id(ds, ds.deals, "493593663734");
    EXPECT_EQ(last->expected_close, day("2026-12-31"));
    EXPECT_EQ(last->closed_at, core::kNoDay);
    EXPECT_DOUBLE_EQ(last->stage_probability, 0.4);
}

TEST(ImportHubspot, SingleDealRecord) {
    core::Dataset ds;
    auto r = load_fixture("hubspot/hubspot_get-deal.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(ds.deals.size(), 1u);
    EXPECT_EQ(ds.str(ds.deals[0].name), "Test Deal Updated via Action");
    EXPECT_EQ(ds.str(ds.deals[0].pipeline), "default");
}

TEST(ImportHubspot, PipelinesBeforeDealsGiveLabelsAndProbabilities) {
    core::Dataset ds;
    auto p = load_fixture("hubspot/hubspot_fetch-pipelines.json", ds);
    ASSERT_TRUE(p.ok) << p.error;
    EXPECT_EQ(p.format, "hubspot.pipelines");
    auto r = load_fixture("hubspot/hubspot_get-deal.json", ds);
    ASSERT_TRUE(r.ok) << r.error;
    auto* d = by_id(ds, ds.deals, "479475667160");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(ds.str(d->stage), "Appointment Scheduled");   // stages[0].label
    EXPECT_EQ(ds.str(d->pipeline), "Sales Pipeline");       // results[0].label for pipeline "default"
    EXPECT_DOUBLE_EQ(d->stage_probability, 0.2);            // metadata.probability "0.2"
}

TEST(ImportHubspot, PipelinesAfterDealsRelabel) {
    core::Dataset ds;
    ASSERT_TRUE(load_fixture("hubspot/hubspot_get-deal.json", ds).ok);
    ASSERT_TRUE(load_fixture("hubspot/hubspot_fetch-pipelines.json", ds).ok);
    EXPECT_EQ(ds.str(ds.deals[0].pipeline), "Sales Pipeline");
}

TEST(ImportHubspot, MergeDedupsAcrossFiles) {
    core::Dataset ds;
    ASSERT_TRUE(load_fixture("hubspot/hubspot_deals.json", ds).ok);
    ASSERT_TRUE(load_fixture("hubspot/hubspot_get-deal.json", ds).ok); // 479475667160 is in both files
    EXPECT_EQ(ds.deals.size(), 21u);
    EXPECT_EQ(ds.files.size(), 2u);
    EXPECT_EQ(ds.files[1].duplicate_ids, 1u);
}

TEST(ImportHubspot, ContactsAndCompanies) {
    core::Dataset ds;
    auto c = load_fixture("hubspot/hubspot_contacts.json", ds);
    ASSERT_TRUE(c.ok) << c.error;
    EXPECT_EQ(c.format, "hubspot.contacts");
    EXPECT_EQ(ds.leads.size(), 26u);
    auto* l = by_id(ds, ds.leads, "713492963559"); // email test-contact-2026@example.com
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(ds.str(l->email_domain), "example.com");
    auto a = load_fixture("hubspot/hubspot_companies.json", ds);
    ASSERT_TRUE(a.ok) << a.error;
    EXPECT_EQ(a.format, "hubspot.companies");
    EXPECT_EQ(ds.accounts.size(), 57u);
    EXPECT_EQ(ds.str(by_id(ds, ds.accounts, "406597029111")->domain), "hubspot.com");
}

TEST(ImportHubspot, StageHistoryFlagsAndV1) {
    core::Dataset ds;
    auto r = load_text("deals.json", R"({"results":[{"id":"9","properties":{"dealname":"A","amount":"10",
        "dealstage":"closedwon","hs_is_closed_won":"true","closedate":"2024-03-01T00:00:00Z","dealtype":"newbusiness",
        "hs_date_entered_appointmentscheduled":"2024-01-01T00:00:00Z",
        "hs_v2_date_entered_appointmentscheduled":"2024-01-02T00:00:00Z",
        "hs_v2_date_exited_appointmentscheduled":"2024-02-01T00:00:00Z",
        "hs_v2_date_entered_closedwon":"1709251200000"}}]})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    const core::Deal& d = ds.deals[0];
    EXPECT_EQ(d.state, core::DealState::won);
    EXPECT_EQ(d.closed_at, day("2024-03-01"));
    EXPECT_EQ(d.type, core::DealType::new_business);
    auto h = ds.history(d);
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(ds.str(h[0].stage), "Appointment Scheduled");
    EXPECT_EQ(h[0].entered_at, day("2024-01-02")); // v2 wins over legacy
    EXPECT_EQ(h[0].exited_at, day("2024-02-01"));
    EXPECT_EQ(h[1].entered_at, day("2024-03-01")); // epoch ms 1709251200000

    core::Dataset v1;
    auto o = load_text("v1.json", R"({"deals":[{"dealId":77,"properties":{"amount":{"value":"100"},
        "dealstage":{"value":"closedlost"},"dealtype":{"value":"existingbusiness"}}}]})", v1);
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_DOUBLE_EQ(v1.deals[0].amount, 100);
    EXPECT_EQ(v1.str(v1.deals[0].id), "77");
    EXPECT_EQ(v1.deals[0].state, core::DealState::lost);
    EXPECT_EQ(v1.deals[0].type, core::DealType::expansion);
}

// A deal's stage history (hs_date_entered_<stage> and the like) is handed to the mapper while parsing too, in the
// file's order. It must read as a DOM of the record reads: the later value of a repeated key, an object where a date
// belongs (reported), the keys after such an object (built in the DOM), and of two bad dates the one first by key.
TEST(ImportHubspot, StageHistoryHandedOverWhileParsingReadsAsTheRecordSays) {
    core::Dataset ds;
    auto r = load_text("deals.json", R"({"results":[
        {"id":"1","properties":{"dealname":"First","hs_date_entered_aaa":"2024-01-01T00:00:00Z"}},
        {"id":"2","properties":{"hs_v2_date_exited_qqq":"2024-03-05T00:00:00Z","dealname":"Order",
            "hs_date_entered_qqq":"2024-03-01T00:00:00Z","hs_v2_date_entered_qqq":"2024-03-02T00:00:00Z",
            "hs_date_exited_qqq":"2024-03-09T00:00:00Z","hs_date_entered_ppp":"junk",
            "hs_date_entered_ppp":"2024-02-01T00:00:00Z",
            "hs_date_entered_ppp":"2024-02-03T00:00:00Z","hs_date_entered_rrr":null}},
        {"id":"3","properties":{"dealname":"None"}},
        {"id":"4","properties":{"hs_date_entered_bbb":"junk","hs_date_entered_bbb":{"y":2}}},
        {"id":"5","properties":{"hs_date_entered_ccc":"junk","hs_date_entered_ddd":{"z":1},
            "hs_date_entered_ccc":"2024-01-09T00:00:00Z","hs_date_entered_ddd":"2024-01-03T00:00:00Z",
            "hs_date_entered_eee":"2024-01-20T00:00:00Z"}},
        {"id":"6","properties":{"hs_date_exited_zzz":"later","hs_date_entered_aaa":"sooner"}},
        {"dealId":77,"properties":{"dealname":{"value":"Legacy"},
            "hs_date_entered_fff":{"value":"2024-04-01T00:00:00Z"},"hs_date_entered_ggg":"2024-04-02T00:00:00Z"}}]})",
                       ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records_read, 7u);
    ASSERT_EQ(ds.deals.size(), 5u); // 4 and 6 skipped
    struct Want { const char* stage; const char* in; const char* out; };
    auto history_is = [&](const char* id, std::vector<Want> want) {
        const core::Deal* d = by_id(ds, ds.deals, id);
        ASSERT_NE(d, nullptr) << id;
        auto h = ds.history(*d);
        ASSERT_EQ(h.size(), want.size()) << id;
        for (size_t i = 0; i < want.size(); ++i) {
            EXPECT_EQ(ds.str(h[i].stage), want[i].stage) << id;
            EXPECT_EQ(h[i].entered_at, day(want[i].in)) << id << " " << want[i].stage;
            EXPECT_EQ(h[i].exited_at, want[i].out ? day(want[i].out) : core::kNoDay) << id << " " << want[i].stage;
        }
    };
    history_is("1", {{"aaa", "2024-01-01", nullptr}});
    // v2 wins over the legacy field whichever comes first; a repeated key's last value (the bad ones before it are
    // gone); a null is no entry
    history_is("2", {{"ppp", "2024-02-03", nullptr}, {"qqq", "2024-03-02", "2024-03-05"}});
    history_is("3", {}); // nothing carried over from the record before
    // ccc: its later value (built in the DOM after ddd's object) replaces the bad one; ddd: its later value; eee: a
    // field after them
    history_is("5", {{"ddd", "2024-01-03", nullptr}, {"ccc", "2024-01-09", nullptr}, {"eee", "2024-01-20", nullptr}});
    history_is("77", {{"fff", "2024-04-01", nullptr}, {"ggg", "2024-04-02", nullptr}});
    ASSERT_EQ(r.skipped.size(), 2u);
    EXPECT_EQ(r.skipped[0].reason, "field hs_date_entered_bbb: expected a date");
    EXPECT_EQ(r.skipped[0].example_id, "4: got {\"y\":2}");
    EXPECT_EQ(r.skipped[1].reason, "field hs_date_entered_aaa: expected a date");
    EXPECT_EQ(r.skipped[1].example_id, "6: got \"sooner\"");
}

// From the second record on, the parser hands a mapper's named fields straight to its FieldReader (no DOM for them).
// Records that a DOM reads in its own way must give what the DOM gives: a key repeated (the later value wins), the
// properties object repeated (the later one wins whole, even a string), a named field holding an object (reported as
// what it is), a legacy record's flattened properties, and nothing carried over from the record before.
TEST(ImportHubspot, FieldsHandedOverWhileParsingReadAsTheRecordSays) {
    core::Dataset ds;
    auto r = load_text("deals.json", R"({"results":[
        {"id":"1","properties":{"dealname":"First","amount":"1","dealstage":"closedwon"}},
        {"id":"2","properties":{"amount":"10","dealname":"Twice","amount":"20"}},
        {"id":"3","properties":{"dealname":"X","amount":"5"},"properties":{"dealname":"Y"}},
        {"id":"4","properties":{"dealname":{"a":1},"amount":"4"}},
        {"id":"5","properties":{"dealname":"Z","amount":"7"},"properties":"gone"},
        {"dealId":78,"properties":{"amount":"30","dealname":{"value":"Legacy"},"dealstage":{"value":"closedlost"}}},
        {"id":"7","properties":{"dealname":"Last"}}]})", ds);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(r.records_read, 7u);
    ASSERT_EQ(ds.deals.size(), 5u); // 4 and 5 skipped
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "1")->name), "First");
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "1")->amount, 1);
    EXPECT_DOUBLE_EQ(by_id(ds, ds.deals, "2")->amount, 20);
    EXPECT_EQ(ds.str(by_id(ds, ds.deals, "2")->name), "Twice");
    const core::Deal* y = by_id(ds, ds.deals, "3");
    EXPECT_EQ(ds.str(y->name), "Y");
    EXPECT_TRUE(std::isnan(y->amount)); // "amount":"5" was in the properties replaced
    const core::Deal* legacy = by_id(ds, ds.deals, "78");
    ASSERT_NE(legacy, nullptr);
    EXPECT_DOUBLE_EQ(legacy->amount, 30);
    EXPECT_EQ(ds.str(legacy->name), "Legacy");
    EXPECT_EQ(legacy->state, core::DealState::lost);
    const core::Deal* last = by_id(ds, ds.deals, "7");
    EXPECT_EQ(ds.str(last->name), "Last");
    EXPECT_TRUE(std::isnan(last->amount));
    EXPECT_EQ(last->state, core::DealState::open);
    std::string skipped;
    for (const auto& s : r.skipped) skipped += s.reason + " (" + s.example_id + ") ";
    EXPECT_NE(skipped.find("field dealname: expected"), std::string::npos) << skipped;
    EXPECT_NE(skipped.find("{\"a\":1}"), std::string::npos) << skipped;
    EXPECT_NE(skipped.find("properties is not an object (5)"), std::string::npos) << skipped;

    // contacts read properties that are not an object as no properties at all
    core::Dataset leads;
    auto c = load_text("contacts.json", R"({"results":[
        {"id":"1","properties":{"email":"a@first.com","lifecyclestage":"lead"}},
        {"id":"2","properties":{"email":"b@second.com","hs_analytics_source":"DIRECT"},"properties":"gone"},
        {"id":"3","properties":{"hs_analytics_source":"PAID"}},
        {"id":"4","properties":{"email":{"x":1},"email":"c@fourth.com"}},
        {"id":"5","properties":{"email":"d@fifth.com","email":{"y":2}}}]})", leads);
    ASSERT_TRUE(c.ok) << c.error;
    ASSERT_EQ(leads.leads.size(), 4u); // the later value of a repeated field wins: 4's string, 5's object (skipped)
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "4")->email_domain), "fourth.com");
    EXPECT_EQ(by_id(leads, leads.leads, "5"), nullptr);
    ASSERT_EQ(c.skipped.size(), 1u);
    EXPECT_EQ(c.skipped[0].reason, "field email: expected a text");
    EXPECT_EQ(c.skipped[0].example_id, "5: got {\"y\":2}");
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "1")->email_domain), "first.com");
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "2")->email_domain), "");
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "2")->source), "");
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "3")->source), "PAID");
    EXPECT_EQ(leads.str(by_id(leads, leads.leads, "3")->email_domain), "");
}
