#include "collection/contact.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "stores/store.h"

namespace fiado::collection {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinDailyCap = 1;
constexpr int kMaxDailyCap = 3;
constexpr int kMaxWeeklyCap = 10;
constexpr unsigned kSunday = 0;
constexpr unsigned kSaturday = 6;

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

constexpr DayHours Hours(int open_hour, int close_hour) {
  return DayHours{open_hour * 60, close_hour * 60};
}

// Weekdays (Monday–Friday) set to `weekday`, Saturday to `saturday`, Sunday closed.
ContactHours Week(DayHours weekday, DayHours saturday) {
  ContactHours hours;
  for (unsigned day = 1; day < kSaturday; ++day) hours.by_weekday[day] = weekday;
  hours.by_weekday[kSaturday] = saturday;
  hours.by_weekday[kSunday] = DayHours{};
  return hours;
}

std::string FormatMinute(int minute) {
  const int hour = minute / 60;
  const int rest = minute % 60;
  std::string text = std::to_string(hour) + "h";
  if (rest != 0) text += (rest < 10 ? "0" : "") + std::to_string(rest);
  return text;
}

std::string DescribeLaw(DayHours law) {
  if (law.IsClosed()) return "a lei não permite contato neste dia";
  return "a lei permite contato só das " + FormatMinute(law.open_minute) + " às " +
         FormatMinute(law.close_minute);
}

class FieldErrors {
 public:
  void Add(std::string field, std::string message_pt) {
    errors_.push_back(core::FieldError{std::move(field), std::move(message_pt)});
  }
  core::Status ToStatus() {
    if (errors_.empty()) return {};
    return core::Fail(core::Error::InvalidFields(std::move(errors_)));
  }

 private:
  std::vector<core::FieldError> errors_;
};

// Every day of `hours` inside 00:00–24:00 and inside `law`'s; errors name prefix.<weekday>.
void CheckHours(const ContactHours& hours, const ContactHours& law, const std::string& prefix,
                FieldErrors& errors) {
  for (std::size_t day = 0; day < hours.by_weekday.size(); ++day) {
    const DayHours& own = hours.by_weekday[day];
    const DayHours& lawful = law.by_weekday[day];
    const std::string field = prefix + "." + std::string(kWeekdayNames[day]);
    if (own.open_minute < 0 || own.close_minute < 0 || own.open_minute > kMinutesPerDay ||
        own.close_minute > kMinutesPerDay) {
      errors.Add(field, "horário fora do intervalo 00:00–24:00");
    } else if (!own.IsClosed() && (lawful.IsClosed() || own.open_minute < lawful.open_minute ||
                                   own.close_minute > lawful.close_minute)) {
      errors.Add(field, "horário mais amplo que o permitido: " + DescribeLaw(lawful));
    }
  }
}

int MinuteOfDay(std::chrono::seconds time_of_day) {
  return static_cast<int>(time_of_day.count() / 60);
}

bool IsContactDay(const core::BusinessCalendar& calendar, core::Date date) {
  return core::WeekdayOf(date).c_encoding() != kSunday && !calendar.IsHoliday(date);
}

}  // namespace

ContactHours DefaultLawfulHours() { return Week(Hours(8, 20), Hours(8, 14)); }

std::optional<ContactHours> StateLawHours(std::string_view uf) {
  if (uf == "RJ") return Week(Hours(9, 19), DayHours{});
  if (uf == "ES") return Week(Hours(8, 19), DayHours{});
  if (uf == "AM") return Week(Hours(8, 18), Hours(8, 14));
  return std::nullopt;
}

ContactHours LawfulHoursFor(std::string_view uf) {
  const std::optional<ContactHours> state = StateLawHours(uf);
  return state ? Intersect(DefaultLawfulHours(), *state) : DefaultLawfulHours();
}

ContactHours Intersect(const ContactHours& a, const ContactHours& b) {
  ContactHours common;
  for (std::size_t day = 0; day < common.by_weekday.size(); ++day) {
    const DayHours& x = a.by_weekday[day];
    const DayHours& y = b.by_weekday[day];
    DayHours both{std::max(x.open_minute, y.open_minute), std::min(x.close_minute, y.close_minute)};
    if (x.IsClosed() || y.IsClosed() || both.IsClosed()) both = DayHours{};
    common.by_weekday[day] = both;
  }
  return common;
}

core::Status CheckContactRules(const ContactRules& rules) {
  FieldErrors errors;
  CheckHours(rules.hours, DefaultLawfulHours(), "contact_rules.hours", errors);
  for (const auto& [uf, hours] : rules.by_state) {
    const std::string field = "contact_rules.by_state." + uf;
    if (!stores::IsValidUf(uf)) {
      errors.Add(field, "UF inválida: use a sigla do estado, como RJ");
    } else {
      CheckHours(hours, LawfulHoursFor(uf), field, errors);
    }
  }
  if (rules.daily_cap < kMinDailyCap || rules.daily_cap > kMaxDailyCap) {
    errors.Add("contact_rules.daily_cap", "o limite diário deve ser de 1 a 3 contatos");
  }
  if (rules.weekly_cap < rules.daily_cap || rules.weekly_cap > kMaxWeeklyCap) {
    errors.Add("contact_rules.weekly_cap",
               "o limite semanal deve ficar entre o limite diário e 10 contatos");
  }
  return errors.ToStatus();
}

ContactHours HoursFor(const ContactRules& rules, std::string_view uf) {
  ContactHours hours = Intersect(rules.hours, LawfulHoursFor(uf));
  const auto override_hours = rules.by_state.find(std::string(uf));
  if (override_hours != rules.by_state.end()) hours = Intersect(hours, override_hours->second);
  return hours;
}

bool IsAllowed(const ContactHours& hours, const core::BusinessCalendar& calendar,
               const core::TimeZone& zone, core::Instant instant) {
  const core::LocalDateTime local = zone.ToLocal(instant);
  if (!IsContactDay(calendar, local.date)) return false;
  const DayHours& day = hours.by_weekday[local.weekday.c_encoding()];
  const int minute = MinuteOfDay(local.time_of_day);
  return !day.IsClosed() && minute >= day.open_minute && minute < day.close_minute;
}

std::optional<core::Instant> NextAllowedMoment(const ContactHours& hours,
                                               const core::BusinessCalendar& calendar,
                                               const core::TimeZone& zone, core::Instant from,
                                               int horizon_days) {
  if (IsAllowed(hours, calendar, zone, from)) return from;
  const core::Date first_day = zone.LocalDate(from);
  for (int offset = 0; offset <= horizon_days; ++offset) {
    const core::Date day = core::AddDays(first_day, offset);
    const DayHours& open = hours.by_weekday[core::WeekdayOf(day).c_encoding()];
    if (open.IsClosed() || !IsContactDay(calendar, day)) continue;
    const core::Instant opening = zone.ToInstant(day, std::chrono::minutes(open.open_minute));
    // The opening may not exist (a DST gap): ToInstant gives the first instant after it.
    if (opening >= from && IsAllowed(hours, calendar, zone, opening)) return opening;
  }
  return std::nullopt;
}

}  // namespace fiado::collection
