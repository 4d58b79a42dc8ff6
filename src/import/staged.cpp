// A Staged file as bytes: what the page's import worker posts back to the page (import.h, write_staged/read_staged).
// Both sides run the same build, so rows that are plain structs travel as their bytes; texts travel as length + bytes.
// The string pool travels whole (its texts end to end, and its index as it is), so nothing is interned again.
#include "import/import.h"

#include <cstring>
#include <type_traits>

namespace import {

namespace {

constexpr uint32_t kMagic = 0x524c5331; // "RLS1"

class Writer {
public:
    std::vector<uint8_t> out;
    template <class T> void pod(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        out.insert(out.end(), p, p + sizeof(T));
    }
    void u64(uint64_t v) { pod(v); }
    void text(std::string_view s) {
        u64(s.size());
        out.insert(out.end(), s.begin(), s.end());
    }
    template <class T> void rows(std::span<const T> v) {
        static_assert(std::is_trivially_copyable_v<T>);
        u64(v.size());
        const auto* p = reinterpret_cast<const uint8_t*>(v.data());
        out.insert(out.end(), p, p + v.size() * sizeof(T));
    }
    template <class T> void rows(const std::vector<T>& v) { rows(std::span<const T>(v)); }
    void texts(const std::vector<std::string>& v) {
        u64(v.size());
        for (const std::string& s : v) text(s);
    }
    void skipped(const std::vector<core::SkipReason>& v) {
        u64(v.size());
        for (const core::SkipReason& k : v) {
            text(k.reason);
            text(k.example_id);
            u64(k.count);
        }
    }
};

class Reader {
public:
    explicit Reader(std::span<const uint8_t> b) : b_(b) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == b_.size(); }
    template <class T> T pod() {
        T v{};
        if (!take(sizeof(T))) return v;
        std::memcpy(&v, b_.data() + pos_ - sizeof(T), sizeof(T));
        return v;
    }
    uint64_t u64() { return pod<uint64_t>(); }
    std::string_view text() {
        const uint64_t n = u64();
        if (!take(n)) return {};
        return {reinterpret_cast<const char*>(b_.data() + pos_ - n), static_cast<size_t>(n)};
    }
    template <class T> void rows(std::vector<T>& v) {
        const uint64_t n = u64();
        if (n > (b_.size() - pos_) / sizeof(T) || !take(n * sizeof(T))) { ok_ = false; return; }
        v.resize(static_cast<size_t>(n));
        if (n) std::memcpy(v.data(), b_.data() + pos_ - n * sizeof(T), n * sizeof(T)); // no rows: data() may be null
    }
    // A count of items each at least `min_bytes` long: more than the bytes left cannot be right.
    uint64_t count(size_t min_bytes) {
        const uint64_t n = u64();
        if (n > (b_.size() - pos_) / min_bytes) { ok_ = false; return 0; }
        return n;
    }
    void texts(std::vector<std::string>& v) {
        for (uint64_t n = count(8), i = 0; i < n && ok_; ++i) v.emplace_back(text());
    }
    void skipped(std::vector<core::SkipReason>& v) {
        for (uint64_t n = count(24), i = 0; i < n && ok_; ++i) {
            core::SkipReason k;
            k.reason = text();
            k.example_id = text();
            k.count = u64();
            v.push_back(std::move(k));
        }
    }

private:
    bool take(uint64_t n) {
        if (!ok_ || n > b_.size() - pos_) { ok_ = false; return false; }
        pos_ += static_cast<size_t>(n);
        return true;
    }
    std::span<const uint8_t> b_;
    size_t pos_ = 0;
    bool ok_ = true;
};

} // namespace

std::vector<uint8_t> write_staged(const Staged& s) {
    Writer w;
    w.pod(kMagic);
    const ImportReport& r = s.report;
    w.text(r.file);
    w.pod(static_cast<uint8_t>(r.ok));
    w.text(r.format);
    w.text(r.detected_because);
    w.text(r.error);
    w.u64(r.bytes);
    w.u64(r.records_read);
    w.u64(r.records_used);
    w.skipped(r.skipped);
    w.texts(r.fields_ignored);
    w.texts(r.warnings);

    const core::Dataset& d = s.part;
    std::vector<uint32_t> ends; // the pool: its texts end to end, where each ends, and its index as it is
    std::string texts;
    for (size_t i = 1; i < d.strings.size(); ++i) {
        texts += d.strings.view(static_cast<core::Sym>(i));
        ends.push_back(static_cast<uint32_t>(texts.size()));
    }
    w.text(texts);
    w.rows(ends);
    w.rows(d.strings.index());
    w.rows(d.leads);
    w.rows(d.deals);
    w.rows(d.stage_history);
    w.rows(d.accounts);
    w.rows(d.subscriptions);
    w.rows(d.spend);
    w.rows(d.traffic);
    w.rows(d.tools);
    w.rows(d.targets);
    w.u64(d.reference.size());
    for (const core::ReferenceEntry& e : d.reference) {
        w.pod(e.kind);
        w.pod(e.system);
        w.pod(e.file);
        w.text(e.id);
        w.text(e.label);
        w.text(e.pipeline);
        w.pod(e.probability);
        w.pod(e.closes_as);
    }
    w.u64(d.files.size());
    for (const core::FileInfo& f : d.files) {
        w.text(f.name);
        w.text(f.format);
        w.u64(f.bytes);
        w.u64(f.records_read);
        w.u64(f.records_used);
        w.skipped(f.skipped);
        w.u64(f.duplicate_ids);
        w.u64(f.unknown_stages);
        w.pod(static_cast<uint8_t>(f.removed));
    }

    w.u64(s.after.relabel_hubspot.size());
    for (auto& [from, to] : s.after.relabel_hubspot) {
        w.text(from);
        w.text(to);
    }
    w.u64(s.after.history_salesforce.size());
    for (auto& [id, entries] : s.after.history_salesforce) {
        w.text(id);
        w.u64(entries.size());
        for (const AfterMerge::Entry& e : entries) {
            w.text(e.stage);
            w.pod(e.entered_at);
            w.pod(e.exited_at);
        }
    }
    w.pod(kMagic);
    return std::move(w.out);
}

bool read_staged(std::span<const uint8_t> bytes, Staged& out, std::string& error) {
    out = Staged{};
    Reader in(bytes);
    if (in.pod<uint32_t>() != kMagic) {
        error = "not a staged import (wrong magic number)";
        return false;
    }
    ImportReport& r = out.report;
    r.file = in.text();
    r.ok = in.pod<uint8_t>() != 0;
    r.format = in.text();
    r.detected_because = in.text();
    r.error = in.text();
    r.bytes = in.u64();
    r.records_read = in.u64();
    r.records_used = in.u64();
    in.skipped(r.skipped);
    in.texts(r.fields_ignored);
    in.texts(r.warnings);

    core::Dataset& d = out.part;
    const std::string_view texts = in.text();
    std::vector<uint32_t> ends, index;
    in.rows(ends);
    in.rows(index);
    if (in.ok() && !d.strings.assign(texts, ends, index)) {
        error = "a staged import's string pool is corrupt";
        return false;
    }
    in.rows(d.leads);
    in.rows(d.deals);
    in.rows(d.stage_history);
    in.rows(d.accounts);
    in.rows(d.subscriptions);
    in.rows(d.spend);
    in.rows(d.traffic);
    in.rows(d.tools);
    in.rows(d.targets);
    for (uint64_t n = in.count(40), i = 0; i < n && in.ok(); ++i) {
        core::ReferenceEntry e;
        e.kind = in.pod<core::ReferenceEntry::Kind>();
        e.system = in.pod<core::System>();
        e.file = in.pod<uint16_t>();
        e.id = in.text();
        e.label = in.text();
        e.pipeline = in.text();
        e.probability = in.pod<double>();
        e.closes_as = in.pod<int8_t>();
        d.reference.push_back(std::move(e));
    }
    for (uint64_t n = in.count(72), i = 0; i < n && in.ok(); ++i) {
        core::FileInfo f;
        f.name = in.text();
        f.format = in.text();
        f.bytes = in.u64();
        f.records_read = in.u64();
        f.records_used = in.u64();
        in.skipped(f.skipped);
        f.duplicate_ids = in.u64();
        f.unknown_stages = in.u64();
        f.removed = in.pod<uint8_t>() != 0;
        d.files.push_back(std::move(f));
    }
    for (uint64_t n = in.count(16), i = 0; i < n && in.ok(); ++i) {
        std::string from(in.text());
        out.after.relabel_hubspot.emplace_back(std::move(from), std::string(in.text()));
    }
    for (uint64_t n = in.count(16), i = 0; i < n && in.ok(); ++i) {
        std::string id(in.text());
        std::vector<AfterMerge::Entry> entries;
        for (uint64_t m = in.count(16), k = 0; k < m && in.ok(); ++k) {
            AfterMerge::Entry e;
            e.stage = in.text();
            e.entered_at = in.pod<core::Day>();
            e.exited_at = in.pod<core::Day>();
            entries.push_back(std::move(e));
        }
        out.after.history_salesforce.emplace_back(std::move(id), std::move(entries));
    }
    if (in.pod<uint32_t>() != kMagic || !in.ok() || !in.at_end()) {
        out = Staged{};
        error = "a staged import is cut short or corrupt";
        return false;
    }
    // Rows point into the pool and the history: an index outside them would read out of bounds later.
    const size_t n_strings = d.strings.size();
    bool bad = false;
    auto sym_ok = [&](core::Sym s) { bad |= s >= n_strings; };
    for (const core::Deal& x : d.deals) {
        for (core::Sym s : {x.id, x.name, x.account_id, x.owner, x.source, x.pipeline, x.stage_id, x.stage, x.currency})
            sym_ok(s);
        bad |= uint64_t(x.history_begin) + x.history_count > d.stage_history.size();
    }
    for (const core::StageEntry& x : d.stage_history) sym_ok(x.stage);
    for (const core::Lead& x : d.leads)
        for (core::Sym s : {x.id, x.source, x.owner, x.account_id, x.status, x.email_domain}) sym_ok(s);
    for (const core::Account& x : d.accounts)
        for (core::Sym s : {x.id, x.name, x.domain, x.segment, x.industry, x.source, x.crm_account}) sym_ok(s);
    for (const core::Subscription& x : d.subscriptions)
        for (core::Sym s : {x.id, x.account_id, x.currency, x.interval, x.plan}) sym_ok(s);
    for (const core::MarketingSpend& x : d.spend) { sym_ok(x.channel); sym_ok(x.currency); }
    for (const core::Traffic& x : d.traffic) sym_ok(x.channel);
    for (const core::Tool& x : d.tools) { sym_ok(x.name); sym_ok(x.category); sym_ok(x.owner); }
    for (const core::Target& x : d.targets) sym_ok(x.metric);
    if (bad) {
        out = Staged{};
        error = "a staged import names a text or history entry it does not hold";
        return false;
    }
    return true;
}

} // namespace import
