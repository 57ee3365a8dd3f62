// When and how often a shop may contact a customer about what he owes (STANDARDS §5.1,
// DESIGN §4): contact hours per weekday in the shop's time zone, never on Sundays or
// holidays; the law's hours (São Paulo Lei 15.426/2014 by default) narrowed by the
// customer's state; a daily and a weekly cap per customer. A shop may tighten all of
// these, never loosen them: CheckContactRules refuses hours wider than the law's.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/time_zone.h"

namespace fiado::collection {

// Opening and closing minutes after local midnight; closed when open_minute ≥ close_minute.
struct DayHours {
  int open_minute = 0;
  int close_minute = 0;
  bool IsClosed() const { return open_minute >= close_minute; }
  friend bool operator==(const DayHours&, const DayHours&) = default;
};

// Hours by weekday, index = std::chrono::weekday::c_encoding() (0 = Sunday).
struct ContactHours {
  std::array<DayHours, 7> by_weekday{};
  friend bool operator==(const ContactHours&, const ContactHours&) = default;
};

// Monday–Friday 08:00–20:00, Saturday 08:00–14:00, Sunday closed (SP Lei 15.426/2014,
// AL Lei 7.782/2016).
ContactHours DefaultLawfulHours();
// The stricter hours of a state's own law, when Fiado knows one ("RJ": weekdays
// 09:00–19:00, no weekends; "ES": weekdays 08:00–19:00, Saturday closed; "AM": weekdays
// 08:00–18:00, Saturday 08:00–14:00); nullopt = DefaultLawfulHours applies.
std::optional<ContactHours> StateLawHours(std::string_view uf);
// The law's hours for a customer in `uf` (empty = the shop's state is not known either):
// the default narrowed by the state's.
ContactHours LawfulHoursFor(std::string_view uf);
// Hours a and b narrowed to their common part, day by day.
ContactHours Intersect(const ContactHours& a, const ContactHours& b);

struct ContactRules {
  ContactHours hours = DefaultLawfulHours();       // the shop's own, everywhere
  std::map<std::string, ContactHours> by_state{};  // the shop's per-UF overrides
  int daily_cap = 1;   // contacts (messages and call tasks) per customer per local day
  int weekly_cap = 3;  // contacts per customer in any 7 consecutive local days
  friend bool operator==(const ContactRules&, const ContactRules&) = default;
};

// Refuses, naming the field ("contact_rules.hours.saturday", "contact_rules.by_state.RJ",
// "contact_rules.daily_cap") in Portuguese: hours outside 00:00–24:00, hours wider than
// the law's (DefaultLawfulHours, and StateLawHours for a per-state override), an unknown
// UF, a daily cap outside 1–3, a weekly cap below the daily cap or above 10.
core::Status CheckContactRules(const ContactRules& rules);

// The hours that apply to a customer living in `uf`: the shop's hours, its override for
// the state, and the law's for the state, all at once.
ContactHours HoursFor(const ContactRules& rules, std::string_view uf);

// True when `instant` is inside `hours` on a day that is not a Sunday or a holiday of
// `calendar` (national, bank or the shop's local holidays), in the shop's zone.
bool IsAllowed(const ContactHours& hours, const core::BusinessCalendar& calendar,
               const core::TimeZone& zone, core::Instant instant);

// The first allowed instant at or after `from` (the opening minute of the next allowed
// day when `from` is outside); nullopt when none exists within `horizon_days` (hours with
// no open day).
std::optional<core::Instant> NextAllowedMoment(const ContactHours& hours,
                                               const core::BusinessCalendar& calendar,
                                               const core::TimeZone& zone, core::Instant from,
                                               int horizon_days = 14);

}  // namespace fiado::collection
