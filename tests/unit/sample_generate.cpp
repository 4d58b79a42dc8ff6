// The demo company: deterministic, the shape the metrics need, and the planted MQL->SQL bottleneck is really there.
// Every expected value is recomputed here from the generated rows, never copied from a run.
#include "import/canonical.h"
#include "sample/generate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

namespace {

using core::Dataset;
using core::days_from_civil;
using core::kNoDay;

const Dataset &company() { // one mid-sized company shared by the shape tests (generating it once keeps them fast)
    static const Dataset ds = [] {
        sample::GenerateOptions o;
        o.seed = 42;
        o.deals = 20000;
        return sample::generate_company(o);
    }();
    return ds;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

TEST(SampleGenerate, SameSeedSameBytesOtherSeedOtherBytes) {
    sample::GenerateOptions o;
    o.deals = 800;
    o.seed = 3;
    std::string a = import::write_canonical(sample::generate_company(o));
    std::string b = import::write_canonical(sample::generate_company(o));
    EXPECT_EQ(a, b);
    o.seed = 4;
    EXPECT_NE(a, import::write_canonical(sample::generate_company(o)));
}

TEST(SampleGenerate, DealCountIsExactEvenForTinyCompanies) {
    for (uint32_t n : {0u, 1u, 7u, 150u, 3001u}) {
        sample::GenerateOptions o;
        o.deals = n;
        EXPECT_EQ(sample::generate_company(o).deals.size(), n);
    }
}

TEST(SampleGenerate, PlantedMonthIsTheThirdLastFullMonth) {
    sample::GenerateOptions o; // ends 2026-10-31: October is full, so Oct, Sep, Aug -> August
    EXPECT_EQ(sample::planted_bottleneck_month(o), core::month_of(days_from_civil(2026, 8, 1)));
    o.end = days_from_civil(2026, 10, 15); // October not full: Sep, Aug, Jul -> July
    EXPECT_EQ(sample::planted_bottleneck_month(o), core::month_of(days_from_civil(2026, 7, 1)));
    o.bottleneck_month = core::month_of(days_from_civil(2025, 3, 1));
    EXPECT_EQ(sample::planted_bottleneck_month(o), core::month_of(days_from_civil(2025, 3, 1)));
}

TEST(SampleGenerate, MqlToSqlTakesTwiceAsLongInThePlantedMonth) {
    const Dataset &ds = company();
    const core::Month planted = sample::planted_bottleneck_month({});
    std::vector<double> in_month, baseline; // baseline: the three months before, like the engine's trailing window
    for (const core::Lead &l : ds.leads) {
        core::Day mql = l.stage_at[core::kMql], sql = l.stage_at[core::kSql];
        if (mql == kNoDay || sql == kNoDay) continue;
        core::Month m = core::month_of(mql);
        if (m == planted)
            in_month.push_back(sql - mql);
        else if (m >= planted - 3 && m < planted)
            baseline.push_back(sql - mql);
    }
    ASSERT_GE(in_month.size(), 100u);
    ASSERT_GE(baseline.size(), 300u);
    double ratio = median(in_month) / median(baseline);
    EXPECT_GE(ratio, 1.7);
    EXPECT_LE(ratio, 2.3);
    EXPECT_NEAR(median(baseline), sample::kBaselineMqlToSqlDays, 1.0);
    // the months after it are back to normal
    std::vector<double> after;
    for (const core::Lead &l : ds.leads)
        if (l.stage_at[core::kMql] != kNoDay && l.stage_at[core::kSql] != kNoDay &&
            core::month_of(l.stage_at[core::kMql]) == planted + 1)
            after.push_back(l.stage_at[core::kSql] - l.stage_at[core::kMql]);
    ASSERT_GE(after.size(), 100u);
    EXPECT_NEAR(median(after), median(baseline), 1.0);
}

TEST(SampleGenerate, FunnelNeverRisesAndDatesGoForward) {
    const Dataset &ds = company();
    std::array<size_t, core::kLifecycleStages> recorded{};
    size_t backwards = 0;
    for (const core::Lead &l : ds.leads) {
        core::Day previous = kNoDay;
        for (int s = 0; s < core::kLifecycleStages; ++s) {
            core::Day d = l.stage_at[s];
            if (d == kNoDay) continue;
            ++recorded[s];
            if (previous != kNoDay && d < previous) ++backwards;
            previous = d;
        }
    }
    EXPECT_EQ(backwards, 0u);
    for (int s = core::kMql; s < core::kEvangelist; ++s)
        EXPECT_LE(recorded[s + 1], recorded[s]) << s;
    // realistic rates, judged on recorded stages (a few leads start as MQLs, so lead_at is not the top)
    double mql_to_sql = double(recorded[core::kSql]) / recorded[core::kMql];
    double sql_to_opp = double(recorded[core::kOpportunity]) / recorded[core::kSql];
    EXPECT_GT(mql_to_sql, 0.3);
    EXPECT_LT(mql_to_sql, 0.6);
    EXPECT_GT(sql_to_opp, 0.5);
    EXPECT_LT(sql_to_opp, 0.8);
    // every new-business deal came from a lead that reached "opportunity" on the deal's creation day
    size_t new_deals = std::count_if(ds.deals.begin(), ds.deals.end(),
                                     [](const core::Deal &d) { return d.type == core::DealType::new_business; });
    EXPECT_EQ(recorded[core::kOpportunity], new_deals);
}

TEST(SampleGenerate, DealsAreConsistent) {
    const Dataset &ds = company();
    const core::Day end = sample::GenerateOptions{}.end;
    std::unordered_set<std::string_view> accounts;
    for (const core::Account &a : ds.accounts)
        accounts.insert(ds.str(a.id));
    size_t won = 0, won_backwards = 0, missing_amount = 0, eur = 0;
    std::map<core::DealType, size_t> types;
    std::set<std::string_view> owners, pipelines, sources;
    for (const core::Deal &d : ds.deals) {
        ASSERT_TRUE(accounts.count(ds.str(d.account_id))) << ds.str(d.id);
        ASSERT_LE(d.created_at, end);
        ++types[d.type];
        owners.insert(ds.str(d.owner));
        pipelines.insert(ds.str(d.pipeline));
        if (d.source) sources.insert(ds.str(d.source));
        if (ds.str(d.currency) == "EUR") ++eur;
        if (d.state == core::DealState::open) {
            EXPECT_EQ(d.closed_at, kNoDay);
            EXPECT_NE(d.expected_close, kNoDay);
            if (!core::has(d.amount)) ++missing_amount;
        } else {
            ASSERT_NE(d.closed_at, kNoDay);
            EXPECT_LE(d.closed_at, end);
        }
        if (d.state == core::DealState::won) {
            ++won;
            if (d.closed_at < d.created_at) ++won_backwards;
        }
        // history: starts at creation, each stage exits when the next is entered, ends in the deal's stage
        auto h = ds.history(d);
        ASSERT_FALSE(h.empty());
        EXPECT_EQ(h.front().entered_at, d.created_at);
        EXPECT_EQ(ds.str(h.back().stage), ds.str(d.stage));
        EXPECT_EQ(h.back().exited_at, kNoDay);
        for (size_t i = 0; i + 1 < h.size(); ++i) {
            EXPECT_EQ(h[i].exited_at, h[i + 1].entered_at);
            EXPECT_LE(h[i].entered_at, h[i + 1].entered_at);
        }
        if (d.state == core::DealState::won && ds.str(d.pipeline) == "New business") {
            EXPECT_GE(h.size(), 6u); // five open stages, then won
        }
    }
    EXPECT_GT(won, ds.deals.size() / 6);
    EXPECT_GT(won_backwards, 0u);        // the planted data-entry slips exist ...
    EXPECT_LT(won_backwards, won / 100); // ... and stay rare
    EXPECT_GT(missing_amount, 0u);
    EXPECT_GT(eur, ds.deals.size() / 50);
    EXPECT_LT(eur, ds.deals.size() / 8);
    EXPECT_GT(types[core::DealType::new_business], ds.deals.size() / 2);
    EXPECT_GT(types[core::DealType::expansion], ds.deals.size() / 20);
    EXPECT_GT(types[core::DealType::renewal], ds.deals.size() / 50);
    EXPECT_EQ(types[core::DealType::unknown], 0u);
    EXPECT_GE(owners.size(), 8u);
    EXPECT_LE(owners.size(), 12u);
    EXPECT_TRUE(owners.count("Þórunn Ægisdóttir") && owners.count("José Muñoz"));
    EXPECT_EQ(pipelines, (std::set<std::string_view>{"New business", "Renewals"}));
    EXPECT_EQ(sources, (std::set<std::string_view>{"ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA",
                                                   "REFERRALS", "DIRECT_TRAFFIC", "PAID_SOCIAL", "OFFLINE"}));
}

TEST(SampleGenerate, SegmentsDifferInSizeAndCycle) {
    const Dataset &ds = company();
    std::unordered_map<std::string_view, std::string_view> segment_of;
    for (const core::Account &a : ds.accounts)
        segment_of[ds.str(a.id)] = ds.str(a.segment);
    std::map<std::string_view, std::vector<double>> size, cycle;
    for (const core::Deal &d : ds.deals)
        if (d.state == core::DealState::won && d.type == core::DealType::new_business && ds.str(d.currency) == "USD" &&
            d.closed_at >= d.created_at) {
            auto seg = segment_of[ds.str(d.account_id)];
            size[seg].push_back(d.amount);
            cycle[seg].push_back(d.closed_at - d.created_at);
        }
    ASSERT_EQ(size.size(), 3u);
    EXPECT_LT(median(size["SMB"]) * 2, median(size["Mid-market"]));
    EXPECT_LT(median(size["Mid-market"]) * 2, median(size["Enterprise"]));
    EXPECT_LT(median(cycle["SMB"]), median(cycle["Mid-market"]));
    EXPECT_LT(median(cycle["Mid-market"]), median(cycle["Enterprise"]));
}

TEST(SampleGenerate, DecemberOutsellsTheSummer) {
    const Dataset &ds = company();
    size_t august = 0, december = 0; // of 2025: the same year, so growth favours neither much
    for (const core::Deal &d : ds.deals)
        if (d.state == core::DealState::won && d.type == core::DealType::new_business) {
            core::Month m = core::month_of(d.closed_at);
            august += m == core::month_of(days_from_civil(2025, 8, 1));
            december += m == core::month_of(days_from_civil(2025, 12, 1));
        }
    ASSERT_GT(august, 50u);
    EXPECT_GT(december, august * 13 / 10); // Q4 push vs summer dip
}

TEST(SampleGenerate, SubscriptionsBelongToAccountsAndMove) {
    const Dataset &ds = company();
    std::unordered_set<std::string_view> accounts;
    for (const core::Account &a : ds.accounts)
        accounts.insert(ds.str(a.id));
    std::map<std::string_view, std::vector<const core::Subscription *>> by_account;
    std::map<core::SubStatus, size_t> statuses;
    size_t period_end = 0, trials = 0;
    for (const core::Subscription &s : ds.subscriptions) {
        ASSERT_TRUE(accounts.count(ds.str(s.account_id))) << ds.str(s.id);
        ASSERT_TRUE(core::has(s.mrr) && s.mrr > 0);
        if (s.ended_at != kNoDay) {
            EXPECT_GE(s.ended_at, s.started_at);
        }
        if (s.status == core::SubStatus::canceled) {
            EXPECT_NE(s.ended_at, kNoDay);
        }
        ++statuses[s.status];
        period_end += s.cancel_at_period_end;
        trials += s.trial_end != kNoDay;
        by_account[ds.str(s.account_id)].push_back(&s);
    }
    EXPECT_GT(statuses[core::SubStatus::active], 100u);
    EXPECT_GT(statuses[core::SubStatus::canceled], 100u);
    EXPECT_GT(statuses[core::SubStatus::trialing], 0u);
    EXPECT_GT(statuses[core::SubStatus::past_due], 0u);
    EXPECT_GT(period_end, 10u);
    EXPECT_GT(trials, 10u);
    // movements, read from consecutive subscriptions of one account: a same-day switch up (expansion) or down
    // (contraction), and a gap before a new start (reactivation)
    size_t up = 0, down = 0, reactivated = 0;
    for (auto &[account, subs] : by_account) {
        std::sort(subs.begin(), subs.end(), [](auto *a, auto *b) { return a->started_at < b->started_at; });
        for (size_t i = 0; i + 1 < subs.size(); ++i) {
            if (subs[i]->ended_at == kNoDay) continue;
            if (subs[i]->ended_at == subs[i + 1]->started_at) {
                up += subs[i + 1]->mrr > subs[i]->mrr;
                down += subs[i + 1]->mrr < subs[i]->mrr;
            } else if (subs[i + 1]->started_at > subs[i]->ended_at + 30) {
                ++reactivated;
            }
        }
    }
    EXPECT_GT(up, 50u);
    EXPECT_GT(down, 5u);
    EXPECT_GT(reactivated, 5u);
}

TEST(SampleGenerate, SpendTrafficToolsAndTargets) {
    const Dataset &ds = company();
    // 36 months x 7 channels with spend (direct traffic costs nothing)
    EXPECT_EQ(ds.spend.size(), 36u * 7u);
    // every day from 2023-11-01 to 2026-10-31 for the 7 web channels (offline has no web traffic)
    size_t days = days_from_civil(2026, 10, 31) - days_from_civil(2023, 11, 1) + 1;
    EXPECT_EQ(ds.traffic.size(), days * 7);
    double conversions = 0;
    for (const core::Traffic &t : ds.traffic) {
        EXPECT_GE(t.sessions, t.users);
        conversions += t.conversions;
    }
    size_t web_leads = std::count_if(ds.leads.begin(), ds.leads.end(),
                                     [&](const core::Lead &l) { return ds.str(l.source) != "OFFLINE"; });
    EXPECT_EQ(conversions, double(web_leads));

    EXPECT_GE(ds.tools.size(), 14u);
    std::map<std::string_view, int> per_category;
    for (const core::Tool &t : ds.tools)
        ++per_category[ds.str(t.category)];
    EXPECT_EQ(per_category["email marketing"], 2);
    EXPECT_EQ(per_category["call recording"], 2);

    std::map<std::pair<std::string_view, core::TargetPeriod>, size_t> targets;
    for (const core::Target &t : ds.targets) {
        ++targets[{ds.str(t.metric), t.period}];
        EXPECT_GT(t.value, 0);
    }
    EXPECT_EQ((targets[{"bookings_amount", core::TargetPeriod::month}]), 42u); // 36 months + 6 ahead
    EXPECT_EQ((targets[{"new_mrr", core::TargetPeriod::month}]), 42u);
    EXPECT_EQ((targets[{"bookings_amount", core::TargetPeriod::quarter}]), 15u); // 2023Q4 .. 2027Q2
}

TEST(SampleGenerate, VolumesScaleWithDeals) {
    sample::GenerateOptions o;
    o.deals = 1000;
    Dataset small = sample::generate_company(o);
    o.deals = 4000;
    Dataset large = sample::generate_company(o);
    double leads_ratio = double(large.leads.size()) / small.leads.size();
    double accounts_ratio = double(large.accounts.size()) / small.accounts.size();
    EXPECT_NEAR(leads_ratio, 4.0, 0.4);
    EXPECT_NEAR(accounts_ratio, 4.0, 0.4);
    EXPECT_GT(large.subscriptions.size(), small.subscriptions.size() * 3);
}
