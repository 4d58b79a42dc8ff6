#include "core/numbers.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace core {

void append_double(std::string& out, double v) {
    char buf[40];
    // %.15g is exact for most values people type; fall back to 16 and 17 digits only when it does not round-trip.
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    out += buf;
}

std::string format_double(double v) {
    std::string s;
    append_double(s, v);
    return s;
}

bool parse_double(std::string_view s, double& out) {
    if (s.empty() || s.size() > 64) return false;
    size_t i = 0;
    if (s[i] == '-' || s[i] == '+') ++i;
    bool digits = false, dot = false, exp = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') digits = true;
        else if (c == '.' && !dot && !exp) dot = true;
        else if ((c == 'e' || c == 'E') && digits && !exp) {
            exp = true;
            digits = false;
            if (i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) ++i;
        } else return false;
    }
    if (!digits) return false;
    char buf[72];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    out = std::strtod(buf, nullptr);
    return true;
}

} // namespace core
