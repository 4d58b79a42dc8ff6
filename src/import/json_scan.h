// The JSON parser of the streaming importers: one JSON text from a Reader, handed to a SAX handler with nlohmann's
// interface (null, boolean, number_integer/unsigned/float, start_/end_object, start_/end_array), except that strings
// and keys come as views: string_text and key_text(std::string_view).
//
// Why not nlohmann::json::sax_parse: its lexer takes every byte through an input adapter one at a time, copies it twice
// (the value, and the token kept for error messages) and counts lines and columns; on exports that was half of an
// import's time. This parser reads strings in runs straight from the Reader's buffer (8 bytes at a time), numbers
// without building text, and hands a string without escapes that lies in the buffer over as a view of it: no copy.
// nlohmann stays the DOM the mappers read, and the parser of canonical files and settings.
//
// Same language as nlohmann's parser (strict: one text, then only blanks): it accepts and refuses the same inputs, gives
// the same events and values, and fails at the same byte — the offending byte; the last byte of an unexpected token;
// the end of the input when that is what is wrong. tests/unit/import_json_scan.cpp and every fuzz target
// (tests/fuzz/fuzz_load.cpp) compare the two on each input. That includes nlohmann's own rules: a byte order mark at the
// start of the text is skipped (and a broken one refused), and a NUL byte outside a string ends the input. The wording
// of errors is ours.
#pragma once
#include "import/stream.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace import {

// A SAX handler for JsonScan has nlohmann's methods, plus syntax_error(offset in the source, message) -> false, and
// takes strings and keys as string_text(std::string_view) and key_text(std::string_view) instead of string() and
// key(). The view is valid during the call only (it may point into the Reader's buffer).
template <class Sax>
class JsonScan {
public:
    JsonScan(Reader& in, Sax& sax) : in_(in), sax_(sax) {}

    // True when the text parsed and every handler call returned true. On a syntax error calls sax.syntax_error.
    bool parse() {
        if (in_.peek_limited() == 0xEF) { // nlohmann skips a byte order mark at the start of a text
            in_.skip(1);
            for (int want : {0xBB, 0xBF}) {
                const int c = next();
                at_end_ = c < 0;
                if (c != want) return error_at_last("invalid byte order mark: expected EF BB BF, found " + byte_name(c));
            }
        }
        scan();
        // The values are read in slices of at most kSlice tokens, each slice one call of run() (never inlined): a wasm
        // engine keeps running the code a call began with until it returns, so a file read in one call would stay in
        // the baseline compiler's code from start to end; each new slice runs the optimised code once it is ready.
        int r;
        while ((r = run(kSlice)) == kMore) {}
        if (r != kValueDone) return r == 1; // stopped: an error, or a handler said so
        scan();
        if (tok_ != Tok::end) return unexpected("end of input");
        return true;
    }

private:
    static constexpr size_t kSlice = 4096;
    static constexpr int kMore = -1, kValueDone = 2;

    // The value loop, from the token in tok_, for at most `budget` steps: kValueDone when the text's value is complete,
    // kMore when the budget ran out (call again: the state is kept in in_array_ and value_done_), else what parse()
    // returns: 0 (false) when a handler stopped the parse or on a syntax error, or what syntax_error returned.
    [[gnu::noinline]] int run(size_t budget) {
        for (;; --budget) {
            if (budget == 0) return kMore;
            if (!value_done_) {
                switch (tok_) {
                case Tok::begin_object:
                    if (!sax_.start_object(std::size_t(-1))) return 0;
                    scan();
                    if (tok_ == Tok::end_object) {
                        if (!sax_.end_object()) return 0;
                        break;
                    }
                    if (!key()) return 0;
                    in_array_.push_back(false);
                    scan();
                    continue;
                case Tok::begin_array:
                    if (!sax_.start_array(std::size_t(-1))) return 0;
                    scan();
                    if (tok_ == Tok::end_array) {
                        if (!sax_.end_array()) return 0;
                        break;
                    }
                    in_array_.push_back(true);
                    continue;
                case Tok::string:
                    if (!sax_.string_text(string_)) return 0;
                    break;
                case Tok::number_unsigned:
                    if (!sax_.number_unsigned(unsigned_)) return 0;
                    break;
                case Tok::number_integer:
                    if (!sax_.number_integer(integer_)) return 0;
                    break;
                case Tok::number_float:
                    if (!std::isfinite(float_)) return error_at(tok_last_, "number out of range: " + text_) ? 1 : 0;
                    if (!sax_.number_float(float_, text_)) return 0;
                    break;
                case Tok::literal_true:
                    if (!sax_.boolean(true)) return 0;
                    break;
                case Tok::literal_false:
                    if (!sax_.boolean(false)) return 0;
                    break;
                case Tok::literal_null:
                    if (!sax_.null()) return 0;
                    break;
                default:
                    return unexpected("a value") ? 1 : 0;
                }
            }
            value_done_ = false;
            if (in_array_.empty()) return kValueDone;
            scan();
            if (in_array_.back()) {
                if (tok_ == Tok::comma) {
                    scan();
                    continue;
                }
                if (tok_ != Tok::end_array) return unexpected("',' or ']' after a value in an array") ? 1 : 0;
                if (!sax_.end_array()) return 0;
            } else {
                if (tok_ == Tok::comma) {
                    scan();
                    if (!key()) return 0;
                    scan();
                    continue;
                }
                if (tok_ != Tok::end_object) return unexpected("',' or '}' after a value in an object") ? 1 : 0;
                if (!sax_.end_object()) return 0;
            }
            in_array_.pop_back();
            value_done_ = true;
        }
    }

    enum class Tok : uint8_t {
        begin_object, end_object, begin_array, end_array, colon, comma, string, number_unsigned, number_integer,
        number_float, literal_true, literal_false, literal_null, end, error
    };

    // The key at the current token (a string) and the ':' after it.
    bool key() {
        if (tok_ != Tok::string) return unexpected("a string (an object's key)");
        if (!sax_.key_text(string_)) return false;
        scan();
        if (tok_ != Tok::colon) return unexpected("':' after an object's key");
        return true;
    }

    int next() { // the next byte, consumed; -1 at the end of the input (the line's end in line mode)
        const int c = in_.peek_limited();
        if (c >= 0) in_.skip(1);
        return c;
    }

    // Errors. The offset is the last byte read, or the end of the input when that is where the parse stopped.
    bool error_at(uint64_t offset, std::string message) { return sax_.syntax_error(offset, std::move(message)); }
    bool error_at_last(std::string message) { return error_at(last_offset(), std::move(message)); }
    uint64_t last_offset() const { return at_end_ ? in_.offset() : in_.offset() - 1; }
    bool lex_error(std::string message) {
        tok_ = Tok::error;
        tok_last_ = last_offset();
        lex_message_ = std::move(message);
        return false;
    }
    bool unexpected(const char* expected) {
        if (tok_ == Tok::error) return error_at(tok_last_, lex_message_ + " (expected " + expected + ")");
        return error_at(tok_last_, std::string("expected ") + expected + ", found " + token_name());
    }
    std::string token_name() const {
        switch (tok_) {
        case Tok::begin_object: return "'{'";
        case Tok::end_object: return "'}'";
        case Tok::begin_array: return "'['";
        case Tok::end_array: return "']'";
        case Tok::colon: return "':'";
        case Tok::comma: return "','";
        case Tok::string: return "a string";
        case Tok::number_unsigned:
        case Tok::number_integer:
        case Tok::number_float: return "a number";
        case Tok::literal_true: return "true";
        case Tok::literal_false: return "false";
        case Tok::literal_null: return "null";
        default: return "the end of the input";
        }
    }
    static std::string byte_name(int c) {
        if (c < 0) return "the end of the input";
        char b[16];
        if (c >= 0x20 && c < 0x7F) std::snprintf(b, sizeof b, "'%c'", c);
        else std::snprintf(b, sizeof b, "byte 0x%02X", c);
        return b;
    }

    // [lexer] The next token into tok_ (its value in text_ / the numbers; its last byte's offset in tok_last_).
    void scan() {
        int c;
        do c = next();
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
        at_end_ = c < 0;
        tok_last_ = last_offset();
        switch (c) {
        case '{': tok_ = Tok::begin_object; return;
        case '}': tok_ = Tok::end_object; return;
        case '[': tok_ = Tok::begin_array; return;
        case ']': tok_ = Tok::end_array; return;
        case ':': tok_ = Tok::colon; return;
        case ',': tok_ = Tok::comma; return;
        case '"': string(); return;
        case 't': literal("true", Tok::literal_true); return;
        case 'f': literal("false", Tok::literal_false); return;
        case 'n': literal("null", Tok::literal_null); return;
        case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            number(c);
            return;
        case 0: // nlohmann's lexer takes a NUL byte for the end of the input
        case -1: tok_ = Tok::end; return;
        default: lex_error(byte_name(c) + " cannot start a JSON value"); return;
        }
    }

    // (The rarer tokens' code stays out of scan(), which runs for every token: numbers, literals, strings that need
    // copying.)
    [[gnu::noinline]] void literal(const char* word, Tok t) {
        for (const char* w = word + 1; *w; ++w) {
            const int c = next();
            at_end_ = c < 0;
            if (c != *w) {
                lex_error(std::string("invalid literal (") + word + "?): found " + byte_name(c));
                return;
            }
        }
        tok_ = t;
        tok_last_ = last_offset();
    }

    [[gnu::noinline]] void number(int c) {
        // The common case first: a positive integer of at most 19 digits (no overflow) that ends in the buffer, read
        // there without keeping its text (epoch seconds and amounts in minor units: a Stripe export is full of them).
        if (c >= '1' && c <= '9') {
            const uint8_t* p = nullptr;
            const size_t n = in_.ahead(p);
            uint64_t mag = static_cast<uint64_t>(c - '0');
            size_t i = 0;
            while (i < n && i < 18 && p[i] >= '0' && p[i] <= '9') mag = mag * 10 + static_cast<uint64_t>(p[i++] - '0');
            if (i < n && p[i] != '.' && p[i] != 'e' && p[i] != 'E' && (p[i] < '0' || p[i] > '9')) {
                in_.skip(i);
                at_end_ = false;
                tok_last_ = in_.offset() - 1;
                tok_ = Tok::number_unsigned;
                unsigned_ = mag;
                return;
            }
        }
        // Grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; text_ keeps its bytes for floats and errors.
        text_.clear();
        text_.push_back(static_cast<char>(c));
        const bool negative = c == '-';
        bool is_float = false, overflow = false;
        uint64_t mag = 0;
        auto digits = [&](bool accumulate) { // the digits ahead; how many
            int n = 0;
            for (int d = in_.peek_limited(); d >= '0' && d <= '9'; d = in_.peek_limited(), ++n) {
                in_.skip(1);
                text_.push_back(static_cast<char>(d));
                if (accumulate) {
                    const uint64_t v = static_cast<uint64_t>(d - '0');
                    if (mag > (UINT64_MAX - v) / 10) overflow = true;
                    else mag = mag * 10 + v;
                }
            }
            return n;
        };
        auto fail = [&](const char* what) {
            const int got = next();
            at_end_ = got < 0;
            lex_error(std::string("invalid number ") + text_ + ": expected a digit " + what + ", found " +
                      byte_name(got));
        };
        if (negative) {
            const int d = in_.peek_limited();
            if (d < '0' || d > '9') return fail("after '-'");
            in_.skip(1);
            text_.push_back(static_cast<char>(d));
            mag = static_cast<uint64_t>(d - '0');
            if (d != '0') digits(true);
        } else {
            mag = static_cast<uint64_t>(c - '0');
            if (c != '0') digits(true);
        }
        if (in_.peek_limited() == '.') {
            in_.skip(1);
            text_.push_back('.');
            is_float = true;
            if (digits(false) == 0) return fail("after '.'");
        }
        if (const int e = in_.peek_limited(); e == 'e' || e == 'E') {
            in_.skip(1);
            text_.push_back(static_cast<char>(e));
            is_float = true;
            if (const int s = in_.peek_limited(); s == '+' || s == '-') {
                in_.skip(1);
                text_.push_back(static_cast<char>(s));
                if (digits(false) == 0) return fail("after the exponent's sign");
            } else if (digits(false) == 0) {
                return fail("after the exponent ('+', '-' or a digit)");
            }
        }
        at_end_ = false;
        tok_last_ = in_.offset() - 1;
        if (!is_float && !overflow) {
            if (!negative) {
                tok_ = Tok::number_unsigned;
                unsigned_ = mag;
                return;
            }
            if (mag <= uint64_t(INT64_MAX) + 1) {
                tok_ = Tok::number_integer;
                integer_ = mag == uint64_t(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(mag);
                return;
            }
        }
        tok_ = Tok::number_float; // as nlohmann: strtod of the text (also for integers too big for 64 bits)
        float_ = std::strtod(text_.c_str(), nullptr);
    }

    void string() {
        const uint8_t* p = nullptr;
        const size_t n = in_.ahead(p);
        const size_t i = n ? plain_run(p, n) : 0;
        if (i < n && p[i] == '"') { // all of it in the buffer, nothing to unescape: a view, no copy
            string_ = {reinterpret_cast<const char*>(p), i};
            in_.skip(i + 1);
            at_end_ = false;
            tok_ = Tok::string;
            tok_last_ = in_.offset() - 1;
            return;
        }
        string_copied();
    }

    // A string with escapes, or one the buffer's end cuts: copied into text_.
    [[gnu::noinline]] void string_copied() {
        text_.clear();
        for (;;) {
            const uint8_t* p = nullptr;
            size_t n = in_.ahead(p);
            if (n == 0) {
                at_end_ = true;
                lex_error("a string is missing its closing quote");
                return;
            }
            size_t i = plain_run(p, n);
            text_.append(reinterpret_cast<const char*>(p), i);
            in_.skip(i);
            if (i == n) continue; // the buffer ended inside the string
            const int c = p[i];
            in_.skip(1);
            at_end_ = false;
            if (c == '"') {
                string_ = text_;
                tok_ = Tok::string;
                tok_last_ = in_.offset() - 1;
                return;
            }
            if (c == '\\') {
                if (!escape()) return;
            } else if (c < 0x20) {
                char b[80];
                std::snprintf(b, sizeof b, "control character U+%04X in a string: it must be escaped (\\u%04X)", c, c);
                lex_error(b);
                return;
            } else if (!utf8(c)) {
                return;
            }
        }
    }

    // How many bytes from p are plain string bytes (printable ASCII other than '"' and '\\'): 8 at a time while it can.
    static size_t plain_run(const uint8_t* p, size_t n) {
        constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t x;
            std::memcpy(&x, p + i, 8);
            const uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
            // a byte < 0x20, == '"', == '\\' or >= 0x80: the classic "has a zero byte" tests (exact about whether any)
            const uint64_t special = (((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) |
                                      ((slash - ones) & ~slash) | x) & highs;
            // the lowest flagged byte is exact (a borrow only flags bytes above a true one): it ends the run
            if (special) return i + static_cast<size_t>(__builtin_ctzll(special) >> 3);
        }
        while (i < n && kPlain[p[i]]) ++i;
        return i;
    }

    bool escape() {
        const int c = next();
        at_end_ = c < 0;
        switch (c) {
        case '"': text_.push_back('"'); return true;
        case '\\': text_.push_back('\\'); return true;
        case '/': text_.push_back('/'); return true;
        case 'b': text_.push_back('\b'); return true;
        case 'f': text_.push_back('\f'); return true;
        case 'n': text_.push_back('\n'); return true;
        case 'r': text_.push_back('\r'); return true;
        case 't': text_.push_back('\t'); return true;
        case 'u': break;
        default: return lex_error("invalid escape in a string: \\ followed by " + byte_name(c));
        }
        int cp = hex4();
        if (cp < 0) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int c1 = next(), c2 = c1 == '\\' ? next() : 0;
            if (c1 != '\\' || c2 != 'u') {
                at_end_ = (c1 == '\\' ? c2 : c1) < 0;
                return lex_error("a \\u escape of a high surrogate (U+D800..U+DBFF) must be followed by a low one");
            }
            const int low = hex4();
            if (low < 0) return false;
            if (low < 0xDC00 || low > 0xDFFF)
                return lex_error("a \\u escape of a high surrogate (U+D800..U+DBFF) must be followed by a low one");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return lex_error("a \\u escape of a low surrogate (U+DC00..U+DFFF) must follow a high one");
        }
        if (cp < 0x80) {
            text_.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            text_.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            text_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            text_.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            text_.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            text_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            text_.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            text_.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            text_.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            text_.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        return true;
    }

    int hex4() { // the 4 hex digits of a \u escape; -1 (error set) at the first that is not one
        int v = 0;
        for (int k = 0; k < 4; ++k) {
            const int c = next();
            at_end_ = c < 0;
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else {
                lex_error("\\u in a string must be followed by 4 hex digits, found " + byte_name(c));
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    // A multi-byte UTF-8 sequence whose first byte `c` was read (RFC 3629's well-formed sequences, as nlohmann).
    bool utf8(int c) {
        int lo = 0x80, hi = 0xBF, more = 0;
        if (c >= 0xC2 && c <= 0xDF) more = 1;
        else if (c == 0xE0) { more = 2; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) more = 2;
        else if (c == 0xED) { more = 2; hi = 0x9F; }
        else if (c == 0xF0) { more = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) more = 3;
        else if (c == 0xF4) { more = 3; hi = 0x8F; }
        else return lex_error("ill-formed UTF-8 in a string: " + byte_name(c));
        text_.push_back(static_cast<char>(c));
        for (; more > 0; --more, lo = 0x80, hi = 0xBF) {
            const int b = next();
            at_end_ = b < 0;
            if (b < lo || b > hi) return lex_error("ill-formed UTF-8 in a string: " + byte_name(b));
            text_.push_back(static_cast<char>(b));
        }
        return true;
    }

    static constexpr auto kPlain = [] {
        std::array<bool, 256> t{};
        for (int c = 0x20; c < 0x80; ++c) t[size_t(c)] = c != '"' && c != '\\';
        return t;
    }();

    Reader& in_;
    Sax& sax_;
    Tok tok_ = Tok::end;
    uint64_t tok_last_ = 0; // the offset of the token's last byte (the end of the input for Tok::end)
    bool at_end_ = false;   // the last read met the end of the input
    std::string text_;      // a number's text, a string's value when it had to be copied (escapes, a buffer's end)
    std::string_view string_; // a string token's value: in the Reader's buffer or text_, until the next read
    std::string lex_message_;
    std::vector<bool> in_array_; // the open containers: true for an array
    bool value_done_ = false;    // a container just closed: no value to read, go to what follows it
    uint64_t unsigned_ = 0;
    int64_t integer_ = 0;
    double float_ = 0;
};

} // namespace import
