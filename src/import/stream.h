// Streaming JSON records out of an export without a DOM of the whole file (nlohmann SAX).
// A file may be one page (`{"results":[...]}`, records[], data[], deals[], rows[], `{"result":{"records":[...]}}`),
// an array of pages, an array of records, a single record, or newline-delimited records/pages.
#pragma once
#include "import/mapping.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace import {

inline constexpr int kMaxDepth = 64;

struct StreamResult {
    bool ok = true;
    std::string error;             // with the byte offset (and line for newline-delimited files)
    bool canonical = false;        // a top-level "revenue_lens" key was seen: the caller hands the file to canonical.cpp
    bool newline_delimited = false;
    uint64_t not_objects = 0;      // elements of a records array that were not objects
    std::string first_not_object;  // e.g. "record #3 is a number"
    json envelope = json::object(); // the top-level values of the last page (paging, info, related_objects, ...)
};

// Calls `on_record` for each record with a Probe (envelope so far, container name, the record). Returning false
// stops the parse (the callback has set its own error). `wanted` filters record-level keys (false: not built).
StreamResult stream_records(std::span<const uint8_t> bytes, const std::function<bool(json&, const Probe&)>& on_record,
                            const std::function<bool(std::string_view)>& wanted);

} // namespace import
