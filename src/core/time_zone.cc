#include "core/time_zone.h"

#include <date/tz.h>

#include <stdexcept>

namespace fiado::core {
namespace {

date::local_days ToLocalDays(Date date) {
  return date::local_days{
      date::days{static_cast<int>(std::chrono::sys_days{date}.time_since_epoch().count())}};
}

Date ToDate(date::local_days day) {
  return Date{std::chrono::sys_days{std::chrono::days{day.time_since_epoch().count()}}};
}

}  // namespace

Result<TimeZone> TimeZone::Named(std::string_view iana_name, std::string_view field) {
  date::get_tzdb();  // outside the try: a missing or unreadable database must throw
  try {
    return TimeZone(std::string(iana_name), date::locate_zone(iana_name));
  } catch (const std::runtime_error&) {
    return Invalid(std::string(field), "fuso horário desconhecido: \"" + std::string(iana_name) +
                                           "\" (use um nome IANA, como America/Sao_Paulo)");
  }
}

Date TimeZone::LocalDate(Instant instant) const { return ToLocal(instant).date; }

LocalDateTime TimeZone::ToLocal(Instant instant) const {
  const date::local_seconds local = zone_->to_local(instant);
  const date::local_days midnight = date::floor<date::days>(local);
  const Date day = ToDate(midnight);
  return LocalDateTime{day, local - midnight, WeekdayOf(day)};
}

Instant TimeZone::ToInstant(Date date, std::chrono::seconds time_of_day) const {
  const date::local_seconds local = ToLocalDays(date) + time_of_day;
  const date::local_info info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) return info.second.begin;
  // Unique, or ambiguous: `first` is the period before the clock went back, the earlier.
  return Instant{local.time_since_epoch() - info.first.offset};
}

}  // namespace fiado::core
