// What every vendor mapper shares: field readers, skip bookkeeping, reference data, vocabulary.
//
// [SECTION] Field readers
// [SECTION] Records used / skipped
// [SECTION] Reference data
// [SECTION] Vocabulary
#include "import/mapping.h"

#include "core/numbers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace import {

const json& member(const json& obj, std::string_view key) {
    static const json null_value;
    if (!obj.is_object()) return null_value;
    auto it = obj.find(key);
    return it == obj.end() ? null_value : *it;
}

FieldReader::FieldReader(std::vector<std::string_view> names, std::vector<std::string_view> prefixes)
    : names_(std::move(names)), values_(names_.size()), own_(names_.size()), prefixes_(std::move(prefixes)) {
    for (uint32_t i = 0; i < names_.size(); ++i) {
        if (names_[i].size() >= by_length_.size()) by_length_.resize(names_[i].size() + 1);
        by_length_[names_[i].size()].push_back(i);
    }
}

namespace {
const json kNullValue;
}

void FieldReader::read(const json& obj) {
    if (filling_ && &obj == filled_) {
        prefixed_.clear();
        for (size_t j = 0; j < extras_n_; ++j) prefixed_.push_back({extras_[j].key, &extras_[j].value, extras_[j].prefix});
        if (!nested_) return; // every field is in values_ already
        // and the objects or arrays that came last for their field (nested), in the DOM
        for (const auto& [k, v] : obj.get_ref<const json::object_t&>())
            if (const int i = index(k); i >= 0 && values_[size_t(i)] == &kNullValue) values_[size_t(i)] = &v;
        if (extras_in_dom_) list_prefixed(obj);
        return;
    }
    std::fill(values_.begin(), values_.end(), &kNullValue);
    prefixed_.clear();
    if (!obj.is_object()) return;
    for (const auto& [k, v] : obj.get_ref<const json::object_t&>())
        if (const int i = index(k); i >= 0) values_[size_t(i)] = &v;
    if (!prefixes_.empty()) list_prefixed(obj);
}

void FieldReader::list_prefixed(const json& obj) {
    const size_t filled = prefixed_.size();
    for (const auto& [k, v] : obj.get_ref<const json::object_t&>()) {
        const int p = prefix_of(k);
        if (p < 0) continue;
        // A key both filled and in the DOM: the DOM's came later (keys go to the DOM once one of them nested)
        for (size_t j = 0; j < filled; ++j)
            if (prefixed_[j].key == k) prefixed_[j].value = nullptr;
        prefixed_.push_back({k, &v, static_cast<uint32_t>(p)});
    }
    std::erase_if(prefixed_, [](const Prefixed& e) { return e.value == nullptr; });
}

void FieldReader::nested(size_t i) {
    nested_ = true;
    values_[i] = &kNullValue; // the DOM's value, found by read()
}

int FieldReader::index(std::string_view key) const {
    if (key.size() >= by_length_.size()) return -1;
    for (uint32_t i : by_length_[key.size()])
        if (std::memcmp(names_[i].data(), key.data(), key.size()) == 0) return static_cast<int>(i);
    return -1;
}

int FieldReader::prefix_of(std::string_view key) const {
    for (size_t p = 0; p < prefixes_.size(); ++p)
        if (key.starts_with(prefixes_[p])) return static_cast<int>(p);
    return -1;
}

json* FieldReader::extra(std::string_view key) {
    if (extras_in_dom_ || prefixes_.empty()) return nullptr;
    const int p = prefix_of(key);
    if (p < 0) return nullptr;
    for (size_t j = 0; j < extras_n_; ++j) // a key repeated: its later value wins
        if (extras_[j].key == key) return &extras_[last_extra_ = j].value;
    if (extras_n_ == extras_.size()) extras_.emplace_back();
    Extra& e = extras_[last_extra_ = extras_n_++];
    e.key.assign(key);
    e.prefix = static_cast<uint32_t>(p);
    return &e.value;
}

std::string FieldReader::extra_nested() {
    nested_ = extras_in_dom_ = true; // its value in extras_, if it had one before, gives way to the DOM's in read()
    return extras_[last_extra_].key;
}

void FieldReader::fill_record() {
    filling_ = true;
    fill_object(nullptr);
}

void FieldReader::fill_object(const json* obj) {
    filled_ = obj;
    nested_ = extras_in_dom_ = false;
    extras_n_ = 0;
    std::fill(values_.begin(), values_.end(), &kNullValue);
}

void FieldReader::put_filled(json& obj) const {
    if (!filling_ || !obj.is_object()) return;
    for (size_t i = 0; i < names_.size(); ++i)
        if (values_[i] == &own_[i]) obj[std::string(names_[i])] = own_[i];
    for (size_t j = 0; j < extras_n_; ++j) // a key filled, then in the DOM: the DOM's came later
        if (!extras_in_dom_ || !obj.contains(extras_[j].key)) obj[extras_[j].key] = extras_[j].value;
}

std::string id_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.dump();
    return "";
}

// [SECTION] Field readers --------------------------------------------------------------------------------------------
void Context::bad(std::string_view field, const json& got, std::string_view expected) {
    if (!problem.empty()) return;
    std::string shown = got.dump();
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    problem = "field " + std::string(field) + ": expected " + std::string(expected) + ", got " + shown;
}

static std::optional<double> parse_number(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    if (!core::parse_double(s, v) || !std::isfinite(v)) return std::nullopt;
    return v;
}

double Context::number(const json& obj, std::string_view field) { return number_of(member(obj, field), field); }

double Context::number_of(const json& v, std::string_view field) {
    if (v.is_null()) return core::kNaN;
    if (v.is_number()) {
        double d = v.get<double>();
        if (std::isfinite(d) && std::fabs(d) < 1e15) return d;
        bad(field, v, "a number below 1e15");
        return core::kNaN;
    }
    if (v.is_string()) {
        auto& s = v.get_ref<const std::string&>();
        if (s.empty()) return core::kNaN;
        if (auto d = parse_number(s); d && std::fabs(*d) < 1e15) return *d;
    }
    bad(field, v, "a number");
    return core::kNaN;
}

core::Day Context::date(const json& obj, std::string_view field) { return date_of(member(obj, field), field); }

core::Day Context::date_of(const json& v, std::string_view field) {
    if (v.is_null()) return core::kNoDay;
    if (v.is_number_integer()) { // epoch seconds (Stripe); years 1970..9999
        int64_t s = v.get<int64_t>();
        if (s >= 0 && s <= 253402300799LL) return core::day_from_epoch_seconds(s);
        bad(field, v, "epoch seconds between 1970 and 9999");
        return core::kNoDay;
    }
    if (v.is_string()) {
        auto& s = v.get_ref<const std::string&>();
        if (s.empty()) return core::kNoDay;
        if (auto d = core::parse_date(s)) return *d;
    }
    bad(field, v, "a date");
    return core::kNoDay;
}

std::string Context::text(const json& obj, std::string_view field) { return text_of(member(obj, field), field); }

std::string Context::text_of(const json& v, std::string_view field) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    if (v.is_null()) return "";
    if (v.is_number_float()) return v.dump();
    bad(field, v, "a text");
    return "";
}

core::Sym Context::sym_text(const json& obj, std::string_view field) { return sym_text_of(member(obj, field), field); }

core::Sym Context::sym_text_of(const json& v, std::string_view field) {
    return v.is_string() ? sym(v.get_ref<const std::string&>()) : sym(text_of(v, field));
}

std::optional<bool> Context::flag(const json& obj, std::string_view field) { return flag_of(member(obj, field), field); }

std::optional<bool> Context::flag_of(const json& v, std::string_view field) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_null()) return std::nullopt;
    if (v.is_string()) {
        std::string s = lower(v.get<std::string>());
        if (s == "true") return true;
        if (s == "false") return false;
        if (s.empty()) return std::nullopt;
    }
    bad(field, v, "true or false");
    return std::nullopt;
}

// [SECTION] Records used / skipped -----------------------------------------------------------------------------------
void Context::skip(std::string_view reason, std::string_view id) {
    for (auto& s : report.skipped)
        if (s.reason == reason) { ++s.count; return; }
    report.skipped.push_back({std::string(reason), std::string(id.empty() ? "(no id)" : id), 1});
}

bool Context::done(std::string_view id) {
    if (problem.empty()) {
        ++report.records_used;
        return true;
    }
    // The offending value is in the example only: counting by field and expectation groups like records together.
    std::string reason = problem, example(id);
    if (auto got = reason.find(", got "); got != std::string::npos) {
        example += ": " + reason.substr(got + 2);
        reason.resize(got);
    }
    skip(reason, example);
    problem.clear();
    return false;
}

void Context::warn(std::string w) {
    if (std::find(report.warnings.begin(), report.warnings.end(), w) == report.warnings.end() &&
        report.warnings.size() < 50)
        report.warnings.push_back(std::move(w));
}

void Context::note_fields(const json& obj, const KeySet& known, std::string_view prefix) {
    if (!obj.is_object() || !note_now()) return;
    for (auto& [k, v] : obj.items())
        if (!known.count(k)) ignored.insert(std::string(prefix) + k);
}

// [SECTION] Reference data ------------------------------------------------------------------------------------------
static std::string ref_key(core::System s, std::string_view id) {
    return std::string(core::system_name(s)) + '\x1f' + std::string(id);
}
// The same key, in a buffer kept between lookups: mappers look up an owner or stage per record, and a new string each
// time was ~2% of an import.
static const std::string& lookup_key(core::System s, std::string_view id) {
    static thread_local std::string key;
    key.assign(core::system_name(s)).append(1, '\x1f').append(id);
    return key;
}

Reference Reference::read(const core::Dataset& ds) {
    Reference r;
    for (const core::ReferenceEntry& e : ds.reference) {
        std::string key = ref_key(e.system, e.id);
        switch (e.kind) {
        case core::ReferenceEntry::Kind::stage: {
            StageInfo info{e.label, e.pipeline, e.probability, std::nullopt};
            if (e.closes_as >= 0) info.closes_as = static_cast<core::DealState>(e.closes_as);
            r.stages[key] = std::move(info);
            break;
        }
        case core::ReferenceEntry::Kind::owner: r.owners[key] = e.label; break;
        case core::ReferenceEntry::Kind::pipeline: r.pipelines[key] = e.label; break;
        }
    }
    return r;
}

void Reference::write(core::Dataset& part) const {
    auto split = [](const std::string& key, core::ReferenceEntry& e) {
        size_t sep = key.find('\x1f');
        std::string_view sys(key.data(), sep);
        for (int s = 0; s <= static_cast<int>(core::System::csv); ++s)
            if (sys == core::system_name(static_cast<core::System>(s))) e.system = static_cast<core::System>(s);
        e.id = key.substr(sep + 1);
    };
    for (auto& [k, v] : stages) {
        core::ReferenceEntry e;
        e.kind = core::ReferenceEntry::Kind::stage;
        split(k, e);
        e.label = v.label;
        e.pipeline = v.pipeline;
        e.probability = v.probability;
        e.closes_as = v.closes_as ? static_cast<int8_t>(*v.closes_as) : int8_t(-1);
        part.reference.push_back(std::move(e));
    }
    for (auto& [k, v] : owners) {
        core::ReferenceEntry e;
        e.kind = core::ReferenceEntry::Kind::owner;
        split(k, e);
        e.label = v;
        part.reference.push_back(std::move(e));
    }
    for (auto& [k, v] : pipelines) {
        core::ReferenceEntry e;
        e.kind = core::ReferenceEntry::Kind::pipeline;
        split(k, e);
        e.label = v;
        part.reference.push_back(std::move(e));
    }
}

const StageInfo* Reference::stage(core::System s, std::string_view id) const {
    auto it = stages.find(lookup_key(s, id));
    return it == stages.end() ? nullptr : &it->second;
}
const std::string* Reference::owner(core::System s, std::string_view id) const {
    auto it = owners.find(lookup_key(s, id));
    return it == owners.end() ? nullptr : &it->second;
}
const std::string* Reference::pipeline(core::System s, std::string_view id) const {
    auto it = pipelines.find(lookup_key(s, id));
    return it == pipelines.end() ? nullptr : &it->second;
}
void Reference::add_stage(core::System s, std::string_view id, StageInfo info) { stages[ref_key(s, id)] = info; }
void Reference::add_owner(core::System s, std::string_view id, std::string_view name) {
    if (!name.empty()) owners[ref_key(s, id)] = std::string(name);
}
void Reference::add_pipeline(core::System s, std::string_view id, std::string_view name) {
    if (!name.empty()) pipelines[ref_key(s, id)] = std::string(name);
}

void apply_reference(const Reference& ref, core::Dataset& into) {
    if (ref.empty()) return;
    for (core::Deal& d : into.deals) {
        std::string_view stage_id = into.str(d.stage_id);
        if (const StageInfo* st = stage_id.empty() ? nullptr : ref.stage(d.system, stage_id)) {
            d.stage = into.sym(st->label);
            if (!st->pipeline.empty()) d.pipeline = into.sym(st->pipeline);
            d.stage_probability = st->probability;
            // Stage metadata comes after vendor flags (rule 6): only an open deal in a closing stage changes.
            if (d.state == core::DealState::open && st->closes_as && *st->closes_as != core::DealState::open) {
                d.state = *st->closes_as;
                d.closed_at = d.expected_close;
                d.expected_close = core::kNoDay;
            }
        }
        // A deal's history loaded before the stages file names stages by their ids (HubSpot hs_date_entered_<id>).
        if (!ref.stages.empty())
            for (uint32_t k = d.history_begin; k < d.history_begin + d.history_count && k < into.stage_history.size();
                 ++k) {
                core::StageEntry& e = into.stage_history[k];
                if (const StageInfo* st = ref.stage(d.system, into.str(e.stage))) e.stage = into.sym(st->label);
            }
        if (const std::string* name = ref.owner(d.system, into.str(d.owner))) d.owner = into.sym(*name);
        if (const std::string* name = ref.pipeline(d.system, into.str(d.pipeline))) d.pipeline = into.sym(*name);
    }
    for (core::Lead& l : into.leads)
        if (const std::string* name = ref.owner(l.system, into.str(l.owner))) l.owner = into.sym(*name);
}

// [SECTION] Vocabulary -----------------------------------------------------------------------------------------------
std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}
std::string upper(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

std::optional<core::DealState> state_from_stage_name(std::string_view stage) {
    std::string s = lower(stage);
    std::erase_if(s, [](char c) { return c == ' ' || c == '/' || c == '_' || c == '-'; });
    if (s == "closedwon" || s == "won") return core::DealState::won;
    if (s == "closedlost" || s == "lost") return core::DealState::lost;
    return std::nullopt;
}

core::DealType deal_type_from(std::string_view type) {
    std::string t = lower(type);
    auto has = [&](const char* w) { return t.find(w) != std::string::npos; };
    if (t.empty()) return core::DealType::unknown;
    if (has("renew") || has("replacement") || has("downgrade")) return core::DealType::renewal;
    if (has("existing") || has("upgrade") || has("expansion") || has("upsell")) return core::DealType::expansion;
    if (has("new")) return core::DealType::new_business;
    return core::DealType::unknown;
}

core::ForecastCategory forecast_category_from(std::string_view s) {
    std::string t = lower(s);
    std::erase_if(t, [](char c) { return c == ' ' || c == '_'; });
    if (t == "pipeline") return core::ForecastCategory::pipeline;
    if (t == "bestcase") return core::ForecastCategory::best_case;
    if (t == "commit") return core::ForecastCategory::commit;
    if (t == "closed") return core::ForecastCategory::closed;
    if (t == "omitted" || t == "omit") return core::ForecastCategory::omitted;
    return core::ForecastCategory::none;
}

std::string domain_of(std::string_view s) {
    if (auto at = s.rfind('@'); at != std::string_view::npos) s = s.substr(at + 1);
    if (auto scheme = s.find("://"); scheme != std::string_view::npos) s = s.substr(scheme + 3);
    if (auto end = s.find_first_of("/?#:"); end != std::string_view::npos) s = s.substr(0, end);
    std::string d = lower(s);
    while (!d.empty() && (d.back() == '.' || d.back() == ' ')) d.pop_back();
    while (!d.empty() && d.front() == ' ') d.erase(d.begin());
    if (d.rfind("www.", 0) == 0) d = d.substr(4);
    if (d.find('.') == std::string::npos) return "";
    return d;
}

} // namespace import
