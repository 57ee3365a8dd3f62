// The source of "now". Domain code never reads the system clock: it is given a Clock
// (SystemClock in the program, FixedClock in tests), so every rule can run at any instant.
// Instants are UTC seconds; a shop's local date comes from time_zone.h.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace fiado::core {

using Instant = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

// Reads the operating system's real-time clock.
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};

// A clock that only moves when told to. Not thread-safe; for tests and replays.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  void Set(Instant now) { now_ = now; }
  void Advance(std::chrono::seconds by) { now_ += by; }

 private:
  Instant now_;
};

// "2026-11-22T13:05:00Z": RFC 3339 in UTC, the form instants take in storage and APIs.
std::string FormatRfc3339(Instant instant);

// Accepts RFC 3339 with "Z" or a numeric offset ("2026-11-22T10:05:00-03:00"), with or
// without fractional seconds (dropped); returns the UTC instant.
Result<Instant> ParseRfc3339(std::string_view text, std::string_view field = "data_hora");

}  // namespace fiado::core
