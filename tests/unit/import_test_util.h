// Helpers for the import tests: read a fixture, load it, find rows by id.
#pragma once
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

} // namespace import_test
