// Money: an exact amount of Brazilian reais kept as int64 centavos, the only money type.
// Arithmetic is checked: + - and * by an integer throw MoneyOverflow instead of wrapping
// (a bug-class failure, caught at the edges); Try* variants return an Error instead.
// There is no division: Split(n) returns parts that sum exactly to the whole.
// Parse is exact (no floating point); Format gives "R$ 1.234,56".
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace fiado::core {

// Thrown when a Money operation would leave the int64 range of centavos.
class MoneyOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

// Round-half-away-from-zero of the exact a × b / c, computed in 128 bits; c > 0.
// FIADO_CHECKs that the result fits int64.
std::int64_t MulDivRoundHalfUp(std::int64_t a, std::int64_t b, std::int64_t c);

class Money {
 public:
  // Where Split puts the centavos left over when the amount does not divide evenly.
  enum class Remainder { kLast, kFirst };

  constexpr Money() = default;
  static constexpr Money FromCents(std::int64_t cents) { return Money(cents); }

  // Parses a BRL amount typed by a person: "1.234,56", "1234,56", "1234.56", "1234",
  // "R$ 1.234,56", "-R$ 10,00", "R$ -10,00", "0,5" (50 centavos); spaces (also U+00A0)
  // around the text and after "R$" or "-". Separators:
  //  - with both '.' and ',' the last one is the decimal separator (once) and the other
  //    groups thousands;
  //  - a separator that appears more than once groups thousands ("1.234.567");
  //  - a single ',' is the decimal separator ("10,5", and "1,234" is refused);
  //  - a single '.' groups thousands when it is followed by exactly three digits and
  //    preceded by 1–3 digits not starting with 0 ("1.234" = mil duzentos e trinta e
  //    quatro reais); otherwise it is the decimal separator ("12.5", "1234.56").
  // Thousands groups are 1–3 digits (not starting with 0) then groups of exactly 3.
  // At most two decimals. Errors name `field`.
  static Result<Money> Parse(std::string_view text, std::string_view field = "valor");

  constexpr std::int64_t cents() const { return cents_; }
  constexpr bool IsZero() const { return cents_ == 0; }
  constexpr bool IsNegative() const { return cents_ < 0; }
  constexpr bool IsPositive() const { return cents_ > 0; }

  // "R$ 1.234,56", "R$ 0,05", "-R$ 10,00" (ASCII space, '.' groups, ',' decimal).
  std::string Format() const;
  // "1234.56", "-10.00": dot decimal, no grouping (Pix payloads, CSV).
  std::string FormatDecimal() const;

  // Error (kInvalidArgument on `field`) instead of an exception on overflow.
  Result<Money> TryAdd(Money other, std::string_view field = "valor") const;
  Result<Money> TrySubtract(Money other, std::string_view field = "valor") const;
  Result<Money> TryMultiply(std::int64_t factor, std::string_view field = "valor") const;

  // `parts` (>= 1) amounts that sum exactly to this one: each is the whole divided by
  // `parts` truncated toward zero, and all the leftover centavos (fewer than `parts`,
  // same sign as the whole) go to the last or the first part.
  // 1.000,00 / 3 → 333,33 333,33 333,34 (kLast).
  std::vector<Money> Split(int parts, Remainder where = Remainder::kLast) const;

  // amount × basis_points / 10000, rounded half away from zero (1 bp = 0,01%).
  Money ApplyBps(std::int64_t basis_points) const;

  friend constexpr auto operator<=>(Money, Money) = default;
  friend constexpr bool operator==(Money, Money) = default;

  friend Money operator+(Money a, Money b);
  friend Money operator-(Money a, Money b);
  friend Money operator-(Money a);
  friend Money operator*(Money a, std::int64_t factor);
  friend Money operator*(std::int64_t factor, Money a) { return a * factor; }
  Money& operator+=(Money other) { return *this = *this + other; }
  Money& operator-=(Money other) { return *this = *this - other; }

 private:
  constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
  std::int64_t cents_ = 0;
};

// Writes Format() (for logs and test failure messages).
std::ostream& operator<<(std::ostream& out, Money money);

}  // namespace fiado::core
