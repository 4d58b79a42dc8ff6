// revlens report FILE... : import every file, compute the Report and print it (JSON by default, --text for people).
// Exports are streamed (import::FileSource): memory holds the Dataset and a read buffer, not the files.
#include "cli/commands.h"

#include "core/report.h"
#include "import/import.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

// The settings file only (small); exports are streamed.
bool read_file(const std::string& path, std::vector<uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

int report_usage(const char* why) {
    std::fprintf(stderr,
                 "revlens report: %s\n"
                 "usage: revlens report FILE... [--as-of D] [--from D --to D] [--period P] [--owner X] [--source X]\n"
                 "                      [--pipeline X] [--segment X] [--deal-type T] [--currency C] [--settings F]\n"
                 "                      [--json|--text]\n"
                 "periods: last_12_months last_30_days last_90_days this_quarter last_quarter year_to_date all_time\n",
                 why);
    return 2;
}

} // namespace

int cli::cmd_report(int argc, char** argv) {
    std::vector<std::string> files;
    nlohmann::json filter = nlohmann::json::object();
    nlohmann::json settings_json = nlohmann::json::object();
    std::string settings_file;
    bool text = false;
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* key, nlohmann::json& into) {
            if (i + 1 >= argc) return false;
            into[key] = argv[++i];
            return true;
        };
        bool ok = true;
        if (arg == "--json") text = false;
        else if (arg == "--text") text = true;
        else if (arg == "--as-of") ok = value("as_of", settings_json);
        else if (arg == "--from") ok = value("from", filter);
        else if (arg == "--to") ok = value("to", filter);
        else if (arg == "--period") ok = value("period", filter);
        else if (arg == "--owner") ok = value("owner", filter);
        else if (arg == "--source") ok = value("source", filter);
        else if (arg == "--pipeline") ok = value("pipeline", filter);
        else if (arg == "--segment") ok = value("segment", filter);
        else if (arg == "--deal-type") ok = value("deal_type", filter);
        else if (arg == "--currency") ok = value("currency", filter);
        else if (arg == "--settings") {
            if (i + 1 >= argc) ok = false;
            else settings_file = argv[++i];
        } else if (arg.size() > 1 && arg[0] == '-') return report_usage(("unknown option " + arg).c_str());
        else files.push_back(arg);
        if (!ok) return report_usage((arg + " needs a value").c_str());
    }
    if (files.empty()) return report_usage("no input files");

    core::Settings settings;
    std::string error;
    if (!settings_file.empty()) {
        std::vector<uint8_t> bytes;
        if (!read_file(settings_file, bytes)) {
            std::fprintf(stderr, "revlens report: cannot read settings file %s\n", settings_file.c_str());
            return 2;
        }
        const nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
        if (j.is_discarded()) {
            std::fprintf(stderr, "revlens report: %s is not valid JSON\n", settings_file.c_str());
            return 2;
        }
        if (!core::settings_from_json(j, settings, error)) {
            std::fprintf(stderr, "revlens report: %s: %s\n", settings_file.c_str(), error.c_str());
            return 2;
        }
    }
    if (!core::settings_from_json(settings_json, settings, error)) {
        std::fprintf(stderr, "revlens report: %s\n", error.c_str());
        return 2;
    }
    core::Filter f;
    if (!core::filter_from_json(filter, f, error)) {
        std::fprintf(stderr, "revlens report: %s\n", error.c_str());
        return 2;
    }

    core::Dataset ds;
    int failed = 0;
    for (const std::string& path : files) {
        import::FileSource source;
        if (!source.open(path)) {
            std::fprintf(stderr, "revlens report: cannot read %s: %s\n", path.c_str(), source.error().c_str());
            ++failed;
            continue;
        }
        const import::ImportReport r = import::load(path, source, ds);
        if (!r.ok) {
            std::fprintf(stderr, "revlens report: %s: %s\n", path.c_str(), r.error.c_str());
            ++failed;
        }
    }
    if (failed == static_cast<int>(files.size())) {
        std::fprintf(stderr, "revlens report: no file could be loaded\n");
        return 1;
    }

    const core::Report report = core::compute(ds, settings, f);
    if (text) std::fputs(core::to_text(report).c_str(), stdout);
    else std::printf("%s\n", core::to_json(report).dump(2).c_str());
    return 0;
}
