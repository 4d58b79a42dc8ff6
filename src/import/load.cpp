// import::load: one file's bytes -> format detection -> a staging Dataset -> merged only if the file succeeded.
// The bytes come from a ByteSource through a Reader (a fixed-size buffer): a file is never held whole. Bytes already
// in memory are the same path over a MemorySource read in place.
//
// [SECTION] JSON files: stream records, detect on the first one, map each
// [SECTION] load
// [SECTION] describe
#include "import/canonical.h"
#include "import/import.h"
#include "import/mapping.h"
#include "import/stream.h"

#include <algorithm>
#include <unordered_map>

namespace import {

namespace {

// [SECTION] JSON files -----------------------------------------------------------------------------------------------
std::string keys_of(const json& obj, size_t cap = 8) {
    std::string s;
    size_t n = 0;
    if (!obj.is_object()) return "(not an object)";
    for (auto& [k, v] : obj.items()) {
        if (n++ == cap) { s += ", ..."; break; }
        s += (s.empty() ? "" : ", ") + k;
    }
    return "[" + s + "]";
}

// Returns the mapper that read the file (for after_merge), or null with report.error set.
std::unique_ptr<Mapper> read_json(Reader& in, Context& cx, bool& canonical) {
    ImportReport& r = cx.report;
    std::unique_ptr<Mapper> mapper;
    DirectFields direct; // the mapper's, once known: the records after the first hand them over unbuilt
    auto on_record = [&](json& rec, const Probe& p) {
        if (!mapper) {
            Detected d = detect(p);
            if (!d.refused.empty()) { r.error = d.refused; return false; }
            if (!d.mapper) {
                r.error = "not an export we know: top-level keys " + keys_of(*p.envelope) + ", first record keys " +
                          keys_of(rec) + "; expected HubSpot, Salesforce, Pipedrive, Stripe, Zoho, Close, GA4 or "
                          "Revenue Lens JSON";
                return false;
            }
            mapper = std::move(d.mapper);
            direct = mapper->direct();
            r.format = d.format;
            r.detected_because = d.because;
        }
        ++r.records_read;
        mapper->record(rec, cx);
        return true;
    };
    auto wanted = [&](std::string_view k) {
        if (!mapper || mapper->wanted(k)) return true;
        if (cx.ignored.size() < 100 && !cx.ignored.count(k)) cx.ignored.emplace(k); // (no string made per key)
        return false;
    };
    StreamResult s = stream_records(in, on_record, wanted, &direct);
    if (s.canonical) { canonical = true; return nullptr; }
    if (!s.ok) {
        if (r.error.empty()) r.error = s.error;
        else if (!s.error.empty()) r.error += " " + s.error;
        return nullptr;
    }
    if (!mapper) {
        r.error = s.not_objects ? "no exported records: " + s.first_not_object + ", expected objects"
                                : "no records in the file (top-level keys " + keys_of(s.envelope) +
                                      "): expected at least one exported record";
        return nullptr;
    }
    if (s.not_objects) {
        r.records_read += s.not_objects;
        for (uint64_t i = 0; i < s.not_objects; ++i) cx.skip("record is not an object", s.first_not_object);
    }
    cx.problem.clear();
    cx.envelope = &s.envelope;
    mapper->finish(cx);
    cx.envelope = nullptr;
    // The envelope's own keys that say there is more to fetch: the user may believe the file is complete.
    const json& env = s.envelope;
    if (member(env, "done") == json(false) || member(env, "has_more") == json(true) ||
        member(member(env, "info"), "more_records") == json(true) || member(env, "paging").is_object() ||
        member(member(member(env, "additional_data"), "pagination"), "more_items_in_collection") == json(true))
        cx.warn("the export says more pages exist: this file holds only part of the records");
    return mapper;
}

// A deal loaded again without stage history keeps the history an earlier file gave it (OpportunityHistory, ...).
// Costs a look at every earlier deal only when this file has deals without history.
void keep_earlier_history(core::Dataset& part, const core::Dataset& into) {
    if (into.stage_history.empty() || part.deals.empty()) return;
    std::unordered_multimap<std::string_view, size_t> wanting; // id -> this file's deals without history
    for (size_t i = 0; i < part.deals.size(); ++i)
        if (!part.deals[i].history_count) wanting.emplace(part.str(part.deals[i].id), i);
    if (wanting.empty()) return;
    std::vector<const core::Deal*> earlier(part.deals.size(), nullptr);
    for (const core::Deal& e : into.deals) {
        if (!e.history_count) continue;
        auto [b, end] = wanting.equal_range(into.str(e.id));
        for (auto it = b; it != end; ++it)
            if (part.deals[it->second].system == e.system) earlier[it->second] = &e;
    }
    for (size_t i = 0; i < part.deals.size(); ++i) {
        if (!earlier[i]) continue;
        core::Deal& d = part.deals[i];
        d.history_begin = static_cast<uint32_t>(part.stage_history.size());
        for (const core::StageEntry& e : into.history(*earlier[i]))
            part.stage_history.push_back({part.sym(into.str(e.stage)), e.entered_at, e.exited_at});
        d.history_count = earlier[i]->history_count;
    }
}

// The first file into an empty Dataset can simply become it: merging copies every row and string (the staging
// Dataset and the merged one both live at the peak, twice the Dataset). Only when nothing in the file needs merge's
// work: no id appears twice (merge keeps the later row), and the target holds nothing at all (not even strings).
bool can_move_into(const core::Dataset& part, const core::Dataset& into) {
    if (!into.files.empty() || into.strings.size() > 1 || !into.deals.empty() || !into.leads.empty() ||
        !into.accounts.empty() || !into.subscriptions.empty() || !into.stage_history.empty() ||
        !into.spend.empty() || !into.traffic.empty() || !into.tools.empty() || !into.targets.empty() ||
        !into.reference.empty() || part.files.size() != 1)
        return false;
    auto unique_ids = [](const auto& rows) {
        std::vector<uint64_t> keys;
        keys.reserve(rows.size());
        for (const auto& r : rows)
            if (r.id) keys.push_back((static_cast<uint64_t>(r.system) << 32) | r.id);
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.begin(), keys.end()) == keys.end();
    };
    return unique_ids(part.deals) && unique_ids(part.leads) && unique_ids(part.accounts) &&
           unique_ids(part.subscriptions);
}

// What a file does to rows loaded before it (Mapper::after), once it is merged.
void apply_after_merge(const AfterMerge& a, core::Dataset& ds) {
    if (!a.relabel_hubspot.empty()) {
        std::unordered_map<core::Sym, core::Sym> to;
        for (auto& [from, label] : a.relabel_hubspot)
            if (core::Sym f = ds.strings.find(from)) to[f] = ds.sym(label);
        for (const core::Deal& d : ds.deals) {
            if (to.empty()) break;
            if (d.system != core::System::hubspot) continue;
            for (uint32_t k = d.history_begin; k < d.history_begin + d.history_count && k < ds.stage_history.size();
                 ++k)
                if (auto it = to.find(ds.stage_history[k].stage); it != to.end())
                    ds.stage_history[k].stage = it->second;
        }
    }
    if (!a.history_salesforce.empty()) {
        std::unordered_map<std::string_view, const std::vector<AfterMerge::Entry>*> by_id;
        for (auto& [id, entries] : a.history_salesforce) by_id[id] = &entries;
        for (core::Deal& d : ds.deals) {
            if (d.system != core::System::salesforce || d.history_count) continue;
            auto it = by_id.find(ds.str(d.id));
            if (it == by_id.end()) continue;
            d.history_begin = static_cast<uint32_t>(ds.stage_history.size());
            for (const AfterMerge::Entry& e : *it->second)
                ds.stage_history.push_back({ds.sym(e.stage), e.entered_at, e.exited_at});
            d.history_count = static_cast<uint32_t>(ds.stage_history.size()) - d.history_begin;
        }
    }
}

} // namespace

// [SECTION] load -----------------------------------------------------------------------------------------------------
ImportReport load(std::string_view name, std::span<const uint8_t> bytes, core::Dataset& into) {
    MemorySource source(bytes);
    return load(name, source, into);
}

ImportReport load(std::string_view name, ByteSource& source, core::Dataset& into) {
    return commit(stage(name, source, into), into);
}

namespace {
// Running out of memory (the tab's 4 GB, or the machine's) rolls the file back: while it is staged, its rows are
// only in the staging Dataset, which the unwinding frees; if it happens in the merge, its rows are removed again.
ImportReport out_of_memory(std::string_view name, uint64_t bytes) {
    ImportReport r;
    r.file = std::string(name);
    r.bytes = bytes;
    r.error = r.file + ": ran out of memory while importing it";
    if (r.bytes) r.error += " (" + std::to_string(r.bytes >> 20) + " MB)";
    r.error += ": nothing from this file was added; what was loaded before is unchanged. Remove other files or "
               "split this export and try again";
    return r;
}

ImportReport stage_file(std::string_view name, ByteSource& source, const core::Dataset& before, Staged& out);
} // namespace

Staged stage(std::string_view name, ByteSource& source, const core::Dataset& before) {
    Staged out;
    try {
        out.report = stage_file(name, source, before, out);
    } catch (const std::bad_alloc&) {
        out = Staged{};
        out.report = out_of_memory(name, source.size().value_or(0));
    }
    if (!out.report.ok) out.part = core::Dataset{};
    return out;
}

ImportReport commit(Staged&& staged, core::Dataset& into) {
    if (!staged.report.ok) return std::move(staged.report);
    const size_t files_before = into.files.size();
    try {
        core::Dataset& part = staged.part;
        const Reference added = Reference::read(part); // the reference entries this file adds
        keep_earlier_history(part, into);
        const bool adds_accounts = !part.accounts.empty() || !part.leads.empty();
        if (can_move_into(part, into)) into = std::move(part); // rows already say file 0, history from 0
        else into.merge(std::move(part), std::move(staged.interned), staged.first_new);
        apply_after_merge(staged.after, into);
        apply_reference(added, into);
        if (adds_accounts) {
            MatchStats m = match_customers(into);
            if (m.billing_accounts && m.unmatched < m.billing_accounts && staged.report.warnings.size() < 50)
                staged.report.warnings.push_back("billing customers matched to CRM accounts: " +
                                                  std::to_string(m.billing_accounts - m.unmatched) + " of " +
                                                  std::to_string(m.billing_accounts));
        }
        return std::move(staged.report);
    } catch (const std::bad_alloc&) {
        if (into.files.size() > files_before) {
            into.remove_file(static_cast<uint16_t>(files_before));
            into.files.resize(files_before);
        }
        return out_of_memory(staged.report.file, staged.report.bytes);
    }
}

bool prepare_commit(Staged& staged, core::Dataset& into, size_t limit) {
    if (!staged.report.ok || into.strings.size() == 1) return false; // into an empty pool: merge takes the part's
    if (staged.room_made == 0) { // a call of its own: with millions of texts in the pool, this rehashes them all
        staged.room_made = 1;
        staged.first_new = static_cast<core::Sym>(into.strings.size());
        into.strings.reserve(into.strings.size() + staged.part.strings.size());
        staged.interned.reserve(staged.part.strings.size());
        return true;
    }
    if (staged.room_made == 1) { // and another: growing a column of a million rows copies them
        staged.room_made = 2;
        into.reserve_for(staged.part);
        return true;
    }
    return into.intern_texts(staged.part, staged.interned, limit);
}

core::Dataset stage_context(const core::Dataset& into) {
    core::Dataset c;
    c.reference = into.reference;
    for (const core::Deal& d : into.deals) {
        if (d.system != core::System::salesforce) continue;
        core::Deal k;
        k.id = c.sym(into.str(d.id));
        k.system = d.system;
        c.deals.push_back(k);
    }
    return c;
}

namespace {
ImportReport stage_file(std::string_view name, ByteSource& source, const core::Dataset& before, Staged& out) {
    ImportReport r;
    r.file = std::string(name);
    const std::optional<uint64_t> size = source.size();
    r.bytes = size.value_or(0);
    core::Dataset& part = out.part;
    part.files.push_back({});
    Context cx(part, r, before);

    std::unique_ptr<Mapper> mapper;
    bool ok = false;
    {
        Reader in(source);
        // CSV or JSON, from the first byte that is not a blank after a UTF-8 BOM (looked at ahead, not consumed)
        const size_t bom = in.peek(0) == 0xEF && in.peek(1) == 0xBB && in.peek(2) == 0xBF ? 3 : 0;
        size_t k = bom;
        int c = in.peek(k);
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = in.peek(++k);
        if (c >= 0 && c != '{' && c != '[' && looks_csv(in, bom)) {
            in.skip(bom);
            ok = read_csv(in, cx);
        } else {
            bool canonical = false;
            mapper = read_json(in, cx, canonical);
            if (canonical) {
                ImportReport c;
                c.file = r.file;
                c.bytes = r.bytes;
                core::Dataset cpart;
                cpart.files.push_back({});
                bool read = false;
                if (!in.rewind()) {
                    c.error = "a Revenue Lens file whose \"revenue_lens\" key comes late is read twice, and this "
                              "input cannot be read again (a pipe?): give it as a file";
                } else {
                    read = read_canonical(name, in, r.bytes, cpart, c);
                    if (!size) c.bytes = r.bytes = in.offset();
                }
                if (read) c.error.clear();
                else if (c.error.empty()) c.error = "canonical file could not be read";
                r = std::move(c);
                r.format = r.format.empty() ? "canonical" : r.format;
                if (r.detected_because.empty()) r.detected_because = "top-level \"revenue_lens\" key";
                if (r.error.empty()) {
                    part = std::move(cpart);
                    ok = true;
                }
            } else {
                ok = mapper != nullptr;
            }
        }
        if (!size) r.bytes = std::max<uint64_t>(r.bytes, in.offset()); // a pipe: what was read
    }
    if (const std::string e = source.error(); !e.empty()) { // a read error looks like the end of the file: say so
        ok = false;
        r.error = e;
    }
    if (ok && r.records_read > 0 && r.records_used == 0 && !r.skipped.empty()) {
        ok = false;
        r.error = "no record could be used: " + r.skipped.front().reason + " (record " +
                  r.skipped.front().example_id + ")";
    }
    if (!ok) {
        if (r.error.empty()) r.error = "could not be read";
        const std::string prefix = std::string(name) + ": ";
        if (r.error.rfind(prefix, 0) != 0) r.error = prefix + r.error; // the canonical reader names the file itself
        r.ok = false;
        return r;
    }
    for (const std::string& f : cx.ignored) {
        if (r.fields_ignored.size() == 40) { r.fields_ignored.push_back("..."); break; }
        r.fields_ignored.push_back(f);
    }
    cx.added.write(part);
    core::FileInfo& info = part.files.front();
    info.name = r.file;
    info.format = r.format;
    info.bytes = r.bytes;
    info.records_read = r.records_read;
    info.records_used = r.records_used;
    info.skipped = r.skipped;
    if (mapper) mapper->after(out.after);
    r.ok = true;
    return r;
}
} // namespace

// [SECTION] describe -------------------------------------------------------------------------------------------------
std::string describe(const ImportReport& r) {
    std::string s = r.file + ": " + (r.ok ? "ok" : "FAILED") + "\n";
    if (!r.format.empty()) s += "  format: " + r.format + " (" + r.detected_because + ")\n";
    if (!r.ok) s += "  error: " + r.error + "\n";
    s += "  bytes: " + std::to_string(r.bytes) + ", records read: " + std::to_string(r.records_read) +
         ", used: " + std::to_string(r.records_used) + ", skipped: " + std::to_string(r.records_skipped()) + "\n";
    for (auto& k : r.skipped)
        s += "  skipped " + std::to_string(k.count) + ": " + k.reason + " (e.g. record " + k.example_id + ")\n";
    if (!r.fields_ignored.empty()) {
        s += "  fields ignored:";
        for (size_t i = 0; i < r.fields_ignored.size(); ++i) s += (i ? ", " : " ") + r.fields_ignored[i];
        s += "\n";
    }
    for (auto& w : r.warnings) s += "  warning: " + w + "\n";
    return s;
}

} // namespace import
