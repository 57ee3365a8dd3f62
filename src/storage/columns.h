// Reading a SOCI row's columns left to right, the same on SQLite and PostgreSQL: integers
// whatever type the engine reports them as (int, long long, numeric aggregates as text or
// double); dates ISO, instants RFC 3339. A value that cannot be read throws StorageError,
// "dado inválido <where>: ...".
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

namespace fiado::storage {

class Columns {
 public:
  // `where` names the data for errors: "no livro de crédito", "na régua de cobrança".
  Columns(const soci::row& row, const char* where) : row_(row), where_(where) {}

  bool IsNull() const { return row_.get_indicator(next_) == soci::i_null; }
  std::string Text() { return row_.get<std::string>(next_++); }
  std::optional<std::string> OptionalText();
  long long Integer();
  std::optional<long long> OptionalInteger();
  int SmallInteger() { return static_cast<int>(Integer()); }
  bool Flag() { return Integer() != 0; }
  core::Money Cents() { return core::Money::FromCents(Integer()); }
  core::Rate RateUnits() { return core::Rate::FromUnits(Integer()); }
  core::Date IsoDate();
  core::Instant Rfc3339();
  std::optional<core::Instant> OptionalRfc3339();

  [[noreturn]] void Bad(const std::string& what) const;

 private:
  const soci::row& row_;
  const char* where_;
  std::size_t next_ = 0;
};

}  // namespace fiado::storage
