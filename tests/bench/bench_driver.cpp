// The engine's side of scripts/bench.sh: imports export files, computes the Report, then recomputes it after two filter
// changes (owner, then period), and prints the timings as one JSON line. The same source runs natively and as wasm
// under node (NODERAWFS), so both columns of the bench table measure identical work.
//
//   revlens_bench [--runs N] [--reports K] [--owner ID] [--figures OUT.json] [--warmup DIR] FILE...
//   revlens_bench [--runs N] [--owner NAME] --generate DEALS [--leads N]
//
// --warmup DIR first imports DIR's small HubSpot + Stripe export (pipelines, deals, contacts, subscriptions) and
// computes its Report, untimed, again and again for 2 s, as the page's import worker parses a small made-up export
// before a file arrives. Under node a wasm function runs its baseline code until it returns, and optimising this
// module's functions keeps the compiler busy ~1.5 s in the background: without a warm-up the first runs time that.
//
// --generate builds the demo company in memory (src/sample/generate.cpp; no files: a million deals' exports are
// gigabytes) and times the Report and the two recomputes only; --leads keeps N of its leads, evenly spaced (the
// company has about six leads per deal), so "1M deals + 1M leads" is `--generate 1000000 --leads 1000000`. Without
// --owner the owner of the first deal is used.
//
// Files are loaded in the order given (pipelines before deals, so stage labels resolve as in the page). Import time
// starts with the file's bytes in memory: reading from disk is not part of what a browser tab does with a dropped file.
// --reports K: each import is followed by K Reports (and their two recomputes), each by a new Engine: at a million
// deals an import takes 10-20 s, a Report half a second.
// --figures writes the sales figures of the three reports (as to_json() names them) for the peers to be compared with.
#include "core/report.h"
#include "import/import.h"
#include "sample/generate.h"
#if __has_include("core/engine.h")
#include "core/engine.h"
#define REVLENS_BENCH_ENGINE 1 // incremental recompute, as the dashboard does it
#endif

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

bool read_file(const std::string& path, std::vector<uint8_t>& out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    std::fseek(f, 0, SEEK_END);
    const long n = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    const bool ok = std::fread(out.data(), 1, out.size(), f) == out.size();
    std::fclose(f);
    return ok;
}

// Peak memory in MB: wasm linear memory only grows, so its size now is its peak; natively the peak resident set.
double peak_mb() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(emscripten_get_heap_size()) / (1 << 20);
#else
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
#endif
}

// The figures every peer computes too, taken from the Report's JSON so the comparison covers what users see.
nlohmann::json figures(const core::Report& r) {
    const nlohmann::json j = core::to_json(r);
    const nlohmann::json& s = j["sales"];
    nlohmann::json out{{"as_of", j["as_of"]},
                       {"from", j["period"]["from"]},
                       {"to", j["period"]["to"]},
                       {"win_rate", s["win_rate"]},
                       {"won_count", s["won_count"]},
                       {"lost_count", s["lost_count"]},
                       {"sales_cycle_days_median", s["sales_cycle_days_median"]},
                       {"open_pipeline_count", s["open_pipeline_count"]},
                       {"open_pipeline_value", s["open_pipeline_value"]}};
    out["open_pipeline_by_stage"] = nlohmann::json::array();
    for (const auto& row : s["open_pipeline_by_stage"])
        out["open_pipeline_by_stage"].push_back(
            {{"stage", row["stage"]}, {"count", row["count"]}, {"value", row["value"]}});
    out["bookings"] = nlohmann::json::array();
    for (const auto& row : s["bookings"])
        out["bookings"].push_back({{"month", row["month"]}, {"count", row["count"]}, {"amount", row["amount"]}});
    return out;
}

int usage(const char* problem) {
    std::fprintf(stderr,
                 "revlens_bench: %s\nusage: revlens_bench [--runs N] [--reports K] [--owner ID] [--figures OUT.json] "
                 "[--warmup DIR] FILE...\n"
                 "       revlens_bench [--runs N] [--owner NAME] --generate DEALS [--leads N]\n",
                 problem);
    return 2;
}

// Imports `files` into `ds` in order; false (and a message) on the first that fails. Returns the seconds spent in
// import::load, the file's bytes already in memory.
bool import_files(const std::vector<std::string>& files, core::Dataset& ds, double& seconds, uint64_t& bytes) {
    seconds = 0;
    bytes = 0;
    for (const std::string& path : files) {
        std::vector<uint8_t> buf;
        if (!read_file(path, buf)) {
            std::fprintf(stderr, "revlens_bench: cannot read %s\n", path.c_str());
            return false;
        }
        bytes += buf.size();
        const auto t0 = Clock::now();
        import::ImportReport rep = import::load(path, buf, ds);
        seconds += seconds_since(t0);
        if (!rep.ok) {
            std::fprintf(stderr, "revlens_bench: %s\n", import::describe(rep).c_str());
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 1, reports = 1;
    std::string owner, figures_path, warmup;
    std::vector<std::string> files;
    long generate = 0, leads = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--runs" || arg == "--reports" || arg == "--owner" || arg == "--figures" || arg == "--generate" ||
             arg == "--leads" || arg == "--warmup") &&
            i + 1 >= argc)
            return usage(("missing value after " + arg).c_str());
        if (arg == "--runs")
            runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--reports")
            reports = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--owner")
            owner = argv[++i];
        else if (arg == "--figures")
            figures_path = argv[++i];
        else if (arg == "--generate")
            generate = std::atol(argv[++i]);
        else if (arg == "--leads")
            leads = std::atol(argv[++i]);
        else if (arg == "--warmup")
            warmup = argv[++i];
        else
            files.push_back(arg);
    }
    if (files.empty() && generate <= 0) return usage("no files");

    nlohmann::json result{{"bytes", 0}, {"import_s", nlohmann::json::array()}, {"report_s", nlohmann::json::array()},
                          {"owner_ms", nlohmann::json::array()}, {"period_ms", nlohmann::json::array()}};
    uint64_t bytes = 0;
    nlohmann::json figs;
    std::unique_ptr<core::Dataset> made; // built once: only the Engine starts afresh each run
    core::Settings settings;
    if (generate > 0) {
        sample::GenerateOptions o;
        o.deals = static_cast<uint32_t>(generate);
        made = std::make_unique<core::Dataset>(sample::generate_company(o));
        core::Dataset& generated = *made;
        if (leads > 0 && static_cast<size_t>(leads) < generated.leads.size()) { // every k-th lead, k real-valued
            const double step = double(generated.leads.size()) / double(leads);
            for (long k = 0; k < leads; ++k) generated.leads[size_t(k)] = generated.leads[size_t(double(k) * step)];
            generated.leads.resize(size_t(leads));
        }
        settings.base_currency = o.currency;
        settings.rates["EUR"] = o.eur_rate;
        if (owner.empty() && !generated.deals.empty()) owner = std::string(generated.str(generated.deals[0].owner));
    }
    // The warm-up (--warmup): its import and Report over and over for 2 s (the compiler optimises the hot functions
    // in the background meanwhile: ~1.5 s of its work here), as a page open for a moment before a file is dropped.
    int warmups = 0;
    for (const auto w0 = Clock::now(); !warmup.empty() && (warmups < 2 || seconds_since(w0) < 2.0); ++warmups) {
        core::Dataset small;
        double seconds = 0;
        uint64_t small_bytes = 0;
        if (!import_files({warmup + "/hubspot_pipelines.json", warmup + "/hubspot_deals.json",
                           warmup + "/hubspot_contacts.json", warmup + "/stripe_subscriptions.json"},
                          small, seconds, small_bytes))
            return 1;
#ifdef REVLENS_BENCH_ENGINE
        core::Engine engine;
        (void)engine.compute(small, settings, core::Filter{});
#else
        (void)core::compute(small, settings, core::Filter{});
#endif
    }
    result["warmup_runs"] = warmups;
    for (int run = 0; run < runs; ++run) {
        core::Dataset imported;
        core::Dataset& ds = made ? *made : imported;
        double import_s = 0;
        if (!import_files(files, ds, import_s, bytes)) return 1;
        result["import_s"].push_back(import_s);
        // --reports: Reports of this import, each by an Engine of its own
        for (int rep = 0; rep < reports; ++rep) {
            core::Filter filter;
#ifdef REVLENS_BENCH_ENGINE
            core::Engine engine;
            auto compute = [&](const core::Filter& f) { return engine.compute(ds, settings, f); };
#else
            auto compute = [&](const core::Filter& f) { return core::compute(ds, settings, f); };
#endif
            auto t0 = Clock::now();
#ifdef REVLENS_BENCH_ENGINE
            // The first Report in the Engine's pieces, as the page works it out: each piece's time, then the period's
            // sections (the compute() that follows), so a slow Report shows which piece it is.
            nlohmann::json steps = nlohmann::json::array();
            for (auto s0 = Clock::now(); engine.prepare(ds, settings, filter); s0 = Clock::now())
                steps.push_back(seconds_since(s0) * 1e3);
            const auto s0 = Clock::now();
            const core::Report first = compute(filter);
            steps.push_back(seconds_since(s0) * 1e3);
            if (run == 0 && rep == 0) result["report_steps_ms"] = steps;
#else
            const core::Report first = compute(filter);
#endif
            const double report_s = seconds_since(t0);

            // Filter changes as a user makes them: one owner, then (keeping the owner) the last quarter.
            filter.owner = owner;
            t0 = Clock::now();
            const core::Report by_owner = compute(filter);
            const double owner_ms = seconds_since(t0) * 1e3;
            filter.preset = core::PeriodPreset::last_quarter;
            t0 = Clock::now();
            const core::Report by_period = compute(filter);
            const double period_ms = seconds_since(t0) * 1e3;

            result["report_s"].push_back(report_s);
            result["owner_ms"].push_back(owner_ms);
            result["period_ms"].push_back(period_ms);
            if (run == 0 && rep == 0)
                figs = {{"all", figures(first)}, {"owner", figures(by_owner)}, {"period", figures(by_period)}};
        }
    }
    result["bytes"] = bytes;
    result["peak_mb"] = peak_mb();
#ifdef REVLENS_BENCH_ENGINE
    result["engine"] = true;
#else
    result["engine"] = false;
#endif
    if (!figures_path.empty()) {
        std::ofstream out(figures_path);
        out << figs.dump(1) << '\n';
        if (!out) {
            std::fprintf(stderr, "revlens_bench: cannot write %s\n", figures_path.c_str());
            return 1;
        }
    }
    std::printf("%s\n", result.dump().c_str());
    return 0;
}
