#include "core/clock.h"

#include <date/date.h>

#include <sstream>

namespace fiado::core {

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string FormatRfc3339(Instant instant) { return date::format("%FT%TZ", instant); }

namespace {

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
