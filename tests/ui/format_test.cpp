// Numbers for humans, as the brief spells them: 1.2M, 34.5%, 18 d, "Mar 2025"; "—" for null.
#include "ui/format.h"

#include <gtest/gtest.h>

#include <cmath>

TEST(Format, CountsMoneyPercentDays) {
    EXPECT_EQ(ui::fmt_count(1234), "1,234");
    EXPECT_EQ(ui::fmt_count(1234567), "1.2M");
    EXPECT_EQ(ui::fmt_count(45600), "45.6k");
    EXPECT_EQ(ui::fmt_count(NAN), "\xE2\x80\x94");
    EXPECT_EQ(ui::fmt_money(1234567, "USD"), "$1.2M");
    EXPECT_EQ(ui::fmt_money(-2500, "SEK"), "-2,500 SEK");
    EXPECT_EQ(ui::fmt_money_exact(1234.5, "USD"), "$1,234.50");
    EXPECT_EQ(ui::fmt_percent(0.345), "34.5%");
    EXPECT_EQ(ui::fmt_percent(NAN), "\xE2\x80\x94");
    EXPECT_EQ(ui::fmt_days(18), "18 d");
    EXPECT_EQ(ui::fmt_days(1.5), "1.5 d");
    EXPECT_EQ(ui::fmt_delta_percent(110, 100), "+10.0%");
    EXPECT_EQ(ui::fmt_delta_percent(90, 100), "\xE2\x88\x92" "10.0%");
    EXPECT_EQ(ui::fmt_delta_percent(5, 0), "");
}

TEST(Format, DatesAndSources) {
    EXPECT_EQ(ui::fmt_month(core::month_of(core::days_from_civil(2025, 3, 7))), "Mar 2025");
    EXPECT_EQ(ui::fmt_month_key("2024-12"), "Dec 2024");
    EXPECT_EQ(ui::fmt_day(core::days_from_civil(2025, 3, 7)), "7 Mar 2025");
    EXPECT_EQ(ui::fmt_source("ORGANIC_SEARCH"), "Organic search");
    EXPECT_EQ(ui::fmt_source("Webinar"), "Webinar");
    EXPECT_EQ(ui::fmt_bytes(1536), "1.5 KB");
}
