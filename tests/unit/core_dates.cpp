// Dates as the importers see them: every format of docs/formats.md to the UTC calendar day (metrics.md rule 2).
// Expected days are worked out by hand: 2024-01-01 is day 19723 since 1970-01-01 (54 years, 13 of them leap:
// 54*365 + 13 = 19723).
#include "core/dates.h"

#include <gtest/gtest.h>

using core::Day;
using core::days_from_civil;
using core::parse_date;

TEST(CoreDates, CivilRoundTripAndKnownDays) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2024, 1, 1), 19723);
    EXPECT_EQ(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 1), 29); // leap February
    EXPECT_EQ(days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 1), 28);
    for (Day d = -1000; d < 30000; d += 37) {
        core::Civil c = core::civil_from_days(d);
        EXPECT_EQ(days_from_civil(c.y, c.m, c.d), d);
    }
}

TEST(CoreDates, OffsetsMoveTimestampsToTheirUtcDay) {
    const Day jan1 = days_from_civil(2024, 1, 1);
    // 01:30 at +03:00 is 22:30 UTC the day before
    EXPECT_EQ(parse_date("2024-01-01T01:30:00+03:00"), jan1 - 1);
    EXPECT_EQ(parse_date("2024-01-01T03:00:00+03:00"), jan1);
    // Salesforce's offset without a colon
    EXPECT_EQ(parse_date("2024-01-01T00:10:00.000+0000"), jan1);
    EXPECT_EQ(parse_date("2023-12-31T23:30:00.000-0100"), jan1);
    EXPECT_EQ(parse_date("2024-01-01T00:00:00Z"), jan1);
    EXPECT_EQ(parse_date("2024-01-01T23:59:59.999Z"), jan1);
    // Close's pipelines: no zone at all is UTC
    EXPECT_EQ(parse_date("2024-01-01T09:22:10.931820"), jan1);
    // Pipedrive's "YYYY-MM-DD HH:MM:SS" (UTC)
    EXPECT_EQ(parse_date("2024-01-01 23:00:00"), jan1);
}

TEST(CoreDates, OtherShapes) {
    const Day jan31 = days_from_civil(2024, 1, 31);
    EXPECT_EQ(parse_date("20240131"), jan31);            // GA4
    EXPECT_EQ(parse_date("2024-01-31"), jan31);
    // epoch milliseconds as HubSpot writes them: 1706659200000 = 2024-01-31T00:00:00Z (19753 days * 86400000)
    EXPECT_EQ(parse_date("1706659200000"), jan31);
    EXPECT_EQ(core::day_from_epoch_seconds(1706659200 + 86399), jan31);
    EXPECT_EQ(core::day_from_epoch_seconds(-1), -1);     // 1969-12-31
}

// Every day from 1600 to 2400, counted one by one from a day whose number is known (1600-01-01: 370 years before
// 1970 with 90 leap years, 370*365 + 90 = 135140 days), against month_of, first_day and last_day.
TEST(CoreDates, EveryDayOfEightCenturiesHasItsMonth) {
    Day day = -135140;
    int wrong = 0;
    for (int y = 1600; y <= 2400; ++y) {
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        const int lengths[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        for (int m = 1; m <= 12; ++m) {
            const core::Month month = y * 12 + m - 1;
            const Day first = day, last = day + lengths[m - 1] - 1;
            if (core::first_day(month) != first || core::last_day(month) != last) ++wrong;
            for (; day <= last; ++day)
                if (core::month_of(day) != month) ++wrong;
        }
    }
    EXPECT_EQ(day, days_from_civil(2401, 1, 1));
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(core::month_of(core::kNoDay), core::kNoMonth);
    EXPECT_EQ(core::first_day(core::kNoMonth), core::kNoDay);
}

TEST(CoreDates, LeapDaysAndMonthEnds) {
    EXPECT_TRUE(parse_date("2024-02-29").has_value());
    EXPECT_FALSE(parse_date("2023-02-29").has_value());
    EXPECT_FALSE(parse_date("2024-04-31").has_value());
    EXPECT_FALSE(parse_date("2024-13-01").has_value());
    // a year before a leap day is Feb 28; a month after Jan 31 is Feb 29 in a leap year
    EXPECT_EQ(core::add_months(days_from_civil(2024, 2, 29), -12), days_from_civil(2023, 2, 28));
    EXPECT_EQ(core::add_months(days_from_civil(2024, 1, 31), 1), days_from_civil(2024, 2, 29));
    EXPECT_EQ(core::last_day(core::month_of(days_from_civil(2024, 2, 10))), days_from_civil(2024, 2, 29));
    EXPECT_EQ(core::month_label(core::month_of(days_from_civil(2025, 3, 7))), "2025-03");
}

TEST(CoreDates, GarbageIsRefused) {
    for (const char* s : {"", "abc", "2024-1-1", "2024-01-01T", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00+3",
                          "31/01/2024", "2024-01-01T10:00:00Zjunk", "123"})
        EXPECT_FALSE(parse_date(s).has_value()) << s;
}
