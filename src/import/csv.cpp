// CSV report exports of HubSpot and Salesforce deals: RFC 4180 quoting, UTF-8 (BOM or not), comma or semicolon.
// Columns are human labels ("Deal Name", "Opportunity Name"); each row becomes a JSON object and is mapped like one.
// Rows are read one at a time from a Reader: memory holds the header line and one row, never the file.
//
// [SECTION] RFC 4180 reader
// [SECTION] Labels -> deal fields
// [SECTION] read_csv
#include "import/mapping.h"
#include "import/stream.h"

#include <algorithm>
#include <cctype>

namespace import {

namespace {

// [SECTION] RFC 4180 reader ------------------------------------------------------------------------------------------
// Next row from the reader; false at the end. `error` is set for an unterminated quote (offsets from `origin`).
bool next_row(Reader& in, uint64_t origin, char sep, std::vector<std::string>& row, std::string& error) {
    row.clear();
    if (in.peek() < 0) return false;
    std::string cell;
    bool quoted = false, was_quoted = false;
    const uint64_t start = in.offset() - origin;
    for (int b = in.get(); b >= 0; b = in.get()) {
        const char c = static_cast<char>(b);
        if (quoted) {
            if (c == '"' && in.peek() == '"') { cell += '"'; in.skip(1); }
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"' && cell.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == sep) {
            row.push_back(std::move(cell));
            cell.clear();
            was_quoted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && in.peek() == '\n') in.skip(1);
            break;
        } else {
            cell += c;
        }
    }
    if (quoted) {
        error = "unterminated quoted cell in the row starting at byte " + std::to_string(start);
        return false;
    }
    row.push_back(std::move(cell));
    return true;
}

// From the first line (looked at ahead, not consumed).
char separator_of(Reader& in) {
    size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (size_t k = 0;; ++k) {
        const int c = in.peek(k);
        if (c < 0 || c == '\n') break;
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == ';') ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

// [SECTION] Labels -> deal fields ------------------------------------------------------------------------------------
enum class Field { id, name, amount, close, stage, created, owner, pipeline, type, source, probability, currency,
                   account, forecast };

const std::map<std::string, Field, std::less<>>& labels() {
    static const std::map<std::string, Field, std::less<>> k = {
        {"record id", Field::id}, {"deal id", Field::id}, {"opportunity id", Field::id}, {"id", Field::id},
        {"deal name", Field::name}, {"opportunity name", Field::name}, {"amount", Field::amount},
        {"close date", Field::close}, {"deal stage", Field::stage}, {"stage", Field::stage},
        {"create date", Field::created}, {"created date", Field::created}, {"deal owner", Field::owner},
        {"opportunity owner", Field::owner}, {"owner", Field::owner}, {"pipeline", Field::pipeline},
        {"deal type", Field::type}, {"type", Field::type}, {"lead source", Field::source},
        {"original source", Field::source}, {"original source type", Field::source}, {"probability (%)",
        Field::probability}, {"deal probability", Field::probability}, {"currency", Field::currency},
        {"opportunity currency", Field::currency}, {"account name", Field::account},
        {"associated company", Field::account}, {"forecast category", Field::forecast}};
    return k;
}

// "1/31/2024" (US locale exports) and "31.01.2024" besides what parse_date knows.
std::optional<core::Day> csv_date(std::string_view s) {
    if (auto d = core::parse_date(s)) return d;
    if (auto space = s.find(' '); space != std::string_view::npos) {
        if (auto d = core::parse_date(s.substr(0, space))) return d;
        s = s.substr(0, space);
    }
    char sep = s.find('/') != std::string_view::npos ? '/' : s.find('.') != std::string_view::npos ? '.' : 0;
    if (!sep) return std::nullopt;
    int a = 0, b = 0, y = 0;
    if (std::sscanf(std::string(s).c_str(), sep == '/' ? "%d/%d/%d" : "%d.%d.%d", &a, &b, &y) != 3) return std::nullopt;
    int m = sep == '/' ? a : b, d = sep == '/' ? b : a;
    if (y < 100) y += 2000;
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    char iso[40];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return core::parse_date(iso);
}

// "$1,234.50", "1.234,50 €" (semicolon files use decimal commas), "12%"
std::optional<double> csv_number(std::string s, char sep) {
    std::erase_if(s, [](char c) { return !(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',' ||
                                           c == '-'); });
    if (s.empty()) return std::nullopt;
    size_t dot = s.rfind('.'), comma = s.rfind(',');
    bool decimal_comma = comma != std::string::npos && (dot == std::string::npos ? sep == ';' : comma > dot);
    std::erase(s, decimal_comma ? '.' : ',');
    if (decimal_comma) std::replace(s.begin(), s.end(), ',', '.');
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
    return v;
}

} // namespace

// The first line (from byte `from`, looked at ahead) has a separator or names a deal column. Stops at the first
// separator: a long first line that is not CSV is not buffered beyond it.
bool looks_csv(Reader& in, size_t from) {
    std::string tail; // the last bytes, in lower case: enough for the longest label
    for (size_t k = from;; ++k) {
        const int c = in.peek(k);
        if (c < 0 || c == '\n') return false;
        if (c == ',' || c == ';') return true;
        tail += static_cast<char>(std::tolower(c));
        if (tail.size() > 16) tail.erase(0, 1);
        const std::string_view t = tail;
        if (t.ends_with("deal name") || t.ends_with("opportunity name") || t.ends_with("deal stage")) return true;
    }
}

bool looks_csv(std::string_view text) {
    MemorySource source({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
    Reader in(source);
    return looks_csv(in, 0);
}

bool read_csv(std::string_view text, Context& cx) {
    MemorySource source({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
    Reader in(source);
    return read_csv(in, cx);
}

// [SECTION] read_csv -------------------------------------------------------------------------------------------------
bool read_csv(Reader& in, Context& cx) {
    ImportReport& r = cx.report;
    const uint64_t origin = in.offset();
    const char sep = separator_of(in);
    std::vector<std::string> header, row;
    std::string error;
    if (!next_row(in, origin, sep, header, error)) {
        r.error = error.empty() ? "the file is empty" : error;
        return false;
    }
    std::vector<std::optional<Field>> columns;
    bool salesforce = false, named = false;
    for (auto& h : header) {
        std::string label = lower(h);
        while (!label.empty() && label.back() == ' ') label.pop_back();
        auto it = labels().find(label);
        columns.push_back(it == labels().end() ? std::nullopt : std::optional(it->second));
        if (it == labels().end()) cx.ignored.insert(h);
        salesforce |= label == "opportunity name";
        named |= label == "opportunity name" || label == "deal name";
    }
    if (!named) {
        r.error = "a CSV file without a \"Deal Name\" or \"Opportunity Name\" column: expected a HubSpot or "
                  "Salesforce deals report export";
        return false;
    }
    const core::System system = salesforce ? core::System::salesforce : core::System::hubspot;
    r.format = salesforce ? "csv.salesforce.opportunities" : "csv.hubspot.deals";
    r.detected_because = std::string("CSV (") + (sep == ';' ? "semicolon" : "comma") + "-separated) with a \"" +
                         (salesforce ? "Opportunity Name" : "Deal Name") + "\" column";
    size_t line = 1;
    while (next_row(in, origin, sep, row, error)) {
        ++line;
        if (row.size() == 1 && row[0].empty()) continue;
        ++r.records_read;
        core::Deal d;
        d.system = system;
        std::string id, stage, when;
        core::Day close = core::kNoDay;
        for (size_t i = 0; i < row.size() && i < columns.size(); ++i) {
            if (!columns[i] || row[i].empty()) continue;
            const std::string& v = row[i];
            auto day = [&](core::Day& out) {
                if (auto d = csv_date(v)) out = *d;
                else if (cx.problem.empty()) cx.problem = "column " + header[i] + ": expected a date, got \"" + v + "\"";
            };
            switch (*columns[i]) {
            case Field::id: id = v; break;
            case Field::name: d.name = cx.sym(v); break;
            case Field::amount:
                if (auto n = csv_number(v, sep)) d.amount = *n;
                else if (cx.problem.empty()) cx.problem = "column " + header[i] + ": expected a number, got \"" + v + "\"";
                break;
            case Field::close: day(close); break;
            case Field::created: day(d.created_at); break;
            case Field::stage: stage = v; break;
            case Field::owner: d.owner = cx.sym(v); break;
            case Field::pipeline: d.pipeline = cx.sym(v); break;
            case Field::type: d.type = deal_type_from(v); break;
            case Field::source: d.source = cx.sym(v); break;
            case Field::probability:
                if (auto n = csv_number(v, sep)) d.probability = *n > 1 ? *n / 100 : *n;
                break;
            case Field::currency: d.currency = cx.sym(upper(v)); break;
            case Field::account: d.account_id = cx.sym(v); break;
            case Field::forecast: d.forecast_category = forecast_category_from(v); break;
            }
        }
        d.id = cx.sym(id);
        d.stage_id = d.stage = cx.sym(stage);
        if (auto s = state_from_stage_name(stage)) d.state = *s;
        (d.state == core::DealState::open ? d.expected_close : d.closed_at) = close;
        if (cx.done(id.empty() ? "line " + std::to_string(line) : id)) cx.part.deals.push_back(d);
    }
    if (!error.empty()) {
        r.error = error;
        return false;
    }
    if (r.records_read == 0) {
        r.error = "the CSV file has a header and no rows: expected at least one exported deal";
        return false;
    }
    return true;
}

} // namespace import
