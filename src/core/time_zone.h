// A shop's IANA time zone: turns UTC instants into local dates and times and back, with the
// system's tz database (/usr/share/zoneinfo, through Howard Hinnant's date/tz). A TimeZone
// always names a zone that exists; it is a cheap, immutable value safe to share across
// threads. The tz database itself is loaded once per process and never freed.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"

namespace date {
class time_zone;
}  // namespace date

namespace fiado::core {

// The zone of a shop that has not chosen one.
constexpr std::string_view kDefaultTimeZone = "America/Sao_Paulo";

struct LocalDateTime {
  Date date;
  std::chrono::seconds time_of_day;  // since local midnight, 0 ≤ t < 24 h
  std::chrono::weekday weekday;
};

class TimeZone {
 public:
  // The zone named `iana_name` ("America/Manaus"); an unknown name is an Invalid error on
  // `field`. A missing tz database is an infrastructure failure and throws.
  static Result<TimeZone> Named(std::string_view iana_name, std::string_view field = "time_zone");

  // The IANA name as given to Named.
  const std::string& name() const { return name_; }

  Date LocalDate(Instant instant) const;
  LocalDateTime ToLocal(Instant instant) const;

  // The instant the wall clock of this zone showed `time_of_day` after midnight of `date`
  // (values outside 0–24 h roll into the neighbouring days). Where the clock jumped
  // forward and that local time never existed (the DST gap: São Paulo, 2018-11-04
  // 00:30), it is the first instant after the gap; where the clock went back and the
  // time happened twice (São Paulo, 2019-02-16 23:30), it is the earlier one.
  Instant ToInstant(Date date, std::chrono::seconds time_of_day) const;

  friend bool operator==(const TimeZone& x, const TimeZone& y) { return x.name_ == y.name_; }

 private:
  TimeZone(std::string name, const date::time_zone* zone) : name_(std::move(name)), zone_(zone) {}

  std::string name_;
  const date::time_zone* zone_;  // owned by the process-wide tz database
};

}  // namespace fiado::core
