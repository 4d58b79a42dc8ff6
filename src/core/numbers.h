// Number <-> text without locale, the same natively and in wasm (Emscripten 3.1.6's libc++ has no floating-point
// std::to_chars / std::from_chars, so these stand in for them).
#pragma once
#include <string>
#include <string_view>

namespace core {

// Appends the shortest decimal text that reads back to exactly `v` ("0.1", "1e+21", "119373.34").
void append_double(std::string& out, double v);
std::string format_double(double v);

// Parses a whole decimal number (sign, digits, '.', exponent; no spaces, no hex, no inf/nan). False on anything else.
bool parse_double(std::string_view s, double& out);

} // namespace core
