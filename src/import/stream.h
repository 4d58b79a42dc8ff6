// Streaming JSON records out of an export without a DOM of the whole file (nlohmann SAX), from a Reader: a ByteSource
// read through a fixed-size buffer (or bytes in memory, in place). Nothing here ever holds the whole file.
// A file may be one page (`{"results":[...]}`, records[], data[], deals[], rows[], `{"result":{"records":[...]}}`),
// an array of pages, an array of records, a single record, or newline-delimited records/pages.
#pragma once
#include "import/mapping.h"

#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <vector>

namespace import {

inline constexpr int kMaxDepth = 64;
inline constexpr size_t kReadPiece = 256 * 1024; // bytes asked of a ByteSource at a time

// A ByteSource seen byte by byte, with look-ahead (peek) that never consumes: parse positions stay the file's.
// Look-ahead keeps bytes buffered, so the buffer grows past `piece` only for what is peeked at once (a CSV header
// line, a run of blanks between the first line of a newline-delimited file and the next).
class Reader {
public:
    explicit Reader(ByteSource& source, size_t piece = kReadPiece);
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    // The byte `k` ahead of the position, -1 past the end.
    int peek(size_t k = 0) {
        if (pos_ + k < len_) return data_[pos_ + k];
        return more(pos_ + k + 1 - len_) ? data_[pos_ + k] : -1;
    }
    int get() {
        if (pos_ == len_ && !more(1)) return -1;
        return data_[pos_++];
    }
    void skip(size_t n) { // n <= what peek has shown
        pos_ += n;
    }
    uint64_t offset() const { return base_ + pos_; } // bytes consumed since the start of the source
    // True when a '\n' lies before `offset()` (since the start of the source).
    bool newline_consumed() const { return first_newline_ < offset(); }
    // Back to the first byte: in the buffer when nothing has left it yet (a canonical file's "revenue_lens" key comes
    // first: works on pipes too), else by rewinding the source. False when neither can.
    bool rewind();
    // While on, the input iterators end at a '\n' (newline-delimited files: one JSON text per line).
    void set_line_mode(bool on) {
        line_mode_ = on;
        lim_ = 0;
    }

    // For the JSON parser (json_scan.h): the bytes from the position up to the limit (the buffer's end, or the line's
    // end in line mode), refilled when used up. peek_limited: the first of them or -1; ahead: how many, and where.
    int peek_limited() { return iterator_done() ? -1 : data_[pos_]; }
    size_t ahead(const uint8_t*& p) {
        if (iterator_done()) return 0;
        p = data_ + pos_;
        return lim_ - pos_;
    }

    // An input iterator pair over the bytes from the position on, for nlohmann::json::sax_parse.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = char;
        using difference_type = std::ptrdiff_t;
        using pointer = const char*;
        using reference = char;
        Iterator() = default;
        explicit Iterator(Reader* r) : r_(r) {}
        char operator*() const { return static_cast<char>(r_->data_[r_->pos_]); }
        Iterator& operator++() {
            ++r_->pos_;
            return *this;
        }
        Iterator operator++(int) {
            Iterator was = *this;
            ++r_->pos_;
            return was;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.done() == b.done(); }

    private:
        bool done() const { return !r_ || r_->iterator_done(); }
        Reader* r_ = nullptr;
    };
    Iterator begin() { return Iterator(this); }
    Iterator end() { return Iterator(); }

private:
    // The parser's hot path: one comparison while below `lim_` (the buffer's end, or the next newline in line mode).
    bool iterator_done() { return pos_ < lim_ ? false : at_limit(); }
    bool at_limit();        // refills, or finds the next newline; true at the end (of the text or the line)
    bool more(size_t need); // at least `need` more bytes after len_ (reads, compacts, grows); false at the end

    ByteSource& source_;
    std::vector<uint8_t> own_;
    const uint8_t* data_ = nullptr;
    size_t pos_ = 0, len_ = 0;
    size_t lim_ = 0; // 0: recompute (the buffer moved, or line mode changed)
    uint64_t base_ = 0; // offset of data_[0] in the source
    bool in_place_ = false, eof_ = false, line_mode_ = false;
    uint64_t first_newline_ = UINT64_MAX;
};

struct StreamResult {
    bool ok = true;
    std::string error;             // with the byte offset (and line for newline-delimited files)
    bool canonical = false;        // a top-level "revenue_lens" key was seen: the caller hands the file to canonical.cpp
    bool newline_delimited = false;
    uint64_t not_objects = 0;      // elements of a records array that were not objects
    std::string first_not_object;  // e.g. "record #3 is a number"
    json envelope = json::object(); // the top-level values of the last page (paging, info, related_objects, ...)
};

// Calls `on_record` for each record with a Probe (envelope so far, container name, the record). Returning false
// stops the parse (the callback has set its own error). `wanted` filters record-level keys (false: not built).
// `direct`, when given and while it names a FieldReader (the callback may set it once it knows the mapper), is the
// fields each record after that hands over filled instead of built (FieldReader, mapping.h).
// Reads from the reader's position, which must be the start of the file (it checks BOM, UTF-16, empty files).
StreamResult stream_records(Reader& in, const std::function<bool(json&, const Probe&)>& on_record,
                            const std::function<bool(std::string_view)>& wanted,
                            const DirectFields* direct = nullptr);

// CSV (csv.cpp): whether the first line from byte `from` (after a BOM) looks like a CSV header, and the rows from the
// reader's position (after a BOM), one at a time. Offsets in errors count from `from` (as the text after the BOM).
bool looks_csv(Reader& in, size_t from);
bool read_csv(Reader& in, Context& cx);

// Canonical JSON (canonical.cpp) from the reader's position (the start of the file); `bytes`: the file's size.
bool read_canonical(std::string_view name, Reader& in, uint64_t bytes, core::Dataset& part, ImportReport& report);

} // namespace import
