// Importers: bytes of one exported file -> rows of the canonical model (core/model.h) + an ImportReport.
// Format detection reads the content, never the file name. A file that fails adds nothing to the Dataset.
// A file is read from a ByteSource in pieces (the CLI: exports larger than memory); bytes already in memory (the page)
// are the same path over a MemorySource, read in place.
#pragma once
#include "core/model.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace import {

struct ImportReport {
    std::string file;                    // the name it was loaded under
    bool ok = false;                     // false: nothing was added; `error` says why
    std::string format;                  // e.g. "hubspot.deals", "salesforce.Opportunity", "stripe.subscriptions"
    std::string detected_because;        // e.g. "object with results[] whose records have properties.dealname"
    std::string error;                   // file, byte offset or record id, field, what was expected
    uint64_t bytes = 0;
    uint64_t records_read = 0;
    uint64_t records_used = 0;
    std::vector<core::SkipReason> skipped;
    std::vector<std::string> fields_ignored;
    std::vector<std::string> warnings;
    uint64_t records_skipped() const {
        uint64_t n = 0;
        for (auto& s : skipped) n += s.count;
        return n;
    }
};

// Where a file's bytes come from: read front to back in pieces; read again from the start only for canonical files.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Copies up to `n` next bytes into `out` and returns how many; 0 at the end (or on a read error: see error()).
    virtual size_t read(uint8_t* out, size_t n) = 0;
    // Back to the first byte; false when the source cannot (a pipe).
    virtual bool rewind() = 0;
    // The total size when known before reading (files, memory).
    virtual std::optional<uint64_t> size() const = 0;
    // Non-empty after a read error.
    virtual std::string error() const { return {}; }
    // True (and `all` set) when every byte is already in memory: readers use it in place, nothing is copied.
    virtual bool in_memory(std::span<const uint8_t>& all) const {
        (void)all;
        return false;
    }
};

// Bytes in memory. `piece` > 0 hands them out at most `piece` bytes at a time, like a file (tests); 0: read in place.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::span<const uint8_t> bytes, size_t piece = 0) : bytes_(bytes), piece_(piece) {}
    size_t read(uint8_t* out, size_t n) override;
    bool rewind() override {
        pos_ = 0;
        return true;
    }
    std::optional<uint64_t> size() const override { return bytes_.size(); }
    bool in_memory(std::span<const uint8_t>& all) const override {
        if (piece_) return false;
        all = bytes_;
        return true;
    }

private:
    std::span<const uint8_t> bytes_;
    size_t piece_;
    size_t pos_ = 0;
};

// A file on disk, read through the importer's fixed-size buffer (never whole). Pipes work unless the file turns out
// to be canonical JSON (read twice).
class FileSource final : public ByteSource {
public:
    FileSource() = default;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    ~FileSource() override;
    bool open(const std::string& path); // false: error() says why
    size_t read(uint8_t* out, size_t n) override;
    bool rewind() override;
    std::optional<uint64_t> size() const override { return size_; }
    std::string error() const override { return error_; }

private:
    std::FILE* file_ = nullptr;
    std::optional<uint64_t> size_;
    std::string path_, error_;
};

// Detects the format, imports the file into a staging Dataset and, only if that succeeded, merges it into `into`.
// Memory: one record (or CSV row) at a time and a fixed-size read buffer, plus the Dataset; never the whole file.
// The same as commit(stage(name, source, into), into).
ImportReport load(std::string_view name, ByteSource& source, core::Dataset& into);
// The same over bytes already in memory (a MemorySource read in place).
ImportReport load(std::string_view name, std::span<const uint8_t> bytes, core::Dataset& into);

// What a file does to rows loaded before it, as data (so a Staged file can cross from a Web Worker to the page).
struct AfterMerge {
    // A HubSpot pipelines file: history entries of HubSpot deals named with HubSpot's default stage labels get the
    // portal's own labels (default label -> portal label).
    std::vector<std::pair<std::string, std::string>> relabel_hubspot;
    // Salesforce OpportunityHistory for opportunities loaded before this file: their history, when they have none.
    struct Entry { std::string stage; core::Day entered_at = core::kNoDay, exited_at = core::kNoDay; };
    std::vector<std::pair<std::string, std::vector<Entry>>> history_salesforce; // opportunity id -> entries
};

// One file imported into its own Dataset, not merged yet. report.ok false: report.error says why, nothing to commit.
struct Staged {
    ImportReport report;
    core::Dataset part;              // its rows, strings, reference entries and one FileInfo
    AfterMerge after;
    std::vector<core::Sym> interned; // part's texts already interned into the Dataset it goes to (prepare_commit)
    int room_made = 0;               // prepare_commit has made room in that Dataset: 1 its pool, 2 its rows too
    core::Sym first_new = 0;         // that pool's size before `interned` (Dataset::merge's first_new)
};
// The slow half of load (parse, detect, map): reads `before` (what was loaded earlier) but never changes it. It only
// needs before's reference entries and Salesforce deal ids, so a Web Worker can run it on stage_context(before).
Staged stage(std::string_view name, ByteSource& source, const core::Dataset& before);
// The quick half: merges a staged file into `into` (running out of memory rolls it back) and returns its report.
ImportReport commit(Staged&& staged, core::Dataset& into);
// Optional, before commit, in as many calls as wanted (the page, between frames): the first call makes room for the
// staged file's texts in `into`'s pool, the second for its rows, each next one interns the next `limit` of its texts.
// False once there is nothing left to do.
bool prepare_commit(Staged& staged, core::Dataset& into, size_t limit);
// What stage() reads of `into`: its reference entries and its Salesforce deals (ids only).
core::Dataset stage_context(const core::Dataset& into);

// A Staged file or a stage context as bytes, between a Web Worker and the page (the same build on both sides).
// read_staged returns false (and says why in `error`) on bytes that are not a whole Staged.
std::vector<uint8_t> write_staged(const Staged& s);
bool read_staged(std::span<const uint8_t> bytes, Staged& out, std::string& error);

// Human-readable multi-line text of a report (used by `revlens check` and the Data tab).
std::string describe(const ImportReport& r);

// Billing customers (Stripe accounts) matched to CRM accounts: by the CRM account's domain, then by the email domain
// of the CRM's contacts (when it points at one account only), then by normalised name. Fills Account::crm_account.
struct MatchStats {
    uint64_t billing_accounts = 0;
    uint64_t by_domain = 0, by_email_domain = 0, by_name = 0;
    uint64_t unmatched = 0;
    std::vector<std::string> unmatched_ids; // the first 20
    double match_rate() const {
        return billing_accounts ? double(billing_accounts - unmatched) / double(billing_accounts) : 0.0;
    }
};
MatchStats match_customers(core::Dataset& ds); // load() calls it after every file that adds accounts

} // namespace import
