// Rate: an exact decimal fraction kept as int64 units of 1e-8 (kRateScale units = 1 = 100%),
// so 2% = 0.02 = 2'000'000 units and 1 basis point = 10'000 units. Applying a rate to
// Money is exact (128-bit) and rounds half away from zero to the centavo once, at the end.
// + and * by an integer throw RateOverflow instead of wrapping. Floating point only via
// ToLongDouble, inside formulas (Price, CET) that round their own result.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money.h"

namespace fiado::core {

inline constexpr std::int64_t kRateScale = 100'000'000;  // units per 1 (= 100%)
inline constexpr std::int64_t kRateUnitsPerBps = kRateScale / 10'000;
inline constexpr std::int64_t kRateUnitsPerPercent = kRateScale / 100;

// Thrown when Rate arithmetic would leave the int64 range of units.
class RateOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

class Rate {
 public:
  constexpr Rate() = default;
  // 1 bp = 0,01%. FIADO_CHECKs the range (|bps| < 9.2e14).
  static constexpr Rate FromBps(std::int64_t bps) {
    std::int64_t units = 0;
    FIADO_CHECK(!__builtin_mul_overflow(bps, kRateUnitsPerBps, &units));
    return Rate(units);
  }
  static constexpr Rate FromUnits(std::int64_t units) { return Rate(units); }

  // Percent points as a person types them: "2", "2%", "1,99", "1.99 %", "0,0082%".
  // ',' or '.' is the decimal separator (no thousands grouping: "1.000" is 1%); at most
  // six decimals; 0 to 1000% inclusive. Errors name `field`.
  static Result<Rate> ParsePercent(std::string_view text, std::string_view field = "taxa");

  constexpr std::int64_t units() const { return units_; }
  constexpr bool IsZero() const { return units_ == 0; }
  // The rate in whole basis points, or nullopt when it is not a whole number of them.
  std::optional<std::int64_t> ExactBps() const;
  // units / 1e8; only for use inside formulas (Price, CET) that round their result.
  long double ToLongDouble() const;
  // "1,99%", "2%", "0,0082%": comma decimal, trailing zeros trimmed.
  std::string FormatPercent() const;

  // amount × rate, rounded half away from zero to the centavo.
  Money ApplyTo(Money amount) const;
  // amount × rate × numerator / denominator (> 0), computed exactly and rounded half away
  // from zero once: interest for `days` late at a monthly rate is ApplyProRata(x, days, 30).
  Money ApplyProRata(Money amount, std::int64_t numerator, std::int64_t denominator) const;

  friend constexpr auto operator<=>(Rate, Rate) = default;
  friend constexpr bool operator==(Rate, Rate) = default;
  friend Rate operator+(Rate a, Rate b);
  friend Rate operator*(Rate a, std::int64_t factor);
  friend Rate operator*(std::int64_t factor, Rate a) { return a * factor; }

 private:
  constexpr explicit Rate(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

// Writes FormatPercent() (for logs and test failure messages).
std::ostream& operator<<(std::ostream& out, Rate rate);

}  // namespace fiado::core
