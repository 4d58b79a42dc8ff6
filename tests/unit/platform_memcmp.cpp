// memcmp as the engine links it: in the wasm builds src/platform/wasm_memcmp.c (8 bytes at a time) replaces libc's.
// Its answers are checked against the definition (the sign of the first differing byte pair, as unsigned chars; 0 when
// none differs) for every length up to 40, every position of a difference, both orders, bytes above 0x7f, and every
// alignment of either side.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int by_definition(const unsigned char* a, const unsigned char* b, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

TEST(Memcmp, AgreesWithTheDefinition) {
    std::vector<unsigned char> a(64), b(64);
    size_t checked = 0;
    for (size_t off_a = 0; off_a < 8; ++off_a)
        for (size_t off_b = 0; off_b < 8; off_b += 3)
            for (size_t n = 0; n <= 40; ++n)
                for (size_t at = 0; at <= n; ++at) { // at == n: equal over n bytes
                    for (size_t i = 0; i < 48; ++i)
                        a[off_a + i] = b[off_b + i] = static_cast<unsigned char>('a' + i % 7);
                    if (at < n) {
                        a[off_a + at] = 0x20;
                        b[off_b + at] = 0xE9; // above 0x7f: compared as unsigned, so a < b
                        if (at + 1 < n) a[off_a + at + 1] = 0xFF; // a later difference the other way must not count
                    }
                    const unsigned char* pa = a.data() + off_a;
                    const unsigned char* pb = b.data() + off_b;
                    const int want = by_definition(pa, pb, n);
                    ASSERT_EQ(want, at < n ? -1 : 0);
                    ASSERT_EQ(sign(std::memcmp(pa, pb, n)), want) << "n=" << n << " at=" << at;
                    ASSERT_EQ(sign(std::memcmp(pb, pa, n)), -want) << "n=" << n << " at=" << at;
                    ++checked;
                }
    EXPECT_EQ(checked, 8u * 3u * (41u * 42u / 2u));
}

TEST(Memcmp, OrdersKeysAsStrings) {
    // the use that matters: std::string ordering (object keys) goes through memcmp
    EXPECT_LT(std::string("hs_lifecyclestage_lead_date"), std::string("hs_lifecyclestage_marketingqualifiedlead_date"));
    EXPECT_GT(std::string("hs_date_entered_qualifiedtobuy"), std::string("hs_date_entered_presentationscheduled"));
    EXPECT_EQ(std::string("hs_date_exited_contractsent"), std::string("hs_date_exited_contractsent"));
    EXPECT_LT(std::string("hs_date_exited_contractsen"), std::string("hs_date_exited_contractsent"));
}

} // namespace
