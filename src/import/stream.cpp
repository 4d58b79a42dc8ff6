// Streaming records through a SAX interface (nlohmann's; the parser is json_scan.h's): only one record (and the small
// envelope) is ever a DOM, and the bytes come through a Reader (a fixed-size buffer over a ByteSource), so no part of
// the code holds the whole file.
//
// [SECTION] Sources and Reader: memory, files, the buffer with look-ahead
// [SECTION] Frames: where the parser is (a document object, a records array, a root array of pages)
// [SECTION] RecordSax: SAX events -> records
// [SECTION] stream_records: BOM, UTF-16, empty files, newline-delimited files
#include "import/stream.h"

#include "import/json_scan.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace import {

// [SECTION] Sources and Reader ---------------------------------------------------------------------------------------
size_t MemorySource::read(uint8_t* out, size_t n) {
    n = std::min(n, bytes_.size() - pos_);
    if (piece_) n = std::min(n, piece_);
    if (n) std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
}

FileSource::~FileSource() {
    if (file_) std::fclose(file_);
}

bool FileSource::open(const std::string& path) {
    if (file_) std::fclose(file_);
    path_ = path;
    error_.clear();
    size_.reset();
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) {
        error_ = std::string("cannot open the file: ") + std::strerror(errno);
        return false;
    }
    std::setvbuf(file_, nullptr, _IONBF, 0); // the Reader has its own buffer: no second copy through stdio's
    std::error_code ec;
    const std::filesystem::path p(path);
    if (std::filesystem::is_regular_file(p, ec)) {
        const uintmax_t n = std::filesystem::file_size(p, ec);
        if (!ec) size_ = static_cast<uint64_t>(n);
    }
    return true;
}

size_t FileSource::read(uint8_t* out, size_t n) {
    if (!file_ || !error_.empty()) return 0;
    const size_t got = std::fread(out, 1, n, file_);
    if (got < n && std::ferror(file_)) error_ = std::string("read error: ") + std::strerror(errno);
    return got;
}

bool FileSource::rewind() {
    if (!file_ || std::fseek(file_, 0, SEEK_SET) != 0) return false;
    std::clearerr(file_);
    return true;
}

Reader::Reader(ByteSource& source, size_t piece) : source_(source) {
    std::span<const uint8_t> all;
    if (source.in_memory(all)) {
        in_place_ = eof_ = true;
        data_ = all.data();
        len_ = all.size();
        if (const void* nl = len_ ? std::memchr(data_, '\n', len_) : nullptr)
            first_newline_ = static_cast<uint64_t>(static_cast<const uint8_t*>(nl) - data_);
    } else {
        own_.resize(std::max<size_t>(piece, 1));
        data_ = own_.data();
    }
}

bool Reader::rewind() {
    line_mode_ = false;
    lim_ = 0;
    if (base_ == 0) { // every byte read so far is still in the buffer
        pos_ = 0;
        return true;
    }
    if (!source_.rewind()) return false;
    base_ = 0;
    pos_ = len_ = 0;
    eof_ = false;
    first_newline_ = UINT64_MAX;
    return true;
}

bool Reader::at_limit() {
    if (pos_ >= len_ && !more(1)) return true;
    if (!line_mode_) {
        lim_ = len_;
        return false;
    }
    const void* nl = std::memchr(data_ + pos_, '\n', len_ - pos_);
    lim_ = nl ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - data_) : len_;
    return nl && lim_ == pos_;
}

bool Reader::more(size_t need) {
    if (eof_) return false;
    lim_ = 0;
    if (pos_ > 0) { // consumed bytes are gone: keep only what is still ahead
        std::memmove(own_.data(), own_.data() + pos_, len_ - pos_);
        base_ += pos_;
        len_ -= pos_;
        pos_ = 0;
    }
    while (need > 0) {
        if (len_ + need > own_.size()) own_.resize(std::max(own_.size() * 2, len_ + need)); // look-ahead only
        data_ = own_.data();
        const size_t got = source_.read(own_.data() + len_, own_.size() - len_);
        if (got == 0) {
            eof_ = true;
            return false;
        }
        if (first_newline_ == UINT64_MAX)
            if (const void* nl = std::memchr(own_.data() + len_, '\n', got))
                first_newline_ = base_ + static_cast<uint64_t>(static_cast<const uint8_t*>(nl) - own_.data());
        len_ += got;
        need -= std::min(need, got);
    }
    return true;
}

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
//
// The first line of a newline-delimited file is known to be one only when its object has ended: then only blanks may
// follow up to a newline, and more text after it. The first JSON text is read as if it were the whole file (both
// readings see the same first object); at its end `at_top_end` looks ahead and, for a newline-delimited file, stops
// the parse so that stream_records reads the other lines one by one. An error of the first object that is worded
// differently in a newline-delimited file (" (line 1)") is kept while the object is read to its end without acting
// on it ("undecided"), unless a newline shows first (then it cannot be the first line of such a file).
class RecordSax {
public:
    RecordSax(const std::function<bool(json&, const Probe&)>& on_record,
              const std::function<bool(std::string_view)>& wanted, const DirectFields* direct, StreamResult& out,
              Reader& in, bool first_line)
        : on_record_(on_record), wanted_(wanted), direct_(direct), out_(out), in_(in), first_line_(first_line) {}

    std::string error;     // set when the handler itself stops the parse
    uint64_t error_pos = 0; // the offending byte, in the file
    bool parse_failed = false;
    bool too_deep = false;
    uint64_t too_deep_at = 0;      // the offset of the bracket that opened one level too many (in the file)
    bool newline_delimited = false; // decided at the end of the first object

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(json::number_integer_t v) { return scalar(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
    bool number_float(json::number_float_t v, const std::string&) { return scalar(json(v)); }
    bool string_text(std::string_view v) {
        // Copied into the previous record's string at the same key, if there is one: its buffer has room for a value
        // of that field already, so there is no allocation (the parser hands most strings over without a copy).
        if (!undecided_ && building_ && skip_depth_ == 0 && !skip_next_) {
            if (pending_slot_ >= 0 || pending_extra_) { // a field the mapper's FieldReader takes: into its value,
                json& slot = pending_extra_ ? *std::exchange(pending_extra_, nullptr) : fill_->slot(take_slot());
                if (slot.is_string()) slot.get_ref<std::string&>().assign(v); // its string reused
                else slot = std::string(v);
                return true;
            }
            json& top = *stack_.back();
            if (top.is_array()) { // likewise the previous record's element at the same index
                json* slot = next_element(top);
                if (slot->is_string()) slot->get_ref<std::string&>().assign(v);
                else *slot = json(std::string(v));
                return true;
            }
            if (pending_.v && pending_.v->is_string()) {
                take().v->get_ref<std::string&>().assign(v);
                return true;
            }
        }
        if (undecided_ || skip_depth_ > 0 || skip_next_) return scalar(json()); // not built: no copy
        return scalar(json(std::string(v)));
    }
    bool binary(json::binary_t&) { return fail("binary values are not JSON"); }

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }

    bool key_text(std::string_view k) {
        if (undecided_) return still_undecided();
        if (skip_depth_ > 0) return true;
        if (building_) {
            // Record-level keys a mapper does not read are not built (invoice lines, notes, custom fields).
            if (stack_.size() == 1 && target_ == Target::record && !wanted_(k)) {
                skip_next_ = true;
                return true;
            }
            pending_parent_ = false;
            if (fill_) {
                if (stack_.back() == fill_obj_) {
                    if (const int i = fill_->index(k); i >= 0) {
                        pending_slot_ = i;
                        return true;
                    }
                    if ((pending_extra_ = fill_->extra(k))) return true;
                } else if (stack_.size() == 1 && k == direct_->parent) {
                    fill_->fill_object(nullptr); // (again: a repeated key's later value wins, as in the DOM)
                    pending_parent_ = true;
                }
            }
            // The previous record's value at this key, looked up while the key is a view (most records repeat their
            // keys: no copy); the key is kept only when it is new.
            pending_ = reused(*stack_.back(), k);
            if (!pending_.v) key_.assign(k);
            return true;
        }
        FrameState& top = frames_.back();
        if (frames_.size() == 1 && k == "revenue_lens") {
            out_.canonical = true;
            return false; // canonical.cpp reads it from the start
        }
        top.key.assign(k);
        return true;
    }

    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool syntax_error(uint64_t offset, std::string message) {
        if (undecided_) return false; // the first line is not valid JSON: one text, stopped by the error kept
        parse_failed = true;
        error_pos = offset;
        error = std::move(message);
        return false;
    }

    bool finished_cleanly() const { return frames_.empty() && !building_ && !stopped_; }

private:
    enum class Target : uint8_t { record, doc_value };

    // An error of the text (not of a record's content). In the first object of a file that may be newline-delimited
    // its wording waits for the end of that object.
    bool fail(std::string message) {
        error = std::move(message);
        if (first_line_ && !in_.newline_consumed()) {
            undecided_ = true;
            return true;
        }
        return false;
    }

    // While undecided: only the nesting is followed. A newline inside the object: not a newline-delimited file.
    bool still_undecided() { return !in_.newline_consumed(); }

    // The first JSON text of the file has ended (its top-level value closed).
    bool at_top_end() {
        if (!first_line_) return true;
        first_line_ = false;
        const bool keep_reading = !undecided_; // one text: the parser checks that nothing but blanks follows
        if (in_.newline_consumed()) return keep_reading;
        size_t k = 0;
        int c = in_.peek(k);
        while (c == ' ' || c == '\t' || c == '\r') c = in_.peek(++k);
        if (c != '\n') return keep_reading;
        c = in_.peek(++k);
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') c = in_.peek(++k);
        if (c < 0) return keep_reading; // only blank lines follow: one text
        newline_delimited = true;
        return false; // stream_records goes on line by line
    }

    bool deeper() {
        if (++depth_ > kMaxDepth) {
            too_deep = true;
            too_deep_at = in_.offset() - 1; // the bracket was the last byte the parser read
            return fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels (record #" +
                        std::to_string(records_ + 1) + "): expected an export of flat records");
        }
        return true;
    }

    // A value starts in a records array, a doc or a root array: decide what it is.
    bool open(json::value_t type) {
        if (undecided_) {
            ++depth_;
            return still_undecided();
        }
        if (!deeper()) return false;
        if (undecided_) return true;
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
        pending_ = {};
        pending_slot_ = -1;
        pending_extra_ = nullptr;
        pending_parent_ = false;
        fill_ = t == Target::record && type == json::value_t::object && direct_ ? direct_->fields : nullptr;
        fill_obj_ = nullptr;
        if (fill_) fill_->fill_record();
        stale_.clear();
        by_address_.clear();
        by_address_sorted_ = false;
        if (t == Target::record && type == json::value_t::object && built_.is_object()) collect(built_);
        else built_ = json(type);
        collected_ = stale_.size();
        if (fill_ && direct_->parent.empty()) {
            fill_obj_ = &built_;
            fill_->fill_object(&built_);
        }
        stack_.assign(1, &built_);
        next_.assign(1, 0); // the root's members start stale_
        return true;
    }

    // Records are built into the previous record's DOM: its map nodes, keys and string buffers are reused (exports
    // repeat the same fields record after record, and allocating them anew was most of an import's time). Every
    // member of the old DOM starts stale; building this record marks what it sets; what is still stale at the end is
    // erased, so the mapper sees exactly this record. Arrays keep their elements too: the i-th value built into an array
    // goes into the previous record's i-th element (an object's members are collected when it is built into: appended
    // to stale_ after collected_), and the elements left over are erased when the array closes.
    struct Stale {
        json::object_t* parent;
        json::object_t::iterator it;
        uint32_t end;  // one past its last descendant in stale_
        bool seen;
    };
    void collect(json& obj) {
        auto& members = obj.get_ref<json::object_t&>();
        for (auto it = members.begin(); it != members.end(); ++it) {
            const size_t at = stale_.size();
            stale_.push_back({&members, it, 0, false});
            by_address_.push_back({&it->second, static_cast<uint32_t>(at)});
            if (it->second.is_object()) collect(it->second);
            stale_[at].end = static_cast<uint32_t>(stale_.size());
        }
    }
    // The value already at `key` in `obj`, marked as set by this record. `fresh`: it is the previous record's value,
    // met for the first time in this one (only such an object may be built into; a key repeated within one record
    // replaces its value, as in a DOM parse).
    struct Old {
        json* v = nullptr;
        int64_t stale = -1;
        bool fresh = false;
    };
    // `obj` is the object being built (stack_.back()). Records repeat their keys in the same order, so the member
    // after the last one met (next_.back()) is tried first: one comparison instead of a map and an address search.
    Old reused(json& obj, std::string_view key) {
        Old o;
        if (stale_.empty()) return o;
        auto& members = obj.get_ref<json::object_t&>();
        uint32_t& next = next_.back();
        if (next < stale_.size() && stale_[next].parent == &members && stale_[next].it->first == key) {
            o.v = &stale_[next].it->second;
            o.stale = next;
        } else {
            auto it = members.find(key);
            if (it == members.end()) return o;
            o.v = &it->second;
            if (stale_.size() <= 64) { // a record of a few dozen fields: a look through them beats sorting them
                for (size_t j = 0; j < stale_.size(); ++j)
                    if (stale_[j].parent == &members && stale_[j].it == it) {
                        o.stale = static_cast<int64_t>(j);
                        break;
                    }
            } else {
                if (!by_address_sorted_) { // sorted when first needed: most records never need it
                    std::sort(by_address_.begin(), by_address_.end());
                    by_address_sorted_ = true;
                }
                auto at = std::lower_bound(by_address_.begin(), by_address_.end(), std::pair<json*, uint32_t>{o.v, 0});
                if (at != by_address_.end() && at->first == o.v) o.stale = at->second;
            }
        }
        if (o.stale >= 0) {
            Stale& st = stale_[static_cast<size_t>(o.stale)];
            o.fresh = !st.seen;
            st.seen = true;
            next = st.end; // its next sibling, if it has one
        }
        return o;
    }
    // The value of the key just read (key_text looked it up), once.
    Old take() { return std::exchange(pending_, Old{}); }
    size_t take_slot() { return static_cast<size_t>(std::exchange(pending_slot_, -1)); }
    // Before `o` is overwritten: its members die with it, so prune() must not erase them, and reused() must never take
    // them for a member of a new object that gets their map's address.
    void replacing(const Old& o) {
        if (o.stale < 0) return;
        for (uint32_t j = static_cast<uint32_t>(o.stale) + 1; j < stale_[static_cast<size_t>(o.stale)].end; ++j)
            dies(stale_[j]);
        if (stale_.size() > collected_ && (o.v->is_object() || o.v->is_array())) { // array elements built into
            std::vector<const json::object_t*> maps;
            objects_in(*o.v, maps);
            std::sort(maps.begin(), maps.end());
            for (size_t j = collected_; j < stale_.size(); ++j)
                if (std::binary_search(maps.begin(), maps.end(), stale_[j].parent)) dies(stale_[j]);
        }
    }
    static void dies(Stale& st) {
        st.seen = true;
        st.parent = nullptr;
    }
    static void objects_in(const json& v, std::vector<const json::object_t*>& out) {
        if (v.is_object()) {
            out.push_back(&v.get_ref<const json::object_t&>());
            for (auto& [k, m] : v.get_ref<const json::object_t&>()) objects_in(m, out);
        } else if (v.is_array()) {
            for (const json& e : v.get_ref<const json::array_t&>()) objects_in(e, out);
        }
    }
    // The next element of the array being built (its count so far is next_.back()): the previous record's element at
    // that index, else a new one.
    json* next_element(json& arr) {
        auto& elements = arr.get_ref<json::array_t&>();
        const uint32_t i = next_.back()++;
        if (i < elements.size()) return &elements[i];
        return &elements.emplace_back();
    }
    void prune() {
        for (size_t i = stale_.size(); i-- > 0;) // children come after their parent: erase them first
            if (!stale_[i].seen) stale_[i].parent->erase(stale_[i].it);
        stale_.clear();
    }

    bool build_open(json::value_t type) {
        json* parent = stack_.back();
        if (pending_slot_ >= 0) { // a field the FieldReader takes holds an object or array: built here, read from here
            const size_t i = take_slot();
            const std::string_view name = fill_->name(i);
            fill_->nested(i);
            pending_ = reused(*parent, name);
            if (!pending_.v) key_.assign(name);
        } else if (pending_extra_) { // likewise a prefixed field (and the prefixed fields after it)
            pending_extra_ = nullptr;
            const std::string name = fill_->extra_nested();
            pending_ = reused(*parent, name);
            if (!pending_.v) key_.assign(name);
        }
        json* child = nullptr;
        Old o = parent->is_object() ? take() : Old{};
        uint32_t first_member = UINT32_MAX;
        if (o.v && o.fresh && o.v->type() == type) {
            child = o.v; // an object's members are in stale_ already, right after it
            if (o.stale >= 0 && type == json::value_t::object) first_member = static_cast<uint32_t>(o.stale) + 1;
        } else if (o.v) {
            replacing(o);
            *o.v = json(type);
            child = o.v;
        } else if (parent->is_array()) {
            child = next_element(*parent);
            if (child->type() != type) {
                *child = json(type);
            } else if (type == json::value_t::object && !child->empty()) {
                first_member = static_cast<uint32_t>(stale_.size());
                collect(*child);
                by_address_sorted_ = false;
            }
        } else {
            child = &put(*parent, json(type));
        }
        if (std::exchange(pending_parent_, false) && type == json::value_t::object) {
            fill_obj_ = child; // the object whose fields the FieldReader takes
            fill_->fill_object(child);
        }
        stack_.push_back(child);
        next_.push_back(type == json::value_t::array ? 0 : first_member);
        return true;
    }

    // obj[key_] = v, moving the key in (a later duplicate key wins, as in a DOM parse)
    json& put(json& obj, json v) {
        auto& members = obj.get_ref<json::object_t&>();
        return members.insert_or_assign(std::move(key_), std::move(v)).first->second;
    }

    bool scalar(json v) {
        if (undecided_) return still_undecided();
        if (skip_depth_ > 0) return true;
        if (skip_next_) { skip_next_ = false; return true; }
        if (building_) {
            if (pending_slot_ >= 0) {
                fill_->slot(take_slot()) = std::move(v);
                return true;
            }
            if (pending_extra_) {
                *std::exchange(pending_extra_, nullptr) = std::move(v);
                return true;
            }
            json* parent = stack_.back();
            if (parent->is_array()) *next_element(*parent) = std::move(v);
            else if (Old o = take(); o.v) {
                replacing(o);
                *o.v = std::move(v);
            } else {
                put(*parent, std::move(v));
            }
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
        if (undecided_) return depth_ == 0 ? at_top_end() : still_undecided();
        if (!close_value()) return false;
        return depth_ == 0 ? at_top_end() : true;
    }

    bool close_value() {
        if (skip_depth_ > 0) { --skip_depth_; return true; }
        if (building_) {
            if (json& done = *stack_.back(); done.is_array()) { // the previous record's elements left over
                auto& elements = done.get_ref<json::array_t&>();
                elements.erase(elements.begin() + next_.back(), elements.end());
            }
            stack_.pop_back();
            next_.pop_back();
            if (!stack_.empty()) return true;
            building_ = false;
            FrameState& top = frames_.back();
            if (target_ == Target::record) {
                prune();
                return emit(built_, top.container);
            }
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
        json rec = std::move(done.dom);
        return emit(rec, "");
    }

    void keep_envelope(json& dom) {
        for (auto& [k, v] : dom.items()) out_.envelope[k] = std::move(v);
    }

    bool emit(json& rec, const std::string& container) {
        ++records_;
        Probe p;
        const json* env = &out_.envelope;
        for (auto it = frames_.rbegin(); it != frames_.rend(); ++it)
            if (it->kind == Frame::doc || it->kind == Frame::result_doc) { env = &it->dom; break; }
        p.envelope = env;
        p.container = container;
        p.first = &rec;
        try {
            stopped_ = !on_record_(rec, p);
        } catch (const std::bad_alloc&) {
            throw; // out of memory: import::load rolls the file back
        } catch (const std::exception& e) { // a mapper's json operation: an error of this text, like parse_one's
            return fail(e.what());
        }
        return !stopped_;
    }

    const std::function<bool(json&, const Probe&)>& on_record_;
    const std::function<bool(std::string_view)>& wanted_;
    const DirectFields* direct_;
    StreamResult& out_;
    Reader& in_;
    bool first_line_;        // the first text of a file whose first byte is '{' (after blanks, no newline)
    bool undecided_ = false; // an error is kept until the first object ends
    std::vector<FrameState> frames_;
    bool building_ = false;
    Target target_ = Target::record;
    json built_;
    std::vector<Stale> stale_;
    size_t collected_ = 0; // stale_'s entries from the start of the record (array elements' members come after)
    std::vector<std::pair<json*, uint32_t>> by_address_; // stale_'s values by address, then index
    bool by_address_sorted_ = false;
    std::vector<json*> stack_;
    std::vector<uint32_t> next_; // per object in stack_: the stale_ index its next member probably has; per array:
                                 // how many elements it has so far
    std::string key_;       // the key just read, when the object had none such before (pending_ is empty)
    Old pending_;           // the value at the key just read, from the previous record (reused)
    FieldReader* fill_ = nullptr;    // this record's fields taken by a mapper's FieldReader (direct_), if any
    const json* fill_obj_ = nullptr; // ... those of this object
    int pending_slot_ = -1;          // the key just read is that reader's field #
    json* pending_extra_ = nullptr;  // ... or one of its prefixed fields: its value holder
    bool pending_parent_ = false;    // the key just read (top level) is the direct_->parent
    int depth_ = 0;
    int skip_depth_ = 0;
    bool skip_next_ = false;
    uint64_t records_ = 0;
    bool stopped_ = false;
};

// [SECTION] stream_records -------------------------------------------------------------------------------------------
bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// One JSON text from the reader's position: the rest of the file, or (line mode) the rest of the line. Offsets in
// errors are the file's.
bool parse_one(Reader& in, bool first_line, std::string where,
               const std::function<bool(json&, const Probe&)>& on_record,
               const std::function<bool(std::string_view)>& wanted, const DirectFields* direct, StreamResult& out,
               bool& newline_delimited) {
    RecordSax sax(on_record, wanted, direct, out, in, first_line);
    try {
        JsonScan<RecordSax>(in, sax).parse();
    } catch (const std::bad_alloc&) {
        throw; // out of memory: import::load rolls the file back
    } catch (const std::exception& e) { // nlohmann may throw from inside the handler's json operations
        sax.error = e.what();
    }
    newline_delimited = sax.newline_delimited;
    if (newline_delimited) where = " (line 1)";
    if (out.canonical) return true;
    if (!sax.error.empty()) {
        out.ok = false;
        if (sax.parse_failed) {
            out.error = "not valid JSON at byte " + std::to_string(sax.error_pos) + where + ": " + sax.error;
        } else if (sax.too_deep) {
            out.error = sax.error + " at byte " + std::to_string(sax.too_deep_at) + where;
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

StreamResult stream_records(Reader& in, const std::function<bool(json&, const Probe&)>& on_record,
                            const std::function<bool(std::string_view)>& wanted, const DirectFields* direct) {
    StreamResult out;
    const int b0 = in.peek(0), b1 = in.peek(1);
    if (b1 >= 0 && ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF) || b0 == 0 || b1 == 0)) {
        out.ok = false;
        out.error = "the file is UTF-16 (or binary), expected UTF-8 text: save the export as UTF-8";
        return out;
    }
    if (b0 == 0xEF && b1 == 0xBB && in.peek(2) == 0xBF) in.skip(3);
    // Look ahead (nothing consumed: parse positions stay the file's) for the first byte that is not a blank.
    size_t k = 0;
    bool newline = false;
    int c = in.peek(0);
    for (; c >= 0 && is_space(c); c = in.peek(++k)) newline |= c == '\n';
    if (c < 0) {
        out.ok = false;
        out.error = "the file is empty, expected exported records";
        return out;
    }
    // Newline-delimited: the first line is a whole JSON object and more text follows it (decided at its end).
    bool lines = false;
    if (!parse_one(in, c == '{' && !newline, "", on_record, wanted, direct, out, lines) || out.canonical || !lines)
        return out;
    out.newline_delimited = true;
    while ((c = in.get()) >= 0 && c != '\n') {} // the first line's trailing blanks
    for (size_t number = 2;; ++number) {
        k = 0;
        for (c = in.peek(0); c == ' ' || c == '\t' || c == '\r'; c = in.peek(++k)) {}
        if (c < 0) break;
        if (c == '\n') { // a blank line
            in.skip(k + 1);
            continue;
        }
        in.set_line_mode(true);
        const bool ok =
            parse_one(in, false, " (line " + std::to_string(number) + ")", on_record, wanted, direct, out, lines);
        in.set_line_mode(false);
        if (!ok || out.canonical) return out;
        if (in.get() < 0) break; // the parse read up to this line's newline (or the end)
    }
    return out;
}

} // namespace import
