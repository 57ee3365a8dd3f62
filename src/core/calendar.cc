#include "core/calendar.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace fiado::core {
namespace {

using std::chrono::sys_days;

struct FixedHoliday {
  unsigned month;
  unsigned day;
  int first_year;  // the first year the law makes it a holiday (0 = always, for Fiado)
  std::string_view name_pt;
};

// §6.1. Laws older than Fiado's data (Lei 662/1949, 6.802/1980) are applied to every year.
constexpr FixedHoliday kFixedHolidays[] = {
    {1, 1, 0, "Confraternização Universal"},
    {4, 21, 0, "Tiradentes"},
    {5, 1, 0, "Dia do Trabalho"},
    {9, 7, 0, "Independência do Brasil"},
    {10, 12, 0, "Nossa Senhora Aparecida"},
    {11, 2, 0, "Finados"},
    {11, 15, 0, "Proclamação da República"},
    {11, 20, 2024, "Dia Nacional de Zumbi e da Consciência Negra"},
    {12, 25, 0, "Natal"},
};

struct EasterHoliday {
  int days_from_easter;
  std::string_view name_pt;
};

// §6.2 and §6.3: closed to the financial system nationwide.
constexpr EasterHoliday kEasterHolidays[] = {
    {-48, "Carnaval (segunda-feira)"},
    {-47, "Carnaval (terça-feira)"},
    {-2, "Sexta-feira Santa"},
    {60, "Corpus Christi"},
};

constexpr sys_days kFirstCachedDay{std::chrono::year{BusinessCalendar::kFirstCachedYear} /
                                   std::chrono::January / 1};
constexpr sys_days kEndCachedDay{std::chrono::year{BusinessCalendar::kLastCachedYear + 1} /
                                 std::chrono::January / 1};
constexpr auto kCachedDayCount = (kEndCachedDay - kFirstCachedDay).count();

Date MakeDate(int year, unsigned month, unsigned day) {
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

bool IsFixedHolidayIn(const FixedHoliday& holiday, int year) { return year >= holiday.first_year; }

// Where `holiday` falls in `year`, if it falls in it at all (a one-off of another year,
// or 29/02 in a common year, does not).
std::optional<Date> LocalDateIn(const LocalHoliday& holiday, int year) {
  if (holiday.year.has_value() && *holiday.year != year) return std::nullopt;
  const Date date =
      MakeDate(year, static_cast<unsigned>(holiday.month), static_cast<unsigned>(holiday.day));
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Holiday> NationalHolidayOn(Date date) {
  const int year = static_cast<int>(date.year());
  for (const FixedHoliday& fixed : kFixedHolidays) {
    if (date.month() == std::chrono::month{fixed.month} &&
        date.day() == std::chrono::day{fixed.day} && IsFixedHolidayIn(fixed, year)) {
      return Holiday{date, std::string(fixed.name_pt), HolidayKind::kNational};
    }
  }
  const int days_from_easter = DaysBetween(EasterSunday(year), date);
  for (const EasterHoliday& easter : kEasterHolidays) {
    if (days_from_easter == easter.days_from_easter) {
      return Holiday{date, std::string(easter.name_pt), HolidayKind::kBank};
    }
  }
  return std::nullopt;
}

std::string DayMonthText(int day, int month, std::optional<int> year) {
  char text[48];
  if (year.has_value()) {
    std::snprintf(text, sizeof text, "%02d/%02d/%04d", day, month, *year);
  } else {
    std::snprintf(text, sizeof text, "%02d/%02d", day, month);
  }
  return text;
}

}  // namespace

Date EasterSunday(int year) {
  FIADO_CHECK(year >= 1);
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return MakeDate(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<Holiday> NationalHolidays(int year) {
  std::vector<Holiday> holidays;
  for (const FixedHoliday& fixed : kFixedHolidays) {
    if (!IsFixedHolidayIn(fixed, year)) continue;
    holidays.push_back(Holiday{MakeDate(year, fixed.month, fixed.day), std::string(fixed.name_pt),
                               HolidayKind::kNational});
  }
  const Date easter = EasterSunday(year);
  for (const EasterHoliday& offset : kEasterHolidays) {
    holidays.push_back(Holiday{AddDays(easter, offset.days_from_easter),
                               std::string(offset.name_pt), HolidayKind::kBank});
  }
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
  return holidays;
}

Result<LocalHoliday> LocalHoliday::Make(int month, int day, std::optional<int> year,
                                        std::string name_pt, std::string_view field) {
  const std::string field_text(field);
  if (name_pt.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid(field_text, "informe o nome do feriado");
  }
  if (month < 1 || month > 12) {
    return Invalid(field_text, "mês inválido: " + std::to_string(month) + " (use 1 a 12)");
  }
  if (year.has_value() && (*year < 1 || *year > 9999)) {
    return Invalid(field_text, "ano inválido: " + std::to_string(*year));
  }
  // A recurring 29/02 is accepted: it falls in leap years only.
  const int check_year = year.value_or(2000);
  if (day < 1 || day > 31 ||
      !MakeDate(check_year, static_cast<unsigned>(month), static_cast<unsigned>(day)).ok()) {
    return Invalid(field_text, "data inexistente: " + DayMonthText(day, month, year));
  }
  return LocalHoliday{month, day, year, std::move(name_pt)};
}

BusinessCalendar::BusinessCalendar(std::vector<LocalHoliday> local)
    : local_(std::move(local)),
      holiday_bits_(static_cast<std::size_t>((kCachedDayCount + 63) / 64), 0) {
  for (const LocalHoliday& holiday : local_) {
    FIADO_CHECK(
        LocalHoliday::Make(holiday.month, holiday.day, holiday.year, holiday.name_pt).has_value());
  }
  const auto mark = [this](Date date) {
    const auto index = static_cast<std::size_t>((sys_days{date} - kFirstCachedDay).count());
    holiday_bits_[index / 64] |= std::uint64_t{1} << (index % 64);
  };
  for (int year = kFirstCachedYear; year <= kLastCachedYear; ++year) {
    for (const FixedHoliday& fixed : kFixedHolidays) {
      if (IsFixedHolidayIn(fixed, year)) mark(MakeDate(year, fixed.month, fixed.day));
    }
    const Date easter = EasterSunday(year);
    for (const EasterHoliday& offset : kEasterHolidays) {
      mark(AddDays(easter, offset.days_from_easter));
    }
    for (const LocalHoliday& holiday : local_) {
      if (const std::optional<Date> date = LocalDateIn(holiday, year)) mark(*date);
    }
  }
}

bool BusinessCalendar::IsHolidayDay(sys_days day) const {
  const auto index = (day - kFirstCachedDay).count();
  if (index >= 0 && index < kCachedDayCount) {
    const auto bit = static_cast<std::size_t>(index);
    return ((holiday_bits_[bit / 64] >> (bit % 64)) & 1) != 0;
  }
  return HolidayOn(Date{day}).has_value();
}

bool BusinessCalendar::IsBusinessDayAt(sys_days day) const {
  const std::chrono::weekday weekday{day};
  if (weekday == std::chrono::Saturday || weekday == std::chrono::Sunday) return false;
  return !IsHolidayDay(day);
}

bool BusinessCalendar::IsHoliday(Date date) const { return IsHolidayDay(sys_days{date}); }

bool BusinessCalendar::IsBusinessDay(Date date) const { return IsBusinessDayAt(sys_days{date}); }

std::optional<Holiday> BusinessCalendar::HolidayOn(Date date) const {
  if (std::optional<Holiday> national = NationalHolidayOn(date)) return national;
  const int year = static_cast<int>(date.year());
  for (const LocalHoliday& holiday : local_) {
    if (LocalDateIn(holiday, year) == date) {
      return Holiday{date, holiday.name_pt, HolidayKind::kLocal};
    }
  }
  return std::nullopt;
}

Date BusinessCalendar::NextBusinessDay(Date date) const { return AddBusinessDays(date, 1); }

Date BusinessCalendar::PreviousBusinessDay(Date date) const { return AddBusinessDays(date, -1); }

Date BusinessCalendar::OnOrNextBusinessDay(Date date) const {
  return IsBusinessDay(date) ? date : NextBusinessDay(date);
}

Date BusinessCalendar::AddBusinessDays(Date date, int n) const {
  FIADO_CHECK(date.ok());
  const std::chrono::days step{n > 0 ? 1 : -1};
  sys_days day{date};
  for (int remaining = n > 0 ? n : -n; remaining > 0;) {
    day += step;
    if (IsBusinessDayAt(day)) --remaining;
  }
  return Date{day};
}

int BusinessCalendar::BusinessDaysBetween(Date from, Date to) const {
  FIADO_CHECK(from.ok() && to.ok());
  const bool forward = sys_days{from} <= sys_days{to};
  // Forward counts (from, to]; backward counts [to, from) and negates.
  const sys_days first = forward ? sys_days{from} + std::chrono::days{1} : sys_days{to};
  const sys_days end = forward ? sys_days{to} + std::chrono::days{1} : sys_days{from};
  int count = 0;
  for (sys_days day = first; day < end; day += std::chrono::days{1}) {
    if (IsBusinessDayAt(day)) ++count;
  }
  return forward ? count : -count;
}

std::vector<Holiday> BusinessCalendar::HolidaysOf(int year) const {
  std::vector<Holiday> holidays = NationalHolidays(year);
  for (const LocalHoliday& holiday : local_) {
    if (const std::optional<Date> date = LocalDateIn(holiday, year)) {
      holidays.push_back(Holiday{*date, holiday.name_pt, HolidayKind::kLocal});
    }
  }
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
  return holidays;
}

}  // namespace fiado::core
