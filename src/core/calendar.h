// The Brazilian business calendar (STANDARDS §6): a business day is Monday–Friday and not
// a national holiday, a bank holiday (Carnaval Monday and Tuesday, Good Friday, Corpus
// Christi) or one of the shop's local holidays. A BusinessCalendar is immutable after
// construction, so one instance may be shared by any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace fiado::core {

enum class HolidayKind {
  kNational,  // fixed-date national holiday by law (§6.1)
  kBank,      // Easter-based day closed to the financial system (§6.2, §6.3)
  kLocal,     // state or municipal holiday the shop declared
};

struct Holiday {
  Date date;
  std::string name_pt;
  HolidayKind kind = HolidayKind::kNational;

  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// Gregorian Easter Sunday (Meeus/Jones/Butcher, §6.3). `year` ≥ 1; proleptic before 1583.
Date EasterSunday(int year);

// The national and bank holidays of `year`, sorted by date: the 9 fixed days of §6.1
// (Consciência Negra, 20/11, only from 2024 on, Lei 14.759/2023) and the bank days
// Carnaval Monday and Tuesday, Good Friday and Corpus Christi. Elections are not holidays.
std::vector<Holiday> NationalHolidays(int year);

// A holiday the shop declared: every year on month/day, or once when `year` is set.
// Build it with Make, which refuses days no month has (31/02) or the given year lacks.
struct LocalHoliday {
  int month = 1;
  int day = 1;
  std::optional<int> year;  // nullopt = every year
  std::string name_pt;

  static Result<LocalHoliday> Make(int month, int day, std::optional<int> year, std::string name_pt,
                                   std::string_view field = "feriado_local");

  friend bool operator==(const LocalHoliday&, const LocalHoliday&) = default;
};

class BusinessCalendar {
 public:
  // Years whose holidays are precomputed into a bitset; dates outside still work, only
  // slower (each query recomputes that year's holidays).
  static constexpr int kFirstCachedYear = 1900;
  static constexpr int kLastCachedYear = 2199;

  // Every entry must be valid (as LocalHoliday::Make checks); an invalid one is a bug.
  explicit BusinessCalendar(std::vector<LocalHoliday> local = {});

  bool IsHoliday(Date date) const;
  // The holiday on `date`; a national or bank holiday wins over a local one on the same day.
  std::optional<Holiday> HolidayOn(Date date) const;
  // Not Saturday or Sunday and not a national, bank or local holiday.
  bool IsBusinessDay(Date date) const;

  // The first business day strictly after `date`.
  Date NextBusinessDay(Date date) const;
  // The last business day strictly before `date`.
  Date PreviousBusinessDay(Date date) const;
  // `date` itself if it is a business day, else the next one: the last day on which an
  // installment due on `date` may be paid without late charges (§5.6).
  Date OnOrNextBusinessDay(Date date) const;
  // n > 0: the n-th business day after `date`; n < 0: the |n|-th business day before it;
  // n = 0: `date` itself, business day or not.
  Date AddBusinessDays(Date date, int n) const;
  // The inverse of AddBusinessDays: for from ≤ to, the business days in (from, to]; for
  // to < from, minus the business days in [to, from). So for every n,
  // BusinessDaysBetween(d, AddBusinessDays(d, n)) == n.
  int BusinessDaysBetween(Date from, Date to) const;

  // National, bank and local holidays of `year`, sorted by date (national first on a tie).
  std::vector<Holiday> HolidaysOf(int year) const;

  const std::vector<LocalHoliday>& local_holidays() const { return local_; }

 private:
  bool IsHolidayDay(std::chrono::sys_days day) const;
  bool IsBusinessDayAt(std::chrono::sys_days day) const;

  std::vector<LocalHoliday> local_;
  // Bit i is set when kFirstCachedYear-01-01 + i days is a holiday of any kind.
  std::vector<std::uint64_t> holiday_bits_;
};

}  // namespace fiado::core
