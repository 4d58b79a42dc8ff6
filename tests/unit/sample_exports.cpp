// Vendor writers: each file is the JSON shape docs/formats.md describes, with the Dataset's values in the vendor's
// units; and the importers read them back to the same deals, leads and subscriptions.
#include "import/canonical.h"
#include "import/import.h"
#include "sample/export.h"
#include "sample/generate.h"

#include <gtest/gtest.h>

#include <map>

namespace {

using nlohmann::json;

const core::Dataset &company() {
    static const core::Dataset ds = [] {
        sample::GenerateOptions o;
        o.seed = 5;
        o.deals = 600;
        return sample::generate_company(o);
    }();
    return ds;
}

std::map<std::string, json> parsed(const std::vector<sample::ExportFile> &files) {
    std::map<std::string, json> out;
    for (const auto &f : files)
        out[f.name] = json::parse(f.content);
    return out;
}

size_t count_deals(const core::Dataset &ds, core::DealState state) {
    size_t n = 0;
    for (const core::Deal &d : ds.deals)
        n += d.state == state;
    return n;
}

import::ImportReport load(const sample::ExportFile &f, core::Dataset &into){
    return import::load(f.name, {reinterpret_cast<const uint8_t*>(f.content.data()), f.content.size()}, into);
} // namespace

} // namespace

TEST(SampleExports, HubSpotShapes) {
    const core::Dataset &ds = company();
    auto files = parsed(sample::export_hubspot(ds));
    ASSERT_EQ(files.size(), 4u);
    const json &deals = files["hubspot_deals.json"]["results"];
    ASSERT_EQ(deals.size(), ds.deals.size());
    size_t won = 0;
    for (size_t i = 0; i < deals.size(); ++i) {
        const json &p = deals[i]["properties"];
        for (auto it = p.begin(); it != p.end(); ++it)
            ASSERT_TRUE(it->is_string() || it->is_null()) << it.key() << " is not a string";
        won += p["hs_is_closed_won"] == "true";
        const core::Deal &d = ds.deals[i];
        if (core::has(d.amount)) {
            EXPECT_EQ(std::stod(p["amount"].get<std::string>()), d.amount);
        }
        // one hs_date_entered_ per history entry (stage ids are unique within a pipeline)
        size_t entered = 0;
        for (auto it = p.begin(); it != p.end(); ++it)
            entered += it.key().rfind("hs_date_entered_", 0) == 0;
        EXPECT_EQ(entered, d.history_count);
    }
    EXPECT_EQ(won, count_deals(ds, core::DealState::won));
    EXPECT_EQ(files["hubspot_contacts.json"]["results"].size(), ds.leads.size());
    EXPECT_EQ(files["hubspot_companies.json"]["results"].size(), ds.accounts.size());
    const json &pipelines = files["hubspot_pipelines.json"]["results"];
    ASSERT_EQ(pipelines.size(), 2u); // New business, Renewals
    EXPECT_EQ(pipelines[0]["id"], "default");
    EXPECT_EQ(pipelines[0]["stages"][0]["id"], "appointmentscheduled");
    EXPECT_EQ(pipelines[0]["stages"][0]["metadata"]["probability"], "0.2");
}

TEST(SampleExports, SalesforceShapes) {
    const core::Dataset &ds = company();
    auto files = parsed(sample::export_salesforce(ds));
    const json &opps = files["salesforce_opportunities.json"];
    ASSERT_EQ(opps["totalSize"], ds.deals.size());
    ASSERT_EQ(opps["records"].size(), ds.deals.size());
    size_t won = 0, history = 0;
    for (const json &r : opps["records"]) {
        EXPECT_EQ(r["attributes"]["type"], "Opportunity");
        won += r["IsWon"].get<bool>();
        if (r["IsWon"].get<bool>()) {
            EXPECT_TRUE(r["IsClosed"].get<bool>());
        }
    }
    for (const core::Deal &d : ds.deals)
        history += d.history_count;
    EXPECT_EQ(won, count_deals(ds, core::DealState::won));
    EXPECT_EQ(files["salesforce_opportunity_history.json"]["records"].size(), history);
    EXPECT_EQ(files["salesforce_leads.json"]["records"].size(), ds.leads.size());
    EXPECT_EQ(files["salesforce_accounts.json"]["records"].size(), ds.accounts.size());
}

TEST(SampleExports, PipedriveShapes) {
    const core::Dataset &ds = company();
    auto files = parsed(sample::export_pipedrive(ds));
    const json &deals = files["pipedrive_deals.json"]["data"];
    ASSERT_EQ(deals.size(), ds.deals.size());
    std::map<std::string, size_t> status;
    for (const json &d : deals)
        ++status[d["status"].get<std::string>()];
    EXPECT_EQ(status["won"], count_deals(ds, core::DealState::won));
    EXPECT_EQ(status["lost"], count_deals(ds, core::DealState::lost));
    // stages: the 5 open new-business stages and the 3 open renewal stages (won/lost are a status in Pipedrive)
    EXPECT_EQ(files["pipedrive_stages.json"]["data"].size(), 8u);
}

TEST(SampleExports, StripeAmountsInMinorUnits) {
    const core::Dataset &ds = company();
    auto files = parsed(sample::export_stripe(ds));
    const json &subs = files["stripe_subscriptions.json"]["data"];
    ASSERT_EQ(subs.size(), ds.subscriptions.size());
    for (size_t i = 0; i < subs.size(); ++i) {
        const core::Subscription &s = ds.subscriptions[i];
        const json &price = subs[i]["items"]["data"][0]["price"];
        bool yearly = ds.str(s.interval) == "year";
        EXPECT_EQ(price["recurring"]["interval"], yearly ? "year" : "month");
        EXPECT_EQ(price["unit_amount"].get<int64_t>(), std::llround(s.mrr * (yearly ? 12 : 1) * 100));
        EXPECT_EQ(subs[i]["start_date"].get<int64_t>() / 86400, s.started_at);
    }
    EXPECT_GT(files["stripe_customers.json"]["data"].size(), 0u);
}

// The importers (src/import, another owner) read the writers' files back: counts and states survive.
TEST(SampleExports, ImportersReadTheExportsBack) {
    const core::Dataset &ds = company();
    for (auto &f : sample::export_hubspot(ds)) {
        if (f.name != "hubspot_deals.json") continue;
        core::Dataset back;
        auto r = load(f, back);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(back.deals.size(), ds.deals.size());
        EXPECT_EQ(count_deals(back, core::DealState::won), count_deals(ds, core::DealState::won));
    }
    for (auto &f : sample::export_salesforce(ds)) {
        if (f.name != "salesforce_opportunities.json") continue;
        core::Dataset back;
        auto r = load(f, back);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(back.deals.size(), ds.deals.size());
        EXPECT_EQ(count_deals(back, core::DealState::won), count_deals(ds, core::DealState::won));
    }
    for (auto &f : sample::export_stripe(ds)) {
        if (f.name != "stripe_subscriptions.json") continue;
        core::Dataset back;
        auto r = load(f, back);
        ASSERT_TRUE(r.ok) << r.error;
        EXPECT_EQ(back.subscriptions.size(), ds.subscriptions.size());
    }
    core::Dataset back;
    std::string canonical = import::write_canonical(ds);
    auto r =
        import::load("company.json", {reinterpret_cast<const uint8_t *>(canonical.data()), canonical.size()}, back);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(back.deals.size(), ds.deals.size());
    EXPECT_EQ(back.leads.size(), ds.leads.size());
}
