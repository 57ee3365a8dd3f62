#include "core/date.h"

#include <gtest/gtest.h>

namespace fiado::core {
namespace {

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

std::chrono::year_month Ym(int year, unsigned month) {
  return std::chrono::year_month{std::chrono::year{year}, std::chrono::month{month}};
}

TEST(DateArithmetic, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(FormatIso(AddDays(D(2025, 1, 31), 1)), "2025-02-01");
  EXPECT_EQ(FormatIso(AddDays(D(2024, 2, 28), 1)), "2024-02-29");
  EXPECT_EQ(FormatIso(AddDays(D(2025, 2, 28), 1)), "2025-03-01");
  EXPECT_EQ(FormatIso(AddDays(D(2025, 12, 31), 1)), "2026-01-01");
  EXPECT_EQ(FormatIso(AddDays(D(2026, 1, 1), -1)), "2025-12-31");
  EXPECT_EQ(FormatIso(AddDays(D(2025, 3, 15), 0)), "2025-03-15");
  EXPECT_EQ(FormatIso(AddDays(D(2025, 1, 1), 365)), "2026-01-01");
}

TEST(DateArithmetic, AddMonthsClampsToTheLastDayOfTheMonth) {
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 1, 31), 1)), "2025-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2024, 1, 31), 1)), "2024-02-29");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2024, 2, 29), 12)), "2025-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2024, 2, 29), 48)), "2028-02-29");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 3, 31), 1)), "2025-04-30");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 1, 15), 3)), "2025-04-15");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 11, 30), 3)), "2026-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 8, 31), 0)), "2025-08-31");
}

TEST(DateArithmetic, AddNegativeMonths) {
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 3, 31), -1)), "2025-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 1, 15), -1)), "2024-12-15");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 2, 28), -12)), "2024-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2024, 2, 29), -12)), "2023-02-28");
  EXPECT_EQ(FormatIso(AddMonthsClamped(D(2025, 5, 31), -25)), "2023-04-30");
}

TEST(DateArithmetic, FixedDayOfMonthRule) {
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2025, 4), 31)), "2025-04-30");
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2025, 2), 30)), "2025-02-28");
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2024, 2), 30)), "2024-02-29");
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2025, 5), 31)), "2025-05-31");
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2025, 6), 10)), "2025-06-10");
  EXPECT_EQ(FormatIso(WithDayClamped(Ym(2025, 6), 1)), "2025-06-01");
}

TEST(DateArithmetic, DaysBetweenIsSignedCalendarDays) {
  EXPECT_EQ(DaysBetween(D(2025, 3, 15), D(2025, 3, 17)), 2);
  EXPECT_EQ(DaysBetween(D(2025, 3, 17), D(2025, 3, 15)), -2);
  EXPECT_EQ(DaysBetween(D(2025, 3, 15), D(2025, 3, 15)), 0);
  EXPECT_EQ(DaysBetween(D(2024, 1, 1), D(2025, 1, 1)), 366);
  EXPECT_EQ(DaysBetween(D(2025, 1, 1), D(2026, 1, 1)), 365);
  EXPECT_EQ(DaysBetween(D(2025, 2, 10), D(2025, 3, 10)), 28);
}

TEST(DateArithmetic, WeekdayOf) {
  EXPECT_EQ(WeekdayOf(D(2025, 3, 15)), std::chrono::Saturday);
  EXPECT_EQ(WeekdayOf(D(2025, 3, 17)), std::chrono::Monday);
  EXPECT_EQ(WeekdayOf(D(2026, 4, 3)), std::chrono::Friday);
  EXPECT_EQ(WeekdayOf(D(1970, 1, 1)), std::chrono::Thursday);
  EXPECT_EQ(WeekdayOf(D(2000, 2, 29)), std::chrono::Tuesday);
}

TEST(DateText, FormatsIsoAndBrazilian) {
  EXPECT_EQ(FormatIso(D(2025, 3, 7)), "2025-03-07");
  EXPECT_EQ(FormatBr(D(2025, 3, 7)), "07/03/2025");
  EXPECT_EQ(FormatIso(D(987, 12, 31)), "0987-12-31");
  EXPECT_EQ(FormatBr(D(987, 12, 31)), "31/12/0987");
}

TEST(DateText, ParsesIsoAndBrazilian) {
  EXPECT_EQ(ParseIsoDate("2024-02-29").value(), D(2024, 2, 29));
  EXPECT_EQ(ParseIsoDate("2025-12-31").value(), D(2025, 12, 31));
  EXPECT_EQ(ParseBrDate("29/02/2024").value(), D(2024, 2, 29));
  EXPECT_EQ(ParseBrDate("01/01/2026").value(), D(2026, 1, 1));
}

TEST(DateText, RoundTrips) {
  for (Date date = D(2023, 12, 1); date < D(2025, 3, 1); date = AddDays(date, 1)) {
    ASSERT_EQ(ParseIsoDate(FormatIso(date)).value(), date);
    ASSERT_EQ(ParseBrDate(FormatBr(date)).value(), date);
  }
}

TEST(DateText, RejectsDaysTheMonthDoesNotHave) {
  const Result<Date> leap = ParseIsoDate("2025-02-29", "vencimento");
  ASSERT_FALSE(leap.has_value());
  EXPECT_EQ(leap.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(leap.error().field, "vencimento");
  EXPECT_EQ(leap.error().message_pt, "data inexistente: 2025-02-29");
  EXPECT_EQ(ParseIsoDate("2025-04-31").error().message_pt, "data inexistente: 2025-04-31");
  EXPECT_EQ(ParseIsoDate("2025-01-00").error().message_pt, "data inexistente: 2025-01-00");
  EXPECT_EQ(ParseIsoDate("2025-01-32").error().message_pt, "data inexistente: 2025-01-32");
  EXPECT_EQ(ParseIsoDate("2025-13-01").error().message_pt, "mês inválido: 2025-13-01");
  EXPECT_EQ(ParseIsoDate("2025-00-10").error().message_pt, "mês inválido: 2025-00-10");
  EXPECT_EQ(ParseIsoDate("0000-01-01").error().message_pt, "ano inválido: 0000-01-01");
  EXPECT_EQ(ParseBrDate("29/02/2025").error().message_pt, "data inexistente: 29/02/2025");
  EXPECT_EQ(ParseBrDate("31/06/2025").error().message_pt, "data inexistente: 31/06/2025");
  EXPECT_EQ(ParseBrDate("10/13/2025").error().message_pt, "mês inválido: 10/13/2025");
  EXPECT_EQ(ParseIsoDate("2025-02-29").error().field, "data");
}

TEST(DateText, RejectsAnythingButTheExactShape) {
  for (const char* text : {"", "2025-3-15", "2025-03-5", "25-03-15", "2025/03/15", "2025-03-15 ",
                           " 2025-03-15", "2025-03-15T00:00", "+025-03-15", "2025-0a-15",
                           "15/03/2025", "2025–03–15", "20250315", "2025-03-1x"}) {
    const Result<Date> parsed = ParseIsoDate(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message_pt, "data em formato inválido: use AAAA-MM-DD") << text;
  }
  for (const char* text : {"", "1/3/2025", "15/3/2025", "15-03-2025", "2025-03-15", "15/03/25",
                           "15/03/2025 ", "15/03/-025", "1a/03/2025", "15.03.2025"}) {
    const Result<Date> parsed = ParseBrDate(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message_pt, "data em formato inválido: use dd/mm/aaaa") << text;
  }
}

}  // namespace
}  // namespace fiado::core
