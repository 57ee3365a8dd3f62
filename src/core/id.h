// Identifiers: time-ordered 128-bit UUIDv7 values kept as their canonical lower-case
// text ("0190f3c2-7a1b-7c3d-8e4f-123456789abc"). Id<Tag> makes each kind of id its own
// type, so a customer id never fits where a store id is wanted.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace fiado::core {

// True for the canonical 36-character form, lower-case hex, any UUID version.
bool IsCanonicalUuid(std::string_view text);

template <typename Tag>
class Id {
 public:
  Id() = default;

  // Accepts upper or lower case, stores lower case.
  static Result<Id> Parse(std::string_view text, std::string_view field = "id") {
    std::string lower(text);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    if (!IsCanonicalUuid(lower)) {
      return Invalid(std::string(field), "identificador inválido: esperado um UUID");
    }
    return Id(std::move(lower));
  }

  // For values already known to be canonical (read back from the database).
  static Id FromTrusted(std::string text) { return Id(std::move(text)); }

  const std::string& str() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend auto operator<=>(const Id&, const Id&) = default;

 private:
  explicit Id(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// Makes UUIDv7 text (RFC 9562): 48-bit Unix milliseconds from the clock, then a 12-bit
// counter that keeps ids from one generator strictly increasing within a millisecond,
// then 62 random bits from the operating system's random source. Thread-safe.
class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock);

  std::string NextText();

  template <typename Tag>
  Id<Tag> Next() {
    return Id<Tag>::FromTrusted(NextText());
  }

 private:
  const Clock& clock_;
  std::mutex mutex_;  // one generator serves every request thread
  std::random_device random_;
  std::uint64_t last_ms_ = 0;
  std::uint16_t counter_ = 0;
};

// The tenant: every table carries a store id and every query filters by it.
struct StoreTag {};
using StoreId = Id<StoreTag>;

}  // namespace fiado::core
