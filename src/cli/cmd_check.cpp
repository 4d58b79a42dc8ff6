// revlens check [--memory] FILE...: imports each file into one Dataset (so a pipelines file labels the deals after
// it) and prints what each import found. Exit code 1 when any file failed. Files are streamed (import::FileSource).
// --memory: after each file, the process's peak and current resident memory next to the file's size and the
// Dataset's (issue 6: streaming, the import's peak is a read buffer and one record on top of the Dataset, whatever
// the file's size).
#include "cli/commands.h"
#include "import/import.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#if defined(__unix__) && !defined(__EMSCRIPTEN__)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace cli {

namespace {

double mb(double bytes) { return bytes / (1024.0 * 1024.0); }

// Peak resident set of the process so far (bytes), 0 where unknown.
double peak_rss() {
#if defined(__unix__) && !defined(__EMSCRIPTEN__)
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) == 0) return static_cast<double>(u.ru_maxrss) * 1024.0; // Linux: kilobytes
#endif
    return 0;
}

// Current resident set (bytes) from /proc/self/statm, 0 where unknown.
double current_rss() {
#if defined(__unix__) && !defined(__EMSCRIPTEN__)
    std::ifstream statm("/proc/self/statm");
    double pages = 0, resident = 0;
    if (statm >> pages >> resident) return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
#endif
    return 0;
}

// What the Dataset's rows and strings hold (capacity, not size: what is really allocated).
double dataset_bytes(const core::Dataset& ds) {
    double b = 0;
    b += static_cast<double>(ds.leads.capacity() * sizeof(core::Lead) + ds.deals.capacity() * sizeof(core::Deal) +
                             ds.stage_history.capacity() * sizeof(core::StageEntry) +
                             ds.accounts.capacity() * sizeof(core::Account) +
                             ds.subscriptions.capacity() * sizeof(core::Subscription) +
                             ds.spend.capacity() * sizeof(core::MarketingSpend) +
                             ds.traffic.capacity() * sizeof(core::Traffic) + ds.tools.capacity() * sizeof(core::Tool) +
                             ds.targets.capacity() * sizeof(core::Target));
    for (const core::ReferenceEntry& e : ds.reference)
        b += static_cast<double>(sizeof e + e.id.capacity() + e.label.capacity() + e.pipeline.capacity());
    // the pool: each string's bytes, its std::string and view, and a hash-index node (~48 bytes) per string
    for (size_t s = 0; s < ds.strings.size(); ++s)
        b += static_cast<double>(ds.strings.view(static_cast<core::Sym>(s)).size() + sizeof(std::string) + 16 + 48);
    return b;
}

} // namespace

int cmd_check(int argc, char** argv) {
    bool memory = false;
    if (argc >= 1 && std::strcmp(argv[0], "--memory") == 0) {
        memory = true;
        --argc;
        ++argv;
    }
    if (argc < 1) {
        std::fprintf(stderr, "usage: revlens check [--memory] FILE...\n");
        return 2;
    }
    core::Dataset ds;
    bool failed = false;
    for (int i = 0; i < argc; ++i) {
        import::FileSource source;
        if (!source.open(argv[i])) {
            std::printf("%s: FAILED\n  error: %s\n", argv[i], source.error().c_str());
            failed = true;
            continue;
        }
        const double before = current_rss(), dataset_before = dataset_bytes(ds);
        import::ImportReport r = import::load(argv[i], source, ds);
        std::fputs(import::describe(r).c_str(), stdout);
        if (memory) {
            const double file = static_cast<double>(r.bytes), peak = peak_rss();
            const double dataset = dataset_bytes(ds) - dataset_before;
            // the file is streamed: what the import added at its peak is the Dataset plus buffers, not the file
            const double import_peak = peak - before;
            std::printf("  memory: file %.1f MB (streamed), resident before import %.1f MB, peak %.1f MB, after "
                        "%.1f MB; Dataset added ~%.1f MB (estimate); import peak over resident before %.1f MB\n",
                        mb(file), mb(before), mb(peak), mb(current_rss()), mb(dataset), mb(import_peak));
        }
        failed |= !r.ok;
    }
    return failed ? 1 : 0;
}

} // namespace cli
