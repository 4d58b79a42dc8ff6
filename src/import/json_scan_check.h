// The check that json_scan.h's parser and nlohmann::json::sax_parse agree on a text: the same events with the same
// values, and (for a text either refuses) both refusing it at the same byte. Shared by the unit test
// (tests/unit/import_json_scan.cpp) and the fuzz targets (tests/fuzz/fuzz_load.cpp), which run it on every input.
#pragma once
#include "import/json_scan.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <span>
#include <string>

namespace import::scan_check {

// Writes every SAX event as a line of text; an error as "error at <offset>".
struct Events {
    std::string log;
    void add(const char* what, const std::string& v = {}) { log += std::string(what) + (v.empty() ? "" : " ") + v + "\n"; }
    void add_text(const char* what, std::string_view v) { // with its length: NUL bytes and newlines stay visible
        log += std::string(what) + " " + std::to_string(v.size()) + ":" + std::string(v) + "\n";
    }
    bool null() { add("null"); return true; }
    bool boolean(bool v) { add(v ? "true" : "false"); return true; }
    bool number_integer(int64_t v) { add("int", std::to_string(v)); return true; }
    bool number_unsigned(uint64_t v) { add("uint", std::to_string(v)); return true; }
    bool number_float(double v, const std::string&) {
        char b[40];
        std::snprintf(b, sizeof b, "%.17g", v);
        add("float", b);
        return true;
    }
    bool string(std::string& v) { add_text("string", v); return true; }       // nlohmann's
    bool key(std::string& v) { add_text("key", v); return true; }
    bool string_text(std::string_view v) { add_text("string", v); return true; } // json_scan.h's
    bool key_text(std::string_view v) { add_text("key", v); return true; }
    bool binary(nlohmann::json::binary_t&) { add("binary"); return true; }
    bool start_object(std::size_t) { add("{"); return true; }
    bool end_object() { add("}"); return true; }
    bool start_array(std::size_t) { add("["); return true; }
    bool end_array() { add("]"); return true; }
    // json_scan.h's error: the offending byte's offset in the source
    bool syntax_error(uint64_t offset, const std::string&) {
        log += "error at " + std::to_string(offset) + "\n";
        return false;
    }
    // nlohmann's: `pos` counts the bytes it read, the offending one included
    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception&) {
        log += "error at " + std::to_string(pos > 0 ? pos - 1 : 0) + "\n";
        return false;
    }
};

inline std::string by_nlohmann(std::span<const uint8_t> text) {
    Events e;
    nlohmann::json::sax_parse(text.begin(), text.end(), &e);
    return e.log;
}

// `piece` > 0: the bytes reach the parser that many at a time (every token split across buffer refills).
inline std::string by_scan(std::span<const uint8_t> text, size_t piece = 0) {
    Events e;
    MemorySource source(text, piece);
    Reader in(source, piece ? piece : kReadPiece);
    JsonScan<Events>(in, e).parse();
    return e.log;
}

} // namespace import::scan_check
