// Revenue Lens canonical JSON (docs/canonical.md): reader (nlohmann SAX, one small DOM per record) and writer.
//
// [SECTION] Names: enum values as they are spelled in the file
// [SECTION] Fields: reading one record's fields with precise errors
// [SECTION] Records: one function per entity
// [SECTION] SAX: the streaming walk over the top-level object and its arrays
// [SECTION] Reader entry point
// [SECTION] Writer
#include "import/canonical.h"
#include "core/numbers.h"
#include "import/stream.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>

namespace import {

using core::Day;
using core::kNoDay;
using core::Sym;
using nlohmann::json;

// [SECTION] Names ------------------------------------------------------------------------------------------------

namespace {

constexpr int kVersion = 1;
constexpr size_t kMaxRecordDepth = 64; // a record is flat; deep nesting is a broken file, not data

const char *team_name(int bit) {
    switch (bit) {
    case core::kMarketing:
        return "marketing";
    case core::kSales:
        return "sales";
    case core::kSuccess:
        return "success";
    case core::kRevops:
        return "revops";
    default:
        return "other";
    }
}
constexpr uint8_t kTeamBits[] = {core::kMarketing, core::kSales, core::kSuccess, core::kRevops, core::kOtherTeam};

const char *period_name(core::TargetPeriod p) {
    return p == core::TargetPeriod::quarter ? "quarter" : p == core::TargetPeriod::year ? "year" : "month";
}

// Looks `s` up among the names `name(v)` of values 0..count-1; false when absent.
template <class Enum, class NameOf> bool enum_from(std::string_view s, int count, NameOf name, Enum &out) {
    for (int i = 0; i < count; ++i)
        if (s == name(static_cast<Enum>(i))) {
            out = static_cast<Enum>(i);
            return true;
        }
    return false;
}

template <class Enum, class NameOf> std::string allowed_list(int count, NameOf name) {
    std::string s;
    for (int i = 0; i < count; ++i) {
        std::string_view n = name(static_cast<Enum>(i));
        if (n.empty()) continue;
        if (!s.empty()) s += ", ";
        s += n;
    }
    return s;
}

const char *sys_name(core::System s) { return core::system_name(s); }
const char *state_name(core::DealState s) { return core::deal_state_name(s); }
const char *type_name(core::DealType t) { return core::deal_type_name(t); }
const char *fc_name(core::ForecastCategory c) { return core::forecast_category_name(c); }
const char *status_name(core::SubStatus s) { return core::sub_status_name(s); }

const char *json_type(const json &v) {
    if (v.is_number()) return "number";
    return v.type_name();
}

std::string short_dump(const json &v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

// [SECTION] Fields -----------------------------------------------------------------------------------------------

// Reads the fields of one record. The first problem is kept in `error`; later reads become no-ops returning defaults.
class Fields {
public:
    Fields(const json &rec, core::Dataset &part, std::string where)
        : rec_(rec), part_(part), where_(std::move(where)) {}

    bool failed() const { return !error_.empty(); }
    const std::string &error() const { return error_; }

    void fail(std::string_view field, std::string_view expectation) {
        if (failed()) return;
        error_ = where_;
        if (auto it = rec_.find("id"); it != rec_.end() && it->is_string())
            error_ += " (id \"" + it->get<std::string>() + "\")";
        else if (auto n = rec_.find("name"); n != rec_.end() && n->is_string())
            error_ += " (name \"" + n->get<std::string>() + "\")";
        error_ += ": field \"" + std::string(field) + "\": " + std::string(expectation);
    }

    const json *get(const char *key) {
        if (failed()) return nullptr;
        auto it = rec_.find(key);
        if (it == rec_.end() || it->is_null()) return nullptr;
        return &*it;
    }

    void wrong_type(const char *key, const char *expected, const json &v) {
        fail(key, std::string("expected ") + expected + ", got " + json_type(v) + " " + short_dump(v));
    }

    Sym text(const char *key, bool required = false) {
        const json *v = get(key);
        if (!v) {
            if (required) fail(key, "required, missing");
            return 0;
        }
        if (!v->is_string()) {
            wrong_type(key, "a string", *v);
            return 0;
        }
        const std::string &s = v->get_ref<const std::string &>();
        if (required && s.empty()) fail(key, "required, empty");
        return part_.sym(s);
    }

    double number(const char *key, bool required = false) {
        const json *v = get(key);
        if (!v) {
            if (required) fail(key, "required, missing");
            return core::kNaN;
        }
        if (!v->is_number()) {
            wrong_type(key, "a number", *v);
            return core::kNaN;
        }
        return v->get<double>();
    }

    double fraction(const char *key) {
        double p = number(key);
        if (core::has(p) && (p < 0 || p > 1))
            fail(key, "expected a probability from 0 to 1, got " + short_dump(rec_[key]));
        return p;
    }

    Day day(const char *key, bool required = false) {
        const json *v = get(key);
        if (!v) {
            if (required) fail(key, "required, missing");
            return kNoDay;
        }
        if (!v->is_string()) {
            wrong_type(key, "a date \"YYYY-MM-DD\" or ISO 8601 string", *v);
            return kNoDay;
        }
        auto d = core::parse_date(v->get_ref<const std::string &>());
        if (!d) {
            fail(key, "expected a date \"YYYY-MM-DD\" or ISO 8601, got " + short_dump(*v));
            return kNoDay;
        }
        return *d;
    }

    // "YYYY-MM" (or any date: its month)
    core::Month month(const char *key) {
        const json *v = get(key);
        if (!v) {
            fail(key, "required, missing");
            return core::kNoMonth;
        }
        if (v->is_string()) {
            const std::string &s = v->get_ref<const std::string &>();
            auto d = core::parse_date(s.size() == 7 ? s + "-01" : s);
            if (d) return core::month_of(*d);
        }
        fail(key, "expected a month \"YYYY-MM\", got " + short_dump(*v));
        return core::kNoMonth;
    }

    bool boolean(const char *key) {
        const json *v = get(key);
        if (!v) return false;
        if (!v->is_boolean()) {
            wrong_type(key, "true or false", *v);
            return false;
        }
        return v->get<bool>();
    }

    template <class Enum, class NameOf> Enum choice(const char *key, int count, NameOf name, Enum fallback) {
        const json *v = get(key);
        if (!v) return fallback;
        Enum out = fallback;
        if (!v->is_string() || !enum_from(v->get_ref<const std::string &>(), count, name, out))
            fail(key, "expected one of " + allowed_list<Enum>(count, name) + ", got " + short_dump(*v));
        return out;
    }

    core::System system() { return choice("system", 9, sys_name, core::System::canonical); }

    // Keys outside `known` go to the report's fields_ignored as "<entity>.<key>".
    void note_unknown(std::initializer_list<const char *> known, const char *entity, std::set<std::string> &ignored) {
        for (auto it = rec_.begin(); it != rec_.end(); ++it) {
            bool found = std::any_of(known.begin(), known.end(), [&](const char *k) { return it.key() == k; });
            if (!found) ignored.insert(std::string(entity) + "." + it.key());
        }
    }

private:
    const json &rec_;
    core::Dataset &part_;
    std::string where_;
    std::string error_;
};

// [SECTION] Records ----------------------------------------------------------------------------------------------

enum class Section { none, leads, deals, accounts, subscriptions, marketing_spend, traffic, tools, targets };
constexpr const char *kSectionNames[] = {"",        "leads", "deals",  "accounts", "subscriptions", "marketing_spend",
                                         "traffic", "tools", "targets"};

Section section_of(std::string_view key) {
    for (int i = 1; i < 9; ++i)
        if (key == kSectionNames[i]) return static_cast<Section>(i);
    return Section::none;
}

constexpr const char *kStageKeys[core::kLifecycleStages] = {"lead_at",        "mql_at",      "sql_at",
                                                            "opportunity_at", "customer_at", "evangelist_at"};

std::string read_lead(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Lead r;
    r.id = f.text("id", true);
    r.system = f.system();
    r.created_at = f.day("created_at");
    r.source = f.text("source");
    r.owner = f.text("owner");
    r.account_id = f.text("account_id");
    for (int s = 0; s < core::kLifecycleStages; ++s)
        r.stage_at[s] = f.day(kStageKeys[s]);
    r.disqualified_at = f.day("disqualified_at");
    r.status = f.text("status");
    r.email_domain = f.text("email_domain");
    if (f.failed()) return f.error();
    f.note_unknown({"id", "system", "created_at", "source", "owner", "account_id", "lead_at", "mql_at", "sql_at",
                    "opportunity_at", "customer_at", "evangelist_at", "disqualified_at", "status", "email_domain"},
                   "leads", ignored);
    part.leads.push_back(r);
    return {};
}

std::string read_deal(Fields &f, const json &rec, const std::string &where, core::Dataset &part,
                      std::set<std::string> &ignored) {
    core::Deal r;
    r.id = f.text("id", true);
    r.system = f.system();
    r.name = f.text("name");
    r.account_id = f.text("account_id");
    r.owner = f.text("owner");
    r.source = f.text("source");
    r.pipeline = f.text("pipeline");
    r.stage_id = f.text("stage_id");
    r.stage = f.text("stage");
    r.state = f.choice("state", 3, state_name, core::DealState::open);
    r.type = f.choice("type", 4, type_name, core::DealType::unknown);
    r.forecast_category = f.choice("forecast_category", 6, fc_name, core::ForecastCategory::none);
    r.amount = f.number("amount");
    r.amount_home = f.number("amount_home");
    r.currency = f.text("currency");
    r.created_at = f.day("created_at");
    r.closed_at = f.day("closed_at");
    r.expected_close = f.day("expected_close");
    r.probability = f.fraction("probability");
    r.stage_probability = f.fraction("stage_probability");
    if (f.failed()) return f.error();
    if (auto it = rec.find("stage_history"); it != rec.end() && !it->is_null()) {
        if (!it->is_array()) {
            f.wrong_type("stage_history", "an array of {stage, entered_at, exited_at}", *it);
            return f.error();
        }
        r.history_begin = static_cast<uint32_t>(part.stage_history.size());
        for (size_t i = 0; i < it->size(); ++i) {
            const json &e = (*it)[i];
            std::string at = where + ".stage_history[" + std::to_string(i) + "]";
            if (!e.is_object()) return at + ": expected an object {stage, entered_at, exited_at}, got " + json_type(e);
            Fields ef(e, part, at);
            core::StageEntry s;
            s.stage = ef.text("stage", true);
            s.entered_at = ef.day("entered_at");
            s.exited_at = ef.day("exited_at");
            if (ef.failed()) return ef.error();
            ef.note_unknown({"stage", "entered_at", "exited_at"}, "deals.stage_history", ignored);
            part.stage_history.push_back(s);
        }
        r.history_count = static_cast<uint32_t>(it->size());
    }
    f.note_unknown({"id",           "system",         "name",        "account_id",
                    "owner",        "source",         "pipeline",    "stage_id",
                    "stage",        "state",          "type",        "forecast_category",
                    "amount",       "amount_home",    "currency",    "created_at",
                    "closed_at",    "expected_close", "probability", "stage_probability",
                    "stage_history"},
                   "deals", ignored);
    part.deals.push_back(r);
    return {};
}

std::string read_account(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Account r;
    r.id = f.text("id", true);
    r.system = f.system();
    r.name = f.text("name");
    r.domain = f.text("domain");
    r.created_at = f.day("created_at");
    r.customer_since = f.day("customer_since");
    r.segment = f.text("segment");
    r.industry = f.text("industry");
    r.employees = f.number("employees");
    r.source = f.text("source");
    r.crm_account = f.text("crm_account");
    if (f.failed()) return f.error();
    f.note_unknown({"id", "system", "name", "domain", "created_at", "customer_since", "segment", "industry",
                    "employees", "source", "crm_account"},
                   "accounts", ignored);
    part.accounts.push_back(r);
    return {};
}

std::string read_subscription(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Subscription r;
    r.id = f.text("id", true);
    r.system = f.system();
    r.account_id = f.text("account_id", true);
    r.status = f.choice("status", 8, status_name, core::SubStatus::active);
    r.started_at = f.day("started_at");
    r.trial_end = f.day("trial_end");
    r.ended_at = f.day("ended_at");
    r.canceled_at = f.day("canceled_at");
    r.cancel_at = f.day("cancel_at");
    r.cancel_at_period_end = f.boolean("cancel_at_period_end");
    r.mrr = f.number("mrr");
    r.currency = f.text("currency");
    r.interval = f.text("interval");
    r.plan = f.text("plan");
    if (f.failed()) return f.error();
    f.note_unknown({"id", "system", "account_id", "status", "started_at", "trial_end", "ended_at", "canceled_at",
                    "cancel_at", "cancel_at_period_end", "mrr", "currency", "interval", "plan"},
                   "subscriptions", ignored);
    part.subscriptions.push_back(r);
    return {};
}

std::string read_spend(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::MarketingSpend r;
    r.month = f.month("month");
    r.channel = f.text("channel", true);
    r.amount = f.number("amount", true);
    r.currency = f.text("currency");
    if (f.failed()) return f.error();
    f.note_unknown({"month", "channel", "amount", "currency"}, "marketing_spend", ignored);
    part.spend.push_back(r);
    return {};
}

std::string read_traffic(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Traffic r;
    r.date = f.day("date", true);
    r.channel = f.text("channel", true);
    auto count = [&](const char *key) {
        double v = f.number(key);
        return core::has(v) ? v : 0.0;
    };
    r.sessions = count("sessions");
    r.users = count("users");
    r.conversions = count("conversions");
    if (f.failed()) return f.error();
    f.note_unknown({"date", "channel", "sessions", "users", "conversions"}, "traffic", ignored);
    part.traffic.push_back(r);
    return {};
}

std::string read_tool(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Tool r;
    r.name = f.text("name", true);
    r.category = f.text("category");
    r.monthly_cost = f.number("monthly_cost");
    r.seats = f.number("seats");
    r.owner = f.text("owner");
    if (f.failed()) return f.error();
    if (const json *teams = f.get("teams")) {
        const char *expectation = "expected an array of marketing, sales, success, revops, other";
        if (!teams->is_array()) f.fail("teams", expectation);
        for (const json &t : teams->is_array() ? *teams : json::array()) {
            uint8_t bit = 0;
            for (uint8_t b : kTeamBits)
                if (t.is_string() && t.get_ref<const std::string &>() == team_name(b)) bit = b;
            if (!bit) f.fail("teams", std::string(expectation) + ", got " + short_dump(t));
            r.teams |= bit;
        }
        if (f.failed()) return f.error();
    }
    f.note_unknown({"name", "category", "teams", "monthly_cost", "seats", "owner"}, "tools", ignored);
    part.tools.push_back(r);
    return {};
}

std::string read_target(Fields &f, core::Dataset &part, std::set<std::string> &ignored) {
    core::Target r;
    r.metric = f.text("metric", true);
    r.period = f.choice("period", 3, period_name, core::TargetPeriod::month);
    if (const json *v = f.get("start"); v && v->is_string() && v->get_ref<const std::string &>().size() == 7)
        r.start = core::first_day(f.month("start")); // a bad month has been recorded by f; first_day(kNoMonth) = kNoDay
    else
        r.start = f.day("start", true);
    r.value = f.number("value", true);
    if (f.failed()) return f.error();
    f.note_unknown({"metric", "period", "start", "value"}, "targets", ignored);
    part.targets.push_back(r);
    return {};
}

// [SECTION] SAX --------------------------------------------------------------------------------------------------

// Walks {"revenue_lens":1, "<section>":[{record}, ...], ...}. Records are built as small DOMs and handed to the
// entity readers one by one, so memory stays at one record whatever the file size.
class CanonicalSax {
public:
    CanonicalSax(std::string_view file, core::Dataset &part, ImportReport &report)
        : file_(file), part_(part), report_(report) {}

    bool saw_version = false;
    std::string error;
    std::set<std::string> ignored;
    std::set<std::string> unknown_sections;

    // values
    bool null() { return value(json(nullptr)); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t &) { return value(json(v)); }
    bool string(json::string_t &v) { return value(json(std::move(v))); }
    bool binary(json::binary_t &) { return fail("binary values are not JSON text"); }

    bool key(json::string_t &k) {
        if (skip_depth_) return true;
        if (depth_ == 1) {
            top_key_ = k;
            section_ = section_of(k);
            return true;
        }
        key_ = std::move(k);
        return true;
    }

    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &ex) {
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." -> after the prefix
        if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        // nlohmann counts the offending token as read: report the offset of its last byte (0-based)
        error =
            std::string(file_) + ": byte " + std::to_string(position ? position - 1 : 0) + ": not valid JSON: " + what;
        return false;
    }

private:
    bool fail(std::string msg) {
        if (error.empty()) error = std::string(file_) + ": " + std::move(msg);
        return false;
    }

    std::string record_where() const {
        return std::string(kSectionNames[static_cast<int>(section_)]) + "[" + std::to_string(index_) + "]";
    }

    bool open(bool object) {
        if (skip_depth_) {
            ++skip_depth_;
            return true;
        }
        if (depth_ == 0) {
            if (!object) return fail("expected an object {\"revenue_lens\": 1, ...}, got an array");
            depth_ = 1;
            return true;
        }
        if (depth_ == 1) {
            if (top_key_ == "revenue_lens") return fail("\"revenue_lens\": expected the format version 1");
            if (section_ == Section::none) {
                unknown_sections.insert(top_key_);
                skip_depth_ = 1;
                return true;
            }
            if (object) return fail("\"" + top_key_ + "\": expected an array of records, got an object");
            depth_ = 2;
            index_ = 0;
            return true;
        }
        if (depth_ == 2) {
            if (!object) return fail(record_where() + ": expected a record object, got an array");
            record_ = json::object();
            stack_.assign(1, &record_);
            depth_ = 3;
            return true;
        }
        if (stack_.size() >= kMaxRecordDepth) return fail(record_where() + ": nested too deeply");
        json &child = put(object ? json::object() : json::array());
        stack_.push_back(&child);
        return true;
    }

    bool close() {
        if (skip_depth_) {
            --skip_depth_;
            return true;
        }
        if (depth_ == 3) {
            stack_.pop_back();
            if (!stack_.empty()) return true;
            depth_ = 2;
            bool ok = take_record();
            ++index_;
            return ok;
        }
        if (depth_ == 2) {
            depth_ = 1;
            section_ = Section::none;
            return true;
        }
        if (depth_ == 1) depth_ = 0;
        return true;
    }

    json &put(json &&v) {
        json &top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return top.back();
        }
        json &slot = top[key_];
        slot = std::move(v);
        return slot;
    }

    bool value(json &&v) {
        if (skip_depth_) return true;
        if (depth_ == 0) return fail("expected an object {\"revenue_lens\": 1, ...}, got " + std::string(json_type(v)));
        if (depth_ == 1) {
            if (top_key_ == "revenue_lens") {
                if (!v.is_number_integer() && !v.is_number_unsigned())
                    return fail("\"revenue_lens\": expected the format version 1, got " + short_dump(v));
                if (v.get<int64_t>() != kVersion)
                    return fail("\"revenue_lens\": format version " + short_dump(v) +
                                " is not supported (this build "
                                "reads version 1)");
                saw_version = true;
                return true;
            }
            if (section_ != Section::none) {
                if (v.is_null()) return true; // "deals": null is an empty section
                return fail("\"" + top_key_ + "\": expected an array of records, got " + json_type(v));
            }
            unknown_sections.insert(top_key_);
            return true;
        }
        if (depth_ == 2) {
            ++index_;
            return fail(record_where_at(index_ - 1) + ": expected a record object, got " + json_type(v) + " " +
                        short_dump(v));
        }
        put(std::move(v));
        return true;
    }

    std::string record_where_at(uint64_t i) const {
        return std::string(kSectionNames[static_cast<int>(section_)]) + "[" + std::to_string(i) + "]";
    }

    bool take_record() {
        ++report_.records_read;
        if (record_.empty()) {
            skip("empty record {}", record_where());
            return true;
        }
        std::string where = record_where();
        Fields f(record_, part_, where);
        std::string problem;
        switch (section_) {
        case Section::leads:
            problem = read_lead(f, part_, ignored);
            break;
        case Section::deals:
            problem = read_deal(f, record_, where, part_, ignored);
            break;
        case Section::accounts:
            problem = read_account(f, part_, ignored);
            break;
        case Section::subscriptions:
            problem = read_subscription(f, part_, ignored);
            break;
        case Section::marketing_spend:
            problem = read_spend(f, part_, ignored);
            break;
        case Section::traffic:
            problem = read_traffic(f, part_, ignored);
            break;
        case Section::tools:
            problem = read_tool(f, part_, ignored);
            break;
        case Section::targets:
            problem = read_target(f, part_, ignored);
            break;
        case Section::none:
            break;
        }
        if (!problem.empty()) return fail(problem);
        ++report_.records_used;
        return true;
    }

    void skip(const std::string &reason, const std::string &example) {
        for (auto &s : report_.skipped)
            if (s.reason == reason) {
                ++s.count;
                return;
            }
        report_.skipped.push_back({reason, example, 1});
    }

    std::string_view file_;
    core::Dataset &part_;
    ImportReport &report_;
    int depth_ = 0;      // 0 outside, 1 in the top object, 2 in a section array, 3 in a record
    int skip_depth_ = 0; // > 0 while skipping the value of an unknown top-level key
    std::string top_key_;
    Section section_ = Section::none;
    uint64_t index_ = 0;
    std::string key_;
    json record_;
    std::vector<json *> stack_;
};

} // namespace

// [SECTION] Reader entry point -----------------------------------------------------------------------------------

bool looks_canonical(const nlohmann::json &root_or_first_keys) {
    return root_or_first_keys.is_object() && root_or_first_keys.contains("revenue_lens");
}

bool read_canonical(std::string_view name, std::span<const uint8_t> bytes, core::Dataset &part, ImportReport &report) {
    MemorySource source(bytes);
    Reader in(source);
    return read_canonical(name, in, bytes.size(), part, report);
}

// From a Reader (import/stream.h) at the start of the file: its fixed-size buffer, never the whole file.
bool read_canonical(std::string_view name, Reader &in, uint64_t bytes, core::Dataset &part, ImportReport &report) {
    report.file = std::string(name);
    report.bytes = bytes;
    if (report.format.empty()) report.format = "canonical";
    CanonicalSax sax(name, part, report);
    bool parsed = false;
    try {
        parsed = json::sax_parse(in.begin(), in.end(), &sax);
    } catch (const std::bad_alloc &) {
        throw; // out of memory: import::load rolls the file back
    } catch (const std::exception &e) { // nlohmann may still throw; keep it inside the module
        if (sax.error.empty()) sax.error = std::string(name) + ": " + e.what();
        parsed = false;
    }
    if (parsed && !sax.saw_version)
        sax.error = std::string(name) + ": missing \"revenue_lens\": 1 (the key that marks a Revenue Lens file)";
    if (!sax.error.empty() || !parsed) {
        report.ok = false;
        report.error = sax.error.empty() ? std::string(name) + ": could not be read" : sax.error;
        part.leads.clear();
        part.deals.clear();
        part.stage_history.clear();
        part.accounts.clear();
        part.subscriptions.clear();
        part.spend.clear();
        part.traffic.clear();
        part.tools.clear();
        part.targets.clear();
        return false;
    }
    for (const std::string &s : sax.unknown_sections)
        report.warnings.push_back("unknown top-level key \"" + s + "\" ignored");
    report.fields_ignored.assign(sax.ignored.begin(), sax.ignored.end());
    report.ok = true;
    if (!part.files.empty()) {
        core::FileInfo &f = part.files.front();
        f.records_read = report.records_read;
        f.records_used = report.records_used;
        f.skipped = report.skipped;
        if (f.format.empty()) f.format = report.format;
        if (f.bytes == 0) f.bytes = report.bytes;
    }
    return true;
}

// [SECTION] Writer -----------------------------------------------------------------------------------------------

namespace {

// Appends one record's fields; missing values (NaN, kNoDay, Sym 0) are left out, which reads back as missing.
class RecordWriter {
public:
    explicit RecordWriter(std::string &out, const core::Dataset &ds) : out_(out), ds_(ds) { out_ += '{'; }
    void finish() { out_ += '}'; }

    void text(const char *key, Sym s) {
        if (s) raw_text(key, ds_.str(s));
    }
    void raw_text(const char *key, std::string_view s) {
        name(key);
        quote(out_, s);
    }
    void number(const char *key, double v) {
        if (!core::has(v) || std::isinf(v)) return;
        name(key);
        append_number(out_, v);
    }
    void day(const char *key, Day d) {
        if (!core::has(d)) return;
        name(key);
        out_ += '"';
        out_ += core::day_label(d);
        out_ += '"';
    }
    void boolean(const char *key, bool b) {
        name(key);
        out_ += b ? "true" : "false";
    }
    void name(const char *key) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += key;
        out_ += "\":";
    }
    void system(core::System s) {
        if (s != core::System::canonical) raw_text("system", core::system_name(s));
    }

    static void append_number(std::string &out, double v) {
        core::append_double(out, v); // shortest text that reads back to the same double
    }

    // JSON string with invalid UTF-8 replaced by U+FFFD, so the file always parses (nlohmann rejects bad UTF-8).
    static void quote(std::string &out, std::string_view s) {
        out += '"';
        size_t i = 0;
        while (i < s.size()) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    out += '\\';
                    out += static_cast<char>(c);
                } else if (c < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    switch (c) {
                    case '\n':
                        out += "\\n";
                        break;
                    case '\r':
                        out += "\\r";
                        break;
                    case '\t':
                        out += "\\t";
                        break;
                    default:
                        out += "\\u00";
                        out += hex[c >> 4];
                        out += hex[c & 15];
                    }
                } else {
                    out += static_cast<char>(c);
                }
                ++i;
                continue;
            }
            size_t n = utf8_length(s, i);
            if (n == 0) {
                out += "\xEF\xBF\xBD";
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
        }
        out += '"';
    }

    // Length of the valid UTF-8 sequence starting at s[i], 0 when invalid (overlongs and surrogates included).
    static size_t utf8_length(std::string_view s, size_t i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        if (n == 0 || i + n > s.size()) return 0;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
        unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        if (c == 0xE0 && c1 < 0xA0) return 0;
        if (c == 0xED && c1 >= 0xA0) return 0;
        if (c == 0xF0 && c1 < 0x90) return 0;
        if (c == 0xF4 && c1 >= 0x90) return 0;
        return n;
    }

private:
    std::string &out_;
    const core::Dataset &ds_;
    bool first_ = true;
};

template <class Row, class WriteOne>
void write_section(std::string &out, const char *name, const std::vector<Row> &rows, WriteOne one) {
    if (rows.empty()) return;
    out += ",\n\"";
    out += name;
    out += "\":[";
    bool first = true;
    for (const Row &r : rows) {
        out += first ? "\n" : ",\n";
        first = false;
        one(r);
    }
    out += "\n]";
}

} // namespace

std::string write_canonical(const core::Dataset &ds) {
    std::string out;
    out.reserve(64 + ds.leads.size() * 160 + ds.deals.size() * 420 + ds.subscriptions.size() * 200);
    out += "{\"revenue_lens\":1";
    write_section(out, "leads", ds.leads, [&](const core::Lead &r) {
        RecordWriter w(out, ds);
        w.text("id", r.id);
        w.system(r.system);
        w.day("created_at", r.created_at);
        w.text("source", r.source);
        w.text("owner", r.owner);
        w.text("account_id", r.account_id);
        for (int s = 0; s < core::kLifecycleStages; ++s)
            w.day(kStageKeys[s], r.stage_at[s]);
        w.day("disqualified_at", r.disqualified_at);
        w.text("status", r.status);
        w.text("email_domain", r.email_domain);
        w.finish();
    });
    write_section(out, "deals", ds.deals, [&](const core::Deal &r) {
        RecordWriter w(out, ds);
        w.text("id", r.id);
        w.system(r.system);
        w.text("name", r.name);
        w.text("account_id", r.account_id);
        w.text("owner", r.owner);
        w.text("source", r.source);
        w.text("pipeline", r.pipeline);
        w.text("stage_id", r.stage_id);
        w.text("stage", r.stage);
        w.raw_text("state", core::deal_state_name(r.state));
        w.raw_text("type", core::deal_type_name(r.type));
        if (r.forecast_category != core::ForecastCategory::none)
            w.raw_text("forecast_category", core::forecast_category_name(r.forecast_category));
        w.number("amount", r.amount);
        w.number("amount_home", r.amount_home);
        w.text("currency", r.currency);
        w.day("created_at", r.created_at);
        w.day("closed_at", r.closed_at);
        w.day("expected_close", r.expected_close);
        w.number("probability", r.probability);
        w.number("stage_probability", r.stage_probability);
        if (r.history_count && size_t(r.history_begin) + r.history_count <= ds.stage_history.size()) {
            w.name("stage_history");
            out += '[';
            for (uint32_t i = 0; i < r.history_count; ++i) {
                if (i) out += ',';
                const core::StageEntry &e = ds.stage_history[r.history_begin + i];
                RecordWriter h(out, ds);
                h.raw_text("stage", ds.str(e.stage));
                h.day("entered_at", e.entered_at);
                h.day("exited_at", e.exited_at);
                h.finish();
            }
            out += ']';
        }
        w.finish();
    });
    write_section(out, "accounts", ds.accounts, [&](const core::Account &r) {
        RecordWriter w(out, ds);
        w.text("id", r.id);
        w.system(r.system);
        w.text("name", r.name);
        w.text("domain", r.domain);
        w.day("created_at", r.created_at);
        w.day("customer_since", r.customer_since);
        w.text("segment", r.segment);
        w.text("industry", r.industry);
        w.number("employees", r.employees);
        w.text("source", r.source);
        w.text("crm_account", r.crm_account);
        w.finish();
    });
    write_section(out, "subscriptions", ds.subscriptions, [&](const core::Subscription &r) {
        RecordWriter w(out, ds);
        w.text("id", r.id);
        w.system(r.system);
        w.text("account_id", r.account_id);
        w.raw_text("status", core::sub_status_name(r.status));
        w.day("started_at", r.started_at);
        w.day("trial_end", r.trial_end);
        w.day("ended_at", r.ended_at);
        w.day("canceled_at", r.canceled_at);
        w.day("cancel_at", r.cancel_at);
        if (r.cancel_at_period_end) w.boolean("cancel_at_period_end", true);
        w.number("mrr", r.mrr);
        w.text("currency", r.currency);
        w.text("interval", r.interval);
        w.text("plan", r.plan);
        w.finish();
    });
    write_section(out, "marketing_spend", ds.spend, [&](const core::MarketingSpend &r) {
        RecordWriter w(out, ds);
        w.raw_text("month", core::has(r.month) ? core::month_label(r.month) : std::string());
        w.text("channel", r.channel);
        w.number("amount", r.amount);
        w.text("currency", r.currency);
        w.finish();
    });
    write_section(out, "traffic", ds.traffic, [&](const core::Traffic &r) {
        RecordWriter w(out, ds);
        w.day("date", r.date);
        w.text("channel", r.channel);
        w.number("sessions", r.sessions);
        w.number("users", r.users);
        w.number("conversions", r.conversions);
        w.finish();
    });
    write_section(out, "tools", ds.tools, [&](const core::Tool &r) {
        RecordWriter w(out, ds);
        w.text("name", r.name);
        w.text("category", r.category);
        w.name("teams");
        out += '[';
        bool first = true;
        for (uint8_t b : kTeamBits)
            if (r.teams & b) {
                if (!first) out += ',';
                first = false;
                out += '"';
                out += team_name(b);
                out += '"';
            }
        out += ']';
        w.number("monthly_cost", r.monthly_cost);
        w.number("seats", r.seats);
        w.text("owner", r.owner);
        w.finish();
    });
    write_section(out, "targets", ds.targets, [&](const core::Target &r) {
        RecordWriter w(out, ds);
        w.text("metric", r.metric);
        w.raw_text("period", period_name(r.period));
        w.day("start", r.start);
        w.number("value", r.value);
        w.finish();
    });
    out += "\n}\n";
    return out;
}

} // namespace import
