#include "core/time_zone.h"

#include <gtest/gtest.h>

namespace fiado::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Instant Utc(Date date, hours h, minutes m = minutes{0}, seconds s = seconds{0}) {
  return std::chrono::sys_days{date} + h + m + s;
}

TimeZone Zone(std::string_view name) { return TimeZone::Named(name).value(); }

TEST(TimeZone, SaoPauloDayBoundary) {
  const TimeZone zone = Zone(kDefaultTimeZone);
  EXPECT_EQ(zone.name(), "America/Sao_Paulo");
  const Instant before = Utc(D(2026, 1, 15), hours{2}, minutes{59}, seconds{59});
  EXPECT_EQ(FormatIso(zone.LocalDate(before)), "2026-01-14");
  const LocalDateTime local = zone.ToLocal(before);
  EXPECT_EQ(FormatIso(local.date), "2026-01-14");
  EXPECT_EQ(local.time_of_day, hours{23} + minutes{59} + seconds{59});
  EXPECT_EQ(local.weekday, std::chrono::Wednesday);
  const LocalDateTime midnight = zone.ToLocal(Utc(D(2026, 1, 15), hours{3}));
  EXPECT_EQ(FormatIso(midnight.date), "2026-01-15");
  EXPECT_EQ(midnight.time_of_day, seconds{0});
  EXPECT_EQ(midnight.weekday, std::chrono::Thursday);
  EXPECT_EQ(zone.ToInstant(D(2026, 1, 15), seconds{0}), Utc(D(2026, 1, 15), hours{3}));
  EXPECT_EQ(zone.ToInstant(D(2026, 1, 14), hours{23} + minutes{59} + seconds{59}), before);
}

TEST(TimeZone, ManausAndNoronha) {
  const TimeZone manaus = Zone("America/Manaus");    // UTC−4
  const TimeZone noronha = Zone("America/Noronha");  // UTC−2
  EXPECT_EQ(FormatIso(manaus.LocalDate(Utc(D(2026, 1, 15), hours{3}, minutes{59}))), "2026-01-14");
  EXPECT_EQ(FormatIso(manaus.LocalDate(Utc(D(2026, 1, 15), hours{4}))), "2026-01-15");
  EXPECT_EQ(FormatIso(noronha.LocalDate(Utc(D(2026, 1, 15), hours{1}, minutes{59}))), "2026-01-14");
  EXPECT_EQ(FormatIso(noronha.LocalDate(Utc(D(2026, 1, 15), hours{2}))), "2026-01-15");
  EXPECT_EQ(manaus.ToInstant(D(2026, 7, 1), hours{8}), Utc(D(2026, 7, 1), hours{12}));
  EXPECT_EQ(noronha.ToInstant(D(2026, 7, 1), hours{8}), Utc(D(2026, 7, 1), hours{10}));
  EXPECT_EQ(manaus.ToLocal(Utc(D(2026, 7, 1), hours{12})).time_of_day, hours{8});
}

TEST(TimeZone, DaylightSavingEra) {
  const TimeZone zone = Zone("America/Sao_Paulo");
  // Summer 2018/2019 was UTC−2: 2019-01-15 12:00 local = 14:00Z.
  EXPECT_EQ(zone.ToInstant(D(2019, 1, 15), hours{12}), Utc(D(2019, 1, 15), hours{14}));
  EXPECT_EQ(zone.ToLocal(Utc(D(2019, 1, 15), hours{14})).time_of_day, hours{12});
  // 2018-11-04: at 00:00 (−03) the clocks jumped to 01:00 (−02); 00:30 never happened and
  // resolves to the first instant after the gap, 01:00 −02 = 03:00Z.
  EXPECT_EQ(zone.ToInstant(D(2018, 11, 4), minutes{30}), Utc(D(2018, 11, 4), hours{3}));
  EXPECT_EQ(zone.ToInstant(D(2018, 11, 4), seconds{0}), Utc(D(2018, 11, 4), hours{3}));
  EXPECT_EQ(zone.ToInstant(D(2018, 11, 4), hours{1}), Utc(D(2018, 11, 4), hours{3}));
  EXPECT_EQ(zone.ToInstant(D(2018, 11, 3), hours{23} + minutes{59}),
            Utc(D(2018, 11, 4), hours{2}, minutes{59}));
  const LocalDateTime after_gap = zone.ToLocal(Utc(D(2018, 11, 4), hours{3}));
  EXPECT_EQ(FormatIso(after_gap.date), "2018-11-04");
  EXPECT_EQ(after_gap.time_of_day, hours{1});
  // 2019-02-17: at 00:00 (−02) the clocks went back to 23:00 (−03) of the 16th, so 23:30 on
  // the 16th happened twice: at 01:30Z and at 02:30Z. The earlier one is chosen.
  EXPECT_EQ(zone.ToInstant(D(2019, 2, 16), hours{23} + minutes{30}),
            Utc(D(2019, 2, 17), hours{1}, minutes{30}));
  EXPECT_EQ(FormatIso(zone.LocalDate(Utc(D(2019, 2, 17), hours{2}, minutes{30}))), "2019-02-16");
  EXPECT_EQ(zone.ToLocal(Utc(D(2019, 2, 17), hours{2}, minutes{30})).time_of_day,
            hours{23} + minutes{30});
  EXPECT_EQ(zone.ToInstant(D(2019, 2, 17), seconds{0}), Utc(D(2019, 2, 17), hours{3}));
}

TEST(TimeZone, TimeOfDayOutsideOneDayRollsOver) {
  const TimeZone zone = Zone("America/Sao_Paulo");
  EXPECT_EQ(zone.ToInstant(D(2026, 1, 14), hours{24}), zone.ToInstant(D(2026, 1, 15), hours{0}));
  EXPECT_EQ(zone.ToInstant(D(2026, 1, 15), -hours{1}), Utc(D(2026, 1, 15), hours{2}));
}

TEST(TimeZone, LocalRoundTripsOutsideTransitions) {
  const TimeZone zone = Zone("America/Sao_Paulo");
  for (Instant instant = Utc(D(2019, 3, 1), hours{0}); instant < Utc(D(2019, 4, 1), hours{0});
       instant += minutes{37}) {
    const LocalDateTime local = zone.ToLocal(instant);
    ASSERT_EQ(zone.ToInstant(local.date, local.time_of_day), instant);
    ASSERT_EQ(local.weekday, WeekdayOf(local.date));
    ASSERT_GE(local.time_of_day, seconds{0});
    ASSERT_LT(local.time_of_day, hours{24});
  }
}

TEST(TimeZone, UnknownNameIsAPortugueseError) {
  for (std::string_view name : {"America/Sao_Paolo", "", "Brasilia", "america/sao_paulo",
                                "../../etc/passwd", "America/Sao_Paulo "}) {
    const Result<TimeZone> zone = TimeZone::Named(name, "loja.fuso_horario");
    ASSERT_FALSE(zone.has_value()) << name;
    EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(zone.error().field, "loja.fuso_horario");
    EXPECT_EQ(zone.error().message_pt, "fuso horário desconhecido: \"" + std::string(name) +
                                           "\" (use um nome IANA, como America/Sao_Paulo)");
  }
  EXPECT_EQ(TimeZone::Named("Mars/Olympus_Mons").error().field, "time_zone");
}

TEST(TimeZone, ValuesCompareByName) {
  EXPECT_EQ(Zone("America/Manaus"), Zone("America/Manaus"));
  EXPECT_FALSE(Zone("America/Manaus") == Zone("America/Noronha"));
  EXPECT_EQ(Zone("UTC").ToInstant(D(2026, 1, 15), hours{10}), Utc(D(2026, 1, 15), hours{10}));
}

}  // namespace
}  // namespace fiado::core
