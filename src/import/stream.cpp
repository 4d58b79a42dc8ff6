// Streaming records with nlohmann's SAX interface: only one record (and the small envelope) is ever a DOM.
//
// [SECTION] Frames: where the parser is (a document object, a records array, a root array of pages)
// [SECTION] RecordSax: SAX events -> records
// [SECTION] stream_records: BOM, UTF-16, empty files, newline-delimited files
#include "import/stream.h"

#include <algorithm>

namespace import {

namespace {

// [SECTION] Frames ---------------------------------------------------------------------------------------------------
bool is_container_key(std::string_view k) {
    return k == "results" || k == "records" || k == "data" || k == "deals" || k == "rows";
}

const char* type_name(json::value_t t) {
    switch (t) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    default: return "a number";
    }
}

// A Doc is an object that is either an envelope (it holds a records array) or, if none shows up, a single record:
// its other values are built as they come, so at its end it is whichever it turned out to be.
enum class Frame : uint8_t { doc, result_doc, records, root_array };

struct FrameState {
    explicit FrameState(Frame k) : kind(k) {}
    Frame kind;
    json dom = json::object();
    std::string key;        // pending key (docs)
    bool saw_records = false;
    std::string container;  // records arrays: their key
};

// [SECTION] RecordSax ------------------------------------------------------------------------------------------------
class RecordSax {
public:
    RecordSax(const std::function<bool(json&, const Probe&)>& on_record,
              const std::function<bool(std::string_view)>& wanted, StreamResult& out)
        : on_record_(on_record), wanted_(wanted), out_(out) {}

    std::string error;     // set when the handler itself stops the parse
    size_t error_pos = 0;
    bool parse_failed = false;
    bool too_deep = false; // SAX events carry no position: parse_one finds the offending bracket's offset itself

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(json::number_integer_t v) { return scalar(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
    bool number_float(json::number_float_t v, const std::string&) { return scalar(json(v)); }
    bool string(std::string& v) { return scalar(json(std::move(v))); }
    bool binary(json::binary_t&) { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }

    bool key(std::string& k) {
        if (skip_depth_ > 0) return true;
        if (building_) {
            // Record-level keys a mapper does not read are not built (invoice lines, notes, custom fields).
            if (stack_.size() == 1 && target_ == Target::record && !wanted_(k)) {
                skip_next_ = true;
                return true;
            }
            key_ = std::move(k);
            return true;
        }
        FrameState& top = frames_.back();
        if (frames_.size() == 1 && k == "revenue_lens") {
            out_.canonical = true;
            return false; // canonical.cpp reads it from the start
        }
        top.key = std::move(k);
        return true;
    }

    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
        parse_failed = true;
        error_pos = pos > 0 ? pos - 1 : 0; // nlohmann counts bytes read; we report the offending byte's offset
        std::string what = ex.what();
        if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
        error = what;
        return false;
    }

    bool finished_cleanly() const { return frames_.empty() && !building_ && !stopped_; }

private:
    enum class Target : uint8_t { record, doc_value };

    bool fail(std::string message) {
        error = std::move(message);
        return false;
    }

    bool deeper() {
        if (++depth_ > kMaxDepth) {
            too_deep = true;
            return fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels (record #" +
                        std::to_string(records_ + 1) + "): expected an export of flat records");
        }
        return true;
    }

    // A value starts in a records array, a doc or a root array: decide what it is.
    bool open(json::value_t type) {
        if (!deeper()) return false;
        if (skip_depth_ > 0) { ++skip_depth_; return true; }
        if (skip_next_) { skip_next_ = false; skip_depth_ = 1; return true; }
        if (building_) return build_open(type);
        if (frames_.empty()) {
            frames_.emplace_back(type == json::value_t::object ? Frame::doc : Frame::root_array);
            return true;
        }
        FrameState& top = frames_.back();
        switch (top.kind) {
        case Frame::records:
            if (type == json::value_t::object) return begin_build(Target::record, type);
            return begin_build(Target::doc_value, type); // a non-record, built only to be counted and dropped
        case Frame::root_array:
            if (type == json::value_t::object) { frames_.emplace_back(Frame::doc); return true; }
            return begin_build(Target::doc_value, type);
        case Frame::doc:
        case Frame::result_doc: {
            bool outer = frames_.size() == 1 || frames_[frames_.size() - 2].kind == Frame::root_array ||
                         top.kind == Frame::result_doc;
            if (outer && type == json::value_t::array && is_container_key(top.key)) {
                top.saw_records = true;
                std::string container = top.key; // emplace_back may move the frames: `top` dangles after it
                frames_.emplace_back(Frame::records);
                frames_.back().container = std::move(container);
                return true;
            }
            if (frames_.size() == 1 && top.key == "result" && type == json::value_t::object) {
                frames_.emplace_back(Frame::result_doc);
                return true;
            }
            return begin_build(Target::doc_value, type);
        }
        }
        return true;
    }

    bool begin_build(Target t, json::value_t type) {
        building_ = true;
        target_ = t;
        built_ = json(type);
        stack_.assign(1, &built_);
        return true;
    }

    bool build_open(json::value_t type) {
        json* parent = stack_.back();
        json* child = nullptr;
        if (parent->is_array()) {
            parent->push_back(json(type));
            child = &parent->back();
        } else {
            child = &((*parent)[key_] = json(type));
        }
        stack_.push_back(child);
        return true;
    }

    bool scalar(json v) {
        if (skip_depth_ > 0) return true;
        if (skip_next_) { skip_next_ = false; return true; }
        if (building_) {
            json* parent = stack_.back();
            if (parent->is_array()) parent->push_back(std::move(v));
            else (*parent)[key_] = std::move(v);
            return true;
        }
        if (frames_.empty()) return fail(std::string("the file is ") + type_name(v.type()) +
                                         ", expected a JSON object or array of exported records");
        FrameState& top = frames_.back();
        if (top.kind == Frame::records || top.kind == Frame::root_array) return not_a_record(v.type());
        top.dom[top.key] = std::move(v);
        return true;
    }

    bool not_a_record(json::value_t t) {
        ++records_;
        if (out_.not_objects++ == 0)
            out_.first_not_object = "record #" + std::to_string(records_) + " is " + type_name(t);
        return true;
    }

    bool close() {
        --depth_;
        if (skip_depth_ > 0) { --skip_depth_; return true; }
        if (building_) {
            stack_.pop_back();
            if (!stack_.empty()) return true;
            building_ = false;
            FrameState& top = frames_.back();
            if (target_ == Target::record) return emit(std::move(built_), top.container);
            if (top.kind == Frame::records || top.kind == Frame::root_array) return not_a_record(built_.type());
            top.dom[top.key] = std::move(built_);
            return true;
        }
        FrameState done = std::move(frames_.back());
        frames_.pop_back();
        if (done.kind == Frame::records) return true;
        if (done.kind == Frame::root_array) return true;
        if (done.kind == Frame::result_doc) {
            frames_.back().saw_records |= done.saw_records;
            if (done.saw_records) keep_envelope(done.dom);
            else frames_.back().dom["result"] = std::move(done.dom);
            return true;
        }
        if (done.saw_records) {
            keep_envelope(done.dom);
            return true;
        }
        if (!frames_.empty() && frames_.back().kind == Frame::records) return true; // unreachable: records build
        return emit(std::move(done.dom), "");
    }

    void keep_envelope(json& dom) {
        for (auto& [k, v] : dom.items()) out_.envelope[k] = std::move(v);
    }

    bool emit(json rec, const std::string& container) {
        ++records_;
        Probe p;
        const json* env = &out_.envelope;
        for (auto it = frames_.rbegin(); it != frames_.rend(); ++it)
            if (it->kind == Frame::doc || it->kind == Frame::result_doc) { env = &it->dom; break; }
        p.envelope = env;
        p.container = container;
        p.first = &rec;
        stopped_ = !on_record_(rec, p);
        return !stopped_;
    }

    const std::function<bool(json&, const Probe&)>& on_record_;
    const std::function<bool(std::string_view)>& wanted_;
    StreamResult& out_;
    std::vector<FrameState> frames_;
    bool building_ = false;
    Target target_ = Target::record;
    json built_;
    std::vector<json*> stack_;
    std::string key_;
    int depth_ = 0;
    int skip_depth_ = 0;
    bool skip_next_ = false;
    uint64_t records_ = 0;
    bool stopped_ = false;
};

// [SECTION] stream_records -------------------------------------------------------------------------------------------
bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool blank(std::span<const uint8_t> b) {
    return std::all_of(b.begin(), b.end(), is_space);
}

// The offset of the bracket that opens nesting level kMaxDepth + 1 (strings skipped), or the text's size. Only run
// once a parse has stopped for depth, so the text up to there is valid JSON and a plain scan is exact.
size_t too_deep_offset(std::span<const uint8_t> b) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < b.size(); ++i) {
        const uint8_t c = b[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth) return i;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return b.size();
}

// One JSON text; `base` is its byte offset in the file (newline-delimited files parse line by line).
bool parse_one(std::span<const uint8_t> b, size_t base, const std::function<bool(json&, const Probe&)>& on_record,
               const std::function<bool(std::string_view)>& wanted, StreamResult& out, const std::string& where) {
    RecordSax sax(on_record, wanted, out);
    const char* first = reinterpret_cast<const char*>(b.data());
    try {
        json::sax_parse(first, first + b.size(), &sax);
    } catch (const std::exception& e) { // nlohmann may throw from inside a handler's json operations
        sax.error = e.what();
    }
    if (out.canonical) return true;
    if (!sax.error.empty()) {
        out.ok = false;
        if (sax.parse_failed) {
            out.error = "not valid JSON at byte " + std::to_string(base + sax.error_pos) + where + ": " + sax.error;
        } else if (sax.too_deep) {
            out.error = sax.error + " at byte " + std::to_string(base + too_deep_offset(b)) + where;
        } else {
            out.error = sax.error + where;
        }
        return false;
    }
    if (!sax.finished_cleanly()) { // the callback stopped the parse; it has recorded why
        out.ok = false;
        return false;
    }
    return true;
}

} // namespace

StreamResult stream_records(std::span<const uint8_t> bytes, const std::function<bool(json&, const Probe&)>& on_record,
                            const std::function<bool(std::string_view)>& wanted) {
    StreamResult out;
    if (bytes.size() >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) ||
                              bytes[0] == 0 || bytes[1] == 0)) {
        out.ok = false;
        out.error = "the file is UTF-16 (or binary), expected UTF-8 text: save the export as UTF-8";
        return out;
    }
    size_t bom = 0;
    if (bytes.size() >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bom = 3;
    bytes = bytes.subspan(bom);
    if (blank(bytes)) {
        out.ok = false;
        out.error = "the file is empty, expected exported records";
        return out;
    }
    // Newline-delimited: the first line is a whole JSON object and more text follows it.
    auto nl = std::find(bytes.begin(), bytes.end(), uint8_t('\n'));
    if (nl != bytes.end() && !blank({nl, bytes.end()})) {
        auto line = bytes.first(static_cast<size_t>(nl - bytes.begin()));
        auto start = std::find_if_not(line.begin(), line.end(), is_space);
        if (start != line.end() && *start == '{' &&
            json::accept(reinterpret_cast<const char*>(line.data()), reinterpret_cast<const char*>(line.data()) +
                                                                         line.size())) {
            out.newline_delimited = true;
            size_t pos = 0, number = 0;
            while (pos < bytes.size()) {
                size_t end = pos;
                while (end < bytes.size() && bytes[end] != '\n') ++end;
                ++number;
                auto one = bytes.subspan(pos, end - pos);
                if (!blank(one) &&
                    !parse_one(one, bom + pos, on_record, wanted, out, " (line " + std::to_string(number) + ")"))
                    return out;
                if (out.canonical) return out;
                pos = end + 1;
            }
            return out;
        }
    }
    parse_one(bytes, bom, on_record, wanted, out, "");
    return out;
}

} // namespace import
