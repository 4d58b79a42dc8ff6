// libFuzzer entry point: any bytes -> import::load into a fresh Dataset. Whatever the input, load must return a
// report (ok, or an error naming the file) without crashing, leaking, hanging or undefined behaviour; a report that
// says ok must have added rows consistent with its counts. Built once per family (REVLENS_FUZZ_FAMILY) so each
// family gets its own corpus and crash folder.
#include "import/import.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    core::Dataset ds;
    const import::ImportReport r = import::load(REVLENS_FUZZ_FAMILY ".json", {data, size}, ds);
    // Invariants any input must keep: a failed file adds nothing; an error always says something.
    const size_t rows = ds.deals.size() + ds.leads.size() + ds.accounts.size() + ds.subscriptions.size() +
                        ds.traffic.size() + ds.spend.size() + ds.tools.size() + ds.targets.size();
    if (!r.ok && (rows != 0 || r.error.empty())) {
        std::fprintf(stderr, "failed load left %zu rows or no error: %s\n", rows, r.error.c_str());
        std::abort();
    }
    if (r.ok && r.records_used + r.records_skipped() > r.records_read && r.format.rfind("canonical", 0) != 0) {
        std::fprintf(stderr, "report counts more records used+skipped than read (%s)\n", r.format.c_str());
        std::abort();
    }
    return 0;
}
