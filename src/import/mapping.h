// Internal to src/import: what every vendor mapper shares. Not a public interface (import.h is).
//
// [SECTION] Probe: what detection sees (top-level keys, the records' container, the first record)
// [SECTION] Reference data: stage labels/probabilities and owner names from pipelines/stages/users files
// [SECTION] Context: the staging Dataset, the report, field readers that remember the first bad value
// [SECTION] Mapper: one per format; detection returns one
// [SECTION] Shared vocabulary: deal states, deal types, forecast categories, domains
#pragma once
#include "core/model.h"
#include "import/import.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <cstring>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace import {

using nlohmann::json;

// The names of the fields a mapper knows (string literals), looked up by length first: wanted() runs for every key of
// every record, and a std::set's string comparisons there were 8% of a Stripe import.
class KeySet {
public:
    KeySet(std::initializer_list<std::string_view> names) {
        for (std::string_view n : names) {
            if (n.size() >= by_length_.size()) by_length_.resize(n.size() + 1);
            by_length_[n.size()].push_back(n);
        }
    }
    size_t count(std::string_view k) const {
        if (k.size() >= by_length_.size()) return 0;
        for (std::string_view n : by_length_[k.size()])
            if (std::memcmp(n.data(), k.data(), k.size()) == 0) return 1;
        return 0;
    }

private:
    std::vector<std::vector<std::string_view>> by_length_;
};

// The fields a mapper reads of one object, found in one pass over its members instead of a map search each (a HubSpot
// contact's fifteen searches were a tenth of an import). After read(obj), [i] is names[i]'s value, a static null when
// absent, while obj lives. `names` are string literals.
//
// Filled while parsing (Mapper::direct, stream.cpp): the parser puts the scalar values of these fields of a record's
// object straight into the reader's own values (their strings reused from record to record) and leaves them out of the
// DOM, which then holds only the object's other members. read(obj) of that object keeps them (and looks in the DOM
// only for a field whose value was an object or array: those are built there as usual). read() of any other object
// reads it as always; put_filled(obj) copies the filled values into an object built from the record's (a legacy
// HubSpot record's flattened properties).
//
// Fields named by a prefix (HubSpot's hs_date_entered_<stage>): read() also lists every member whose key starts with
// one of `prefixes` (string literals), each key once with its value (the later one of a repeated key), and which prefix
// it has. The parser fills them too; their order is then the file's, not the DOM's (a mapper must not depend on it).
class FieldReader {
public:
    explicit FieldReader(std::vector<std::string_view> names, std::vector<std::string_view> prefixes = {});
    void read(const json& obj);
    const json& operator[](size_t i) const { return *values_[i]; }
    std::string_view name(size_t i) const { return names_[i]; }
    void put_filled(json& obj) const;
    struct Prefixed {
        std::string_view key;
        const json* value;
        uint32_t prefix; // its index in `prefixes`
    };
    const std::vector<Prefixed>& prefixed() const { return prefixed_; }

    // The parser's side. fill_record: a record begins; fill_object: the object whose fields are filled (again, when
    // its key repeats; null: it is not an object); index: the field a key names (-1: none); slot: its value holder for
    // this record; nested: field i's value is an object or array (built in the DOM; a later value of the field, in
    // the slot or the DOM, wins as in a DOM).
    void fill_record();
    void fill_object(const json* obj);
    int index(std::string_view key) const;
    json& slot(size_t i) {
        values_[i] = &own_[i];
        return own_[i];
    }
    void nested(size_t i);
    // A prefixed field of the filled object: its value holder for this record (null: not a prefixed key, or one of
    // them held an object or array in this object, and from then on they are all built in the DOM). extra_nested: the
    // field extra() just gave holds an object or array: it is built in the DOM; returns its key.
    json* extra(std::string_view key);
    std::string extra_nested();

private:
    int prefix_of(std::string_view key) const;
    void list_prefixed(const json& obj); // obj's members with a prefix, after (and replacing) the filled ones

    std::vector<std::string_view> names_;
    std::vector<std::vector<uint32_t>> by_length_; // indices into names_
    std::vector<const json*> values_;
    std::vector<json> own_;                        // the values filled while parsing
    bool filling_ = false;                         // this record's values were filled while parsing
    const json* filled_ = nullptr;                 // ... from this object
    bool nested_ = false;                          // ... except some, in the DOM
    std::vector<std::string_view> prefixes_;
    struct Extra { std::string key; json value; uint32_t prefix = 0; };
    std::vector<Extra> extras_;                    // the prefixed fields filled while parsing: the first extras_n_
    size_t extras_n_ = 0, last_extra_ = 0;
    bool extras_in_dom_ = false;                   // ... then the others of this object, in the DOM
    std::vector<Prefixed> prefixed_;
};

// What a mapper's FieldReader reads, for the parser to fill (FieldReader above): the members of the record's object at
// key `parent` ("" : the record itself).
struct DirectFields {
    FieldReader* fields = nullptr;
    std::string_view parent;
};

// [SECTION] Probe ----------------------------------------------------------------------------------------------------
struct Probe {
    const json* envelope = nullptr;  // top-level values read so far (small: paging, info, headers...), an object
    std::string container;           // "results", "records", "data", ... or "" for a single record / newline-delimited
    const json* first = nullptr;     // the first record (never null when a mapper is asked)
};

// [SECTION] Reference data -------------------------------------------------------------------------------------------
struct StageInfo {
    std::string label;
    std::string pipeline;
    double probability = core::kNaN;                // 0..1
    std::optional<core::DealState> closes_as;       // from metadata (isClosed + probability, won/lost types)
};

// Stage and owner names loaded by one file are needed by files loaded after it: they live in Dataset::reference.
struct Reference {
    std::unordered_map<std::string, StageInfo> stages;     // key: system + '\x1f' + stage id
    std::unordered_map<std::string, std::string> owners;   // key: system + '\x1f' + owner id
    std::unordered_map<std::string, std::string> pipelines; // key: system + '\x1f' + pipeline id -> name

    static Reference read(const core::Dataset& ds);
    void write(core::Dataset& part) const; // every entry into part.reference
    const StageInfo* stage(core::System s, std::string_view id) const;
    const std::string* owner(core::System s, std::string_view id) const;
    const std::string* pipeline(core::System s, std::string_view id) const;
    void add_stage(core::System s, std::string_view id, StageInfo info);
    void add_owner(core::System s, std::string_view id, std::string_view name);
    void add_pipeline(core::System s, std::string_view id, std::string_view name);
    bool empty() const { return stages.empty() && owners.empty() && pipelines.empty(); }
};

// Rows loaded earlier get the labels, probabilities and names of a reference file loaded later.
void apply_reference(const Reference& ref, core::Dataset& into);

// [SECTION] Context --------------------------------------------------------------------------------------------------
struct Context {
    core::Dataset& part;
    ImportReport& report;
    const core::Dataset& into;       // what was loaded before (reference data, earlier rows)
    Reference ref;                   // from `into`, plus what this file adds
    Reference added;                 // what this file adds (written into `part` at the end)
    const json* envelope = nullptr;  // the file's top-level values (set before Mapper::finish)

    // The first problem of the record being mapped: the mapper reads fields, then calls done()/skip().
    std::string problem;
    std::set<std::string, std::less<>> ignored;
    uint64_t noted_records_ = 0;

    Context(core::Dataset& p, ImportReport& r, const core::Dataset& i) : part(p), report(r), into(i) {
        ref = Reference::read(i);
    }
    core::Sym sym(std::string_view s) { return part.sym(s); }
    std::string_view str_of(core::Sym s) const { return part.str(s); }

    // Field readers. A value of the wrong type records a problem naming the field and what was expected.
    // Missing / null / "" give NaN, kNoDay or "".
    double number(const json& obj, std::string_view field);           // number or numeric string
    double number_of(const json& value, std::string_view field);
    core::Day date(const json& obj, std::string_view field);          // ISO/etc. string, or epoch seconds integer
    core::Day date_of(const json& value, std::string_view field);     // the same, of a value already looked up
    std::string text(const json& obj, std::string_view field);        // string, or a number as text
    std::string text_of(const json& value, std::string_view field);
    core::Sym sym_text(const json& obj, std::string_view field);      // sym(text(...)), without copying a string
    core::Sym sym_text_of(const json& value, std::string_view field);
    std::optional<bool> flag(const json& obj, std::string_view field); // bool or "true"/"false"
    std::optional<bool> flag_of(const json& value, std::string_view field);
    // The same, of field i of the object a FieldReader has read.
    double number(const FieldReader& f, size_t i) { return number_of(f[i], f.name(i)); }
    core::Day date(const FieldReader& f, size_t i) { return date_of(f[i], f.name(i)); }
    std::string text(const FieldReader& f, size_t i) { return text_of(f[i], f.name(i)); }
    core::Sym sym_text(const FieldReader& f, size_t i) { return sym_text_of(f[i], f.name(i)); }
    std::optional<bool> flag(const FieldReader& f, size_t i) { return flag_of(f[i], f.name(i)); }
    void bad(std::string_view field, const json& got, std::string_view expected);

    // Ends a record: counts it used, or skipped with `problem` (or `reason`) and its id as the example.
    bool done(std::string_view id);                                  // false when the record was skipped
    void skip(std::string_view reason, std::string_view id);
    void warn(std::string w);
    void note_fields(const json& obj, const KeySet& known, std::string_view prefix = "");
    // Whether this record's fields should be checked for ignored ones: the first 1000 records, then every 16th
    // (a field a mapper ignores shows up in many records; checking every one costs a few % of an import).
    bool note_now() { return ignored.size() < 100 && (++noted_records_ <= 1000 || noted_records_ % 16 == 0); }
};

// [SECTION] Mapper ---------------------------------------------------------------------------------------------------
class Mapper {
public:
    virtual ~Mapper() = default;
    virtual void record(const json& rec, Context& cx) = 0;
    virtual void finish(Context&) {}
    // What this file does to rows loaded earlier (history, names), as data: commit() applies it after the merge.
    virtual void after(AfterMerge&) {}
    // Record-level keys worth building; others are skipped while parsing (they are big: invoice lines, notes).
    virtual bool wanted(std::string_view) const { return true; }
    // Fields the parser may hand over without building them into the record's DOM (FieldReader).
    virtual DirectFields direct() { return {}; }
};

struct Detected {
    Detected() = default;
    Detected(std::unique_ptr<Mapper> m, std::string f, std::string b)
        : mapper(std::move(m)), format(std::move(f)), because(std::move(b)) {}
    std::unique_ptr<Mapper> mapper;
    std::string format;
    std::string because;
    std::string refused; // non-empty: recognised, but not something we import (the reason)
};

// Vendor probes (one per file); each returns an empty Detected when the shape is not theirs.
Detected detect_hubspot(const Probe& p);
Detected detect_salesforce(const Probe& p);
Detected detect_pipedrive(const Probe& p);
Detected detect_stripe(const Probe& p);
Detected detect_zoho(const Probe& p);
Detected detect_close(const Probe& p);
Detected detect_ga4(const Probe& p);
Detected detect(const Probe& p); // all of them, in order; refused/empty when nothing fits

// CSV: the whole file (not JSON). Returns false with report.error set on failure.
bool looks_csv(std::string_view text);
bool read_csv(std::string_view text, Context& cx);

// [SECTION] Shared vocabulary ----------------------------------------------------------------------------------------
std::string lower(std::string_view s);
std::string upper(std::string_view s);
// "closed won" / "closed/won" / "won" -> won, "closed lost" / "lost" -> lost, else nullopt
std::optional<core::DealState> state_from_stage_name(std::string_view stage);
core::DealType deal_type_from(std::string_view type);              // metrics.md rule 8
core::ForecastCategory forecast_category_from(std::string_view s);
std::string domain_of(std::string_view url_or_email);             // lower case, no scheme, no www., no path
std::string id_text(const json& v);                                // string or integer id as text, else ""
const json& member(const json& obj, std::string_view key);         // obj[key] or a static null
inline bool is_true(const std::optional<bool>& b) { return b && *b; }

} // namespace import
