#include "storage/columns.h"

#include <cmath>

#include "storage/database.h"

namespace fiado::storage {

void Columns::Bad(const std::string& what) const {
  throw StorageError(std::string("dado inválido ") + where_ + ": " + what);
}

std::optional<std::string> Columns::OptionalText() {
  if (!IsNull()) return Text();
  ++next_;
  return std::nullopt;
}

long long Columns::Integer() {
  const std::size_t column = next_++;
  switch (row_.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row_.get<int>(column);
    case soci::dt_long_long:
      return row_.get<long long>(column);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row_.get<unsigned long long>(column));
    case soci::dt_string: {  // PostgreSQL numeric
      const std::string text = row_.get<std::string>(column);
      try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size()) return value;
      } catch (const std::exception&) {
      }
      Bad("a coluna " + row_.get_properties(column).get_name() + " deveria ser um inteiro");
    }
    case soci::dt_double:  // an aggregate some engines report as floating point
      return std::llround(row_.get<double>(column));
    default:
      Bad("a coluna " + row_.get_properties(column).get_name() + " deveria ser um inteiro");
  }
}

std::optional<long long> Columns::OptionalInteger() {
  if (!IsNull()) return Integer();
  ++next_;
  return std::nullopt;
}

core::Date Columns::IsoDate() {
  auto date = core::ParseIsoDate(Text());
  if (!date) Bad(date.error().Describe());
  return *date;
}

core::Instant Columns::Rfc3339() {
  auto instant = core::ParseRfc3339(Text());
  if (!instant) Bad(instant.error().Describe());
  return *instant;
}

std::optional<core::Instant> Columns::OptionalRfc3339() {
  if (IsNull()) {
    ++next_;
    return std::nullopt;
  }
  return Rfc3339();
}

}  // namespace fiado::storage
