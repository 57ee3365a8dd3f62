// Calendar dates: a Date is a std::chrono::year_month_day with no time and no time zone
// (a shop's local date comes from time_zone.h). Every helper expects a valid date (`ok()`)
// and returns one; month arithmetic clamps to the month's last day, so 31 Jan + 1 month is
// 28/29 Feb. Text forms are ISO 8601 (AAAA-MM-DD) for APIs and dd/mm/aaaa for people.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace fiado::core {

using Date = std::chrono::year_month_day;

// `date` moved by a signed number of calendar days.
Date AddDays(Date date, int days);

// The same day `months` months later (earlier when negative), clamped to the last day of
// the target month: 31/01/2025 + 1 → 28/02/2025; 29/02/2024 + 12 → 28/02/2025.
Date AddMonthsClamped(Date date, int months);

// The fixed-day-of-month rule for due dates: `day` (1–31) in `month`, clamped to the
// month's last day (31 in April → 30/04; 30 in February → 28 or 29).
Date WithDayClamped(std::chrono::year_month month, int day);

// Calendar days from `from` to `to` (`to − from`), negative when `to` comes first.
int DaysBetween(Date from, Date to);

std::chrono::weekday WeekdayOf(Date date);

// Strict "AAAA-MM-DD" (exactly 10 characters, year 0001–9999). Errors, in Portuguese,
// name `field`: bad shape, month out of range, or a day the month does not have
// ("data inexistente" for 2025-02-29).
Result<Date> ParseIsoDate(std::string_view text, std::string_view field = "data");

// Strict "dd/mm/aaaa" (exactly 10 characters), with the same checks as ParseIsoDate.
Result<Date> ParseBrDate(std::string_view text, std::string_view field = "data");

// "2025-03-17".
std::string FormatIso(Date date);

// "17/03/2025".
std::string FormatBr(Date date);

}  // namespace fiado::core
