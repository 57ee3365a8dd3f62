#include "collection/contact.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collection/engine_test_support.h"

namespace fiado::collection {
namespace {

using testing::D;

constexpr std::size_t kSun = 0, kMon = 1, kSat = 6;

DayHours H(int open_hour, int close_hour) { return DayHours{open_hour * 60, close_hour * 60}; }

std::vector<std::string> FieldsOf(const core::Status& status) {
  std::vector<std::string> fields;
  if (status) return fields;
  for (const core::FieldError& field : status.error().fields) fields.push_back(field.field);
  return fields;
}

class ContactTest : public ::testing::Test {
 protected:
  core::TimeZone zone_ = *core::TimeZone::Named("America/Sao_Paulo");
  core::BusinessCalendar calendar_{};
  ContactHours hours_ = DefaultLawfulHours();

  core::Instant Local(core::Date day, int hour, int minute = 0) const {
    return zone_.ToInstant(day, std::chrono::hours(hour) + std::chrono::minutes(minute));
  }
  bool Allowed(core::Date day, int hour, int minute = 0) const {
    return IsAllowed(hours_, calendar_, zone_, Local(day, hour, minute));
  }
  std::optional<core::Instant> Next(core::Date day, int hour, int minute = 0) const {
    return NextAllowedMoment(hours_, calendar_, zone_, Local(day, hour, minute));
  }
};

TEST_F(ContactTest, DefaultHoursAreTheSaoPauloLaw) {
  const ContactHours hours = DefaultLawfulHours();
  EXPECT_TRUE(hours.by_weekday[kSun].IsClosed());
  for (std::size_t day = 1; day <= 5; ++day) EXPECT_EQ(hours.by_weekday[day], H(8, 20));
  EXPECT_EQ(hours.by_weekday[kSat], H(8, 14));
}

TEST_F(ContactTest, StricterStates) {
  EXPECT_EQ(StateLawHours("SP"), std::nullopt);
  const ContactHours rj = *StateLawHours("RJ");
  EXPECT_EQ(rj.by_weekday[kMon], H(9, 19));
  EXPECT_TRUE(rj.by_weekday[kSat].IsClosed());
  const ContactHours es = *StateLawHours("ES");
  EXPECT_EQ(es.by_weekday[kMon], H(8, 19));
  EXPECT_TRUE(es.by_weekday[kSat].IsClosed());
  const ContactHours am = *StateLawHours("AM");
  EXPECT_EQ(am.by_weekday[kMon], H(8, 18));
  EXPECT_EQ(am.by_weekday[kSat], H(8, 14));
  EXPECT_EQ(LawfulHoursFor(""), DefaultLawfulHours());
  EXPECT_EQ(LawfulHoursFor("RJ").by_weekday[kMon], H(9, 19));
  EXPECT_TRUE(LawfulHoursFor("RJ").by_weekday[kSun].IsClosed());
}

TEST_F(ContactTest, IntersectKeepsTheCommonPart) {
  ContactHours a = DefaultLawfulHours();
  ContactHours b = DefaultLawfulHours();
  b.by_weekday[kMon] = H(10, 22);
  b.by_weekday[kSat] = H(15, 18);  // no overlap with 08–14
  const ContactHours both = Intersect(a, b);
  EXPECT_EQ(both.by_weekday[kMon], H(10, 20));
  EXPECT_TRUE(both.by_weekday[kSat].IsClosed());
  EXPECT_EQ(both.by_weekday[kSat], DayHours{});
}

TEST_F(ContactTest, HoursForNarrowsShopOverrideAndLaw) {
  ContactRules rules;
  rules.hours.by_weekday[kMon] = H(8, 18);
  rules.by_state["AM"] = DefaultLawfulHours();
  rules.by_state["AM"].by_weekday[kMon] = H(10, 20);
  EXPECT_EQ(HoursFor(rules, "SP").by_weekday[kMon], H(8, 18));
  EXPECT_EQ(HoursFor(rules, "AM").by_weekday[kMon], H(10, 18));
  EXPECT_EQ(HoursFor(rules, "RJ").by_weekday[kMon], H(9, 18));
  EXPECT_TRUE(HoursFor(rules, "RJ").by_weekday[kSat].IsClosed());
}

TEST_F(ContactTest, AcceptsDefaultsAndTighterRules) {
  ContactRules rules;
  EXPECT_TRUE(CheckContactRules(rules));
  rules.hours.by_weekday[kSat] = DayHours{};
  rules.by_state["RJ"] = *StateLawHours("RJ");
  rules.daily_cap = 2;
  rules.weekly_cap = 2;
  EXPECT_TRUE(CheckContactRules(rules));
}

TEST_F(ContactTest, RefusesHoursWiderThanTheLaw) {
  ContactRules rules;
  rules.hours.by_weekday[kSun] = H(9, 12);
  rules.hours.by_weekday[kMon] = H(7, 20);
  rules.hours.by_weekday[kSat] = H(8, 15);
  rules.hours.by_weekday[2] = DayHours{-10, 600};
  const core::Status status = CheckContactRules(rules);
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{
                                  "contact_rules.hours.sunday", "contact_rules.hours.monday",
                                  "contact_rules.hours.tuesday", "contact_rules.hours.saturday"}));
  EXPECT_EQ(status.error().fields.back().message_pt,
            "horário mais amplo que o permitido: a lei permite contato só das 8h às 14h");
}

TEST_F(ContactTest, RefusesStateOverridesWiderThanTheStateLaw) {
  ContactRules rules;
  rules.by_state["RJ"] = DefaultLawfulHours();  // 08–20 and Saturdays: wider than RJ's
  rules.by_state["XX"] = DefaultLawfulHours();
  const std::vector<std::string> fields = FieldsOf(CheckContactRules(rules));
  EXPECT_NE(std::find(fields.begin(), fields.end(), "contact_rules.by_state.RJ.monday"),
            fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "contact_rules.by_state.RJ.saturday"),
            fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "contact_rules.by_state.XX"), fields.end());
}

TEST_F(ContactTest, RefusesCapsOutOfRange) {
  ContactRules rules;
  rules.daily_cap = 0;
  EXPECT_EQ(FieldsOf(CheckContactRules(rules)),
            (std::vector<std::string>{"contact_rules.daily_cap"}));
  rules.daily_cap = 4;
  rules.weekly_cap = 5;
  EXPECT_EQ(FieldsOf(CheckContactRules(rules)),
            (std::vector<std::string>{"contact_rules.daily_cap"}));
  rules.daily_cap = 3;
  rules.weekly_cap = 2;
  EXPECT_EQ(FieldsOf(CheckContactRules(rules)),
            (std::vector<std::string>{"contact_rules.weekly_cap"}));
  rules.weekly_cap = 11;
  EXPECT_EQ(FieldsOf(CheckContactRules(rules)),
            (std::vector<std::string>{"contact_rules.weekly_cap"}));
}

TEST_F(ContactTest, WeekdayHoursEdges) {
  const core::Date monday = D(2026, 3, 9);
  EXPECT_FALSE(Allowed(monday, 7, 59));
  EXPECT_TRUE(Allowed(monday, 8, 0));
  EXPECT_TRUE(Allowed(monday, 19, 59));
  EXPECT_FALSE(Allowed(monday, 20, 0));
}

TEST_F(ContactTest, SaturdayClosesAtTwoPm) {
  const core::Date saturday = D(2026, 3, 7);
  EXPECT_TRUE(Allowed(saturday, 13, 59));
  EXPECT_FALSE(Allowed(saturday, 14, 0));
  EXPECT_EQ(Next(saturday, 14, 0), Local(D(2026, 3, 9), 8));
}

TEST_F(ContactTest, SundayDefersToMondayMorning) {
  const core::Date sunday = D(2026, 3, 8);
  EXPECT_FALSE(Allowed(sunday, 10));
  EXPECT_EQ(Next(sunday, 10), Local(D(2026, 3, 9), 8));
}

TEST_F(ContactTest, BeforeOpeningWaitsForTheSameDay) {
  EXPECT_EQ(Next(D(2026, 3, 10), 6, 30), Local(D(2026, 3, 10), 8));
  EXPECT_EQ(Next(D(2026, 3, 10), 9, 15), Local(D(2026, 3, 10), 9, 15));
  EXPECT_EQ(Next(D(2026, 3, 10), 21), Local(D(2026, 3, 11), 8));
}

TEST_F(ContactTest, CarnavalAndHolidaysAreSkipped) {
  // Carnaval 2026: Monday 16/02 and Tuesday 17/02; Saturday 14/02 after 14:00 → Wednesday.
  EXPECT_FALSE(Allowed(D(2026, 2, 16), 10));
  EXPECT_FALSE(Allowed(D(2026, 2, 17), 10));
  EXPECT_TRUE(Allowed(D(2026, 2, 18), 10));  // Ash Wednesday is a business day
  EXPECT_EQ(Next(D(2026, 2, 14), 15), Local(D(2026, 2, 18), 8));
  // Tiradentes, Tuesday 21/04/2026; Good Friday 03/04/2026 → Saturday 04/04 at 08:00.
  EXPECT_FALSE(Allowed(D(2026, 4, 21), 10));
  EXPECT_EQ(Next(D(2026, 4, 3), 9), Local(D(2026, 4, 4), 8));
  // Christmas on Friday 25/12/2026, after hours on Thursday: Saturday morning.
  EXPECT_EQ(Next(D(2026, 12, 24), 20, 30), Local(D(2026, 12, 26), 8));
}

TEST_F(ContactTest, LocalHolidaysOfTheShopAreSkipped) {
  // Campinas' own holiday on 14/07 (a Tuesday in 2026).
  calendar_ = core::BusinessCalendar({*core::LocalHoliday::Make(7, 14, std::nullopt, "Padroeira")});
  EXPECT_FALSE(Allowed(D(2026, 7, 14), 10));
  EXPECT_EQ(Next(D(2026, 7, 14), 10), Local(D(2026, 7, 15), 8));
}

TEST_F(ContactTest, RioDeJaneiroHasNoWeekendsAndShorterDays) {
  hours_ = LawfulHoursFor("RJ");
  EXPECT_FALSE(Allowed(D(2026, 3, 7), 10));  // Saturday
  EXPECT_FALSE(Allowed(D(2026, 3, 9), 8, 30));
  EXPECT_EQ(Next(D(2026, 3, 6), 19, 0), Local(D(2026, 3, 9), 9));  // Friday 19:00 → Monday
}

TEST_F(ContactTest, NoOpenDayMeansNoMoment) {
  hours_ = ContactHours{};
  EXPECT_EQ(Next(D(2026, 3, 9), 10), std::nullopt);
}

TEST_F(ContactTest, UsesTheShopZoneWithoutDst) {
  // Brazil has had no daylight saving time since 2019: 08:00 in São Paulo is 11:00 UTC.
  EXPECT_EQ(core::FormatRfc3339(*Next(D(2026, 1, 10), 3)), "2026-01-10T11:00:00Z");
  // A Manaus shop (UTC−4) opens at 12:00 UTC.
  zone_ = *core::TimeZone::Named("America/Manaus");
  EXPECT_EQ(core::FormatRfc3339(*Next(D(2026, 1, 12), 3)), "2026-01-12T12:00:00Z");
  // 23:30 UTC on a Monday is 19:30 in Manaus: still inside the hours.
  EXPECT_TRUE(IsAllowed(hours_, calendar_, zone_, *core::ParseRfc3339("2026-01-12T23:30:00Z")));
}

TEST_F(ContactTest, HistoricalDaylightSavingIsRespected) {
  // 05/11/2018, São Paulo was on UTC−2 (DST began 04/11/2018): 08:00 local = 10:00 UTC.
  EXPECT_EQ(core::FormatRfc3339(*Next(D(2018, 11, 5), 7)), "2018-11-05T10:00:00Z");
}

}  // namespace
}  // namespace fiado::collection
