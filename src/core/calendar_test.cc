#include "core/calendar.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/shared_data.h"

namespace fiado::core {
namespace {

Date D(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Date Iso(const std::string& text) { return ParseIsoDate(text).value(); }

// "dd/mm ddd" as STANDARDS §6.3 writes the bank-holiday lists ("03/03 seg").
std::string DayMonthWeekday(Date date) {
  static constexpr const char* kWeekdays[] = {"dom", "seg", "ter", "qua", "qui", "sex", "sáb"};
  return FormatBr(date).substr(0, 5) + " " + kWeekdays[WeekdayOf(date).c_encoding()];
}

std::vector<std::string> ListOf(const std::vector<Holiday>& holidays) {
  std::vector<std::string> list;
  for (const Holiday& holiday : holidays) list.push_back(DayMonthWeekday(holiday.date));
  return list;
}

TEST(EasterSunday, MatchesTheStandardsTable) {
  EXPECT_EQ(FormatIso(EasterSunday(2024)), "2024-03-31");
  EXPECT_EQ(FormatIso(EasterSunday(2025)), "2025-04-20");
  EXPECT_EQ(FormatIso(EasterSunday(2026)), "2026-04-05");
  EXPECT_EQ(FormatIso(EasterSunday(2027)), "2027-03-28");
  EXPECT_EQ(FormatIso(EasterSunday(2028)), "2028-04-16");
  EXPECT_EQ(FormatIso(EasterSunday(2029)), "2029-04-01");
  EXPECT_EQ(FormatIso(EasterSunday(2030)), "2030-04-21");
}

TEST(EasterSunday, KnownExtremesAndCenturies) {
  EXPECT_EQ(FormatIso(EasterSunday(1818)), "1818-03-22");  // earliest possible
  EXPECT_EQ(FormatIso(EasterSunday(2285)), "2285-03-22");
  EXPECT_EQ(FormatIso(EasterSunday(1943)), "1943-04-25");  // latest possible
  EXPECT_EQ(FormatIso(EasterSunday(2038)), "2038-04-25");
  EXPECT_EQ(FormatIso(EasterSunday(1900)), "1900-04-15");
  EXPECT_EQ(FormatIso(EasterSunday(2000)), "2000-04-23");
  EXPECT_EQ(FormatIso(EasterSunday(2100)), "2100-03-28");
  for (int year = 1583; year <= 3000; ++year) {
    ASSERT_EQ(WeekdayOf(EasterSunday(year)), std::chrono::Sunday) << year;
  }
}

TEST(EasterSunday, BankDaysOfTheStandardsTable) {
  struct Row {
    int year;
    const char* carnaval_monday;
    const char* carnaval_tuesday;
    const char* good_friday;
    const char* corpus_christi;
  };
  const Row rows[] = {
      {2024, "12/02", "13/02", "29/03", "30/05"}, {2025, "03/03", "04/03", "18/04", "19/06"},
      {2026, "16/02", "17/02", "03/04", "04/06"}, {2027, "08/02", "09/02", "26/03", "27/05"},
      {2028, "28/02", "29/02", "14/04", "15/06"}, {2029, "12/02", "13/02", "30/03", "31/05"},
      {2030, "04/03", "05/03", "19/04", "20/06"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> bank;
    for (const Holiday& holiday : NationalHolidays(row.year)) {
      if (holiday.kind == HolidayKind::kBank) bank.push_back(FormatBr(holiday.date).substr(0, 5));
    }
    EXPECT_EQ(bank, (std::vector<std::string>{row.carnaval_monday, row.carnaval_tuesday,
                                              row.good_friday, row.corpus_christi}))
        << row.year;
  }
}

TEST(NationalHolidays, FullList2025) {
  const std::vector<Holiday> holidays = NationalHolidays(2025);
  EXPECT_EQ(ListOf(holidays), (std::vector<std::string>{
                                  "01/01 qua", "03/03 seg", "04/03 ter", "18/04 sex", "21/04 seg",
                                  "01/05 qui", "19/06 qui", "07/09 dom", "12/10 dom", "02/11 dom",
                                  "15/11 sáb", "20/11 qui", "25/12 qui"}));
}

TEST(NationalHolidays, FullList2026) {
  EXPECT_EQ(
      ListOf(NationalHolidays(2026)),
      (std::vector<std::string>{"01/01 qui", "16/02 seg", "17/02 ter", "03/04 sex", "21/04 ter",
                                "01/05 sex", "04/06 qui", "07/09 seg", "12/10 seg", "02/11 seg",
                                "15/11 dom", "20/11 sex", "25/12 sex"}));
}

TEST(NationalHolidays, NamesAndKindsInPortuguese) {
  const std::vector<Holiday> holidays = NationalHolidays(2026);
  ASSERT_EQ(holidays.size(), 13u);
  const std::vector<std::pair<std::string, HolidayKind>> expected = {
      {"Confraternização Universal", HolidayKind::kNational},
      {"Carnaval (segunda-feira)", HolidayKind::kBank},
      {"Carnaval (terça-feira)", HolidayKind::kBank},
      {"Sexta-feira Santa", HolidayKind::kBank},
      {"Tiradentes", HolidayKind::kNational},
      {"Dia do Trabalho", HolidayKind::kNational},
      {"Corpus Christi", HolidayKind::kBank},
      {"Independência do Brasil", HolidayKind::kNational},
      {"Nossa Senhora Aparecida", HolidayKind::kNational},
      {"Finados", HolidayKind::kNational},
      {"Proclamação da República", HolidayKind::kNational},
      {"Dia Nacional de Zumbi e da Consciência Negra", HolidayKind::kNational},
      {"Natal", HolidayKind::kNational},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(holidays[i].name_pt, expected[i].first) << i;
    EXPECT_EQ(holidays[i].kind, expected[i].second) << i;
  }
}

TEST(NationalHolidays, ConscienciaNegraIsNationalFrom2024) {
  const BusinessCalendar calendar;
  EXPECT_FALSE(calendar.IsHoliday(D(2023, 11, 20)));
  EXPECT_TRUE(calendar.IsBusinessDay(D(2023, 11, 20)));  // a Monday
  EXPECT_TRUE(calendar.IsHoliday(D(2024, 11, 20)));
  EXPECT_FALSE(calendar.IsBusinessDay(D(2024, 11, 20)));  // a Wednesday
  EXPECT_EQ(NationalHolidays(2023).size(), 12u);
  EXPECT_EQ(NationalHolidays(2024).size(), 13u);
  EXPECT_EQ(calendar.HolidayOn(D(2024, 11, 20))->name_pt,
            "Dia Nacional de Zumbi e da Consciência Negra");
}

TEST(BusinessCalendar, DueDateShiftVectors) {
  const BusinessCalendar calendar;
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2025, 3, 15))), "17/03/2025");
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2026, 2, 17))), "18/02/2026");
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2026, 4, 3))), "06/04/2026");
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2025, 6, 19))), "20/06/2025");
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2025, 11, 20))), "21/11/2025");
  // A business due date stays where it is.
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2025, 3, 14))), "14/03/2025");
  // Carnaval Monday chains into Tuesday and on to Ash Wednesday.
  EXPECT_EQ(FormatBr(calendar.OnOrNextBusinessDay(D(2026, 2, 14))), "18/02/2026");
}

TEST(BusinessCalendar, AshWednesdayIsABusinessDay) {
  const BusinessCalendar calendar;
  EXPECT_TRUE(calendar.IsBusinessDay(D(2025, 3, 5)));
  EXPECT_TRUE(calendar.IsBusinessDay(D(2026, 2, 18)));
  EXPECT_FALSE(calendar.IsHoliday(D(2026, 2, 18)));
  EXPECT_FALSE(calendar.IsBusinessDay(D(2026, 2, 16)));
  EXPECT_FALSE(calendar.IsBusinessDay(D(2026, 2, 17)));
}

TEST(BusinessCalendar, WeekendsAreNotBusinessDaysButNotHolidays) {
  const BusinessCalendar calendar;
  EXPECT_FALSE(calendar.IsBusinessDay(D(2025, 3, 15)));
  EXPECT_FALSE(calendar.IsBusinessDay(D(2025, 3, 16)));
  EXPECT_FALSE(calendar.IsHoliday(D(2025, 3, 15)));
  EXPECT_EQ(calendar.HolidayOn(D(2025, 3, 15)), std::nullopt);
  // A holiday on a weekend is still a holiday.
  EXPECT_TRUE(calendar.IsHoliday(D(2025, 9, 7)));
}

TEST(BusinessCalendar, NextPreviousAndAddBusinessDays) {
  const BusinessCalendar calendar;
  EXPECT_EQ(FormatIso(calendar.NextBusinessDay(D(2025, 3, 14))), "2025-03-17");  // Fri → Mon
  EXPECT_EQ(FormatIso(calendar.NextBusinessDay(D(2025, 3, 17))), "2025-03-18");
  EXPECT_EQ(FormatIso(calendar.NextBusinessDay(D(2025, 2, 28))), "2025-03-05");  // Carnaval
  EXPECT_EQ(FormatIso(calendar.PreviousBusinessDay(D(2025, 3, 5))), "2025-02-28");
  EXPECT_EQ(FormatIso(calendar.PreviousBusinessDay(D(2025, 3, 16))), "2025-03-14");
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 3, 15), 0)), "2025-03-15");
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 3, 15), 1)), "2025-03-17");
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 3, 15), 5)), "2025-03-21");
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 3, 15), -1)), "2025-03-14");
  // 5 business days to lift a bureau registration after a payment on Wed 16/04/2025:
  // 17/04, (18/04 Good Friday, 19–20 weekend, 21/04 Tiradentes), 22, 23, 24, 25.
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 4, 16), 5)), "2025-04-25");
  EXPECT_EQ(FormatIso(calendar.AddBusinessDays(D(2025, 12, 22), 5)), "2025-12-30");
}

TEST(BusinessCalendar, BusinessDaysBetweenInvertsAddBusinessDays) {
  const BusinessCalendar calendar;
  EXPECT_EQ(calendar.BusinessDaysBetween(D(2025, 3, 14), D(2025, 3, 17)), 1);
  EXPECT_EQ(calendar.BusinessDaysBetween(D(2025, 3, 15), D(2025, 3, 16)), 0);
  EXPECT_EQ(calendar.BusinessDaysBetween(D(2025, 3, 17), D(2025, 3, 14)), -1);
  EXPECT_EQ(calendar.BusinessDaysBetween(D(2025, 3, 10), D(2025, 3, 10)), 0);
  // 2025: 365 days, 104 weekend days, 9 holidays on weekdays → 252 business days.
  EXPECT_EQ(calendar.BusinessDaysBetween(D(2024, 12, 31), D(2025, 12, 31)), 252);
  for (Date start = D(2025, 1, 1); start < D(2025, 4, 1); start = AddDays(start, 1)) {
    for (int n = -30; n <= 30; ++n) {
      const Date end = calendar.AddBusinessDays(start, n);
      ASSERT_EQ(calendar.BusinessDaysBetween(start, end), n) << FormatIso(start) << " " << n;
      if (n != 0) {
        ASSERT_TRUE(calendar.IsBusinessDay(end));
      }
    }
  }
}

TEST(BusinessCalendar, CacheAgreesWithDirectComputation) {
  const BusinessCalendar calendar({LocalHoliday::Make(1, 25, std::nullopt, "Aniversário").value()});
  const Date first = D(BusinessCalendar::kFirstCachedYear, 1, 1);
  const Date end = D(BusinessCalendar::kLastCachedYear + 1, 1, 1);
  int holidays = 0;
  for (Date date = first; date < end; date = AddDays(date, 1)) {
    const std::optional<Holiday> holiday = calendar.HolidayOn(date);
    ASSERT_EQ(calendar.IsHoliday(date), holiday.has_value()) << FormatIso(date);
    if (holiday.has_value()) ++holidays;
  }
  // 300 years × (12 national/bank days + the local one), plus Consciência Negra 2024–2199,
  // minus the days where two of them fall on the same date (Carnaval never meets a fixed day
  // or the local 25/01; Good Friday meets Tiradentes when Easter is on 23/04).
  int collisions = 0;
  for (int year = BusinessCalendar::kFirstCachedYear; year <= BusinessCalendar::kLastCachedYear;
       ++year) {
    const std::vector<Holiday> list = calendar.HolidaysOf(year);
    for (std::size_t i = 1; i < list.size(); ++i) {
      if (list[i].date == list[i - 1].date) ++collisions;
    }
  }
  EXPECT_EQ(holidays, 300 * 13 + 176 - collisions);
}

TEST(BusinessCalendar, YearsOutsideTheCacheStillWork) {
  const BusinessCalendar calendar({LocalHoliday::Make(7, 9, std::nullopt, "Revolução").value()});
  for (int year : {1583, 1899, 2200, 2500, 9999}) {
    const Date easter = EasterSunday(year);
    EXPECT_TRUE(calendar.IsHoliday(D(year, 12, 25))) << year;
    EXPECT_TRUE(calendar.IsHoliday(D(year, 7, 9))) << year;
    EXPECT_TRUE(calendar.IsHoliday(AddDays(easter, -2))) << year;
    EXPECT_TRUE(calendar.IsHoliday(AddDays(easter, -48))) << year;
    EXPECT_FALSE(calendar.IsBusinessDay(AddDays(easter, -47))) << year;
    EXPECT_TRUE(calendar.IsBusinessDay(AddDays(easter, -46))) << year;  // Ash Wednesday
    EXPECT_EQ(calendar.HolidaysOf(year).size(), year >= 2024 ? 14u : 13u) << year;
  }
  EXPECT_EQ(FormatIso(calendar.OnOrNextBusinessDay(D(2199, 12, 31))), "2199-12-31");  // Tue
  EXPECT_EQ(FormatIso(calendar.NextBusinessDay(D(2199, 12, 31))), "2200-01-02");
  EXPECT_EQ(FormatIso(calendar.PreviousBusinessDay(D(1900, 1, 2))), "1899-12-29");
}

TEST(LocalHoliday, RecurringAndOneOff) {
  const BusinessCalendar calendar({
      LocalHoliday::Make(1, 25, std::nullopt, "Aniversário de São Paulo").value(),
      LocalHoliday::Make(7, 9, std::nullopt, "Revolução Constitucionalista").value(),
      LocalHoliday::Make(6, 13, 2025, "Santo Antônio (decreto municipal)").value(),
  });
  EXPECT_TRUE(calendar.IsHoliday(D(2025, 7, 9)));
  EXPECT_TRUE(calendar.IsHoliday(D(2031, 7, 9)));
  EXPECT_FALSE(calendar.IsBusinessDay(D(2025, 7, 9)));   // a Wednesday
  EXPECT_FALSE(calendar.IsBusinessDay(D(2025, 6, 13)));  // a Friday
  EXPECT_TRUE(calendar.IsBusinessDay(D(2026, 6, 12)));   // a Friday, the one-off is over
  EXPECT_FALSE(calendar.IsHoliday(D(2026, 6, 13)));
  EXPECT_FALSE(calendar.IsHoliday(D(2024, 6, 13)));
  const std::optional<Holiday> holiday = calendar.HolidayOn(D(2025, 6, 13));
  ASSERT_TRUE(holiday.has_value());
  EXPECT_EQ(holiday->name_pt, "Santo Antônio (decreto municipal)");
  EXPECT_EQ(holiday->kind, HolidayKind::kLocal);
  // Fri 13/06/2025 is local: an installment due that day may be paid on Mon 16/06.
  EXPECT_EQ(FormatIso(calendar.OnOrNextBusinessDay(D(2025, 6, 13))), "2025-06-16");
  // Without local holidays the national calendar alone applies.
  EXPECT_TRUE(BusinessCalendar().IsBusinessDay(D(2025, 7, 9)));
}

TEST(LocalHoliday, HolidaysOfMergesSortedNationalFirst) {
  const BusinessCalendar calendar({
      LocalHoliday::Make(11, 20, std::nullopt, "Consciência Negra (municipal)").value(),
      LocalHoliday::Make(1, 25, std::nullopt, "Aniversário de São Paulo").value(),
      LocalHoliday::Make(3, 19, 2026, "São José").value(),
  });
  const std::vector<Holiday> holidays_2025 = calendar.HolidaysOf(2025);
  EXPECT_EQ(holidays_2025.size(), 15u);  // the one-off of 2026 is not there
  const std::vector<Holiday> holidays = calendar.HolidaysOf(2026);
  ASSERT_EQ(holidays.size(), 16u);
  for (std::size_t i = 1; i < holidays.size(); ++i) {
    EXPECT_LE(holidays[i - 1].date, holidays[i].date);
  }
  EXPECT_EQ(holidays[1].name_pt, "Aniversário de São Paulo");
  EXPECT_EQ(holidays[1].kind, HolidayKind::kLocal);
  EXPECT_EQ(FormatBr(holidays[4].date), "19/03/2026");
  // On 20/11 the national holiday comes first, and HolidayOn reports it.
  EXPECT_EQ(holidays[13].kind, HolidayKind::kNational);
  EXPECT_EQ(holidays[14].kind, HolidayKind::kLocal);
  EXPECT_EQ(holidays[14].date, holidays[13].date);
  EXPECT_EQ(calendar.HolidayOn(D(2026, 11, 20))->kind, HolidayKind::kNational);
  // Before 2024 the municipal one is all there is.
  EXPECT_EQ(calendar.HolidayOn(D(2023, 11, 20))->kind, HolidayKind::kLocal);
}

TEST(LocalHoliday, LeapDayRecursOnlyInLeapYears) {
  const BusinessCalendar calendar({LocalHoliday::Make(2, 29, std::nullopt, "Bissexto").value()});
  EXPECT_TRUE(calendar.IsHoliday(D(2032, 2, 29)));  // a Sunday; Carnaval 2032 is 09–10/02
  EXPECT_FALSE(calendar.IsHoliday(D(2031, 2, 28)));
  EXPECT_FALSE(calendar.IsHoliday(D(2031, 3, 1)));
  EXPECT_EQ(calendar.HolidaysOf(2031).size(), 13u);
  EXPECT_EQ(calendar.HolidaysOf(2032).size(), 14u);
  EXPECT_FALSE(calendar.IsBusinessDay(D(2036, 2, 29)));  // a Friday
}

TEST(LocalHoliday, MakeRefusesDatesThatDoNotExist) {
  const Result<LocalHoliday> feb31 = LocalHoliday::Make(2, 31, std::nullopt, "X");
  ASSERT_FALSE(feb31.has_value());
  EXPECT_EQ(feb31.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(feb31.error().field, "feriado_local");
  EXPECT_EQ(feb31.error().message_pt, "data inexistente: 31/02");
  EXPECT_EQ(LocalHoliday::Make(4, 31, std::nullopt, "X").error().message_pt,
            "data inexistente: 31/04");
  EXPECT_EQ(LocalHoliday::Make(2, 29, 2025, "X").error().message_pt,
            "data inexistente: 29/02/2025");
  EXPECT_EQ(LocalHoliday::Make(1, 0, std::nullopt, "X").error().message_pt,
            "data inexistente: 00/01");
  EXPECT_EQ(LocalHoliday::Make(1, 32, std::nullopt, "X").error().message_pt,
            "data inexistente: 32/01");
  EXPECT_EQ(LocalHoliday::Make(13, 1, std::nullopt, "X").error().message_pt,
            "mês inválido: 13 (use 1 a 12)");
  EXPECT_EQ(LocalHoliday::Make(0, 1, std::nullopt, "X").error().message_pt,
            "mês inválido: 0 (use 1 a 12)");
  EXPECT_EQ(LocalHoliday::Make(1, 1, 0, "X").error().message_pt, "ano inválido: 0");
  EXPECT_EQ(LocalHoliday::Make(1, 25, std::nullopt, "  ").error().message_pt,
            "informe o nome do feriado");
  EXPECT_EQ(LocalHoliday::Make(2, 30, std::nullopt, "X", "feriados[2]").error().field,
            "feriados[2]");
  EXPECT_TRUE(LocalHoliday::Make(2, 29, 2028, "X").has_value());
  EXPECT_TRUE(LocalHoliday::Make(2, 29, std::nullopt, "X").has_value());
}

TEST(BusinessCalendar, SharedByThreads) {
  const BusinessCalendar calendar;
  std::vector<int> counts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&calendar, &counts, t] {
      for (Date date = D(2025, 1, 1); date < D(2026, 1, 1); date = AddDays(date, 1)) {
        if (calendar.IsBusinessDay(date)) ++counts[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : counts) EXPECT_EQ(count, 252);
}

// ../shared/vectors: what two JavaScript libraries say, cross-checked against STANDARDS.
// They disagree with each other, and Fiado follows STANDARDS §6.2, not either library:
// - Carnaval Monday: date-holidays has it as a bank holiday (non-business), brazilian-utils
//   as a business day. CMN 4.880/2020 closes the financial system on Carnaval Monday and
//   Tuesday, so we agree with date-holidays.
// - Election Sundays: date-holidays lists them as public holidays; no law makes them
//   holidays, so we agree with brazilian-utils (and, being Sundays, they are never business
//   days either way).
// Each divergence is counted, so any other difference fails the test.
TEST(SharedHolidayVectors, HolidaysBr2020To2035) {
  FIADO_REQUIRE_SHARED("vectors/holidays-br.json");
  const nlohmann::json vectors = testing::ReadSharedJson("vectors/holidays-br.json");
  const BusinessCalendar calendar;
  std::set<std::string> peer_dates;
  int carnaval_mondays = 0;
  int elections = 0;
  for (const nlohmann::json& row : vectors.at("holidays")) {
    const std::string text = row.at("date").get<std::string>();
    const Date date = Iso(text);
    peer_dates.insert(text);
    const bool by_date_holidays = !row.at("date-holidays").is_null();
    const bool by_brazilian_utils = !row.at("brazilian-utils").is_null();
    const bool business_by_brazilian_utils = row.at("brazilian-utils_isBusinessDay").get<bool>();
    const std::string dh_name = by_date_holidays ? row.at("date-holidays").get<std::string>() : "";
    bool expected_holiday = by_date_holidays && by_brazilian_utils;
    bool expected_business = business_by_brazilian_utils;
    if (by_date_holidays != by_brazilian_utils) {
      const Date easter = EasterSunday(static_cast<int>(date.year()));
      if (dh_name == "bank: Carnaval" && date == AddDays(easter, -48)) {
        ++carnaval_mondays;
        expected_holiday = true;    // as date-holidays
        expected_business = false;  // brazilian-utils says business day
      } else if (dh_name == "public: Dia de Eleição") {
        ++elections;
        expected_holiday = false;  // as brazilian-utils
      } else {
        ADD_FAILURE() << "unexpected divergence between the peers on " << text;
      }
    }
    EXPECT_EQ(calendar.IsHoliday(date), expected_holiday) << text << " " << dh_name;
    EXPECT_EQ(calendar.IsBusinessDay(date), expected_business) << text << " " << dh_name;
  }
  EXPECT_EQ(carnaval_mondays, 16);
  EXPECT_EQ(elections, 16);  // first and second rounds, 8 election years
  // And we have no holiday that neither peer knows.
  int ours = 0;
  for (int year = 2020; year <= 2035; ++year) {
    for (const Holiday& holiday : NationalHolidays(year)) {
      EXPECT_TRUE(peer_dates.contains(FormatIso(holiday.date))) << FormatIso(holiday.date);
      ++ours;
    }
  }
  EXPECT_EQ(ours, 4 * 12 + 12 * 13);
  EXPECT_EQ(peer_dates.size(), static_cast<std::size_t>(ours) + 16);
}

TEST(SharedHolidayVectors, BusinessDaysBr2024To2027) {
  FIADO_REQUIRE_SHARED("vectors/business-days-br.json");
  const nlohmann::json vectors = testing::ReadSharedJson("vectors/business-days-br.json");
  const BusinessCalendar calendar;
  Date expected_date = D(2024, 1, 1);
  int carnaval_mondays = 0;
  int elections = 0;
  for (const nlohmann::json& row : vectors.at("days")) {
    const std::string text = row.at("date").get<std::string>();
    const Date date = Iso(text);
    ASSERT_EQ(date, expected_date) << text;  // every date, in order, none missing
    expected_date = AddDays(date, 1);
    EXPECT_EQ(WeekdayOf(date).c_encoding(), row.at("weekday").get<unsigned>()) << text;
    const bool by_date_holidays = row.at("date-holidays_business_day").get<bool>();
    const bool by_brazilian_utils = row.at("brazilian-utils_isBusinessDay").get<bool>();
    const std::string dh_names = row.value("date-holidays_names", "");
    bool expected_business = by_date_holidays;
    if (by_date_holidays != by_brazilian_utils) {
      ASSERT_EQ(date, AddDays(EasterSunday(static_cast<int>(date.year())), -48))
          << text;  // Carnaval Mon
      ++carnaval_mondays;
      expected_business = false;  // as date-holidays
    }
    EXPECT_EQ(calendar.IsBusinessDay(date), expected_business) << text;
    bool expected_holiday = !dh_names.empty();
    if (dh_names == "public: Dia de Eleição") {
      ++elections;
      expected_holiday = false;  // date-holidays only
    }
    EXPECT_EQ(calendar.IsHoliday(date), expected_holiday) << text << " " << dh_names;
  }
  EXPECT_EQ(expected_date, D(2028, 1, 1));
  EXPECT_EQ(carnaval_mondays, 4);
  EXPECT_EQ(elections, 4);  // 2024 and 2026, two rounds each
}

}  // namespace
}  // namespace fiado::core
