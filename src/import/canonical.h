// Revenue Lens' own JSON format (docs/canonical.md, docs/canonical.schema.json): every entity of core/model.h in one
// file `{"revenue_lens": 1, "leads": [...], "deals": [...], ...}`. Used for `revlens generate`, "Load sample data",
// round-trip tests and as the format other tools can target when no vendor export fits.
#pragma once
#include "core/model.h"
#include "import/import.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace import {

// True when the object has the "revenue_lens" key (detection may pass the whole root or an object of its first keys).
bool looks_canonical(const nlohmann::json &root_or_first_keys);

// Reads a canonical file into `part` (a staging Dataset with one FileInfo already present). Streams with nlohmann SAX:
// one small DOM per record at most, never the whole file. Fills report counts, skips (reason + example id) and a
// specific error (file, byte offset or record id, field, expectation) on failure; returns false on fatal errors.
bool read_canonical(std::string_view name, std::span<const uint8_t> bytes, core::Dataset &part, ImportReport &report);

// The whole Dataset as one canonical file; read_canonical(write_canonical(ds)) gives the same rows.
std::string write_canonical(const core::Dataset &ds);

} // namespace import
