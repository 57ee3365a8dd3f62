#include "core/clock.h"

// date.h's stream parser trips GCC 12's -Wmaybe-uninitialized at -O2/-O3 (a false
// positive inside the library); keep it from failing -Werror builds.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

#include <optional>
#include <sstream>

#include "core/date.h"

namespace fiado::core {

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string FormatRfc3339(Instant instant) { return date::format("%FT%TZ", instant); }

namespace {

// Two ASCII digits at `at`, or -1.
int TwoDigits(std::string_view text, std::size_t at) {
  const char a = text[at];
  const char b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

// The form FormatRfc3339 writes, "2026-11-22T13:05:00Z", read without streams: every row
// read back from the database carries instants in it.
std::optional<Instant> ParseCanonicalUtc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  const auto date = ParseIsoDate(text.substr(0, 10));
  const int hours = TwoDigits(text, 11);
  const int minutes = TwoDigits(text, 14);
  const int seconds = TwoDigits(text, 17);
  if (!date || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 ||
      seconds > 59) {
    return std::nullopt;
  }
  return std::chrono::sys_days{*date} + std::chrono::hours{hours} + std::chrono::minutes{minutes} +
         std::chrono::seconds{seconds};
}

// Parses one layout; true when the whole text was consumed.
bool TryParse(const std::string& text, const char* layout, Instant& out) {
  std::istringstream in(text);
  std::chrono::sys_time<std::chrono::milliseconds> parsed;
  in >> date::parse(layout, parsed);
  if (in.fail()) return false;
  in.peek();
  if (!in.eof()) return false;
  out = std::chrono::floor<std::chrono::seconds>(parsed);
  return true;
}

}  // namespace

Result<Instant> ParseRfc3339(std::string_view text, std::string_view field) {
  if (auto canonical = ParseCanonicalUtc(text)) return *canonical;
  std::string value(text);
  if (value.size() < 20 || (value[10] != 'T' && value[10] != 't')) {
    return Invalid(std::string(field), "data e hora inválida: use o formato 2026-01-31T13:45:00Z");
  }
  value[10] = 'T';
  if (value.back() == 'z') value.back() = 'Z';
  Instant instant;
  if (value.back() == 'Z') {
    if (TryParse(value, "%FT%TZ", instant)) return instant;
  } else if (TryParse(value, "%FT%T%Ez", instant)) {
    return instant;
  }
  return Invalid(std::string(field), "data e hora inválida: use o formato 2026-01-31T13:45:00Z");
}

}  // namespace fiado::core
