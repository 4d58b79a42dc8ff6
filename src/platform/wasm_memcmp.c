/* memcmp for the wasm builds, 8 bytes at a time. Emscripten's libc (musl) compares a byte at a time, and the importers
 * compare keys a lot: every record field read is a search in an object's sorted keys, and HubSpot's keys share long
 * prefixes ("hs_lifecyclestage_", "hs_date_entered_"). It replaces libc's at link time (a definition of our own is
 * found before the system library's). */
#include <stddef.h>
#include <stdint.h>

int memcmp(const void* a, const void* b, size_t n) {
    const unsigned char* l = (const unsigned char*)a;
    const unsigned char* r = (const unsigned char*)b;
    for (; n >= 8; l += 8, r += 8, n -= 8) {
        uint64_t x, y;
        __builtin_memcpy(&x, l, 8);
        __builtin_memcpy(&y, r, 8);
        if (x != y) {
            const int k = __builtin_ctzll(x ^ y) >> 3; /* little-endian: the lowest differing byte comes first */
            return (int)l[k] - (int)r[k];
        }
    }
    for (; n && *l == *r; --n, ++l, ++r) {
    }
    return n ? (int)*l - (int)*r : 0;
}
