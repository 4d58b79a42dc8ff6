// revlens generate: writes the deterministic demo company (src/sample) as canonical JSON, its settings, and on
// request the same data as vendor exports, for demos, importer round trips and benchmarks.
#include "cli/commands.h"
#include "import/canonical.h"
#include "sample/export.h"
#include "sample/generate.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

int generate_usage(const char *problem) {
    if (problem) std::fprintf(stderr, "revlens generate: %s\n", problem);
    std::fprintf(stderr,
                 "usage: revlens generate --seed N --deals N --out DIR [--formats canonical,hubspot,salesforce,"
                 "pipedrive,stripe]\n"
                 "                        [--end YYYY-MM-DD] [--currency USD]\n"
                 "  writes DIR/company.json (canonical) and DIR/settings.json (EUR rate), plus the vendor files asked "
                 "for\n");
    return 2;
}

bool parse_count(std::string_view s, uint64_t &out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string human_size(uint64_t bytes) {
    char buf[32];
    if (bytes >= 10ull << 20)
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
    else if (bytes >= 10ull << 10)
        std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / (1 << 10));
    else
        std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

bool write_file(const std::filesystem::path &path, const std::string &content) {
    std::FILE *f = std::fopen(path.string().c_str(), "wb");
    if (!f) {
        std::fprintf(stderr, "revlens generate: cannot write %s: %s\n", path.string().c_str(), std::strerror(errno));
        return false;
    }
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok)
        std::fprintf(stderr, "revlens generate: writing %s failed\n", path.string().c_str());
    else
        std::printf("  %-40s %s\n", path.string().c_str(), human_size(content.size()).c_str());
    return ok;
}

} // namespace

namespace cli {

int cmd_generate(int argc, char **argv) {
    sample::GenerateOptions options;
    std::string out_dir;
    std::vector<std::string> formats{"canonical"};
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            generate_usage(nullptr);
            return 0;
        }
        if (i + 1 >= argc) return generate_usage(("missing value after " + std::string(arg)).c_str());
        std::string_view value = argv[++i];
        uint64_t n = 0;
        if (arg == "--seed") {
            if (!parse_count(value, n)) return generate_usage("--seed expects a whole number");
            options.seed = n;
        } else if (arg == "--deals") {
            if (!parse_count(value, n) || n > 50'000'000) return generate_usage("--deals expects 0 to 50000000");
            options.deals = static_cast<uint32_t>(n);
        } else if (arg == "--out") {
            out_dir = value;
        } else if (arg == "--end") {
            auto d = core::parse_date(value);
            if (!d) return generate_usage("--end expects a date YYYY-MM-DD");
            options.end = *d;
        } else if (arg == "--currency") {
            if (value.size() != 3) return generate_usage("--currency expects a 3-letter code such as USD");
            options.currency = value;
            for (char &c : options.currency)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else if (arg == "--formats") {
            formats.clear();
            size_t start = 0;
            while (start <= value.size()) {
                size_t comma = value.find(',', start);
                std::string_view f = value.substr(start, comma == std::string_view::npos ? value.npos : comma - start);
                if (f != "canonical" && f != "hubspot" && f != "salesforce" && f != "pipedrive" && f != "stripe")
                    return generate_usage(
                        ("unknown format '" + std::string(f) + "' (canonical, hubspot, salesforce, pipedrive, stripe)")
                            .c_str());
                formats.emplace_back(f);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
        } else {
            return generate_usage(("unknown option " + std::string(arg)).c_str());
        }
    }
    if (out_dir.empty()) return generate_usage("--out DIR is required");
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) {
        std::fprintf(stderr, "revlens generate: cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
        return 1;
    }
    const std::filesystem::path dir(out_dir);
    core::Dataset ds = sample::generate_company(options);
    std::printf("generated %zu deals, %zu leads, %zu accounts, %zu subscriptions (seed %llu, ending %s; slow MQL->SQL "
                "handoff planted in %s)\n",
                ds.deals.size(), ds.leads.size(), ds.accounts.size(), ds.subscriptions.size(),
                static_cast<unsigned long long>(options.seed), core::day_label(options.end).c_str(),
                core::month_label(sample::planted_bottleneck_month(options)).c_str());
    bool ok = write_file(dir / "settings.json", sample::generated_settings_json(options));
    auto has = [&](const char *f) { return std::find(formats.begin(), formats.end(), f) != formats.end(); };
    if (has("canonical")) ok = write_file(dir / "company.json", import::write_canonical(ds)) && ok;
    auto add = [&](std::vector<sample::ExportFile> more) {
        for (auto &f : more)
            ok = write_file(dir / f.name, f.content) && ok;
    };
    if (has("hubspot")) add(sample::export_hubspot(ds));
    if (has("salesforce")) add(sample::export_salesforce(ds));
    if (has("pipedrive")) add(sample::export_pipedrive(ds));
    if (has("stripe")) add(sample::export_stripe(ds));
    return ok ? 0 : 1;
}

} // namespace cli
