#include "core/date.h"

#include <cstdio>

namespace fiado::core {
namespace {

// The number written by text[begin, begin + count), or -1 if one of them is not a digit.
int ReadDigits(std::string_view text, std::size_t begin, std::size_t count) {
  int value = 0;
  for (std::size_t i = begin; i < begin + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Year, month and day read from `text` (non-negative); checks that they name a real date.
Result<Date> CheckedDate(int year, int month, int day, std::string_view text,
                         std::string_view field) {
  if (month < 1 || month > 12) {
    return Invalid(std::string(field), "mês inválido: " + std::string(text));
  }
  if (year < 1) return Invalid(std::string(field), "ano inválido: " + std::string(text));
  const Date date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return Invalid(std::string(field), "data inexistente: " + std::string(text));
  return date;
}

}  // namespace

Date AddDays(Date date, int days) {
  FIADO_CHECK(date.ok());
  return Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

Date AddMonthsClamped(Date date, int months) {
  FIADO_CHECK(date.ok());
  const std::chrono::year_month target =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{months};
  return WithDayClamped(target, static_cast<int>(static_cast<unsigned>(date.day())));
}

Date WithDayClamped(std::chrono::year_month month, int day) {
  FIADO_CHECK(month.ok());
  FIADO_CHECK(day >= 1 && day <= 31);
  const std::chrono::day last = (month / std::chrono::last).day();
  const std::chrono::day wanted{static_cast<unsigned>(day)};
  return Date{month.year(), month.month(), wanted < last ? wanted : last};
}

int DaysBetween(Date from, Date to) {
  FIADO_CHECK(from.ok() && to.ok());
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

std::chrono::weekday WeekdayOf(Date date) {
  FIADO_CHECK(date.ok());
  return std::chrono::weekday{std::chrono::sys_days{date}};
}

Result<Date> ParseIsoDate(std::string_view text, std::string_view field) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return Invalid(std::string(field), "data em formato inválido: use AAAA-MM-DD");
  }
  const int year = ReadDigits(text, 0, 4);
  const int month = ReadDigits(text, 5, 2);
  const int day = ReadDigits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) {
    return Invalid(std::string(field), "data em formato inválido: use AAAA-MM-DD");
  }
  return CheckedDate(year, month, day, text, field);
}

Result<Date> ParseBrDate(std::string_view text, std::string_view field) {
  if (text.size() != 10 || text[2] != '/' || text[5] != '/') {
    return Invalid(std::string(field), "data em formato inválido: use dd/mm/aaaa");
  }
  const int day = ReadDigits(text, 0, 2);
  const int month = ReadDigits(text, 3, 2);
  const int year = ReadDigits(text, 6, 4);
  if (year < 0 || month < 0 || day < 0) {
    return Invalid(std::string(field), "data em formato inválido: use dd/mm/aaaa");
  }
  return CheckedDate(year, month, day, text, field);
}

std::string FormatIso(Date date) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string FormatBr(Date date) {
  char text[32];
  std::snprintf(text, sizeof text, "%02u/%02u/%04d", static_cast<unsigned>(date.day()),
                static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
  return text;
}

}  // namespace fiado::core
