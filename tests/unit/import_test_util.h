// Helpers for the import tests: read a fixture, load it, find rows by id.
#pragma once
#include "import/canonical.h"
#include "import/import.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace import_test {

inline std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline import::ImportReport load_fixture(const std::string& rel, core::Dataset& ds) {
    auto bytes = read_bytes(std::string(REVLENS_FIXTURES) + "/" + rel);
    return import::load(rel, bytes, ds);
}

inline import::ImportReport load_text(const std::string& name, const std::string& text, core::Dataset& ds) {
    return import::load(name, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, ds);
}

template <class Row>
const Row* by_id(const core::Dataset& ds, const std::vector<Row>& rows, std::string_view id) {
    for (const Row& r : rows)
        if (ds.str(r.id) == id) return &r;
    return nullptr;
}

inline core::Day day(const char* iso) { return *core::parse_date(iso); }

// Every field of a report, in one string (so a failure shows the whole difference).
inline std::string everything(const import::ImportReport& r) {
    std::string s = "file=" + r.file + "\nok=" + std::to_string(r.ok) + "\nformat=" + r.format + "\nbecause=" +
                    r.detected_because + "\nerror=" + r.error + "\nbytes=" + std::to_string(r.bytes) +
                    "\nread=" + std::to_string(r.records_read) + "\nused=" + std::to_string(r.records_used) + "\n";
    for (auto& k : r.skipped) s += "skip " + k.reason + " | " + k.example_id + " | " + std::to_string(k.count) + "\n";
    for (auto& f : r.fields_ignored) s += "ignored " + f + "\n";
    for (auto& w : r.warnings) s += "warning " + w + "\n";
    return s;
}

// Every row (canonical text), the files' bookkeeping, the reference data and the string pool's size.
inline std::string everything(const core::Dataset& ds) {
    std::string s = import::write_canonical(ds);
    for (auto& f : ds.files) {
        s += "\nfile " + f.name + " " + f.format + " " + std::to_string(f.bytes) + " " + std::to_string(f.records_read) +
             " " + std::to_string(f.records_used) + " dup " + std::to_string(f.duplicate_ids) + " unknown " +
             std::to_string(f.unknown_stages);
        for (auto& k : f.skipped) s += " [" + k.reason + "|" + k.example_id + "|" + std::to_string(k.count) + "]";
    }
    for (auto& e : ds.reference)
        s += "\nref " + std::to_string(int(e.kind)) + " " + std::to_string(int(e.system)) + " " +
             std::to_string(e.file) + " " + e.id + " " + e.label + " " + e.pipeline + " " +
             std::to_string(e.probability) + " " + std::to_string(e.closes_as);
    s += "\nstrings " + std::to_string(ds.strings.size()) + " history " + std::to_string(ds.stage_history.size());
    return s;
}

} // namespace import_test
