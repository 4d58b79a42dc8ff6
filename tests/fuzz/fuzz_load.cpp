// libFuzzer entry point: any bytes -> import::load (stage, then commit) into a fresh Dataset. Whatever the input,
// load must return a report (ok, or an error naming the file) without crashing, leaking, hanging or undefined
// behaviour; a report that says ok must have added rows consistent with its counts. Built once per family
// (REVLENS_FUZZ_FAMILY) so each family gets its own corpus and crash folder. Each input is also parsed by the
// importers' JSON parser and by nlohmann's, which must agree on it (events, values, the byte an error is at;
// src/import/json_scan_check.h).
// And the staged-bytes channel (the import worker's answer to the page): the input staged and written must read back
// into the same bytes; the same bytes with one byte changed (where and to what: from the input) must be refused with an
// error, or read and merge without undefined behaviour.
#include "import/import.h"
#include "import/json_scan_check.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

static void check_staged(const import::Staged& staged, const uint8_t* data, size_t size) {
    const std::vector<uint8_t> bytes = import::write_staged(staged);
    import::Staged back;
    std::string error;
    if (!import::read_staged(bytes, back, error) || import::write_staged(back) != bytes) {
        std::fprintf(stderr, "a staged import does not read back into the same bytes: %s\n", error.c_str());
        std::abort();
    }
    uint64_t h = 1469598103934665603ull; // FNV-1a of the input: which byte to change, and to what
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
    std::vector<uint8_t> bad = bytes;
    bad[h % bad.size()] ^= static_cast<uint8_t>((h >> 32) | 1);
    error.clear();
    if (!import::read_staged(bad, back, error)) {
        if (error.empty()) {
            std::fprintf(stderr, "corrupt staged bytes were refused without an error\n");
            std::abort();
        }
        return;
    }
    core::Dataset into;
    import::commit(std::move(back), into);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // import::load is commit(stage(...)): staged once here, so the staged bytes are checked without a second import
    core::Dataset ds;
    import::MemorySource source({data, size});
    import::Staged staged = import::stage(REVLENS_FUZZ_FAMILY ".json", source, ds);
    check_staged(staged, data, size);
    const import::ImportReport r = import::commit(std::move(staged), ds);
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
    const std::string want = import::scan_check::by_nlohmann({data, size});
    for (size_t piece : {size_t(0), size_t(5)})
        if (import::scan_check::by_scan({data, size}, piece) != want) {
            std::fprintf(stderr, "json_scan.h and nlohmann disagree (pieces of %zu); nlohmann says:\n%s\n", piece,
                         want.c_str());
            std::abort();
        }
    return 0;
}
