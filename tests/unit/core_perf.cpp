// Scale: a million deals (with stage history) and a million leads. Times are printed, never asserted (timing belongs
// to tests/bench: scripts/bench.sh, revlens_bench --generate); the assertions are about the results.
#include "core/engine.h"
#include "core/report.h"
#include "sample/generate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

using namespace core;

namespace {

Dataset big(size_t n) {
    Dataset ds;
    const Sym owners[] = {ds.sym("Ann"), ds.sym("Bob"), ds.sym("Cleo"), ds.sym("Dev"), ds.sym("Eve")};
    const Sym sources[] = {ds.sym("ads"), ds.sym("seo"), ds.sym("events"), 0};
    const Sym stages[] = {ds.sym("Discovery"), ds.sym("Demo"), ds.sym("Proposal"), ds.sym("Negotiation")};
    const Sym won_stage = ds.sym("Closed Won"), lost_stage = ds.sym("Closed Lost");
    const Sym usd = ds.sym("USD"), eur = ds.sym("EUR");
    const Day start = days_from_civil(2022, 1, 1);
    uint64_t x = 88172645463325252ull; // xorshift: deterministic, no <random> distribution differences
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    ds.deals.reserve(n);
    ds.leads.reserve(n);
    ds.stage_history.reserve(n * 3);
    for (size_t i = 0; i < n; ++i) {
        Deal d;
        char id[24];
        std::snprintf(id, sizeof id, "d%zu", i);
        d.id = ds.sym(id);
        d.owner = owners[next() % 5];
        d.source = sources[next() % 4];
        d.currency = next() % 10 ? usd : eur;
        d.amount = double(1000 + next() % 50000);
        d.created_at = start + Day(next() % 1200);
        d.type = static_cast<DealType>(next() % 4);
        const uint64_t fate = next() % 3;
        d.history_begin = static_cast<uint32_t>(ds.stage_history.size());
        const uint32_t steps = 1 + static_cast<uint32_t>(next() % 4);
        Day t = d.created_at;
        for (uint32_t k = 0; k < steps; ++k) {
            StageEntry e;
            e.stage = stages[k];
            e.entered_at = t;
            t += Day(1 + next() % 30);
            if (k + 1 < steps || fate != 0) e.exited_at = t;
            ds.stage_history.push_back(e);
        }
        d.history_count = steps;
        if (fate == 0) {
            d.state = DealState::open;
            d.stage = stages[steps - 1];
            d.expected_close = t + Day(next() % 90) - 30;
        } else {
            d.state = fate == 1 ? DealState::won : DealState::lost;
            d.stage = fate == 1 ? won_stage : lost_stage;
            d.closed_at = t;
        }
        ds.deals.push_back(d);

        Lead l;
        l.source = sources[next() % 4];
        l.owner = owners[next() % 5];
        Day s = start + Day(next() % 1200);
        for (int k = 0; k < kCustomer + 1; ++k) {
            if (next() % 3 == 0) break;
            l.stage_at[size_t(k)] = s;
            s += Day(next() % 20);
        }
        ds.leads.push_back(l);
    }
    return ds;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median of 5 runs of f (printed, never asserted: timing belongs in benchmarks, and the machines are shared).
template <class F> double median_of_5(F&& f) {
    std::vector<double> t;
    for (int k = 0; k < 5; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        f(k);
        t.push_back(seconds_since(t0));
    }
    std::sort(t.begin(), t.end());
    return t[2];
}

} // namespace

TEST(CorePerf, MillionDealsComputeFast) {
    const Dataset ds = big(1000000);
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const Report r = compute(ds, Settings{}, Filter{});
    const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("compute over 1M deals + 1M leads: %.3f s CPU, %.3f s wall\n", cpu, wall);
    EXPECT_GT(r.sales.won_count, 0);
    EXPECT_GT(r.sales.open_pipeline_count, 0);
    EXPECT_LE(r.sales.slipped_rows.size(), kListedDeals);
    const auto t1 = std::chrono::steady_clock::now();
    const std::string json = to_json(r).dump();
    std::printf("to_json: %.3f s, %zu bytes\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count(), json.size());
}

TEST(CorePerf, Phases) {
    const Dataset ds = big(1000000);
    auto t = std::chrono::steady_clock::now();
    auto lap = [&](const char* what) {
        const auto now = std::chrono::steady_clock::now();
        std::printf("  %-14s %.3f s\n", what, std::chrono::duration<double>(now - t).count());
        t = now;
    };
    Settings s;
    const Context ctx = make_context(ds, s, Filter{});
    lap("context");
    const Prepared p = prepare(ds, ctx);
    lap("prepare");
    const MrrBook book = build_mrr_book(ds, s, ctx);
    lap("mrr book");
    compute_marketing(ds, ctx, p, &book);
    lap("marketing");
    compute_sales(ds, s, ctx, p);
    lap("sales");
    compute_success(ds, s, ctx, book);
    lap("success");
    compute_funnel(ds, ctx, p, &book);
    lap("funnel");
    compute_bottlenecks(s, ctx, p, &book);
    lap("bottlenecks");
    compute_forecast(ds, ctx, p, &book);
    lap("forecast");
    compute_quality(ds, ctx);
    lap("quality");
}

// The dashboard's path: one Engine, a full compute, then an owner filter, then a period change. Prints the medians of
// 5; asserts only that the incremental result is the one compute() gives from scratch.
TEST(CorePerf, EngineRecomputeAfterFilterChange) {
    const Dataset ds = big(1000000);
    Settings s;
    Filter all, ann, ann_90;
    ann.owner = "Ann";
    ann_90.owner = "Ann";
    ann_90.preset = PeriodPreset::last_90_days;
    const double full = median_of_5([&](int) { (void)compute(ds, s, all); });
    Engine engine;
    (void)engine.compute(ds, s, all);
    const double owner = median_of_5([&](int k) { (void)engine.compute(ds, s, k % 2 ? all : ann); });
    EXPECT_TRUE(engine.last_reuse().facts);
    EXPECT_FALSE(engine.last_reuse().kept);
    (void)engine.compute(ds, s, ann);
    const double period = median_of_5([&](int k) { (void)engine.compute(ds, s, k % 2 ? ann : ann_90); });
    EXPECT_TRUE(engine.last_reuse().kept);
    std::printf("1M deals + 1M leads, median of 5: compute %.3f s; Engine after owner change %.3f s, after period "
                "change %.3f s\n", full, owner, period);
    EXPECT_EQ(to_json(engine.compute(ds, s, ann_90)).dump(), to_json(compute(ds, s, ann_90)).dump());
}

TEST(CorePerf, GeneratedCompanyOf100kDeals) {
    sample::GenerateOptions o;
    o.deals = 100000;
    const Dataset ds = sample::generate_company(o);
    Settings s;
    s.base_currency = o.currency;
    s.rates["EUR"] = o.eur_rate;
    Report r;
    const double t = median_of_5([&](int) { r = compute(ds, s, Filter{}); });
    std::printf("generated company, %zu deals, %zu leads: compute median of 5 %.3f s\n", ds.deals.size(),
                ds.leads.size(), t);
    EXPECT_GT(r.sales.won_count, 0);
}
